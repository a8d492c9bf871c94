// ChunkedStream: an append-only sequence in fixed-size chunks, consumed front to back.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ecrlc::detail {

// Appends never move what is already there (a growing std::vector copies everything and
// briefly needs twice its size), and consume() hands each chunk to its caller and frees it
// before the next, so that a stream moved elsewhere never needs much more than its own size.
template <typename T>
class ChunkedStream {
 public:
  // Chunks of at most 256 KiB: few enough allocations, and the part-filled last chunks of
  // many streams stay a few megabytes. They start at 16 items and double, so that a short
  // stream takes little memory.
  static constexpr std::size_t k_chunk_items = std::max<std::size_t>(1, (256 << 10) / sizeof(T));
  static constexpr std::size_t k_first_chunk_items = std::min<std::size_t>(16, k_chunk_items);

  void push_back(const T& value) {
    if (m_chunks.empty() || m_chunks.back().size() == m_chunks.back().capacity()) {
      const std::size_t items = m_chunks.empty()
                                    ? k_first_chunk_items
                                    : std::min(k_chunk_items, 2 * m_chunks.back().capacity());
      m_chunks.emplace_back();
      m_chunks.back().reserve(items);
    }
    m_chunks.back().push_back(value);
    ++m_size;
  }
  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  const T& back() const { return m_chunks.back().back(); }

  // Drops items from the end until `n` are left.
  void truncate(std::size_t n) {
    while (m_size > n) {
      std::vector<T>& last = m_chunks.back();
      const std::size_t drop = std::min(last.size(), m_size - n);
      last.resize(last.size() - drop);
      m_size -= drop;
      if (last.empty()) {
        m_chunks.pop_back();
      }
    }
  }

  // Calls fn(item) for the items from the end back to the `n`-th (the ones truncate(n)
  // drops), last first.
  template <typename Fn>
  void for_each_after(std::size_t n, Fn&& fn) const {
    std::size_t at = m_size;
    for (auto chunk = m_chunks.rbegin(); chunk != m_chunks.rend() && at > n; ++chunk) {
      for (auto item = chunk->rbegin(); item != chunk->rend() && at > n; ++item, --at) {
        fn(*item);
      }
    }
  }

  // Calls fn(item) for every item in order and frees each chunk once it is done; the stream
  // is empty afterwards.
  template <typename Fn>
  void consume(Fn&& fn) {
    for (std::vector<T>& chunk : m_chunks) {
      for (T& item : chunk) {
        fn(item);
      }
      std::vector<T>().swap(chunk);
    }
    m_chunks.clear();
    m_size = 0;
  }

 private:
  std::vector<std::vector<T>> m_chunks;
  std::size_t m_size = 0;
};

}  // namespace ecrlc::detail
