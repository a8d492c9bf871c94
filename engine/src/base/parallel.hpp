// parallel_for: independent jobs spread over a few threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace ecrlc::detail {

// Calls fn(i) once for every i in [0, count), on up to `threads` threads (the calling thread
// is one of them). Jobs are handed out in order as threads become free; fn must only touch
// what job i owns, so that the outcome does not depend on scheduling. With one thread (or
// one job) everything runs on the calling thread, in order.
template <typename Fn>
void parallel_for(std::size_t count, unsigned threads, Fn&& fn) {
  const auto used = static_cast<unsigned>(std::min<std::size_t>(std::max(threads, 1U), count));
  if (used <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      fn(i);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
      fn(i);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(used - 1);
  for (unsigned t = 1; t < used; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (std::thread& thread : pool) {
    thread.join();
  }
}

}  // namespace ecrlc::detail
