// Parsing elements in parallel: runs of elements (ParseTask) parsed by a pool of threads, each
// with its own ParseContext, while the reading thread scans on.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "inventory/element.hpp"

namespace ecrlc::detail {

// One element of a window: its absolute offset and length.
struct Extent {
  std::uint64_t offset = 0;
  std::size_t length = 0;
};

// Elements handed to one parser thread at a time: small enough that two threads share a
// window evenly and the wait at the end of a window is short.
constexpr std::size_t k_max_task_bytes = std::size_t{512} * 1024;

// A run of consecutive elements of one window, parsed on whichever thread takes it.
struct ParseTask {
  std::vector<Extent> extents;
  std::size_t bytes = 0;
  const char* window = nullptr;  // the window's text, from absolute offset `base`
  std::uint64_t base = 0;
  std::size_t readable = 0;  // bytes readable from `window` (its size plus tail padding)
  std::vector<Staged> out;
  std::optional<ElementError> error;
  bool done = false;  // guarded by the pool's mutex
};

// Worker threads that parse tasks while the reading thread scans on; the reading thread
// parses too whenever it waits for a result. Each thread has its own ParseContext (parser,
// arena), so results never depend on which thread ran a task.
class ParsePool {
 public:
  explicit ParsePool(std::vector<std::unique_ptr<ParseContext>>& contexts) : m_contexts(contexts) {}
  ParsePool(const ParsePool&) = delete;
  ParsePool& operator=(const ParsePool&) = delete;
  ~ParsePool();

  // Queues `task` (with one context: parses it at once). Threads start on first use: most
  // builders read small inputs.
  void submit(ParseTask& task);
  // Returns when `task` is done, parsing queued tasks on this thread meanwhile.
  void wait(ParseTask& task);

 private:
  void work(ParseContext& ctx);

  std::vector<std::unique_ptr<ParseContext>>& m_contexts;
  std::mutex m_mutex;
  std::condition_variable m_work;
  std::condition_variable m_done;
  std::deque<ParseTask*> m_queue;
  std::vector<std::thread> m_threads;
  bool m_stop = false;
};

}  // namespace ecrlc::detail
