// Writing a command's output: standard output through a checked buffer, and `--output FILE`.
// Outputs never destroy (docs/reliability.md, "Fail closed", Outputs): an output that is an
// input is refused, FIFOs and devices are written through, only regular files are replaced
// (atomically), and every write is checked.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/result.hpp"

namespace ecrlc::io {

// A buffered std::streambuf over a file descriptor that remembers the first failed write's
// errno: streams report only "bad", and "No space left on device" must reach the user.
// After a failure every further write fails at once (a command stops producing output).
class FdOutputBuffer final : public std::streambuf {
 public:
  explicit FdOutputBuffer(int fd, std::size_t capacity = std::size_t{1} << 16);
  FdOutputBuffer(const FdOutputBuffer&) = delete;
  FdOutputBuffer& operator=(const FdOutputBuffer&) = delete;
  ~FdOutputBuffer() override;

  // errno of the first failed write, 0 while every write succeeded.
  int error() const { return m_error; }
  int fd() const { return m_fd; }

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* data, std::streamsize size) override;
  int sync() override;

 private:
  bool drain();
  bool write_all(const char* data, std::size_t size);

  int m_fd;
  std::vector<char> m_buffer;
  int m_error = 0;
};

// Writes through `write`:
// - "-" (or empty): into `out`; the caller reports its failures at the end of the command;
// - a path that does not exist yet, or a regular file (a symbolic link is followed; the link
//   stays): into a temporary file beside the target, renamed over it when complete;
// - a FIFO, character device or terminal: opened and written in place, never replaced.
// Fails with "PATH: ..." (and writes nothing) when PATH is one of `inputs` (compared by
// device and inode), a directory or another kind of file, and with "PATH: cannot write:
// REASON" on any failed write or close.
// Whether `path` (an --output value) means standard output: "-" or empty.
inline bool is_standard_output(const std::string& path) { return path.empty() || path == "-"; }

Result<void> write_output(const std::string& path, const std::vector<std::string>& inputs,
                          std::ostream& out, const std::function<void(std::ostream&)>& write);

// At the end of a command: flushes `out` and turns a failed write into "ecr-lifecycle
// COMMAND: error: standard output: cannot write: REASON" on `err` and status 2. A reader that
// went away (EPIPE) ends the command quietly with its own status, as `git log | head` does.
int finish_standard_output(std::ostream& out, std::ostream& err, std::string_view command,
                           int status);

}  // namespace ecrlc::io
