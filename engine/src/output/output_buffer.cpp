// OutputBuffer and render_in_order: text handed out in large chunks, batches rendered on
// several threads and written in order.
#include "output/output_buffer.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

namespace ecrlc::detail {

// Whose turn it is to write: the batches before `written` are out. Shared by the batches'
// buffers and the writing thread.
struct BatchTurn {
  std::atomic<std::size_t> written{0};
  std::mutex mutex;
  std::condition_variable changed;
  bool stopped = false;  // guarded by mutex
};

OutputBuffer::OutputBuffer(std::ostream& out) : m_out(out) { m_text.reserve(k_chunk + 4096); }

OutputBuffer::OutputBuffer(std::ostream& out, BatchTurn& turn) : m_out(out), m_turn(&turn) {
  m_text.reserve(k_chunk + 4096);
}

OutputBuffer::~OutputBuffer() { flush(); }

void OutputBuffer::flush() {
  if (!m_text.empty()) {
    m_out.write(m_text.data(), static_cast<std::streamsize>(m_text.size()));
    m_text.clear();
  }
}

void OutputBuffer::flush_when_allowed() {
  if (m_turn == nullptr || m_turn->written.load(std::memory_order_acquire) == m_batch) {
    flush();
    return;
  }
  if (m_text.size() < k_hold) {
    return;
  }
  std::unique_lock lock(m_turn->mutex);
  m_turn->changed.wait(lock, [&] { return m_turn->stopped || m_turn->written.load() == m_batch; });
  if (m_turn->stopped) {
    m_text.clear();  // never to be written: an earlier batch failed
    return;
  }
  lock.unlock();
  flush();
}

std::vector<std::size_t> render_batches(std::size_t count,
                                        const std::function<std::size_t(std::size_t)>& rows) {
  constexpr std::size_t k_batch_rows = 2048;
  std::vector<std::size_t> starts{0};
  std::size_t filled = 0;
  for (std::size_t i = 0; i < count; ++i) {
    filled += rows(i) + 1;
    if (filled >= k_batch_rows && i + 1 < count) {
      starts.push_back(i + 1);
      filled = 0;
    }
  }
  starts.push_back(count);
  return starts;
}

// The buffers of the batches in flight, a ring: batch b renders into slot b % size once the
// batches before b - size are written, and is written once it is ready.
class BatchSlots {
 public:
  BatchSlots(std::ostream& out, std::size_t size) {
    for (std::size_t s = 0; s < size; ++s) {
      m_slots.push_back(std::unique_ptr<OutputBuffer>(new OutputBuffer(out, m_turn)));
    }
    m_ready.assign(size, false);
  }
  // A run stopped by an error leaves text of later batches behind: it must not be written.
  ~BatchSlots() {
    for (const std::unique_ptr<OutputBuffer>& slot : m_slots) {
      slot->m_text.clear();
    }
  }
  BatchSlots(const BatchSlots&) = delete;
  BatchSlots& operator=(const BatchSlots&) = delete;

  // The buffer for batch b, once its slot is free; nullptr when the run was stopped.
  OutputBuffer* take(std::size_t b) {
    std::unique_lock lock(m_turn.mutex);
    m_turn.changed.wait(
        lock, [&] { return m_turn.stopped || b < m_turn.written.load() + m_slots.size(); });
    if (m_turn.stopped) {
      return nullptr;
    }
    OutputBuffer& slot = *m_slots[b % m_slots.size()];
    slot.m_batch = b;
    return &slot;
  }

  void mark_ready(std::size_t b) {
    const std::lock_guard lock(m_turn.mutex);
    m_ready[b % m_slots.size()] = true;
    m_turn.changed.notify_all();
  }

  // Writes batch b once it is ready (the calling thread is the only writer of finished
  // batches); false when the run was stopped.
  bool write(std::size_t b) {
    const std::size_t s = b % m_slots.size();
    {
      std::unique_lock lock(m_turn.mutex);
      m_turn.changed.wait(lock, [&] { return m_turn.stopped || m_ready[s]; });
      if (m_turn.stopped) {
        return false;
      }
    }
    m_slots[s]->flush();
    const std::lock_guard lock(m_turn.mutex);
    m_ready[s] = false;
    m_turn.written.store(b + 1, std::memory_order_release);
    m_turn.changed.notify_all();
    return true;
  }

  void stop(std::exception_ptr error) {
    const std::lock_guard lock(m_turn.mutex);
    if (!m_error) {
      m_error = std::move(error);
    }
    m_turn.stopped = true;
    m_turn.changed.notify_all();
  }

  std::exception_ptr error() const { return m_error; }

 private:
  BatchTurn m_turn;
  std::vector<std::unique_ptr<OutputBuffer>> m_slots;
  std::vector<bool> m_ready;
  std::exception_ptr m_error;
};

void render_in_order(OutputBuffer& buffer, const std::vector<std::size_t>& starts, unsigned threads,
                     const std::function<void(std::size_t, std::size_t, OutputBuffer&)>& render) {
  const std::size_t batches = starts.size() - 1;
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(threads, batches));
  if (workers <= 1) {
    for (std::size_t b = 0; b < batches; ++b) {
      render(starts[b], starts[b + 1], buffer);
      buffer.maybe_flush();
    }
    return;
  }
  buffer.flush();  // the text before the batches goes first
  BatchSlots slots(buffer.m_out, std::size_t{2} * workers);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    try {
      for (std::size_t b = next.fetch_add(1); b < batches; b = next.fetch_add(1)) {
        OutputBuffer* slot = slots.take(b);
        if (slot == nullptr) {
          return;
        }
        render(starts[b], starts[b + 1], *slot);
        slots.mark_ready(b);
      }
    } catch (...) {
      slots.stop(std::current_exception());
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (unsigned t = 0; t < workers; ++t) {
    pool.emplace_back(work);
  }
  for (std::size_t b = 0; b < batches && slots.write(b); ++b) {
  }
  for (std::thread& thread : pool) {
    thread.join();
  }
  if (const std::exception_ptr error = slots.error()) {
    std::rethrow_exception(error);
  }
}

}  // namespace ecrlc::detail
