// The reader's warnings, bounded: every warning is counted, but only the first `limit` in
// output order (by location) are formatted and kept. A snapshot read while tags moved can
// warn once per image, and a million messages nobody reads would cost more memory than the
// images.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "inventory/builder_state.hpp"

namespace ecrlc::detail {

struct PendingWarning {
  Loc loc;
  std::string message;
};

// Where a warning goes in the output: by location, then (for warnings at one location) by
// the slot of its repository and the order it was found in. A total order, so the warnings
// kept do not depend on which thread found which.
struct WarningKey {
  Loc loc;
  std::uint32_t slot = 0;
  std::uint32_t sequence = 0;

  friend bool operator<(const WarningKey& a, const WarningKey& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.column, a.slot, a.sequence) <
           std::tie(b.loc.file, b.loc.line, b.loc.column, b.slot, b.sequence);
  }
};

// The first `limit` warnings by key, and how many there were.
class KeptWarnings {
 public:
  KeptWarnings(std::size_t limit, std::uint32_t slot) : m_limit(limit), m_slot(slot) {}

  // Counts a warning at `loc`; calls `message()` only when the warning is kept.
  template <typename MakeMessage>
  void add(const Loc& loc, const MakeMessage& message) {
    const WarningKey key{loc, m_slot, m_sequence++};
    ++m_count;
    if (keeps(key)) {
      insert(key, message());
    }
  }
  // Takes over another list's warnings (from any thread, in any order: the result is the
  // same).
  void absorb(KeptWarnings&& other);
  std::size_t count() const { return m_count; }
  bool empty() const { return m_count == 0; }
  // The kept warnings in key order; the list is empty afterwards (its count stays).
  std::vector<PendingWarning> take_sorted();

 private:
  struct Entry {
    WarningKey key;
    std::string message;
  };
  bool keeps(const WarningKey& key) const {
    return m_entries.size() < m_limit || (!m_entries.empty() && key < m_entries.front().key);
  }
  void insert(const WarningKey& key, std::string message);

  std::size_t m_limit;
  std::uint32_t m_slot;
  std::uint32_t m_sequence = 0;
  std::size_t m_count = 0;
  std::vector<Entry> m_entries;  // a max-heap by key once it holds `limit`
};

// KeptWarnings shared by the threads of finish(), each absorbing a repository's list.
class SharedWarnings {
 public:
  explicit SharedWarnings(std::size_t limit) : m_warnings(limit, 0) {}
  void absorb(KeptWarnings&& other) {
    if (other.empty()) {
      return;
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_warnings.absorb(std::move(other));
  }
  KeptWarnings& list() { return m_warnings; }  // only once the threads are done

 private:
  std::mutex m_mutex;
  KeptWarnings m_warnings;
};

}  // namespace ecrlc::detail
