// OutputBuffer: output text handed to the stream in large chunks; render_in_order: the long
// listings rendered in batches on several threads and written in order.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace ecrlc::detail {

class OutputBuffer;
struct BatchTurn;
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
  // buffer of a batch (render_in_order) writes only once every batch before it is written,
  // and past k_hold it waits for that.
  void maybe_flush() {
    if (m_text.size() >= k_chunk) {
      flush_when_allowed();
    }
  }
  void flush();

 private:
  friend class BatchSlots;
  friend void render_in_order(OutputBuffer&, const std::vector<std::size_t>&, unsigned,
                              const std::function<void(std::size_t, std::size_t, OutputBuffer&)>&);
  static constexpr std::size_t k_chunk = std::size_t{1} << 20;
  // What a batch holds at most while it waits for its turn: a repository of 100,000 listed
  // images is 40 MB of aws text, which would be new memory (page faults) each time.
  static constexpr std::size_t k_hold = std::size_t{8} << 20;

  // The buffer of a batch of render_in_order, whose turn `turn` tells.
  OutputBuffer(std::ostream& out, BatchTurn& turn);
  void flush_when_allowed();

  std::ostream& m_out;
  std::string m_text;
  BatchTurn* m_turn = nullptr;  // null: not a batch's buffer, writes whenever it likes
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
