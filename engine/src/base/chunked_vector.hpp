// ChunkedVector: a growable sequence, in one vector while small, in chunks past that.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace ecrlc::detail {

// Growable storage that holds what it holds in one vector while that stays below 32 MiB (an
// ECR repository's 100,000 images, 17.6 MB of records, fit), so that the reader can sort it in
// place and hand it over without a copy; past that, in further chunks that are never copied
// when the storage grows (a std::vector briefly needs twice its size, and a 1M-image
// repository of a hostile input must still fit in about its own size).
template <typename T>
class ChunkedVector {
 public:
  static constexpr std::size_t k_contiguous_limit = (std::size_t{32} << 20) / sizeof(T);

  void push_back(T value) {
    if (m_chunks.empty()) {
      m_chunks.emplace_back();
    }
    std::vector<T>* last = &m_chunks.back();
    if (last->size() == last->capacity()) {
      if (m_chunks.size() == 1 && m_size < k_contiguous_limit) {
        // The first vector grows by a quarter while small (1, 2, 3, ... 8, 10, 12, 15, ...),
        // by half from 1,024 on: most repositories of a large registry hold a handful of
        // images, and their unused capacity is resident (that of a large vector is not until
        // it is written). Copying a small vector again is cheap.
        const std::size_t step = std::max<std::size_t>(1, m_size < 1024 ? m_size / 4 : m_size / 2);
        last->reserve(std::min(k_contiguous_limit, m_size + step));
      } else {
        // Each further chunk holds an eighth of what there is: capacity that is reserved but
        // not yet used stays below 1/8 (with transparent huge pages, reserved memory is
        // resident as soon as a record lands in its page).
        m_chunks.emplace_back();
        m_chunks.back().reserve(std::clamp<std::size_t>(m_size / 8, 8, k_contiguous_limit));
        last = &m_chunks.back();
      }
    }
    last->push_back(std::move(value));
    ++m_size;
  }
  // Everything is in one vector (take_all() then moves it out without a copy).
  bool contiguous() const { return m_chunks.size() <= 1; }
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

  // Moves everything into one vector: the first chunk itself when it is the only one, else a
  // copy of exactly the size, freeing chunks as it goes.
  std::vector<T> take_all() {
    if (m_chunks.size() == 1) {
      std::vector<T> out = std::move(m_chunks.front());
      m_chunks.clear();
      m_size = 0;
      return out;
    }
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
