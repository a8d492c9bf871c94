// OutputBuffer: output text handed to the stream in large chunks; render_in_order: the long
// listings rendered in batches on several threads and written in order.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace ecrlc::detail {

class OutputBuffer;
void render_in_order(OutputBuffer& buffer, const std::vector<std::size_t>& starts, unsigned threads,
                     const std::function<void(std::size_t, std::size_t, OutputBuffer&)>& render);

// Collects output text and hands it to the stream in chunks of about 1 MiB; flushes the rest
// on destruction or flush().
class OutputBuffer {
 public:
  explicit OutputBuffer(std::ostream& out);
  ~OutputBuffer();
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  std::string& text() { return m_text; }
  // Writes the text out when it has grown past the chunk size; call between records. The
  // buffer of a batch (render_in_order) writes only while every batch before it is written.
  void maybe_flush() {
    if (m_text.size() >= k_chunk && may_write()) {
      flush();
    }
  }
  void flush();

 private:
  friend class BatchSlots;
  friend void render_in_order(OutputBuffer&, const std::vector<std::size_t>&, unsigned,
                              const std::function<void(std::size_t, std::size_t, OutputBuffer&)>&);
  static constexpr std::size_t k_chunk = std::size_t{1} << 20;

  // The buffer of batch `batch`, which may write once `written` batches reach it.
  OutputBuffer(std::ostream& out, const std::atomic<std::size_t>& written);
  bool may_write() const {
    return m_written == nullptr || m_written->load(std::memory_order_acquire) == m_batch;
  }

  std::ostream& m_out;
  std::string m_text;
  const std::atomic<std::size_t>* m_written = nullptr;
  std::size_t m_batch = 0;
};

// The batches of render_in_order: starts[b] is the first item of batch b and starts.back()
// the item count. Consecutive items go together until the rows they print (rows(i); every
// item counts one more, for its own lines) reach about 2,048: a batch's text is then
// about a megabyte, and a million-image listing has hundreds of batches to share out.
std::vector<std::size_t> render_batches(std::size_t count,
                                        const std::function<std::size_t(std::size_t)>& rows);

// Writes the text of items [0, count) to `buffer` in item order: render(first, last, out)
// appends the text of items [first, last) to out (calling out.maybe_flush() between records).
// With several threads (and batches), `threads` threads render the batches of `starts`
// (render_batches) into buffers of their own while the calling thread writes them out in
// order; a batch whose turn has come writes its text straight out. At most two batches per
// thread are held, and their buffers are reused, so the memory stays small and is faulted in
// once (a text of its own for every repository cost more in page faults than the second
// thread saved). render must only read what the batches share. The text is the same for any
// thread count; an exception thrown by render reaches the caller once every thread stopped.
void render_in_order(OutputBuffer& buffer, const std::vector<std::size_t>& starts, unsigned threads,
                     const std::function<void(std::size_t, std::size_t, OutputBuffer&)>& render);

}  // namespace ecrlc::detail
