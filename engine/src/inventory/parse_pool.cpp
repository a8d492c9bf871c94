// ParsePool: tasks parsed on worker threads and, while it waits, on the reading thread.
#include "inventory/parse_pool.hpp"

#include <simdjson.h>

namespace ecrlc::detail {
namespace {

void run_task(ParseContext& ctx, ParseTask& task) {
  ctx.out.clear();
  ctx.error.reset();
  for (const Extent& e : task.extents) {
    auto start = static_cast<std::size_t>(e.offset - task.base);
    std::size_t after = task.readable - start - e.length;
    detail::parse_element(ctx, task.window + start, e.length, after >= simdjson::SIMDJSON_PADDING,
                          e.offset);
    if (ctx.error) {
      break;
    }
  }
  task.out.swap(ctx.out);
  task.error = std::move(ctx.error);
  ctx.error.reset();
}

}  // namespace

ParsePool::~ParsePool() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_work.notify_all();
  for (std::thread& t : m_threads) {
    t.join();
  }
}

void ParsePool::submit(ParseTask& task) {
  if (m_contexts.size() == 1) {
    run_task(*m_contexts[0], task);
    task.done = true;
    return;
  }
  if (m_threads.empty()) {  // started on first use: most builders read small inputs
    for (std::size_t i = 1; i < m_contexts.size(); ++i) {
      m_threads.emplace_back([this, i] { work(*m_contexts[i]); });
    }
  }
  {
    std::lock_guard lock(m_mutex);
    m_queue.push_back(&task);
  }
  m_work.notify_one();
}

void ParsePool::wait(ParseTask& task) {
  std::unique_lock lock(m_mutex);
  while (!task.done) {
    if (!m_queue.empty()) {
      ParseTask* next = m_queue.front();
      m_queue.pop_front();
      lock.unlock();
      run_task(*m_contexts[0], *next);
      lock.lock();
      next->done = true;
      m_done.notify_all();
      continue;
    }
    m_done.wait(lock);
  }
}

void ParsePool::work(ParseContext& ctx) {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_work.wait(lock, [this] { return m_stop || !m_queue.empty(); });
    if (m_stop) {
      return;
    }
    ParseTask* task = m_queue.front();
    m_queue.pop_front();
    lock.unlock();
    run_task(ctx, *task);
    lock.lock();
    task->done = true;
    m_done.notify_all();
  }
}

}  // namespace ecrlc::detail
