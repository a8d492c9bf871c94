// ChunkedVector: a growable sequence that never moves what it holds.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace ecrlc::detail {

// Growable storage that never copies what it holds when it grows (a std::vector briefly
// needs twice its size), so that ten million records fit in about their own size.
template <typename T>
class ChunkedVector {
 public:
  void push_back(T value) {
    if (m_chunks.empty() || m_chunks.back().size() == m_chunks.back().capacity()) {
      // Each chunk holds an eighth of what there is: capacity that is reserved but not yet
      // used stays below 1/8 of the records (with transparent huge pages, reserved memory is
      // resident as soon as a record lands in its page). The first chunks double from one:
      // most repositories of a large registry hold a handful of images.
      m_chunks.emplace_back();
      m_chunks.back().reserve(m_size < 8 ? std::max<std::size_t>(1, m_size)
                                         : std::clamp<std::size_t>(m_size / 8, 8, 4096));
    }
    m_chunks.back().push_back(std::move(value));
    ++m_size;
  }
  std::size_t size() const { return m_size; }
  const T* first() const { return m_size == 0 ? nullptr : &m_chunks.front().front(); }

  void truncate(std::size_t n) {
    while (m_size > n) {
      std::vector<T>& last = m_chunks.back();
      std::size_t drop = std::min(last.size(), m_size - n);
      last.resize(last.size() - drop);
      m_size -= drop;
      if (last.empty()) {
        m_chunks.pop_back();
      }
    }
  }

  // Pointers to every element in order (they stay valid until the vector changes), so a
  // sorted copy can be gathered straight from the chunks without an intermediate copy.
  std::vector<T*> pointers() {
    std::vector<T*> out;
    out.reserve(m_size);
    for (std::vector<T>& chunk : m_chunks) {
      for (T& value : chunk) {
        out.push_back(&value);
      }
    }
    return out;
  }

  // Moves everything into one exactly sized vector, freeing chunks as it goes.
  std::vector<T> take_all() {
    std::vector<T> out;
    out.reserve(m_size);
    for (std::vector<T>& chunk : m_chunks) {
      std::move(chunk.begin(), chunk.end(), std::back_inserter(out));
      std::vector<T>().swap(chunk);
    }
    m_chunks.clear();
    m_size = 0;
    return out;
  }

 private:
  std::vector<std::vector<T>> m_chunks;
  std::size_t m_size = 0;
};

}  // namespace ecrlc::detail
