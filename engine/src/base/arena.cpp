// Arena: bump allocation in geometrically growing blocks.
#include "ecrlc/arena.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace ecrlc {
namespace {

// Blocks grow geometrically to this size; bigger requests get a block of their own.
constexpr std::size_t k_max_block = std::size_t{4} * 1024 * 1024;

}  // namespace

void* Arena::allocate(std::size_t size, std::size_t align) {
  std::size_t pad = m_cursor == nullptr
                        ? 0
                        : (align - reinterpret_cast<std::uintptr_t>(m_cursor) % align) % align;
  if (m_cursor == nullptr || pad + size > m_left) {
    std::size_t block = std::min(k_max_block, std::max(m_first_block, m_reserved));
    if (size + align > block) {
      // A large request (a 5 MB tag) gets its own block so the current one stays in use.
      // Default-initialised (not zeroed): every byte handed out is written by the caller.
      Block big(new std::byte[size + align]);
      std::byte* p = big.get();
      std::size_t big_pad = (align - reinterpret_cast<std::uintptr_t>(p) % align) % align;
      m_reserved += size + align;
      m_blocks.push_back(std::move(big));
      return p + big_pad;
    }
    m_blocks.push_back(Block(new std::byte[block]));
    m_cursor = m_blocks.back().get();
    m_left = block;
    m_reserved += block;
    pad = (align - reinterpret_cast<std::uintptr_t>(m_cursor) % align) % align;
  }
  std::byte* p = m_cursor + pad;
  m_cursor = p + size;
  m_left -= pad + size;
  return p;
}

std::string_view Arena::store(std::string_view text) {
  if (text.empty()) {
    return {};
  }
  char* p = static_cast<char*>(allocate(text.size(), 1));
  std::memcpy(p, text.data(), text.size());
  return {p, text.size()};
}

std::span<std::string_view> Arena::allocate_views(std::size_t count) {
  if (count == 0) {
    return {};
  }
  void* p = allocate(count * sizeof(std::string_view), alignof(std::string_view));
  auto* views = static_cast<std::string_view*>(p);
  std::uninitialized_default_construct_n(views, count);
  return {views, count};
}

void Arena::absorb(Arena&& other) {
  for (auto& block : other.m_blocks) {
    m_blocks.push_back(std::move(block));
  }
  m_reserved += other.m_reserved;
  other.m_blocks.clear();
  other.m_cursor = nullptr;
  other.m_left = 0;
  other.m_reserved = 0;
}

}  // namespace ecrlc
