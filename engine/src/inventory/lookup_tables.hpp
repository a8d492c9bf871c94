// Hash tables for the reader's per-record lookups. Every record names its repository and
// registry and two media types, a few thousand distinct strings repeated a million times:
// std::unordered_set's std::hash, prime modulo and node chasing cost more than parsing the
// field (perf on 74,000 repositories in random order: 13% of the CPU time). These are open
// addressing over a power-of-two table with a cheap multiplicative hash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "ecrlc/arena.hpp"

namespace ecrlc::detail {

inline std::uint64_t mix_word(std::uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

// A hash of the bytes, 8 at a time (not for hostile keys: a collision only costs a compare).
inline std::uint64_t hash_text(std::string_view text) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ text.size();
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  if (i < text.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, text.size() - i);
    h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
  }
  return mix_word(h);
}

// Interned strings: equal text, one stored copy (in the caller's arena), equal pointers.
class InternTable {
 public:
  std::string_view intern(std::string_view text, Arena& arena) {
    if (m_used * 2 >= m_slots.size()) {
      grow();
    }
    const std::uint64_t hash = hash_text(text);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = m_slots[i];
      if (slot.data == nullptr) {
        std::string_view stored = arena.store(text);
        slot = {hash, stored.data(), stored.size()};
        ++m_used;
        return stored;
      }
      if (slot.hash == hash && slot.size == text.size() &&
          std::memcmp(slot.data, text.data(), text.size()) == 0) {
        return {slot.data, slot.size};
      }
    }
  }
  void clear() {
    m_slots.clear();
    m_used = 0;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    const char* data = nullptr;  // nullptr: free (interned text is never empty)
    std::size_t size = 0;
  };
  void grow() {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot& slot : old) {
      if (slot.data != nullptr) {
        std::size_t i = slot.hash & mask;
        while (m_slots[i].data != nullptr) {
          i = (i + 1) & mask;
        }
        m_slots[i] = slot;
      }
    }
  }
  std::vector<Slot> m_slots;
  std::size_t m_used = 0;
};

// A value per pair of interned pointers (registry, repository name): the reader finds a
// record's repository without hashing or comparing its name again.
class PointerPairMap {
 public:
  static constexpr std::uint32_t k_missing = UINT32_MAX;

  std::uint32_t find(const char* a, const char* b) const {
    if (m_slots.empty()) {
      return k_missing;
    }
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash(a, b) & mask;; i = (i + 1) & mask) {
      const Slot& slot = m_slots[i];
      if (slot.value == k_missing) {
        return k_missing;
      }
      if (slot.a == a && slot.b == b) {
        return slot.value;
      }
    }
  }
  void insert(const char* a, const char* b, std::uint32_t value) {
    if ((m_used + 1) * 2 > m_slots.size()) {
      grow();
    }
    place(a, b, value);
    ++m_used;
  }

 private:
  struct Slot {
    const char* a = nullptr;
    const char* b = nullptr;
    std::uint32_t value = k_missing;
  };
  static std::uint64_t hash(const char* a, const char* b) {
    return mix_word(reinterpret_cast<std::uintptr_t>(a) * 0x9e3779b97f4a7c15ULL ^
                    reinterpret_cast<std::uintptr_t>(b));
  }
  void place(const char* a, const char* b, std::uint32_t value) {
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash(a, b) & mask;
    while (m_slots[i].value != k_missing) {
      i = (i + 1) & mask;
    }
    m_slots[i] = {a, b, value};
  }
  void grow() {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    for (const Slot& slot : old) {
      if (slot.value != k_missing) {
        place(slot.a, slot.b, slot.value);
      }
    }
  }
  std::vector<Slot> m_slots;
  std::size_t m_used = 0;
};

}  // namespace ecrlc::detail
