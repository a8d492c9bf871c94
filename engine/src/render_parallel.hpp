// Rendering independent pieces (repositories) on several threads, written out in order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <ostream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

namespace ecrlc::detail {

// A stream buffer that appends to a string: lets a renderer that writes through an
// OutputBuffer produce a piece of text in memory.
class StringSink : public std::streambuf {
 public:
  void target(std::string* text) { m_text = text; }

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      m_text->push_back(static_cast<char>(c));
    }
    return c;
  }
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    m_text->append(data, static_cast<std::size_t>(size));
    return size;
  }

 private:
  std::string* m_text = nullptr;
};

// Calls render(i, worker, text) for every piece i in [0, count) on `threads` threads (more
// than one; `worker` in [0, threads) names the calling thread, for per-thread scratch) and
// writes each piece's text to `out` in index order, so the output is the same for any number
// of threads. `render` gets an empty string to append to and must only read shared data.
// Pieces are rendered in rounds of about `round_bytes` of estimated text (estimate(i) bytes
// each), so memory stays bounded by a round plus the largest piece.
inline constexpr std::size_t k_keep_capacity = std::size_t{1} << 20;

template <typename Estimate, typename Render>
void render_in_order(std::ostream& out, std::size_t count, unsigned threads, Estimate estimate,
                     Render render, std::size_t round_bytes = std::size_t{32} << 20) {
  std::vector<std::string> texts;
  for (std::size_t begin = 0; begin < count;) {
    std::size_t end = begin;
    std::size_t bytes = 0;
    while (end < count && (end == begin || bytes < round_bytes)) {
      bytes += estimate(end);
      ++end;
    }
    texts.resize(std::max(texts.size(), end - begin));
    std::atomic<std::size_t> next{begin};
    auto work = [&](unsigned worker) {
      for (std::size_t i = next.fetch_add(1); i < end; i = next.fetch_add(1)) {
        texts[i - begin].clear();
        render(i, worker, texts[i - begin]);
      }
    };
    std::vector<std::thread> pool;
    const auto helpers = static_cast<unsigned>(std::min<std::size_t>(threads, end - begin) - 1);
    for (unsigned t = 0; t < helpers; ++t) {
      pool.emplace_back(work, t + 1);
    }
    work(0);
    for (std::thread& thread : pool) {
      thread.join();
    }
    for (std::size_t i = 0; i < end - begin; ++i) {
      out.write(texts[i].data(), static_cast<std::streamsize>(texts[i].size()));
      // Small texts keep their memory for the next round; a big one would pin it.
      if (texts[i].capacity() > k_keep_capacity) {
        std::string().swap(texts[i]);
      }
    }
    begin = end;
  }
}

}  // namespace ecrlc::detail
