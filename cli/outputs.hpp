// The one place cli/ writes: standard output, `--output FILE` and the plan folder. Outputs
// never destroy (docs/reliability.md, "Fail closed", Outputs): an output that is an input is
// refused, FIFOs and devices are written through, only regular files are replaced (atomically),
// a plan folder is replaced only when a plan wrote it, under a lock, and every write is checked.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/output.hpp"
#include "ecrlc/policy_set.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc::cli {

struct PolicyScopeOptions;

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

// The files a command reads, as named on the command line (and the policy files of a loaded
// set); "-" (standard input) is left out. An output is compared with them by device and inode.
std::vector<std::string> command_inputs(const PolicyScopeOptions& scope,
                                        const std::vector<std::string>& images,
                                        const PolicySet* policies = nullptr);

// Writes through `write`:
// - "-" (or empty): into `out`; its failures are reported by finish_standard_output;
// - a path that does not exist yet, or a regular file (a symbolic link is followed; the link
//   stays): into a temporary file beside the target, renamed over it when complete;
// - a FIFO, character device or terminal: opened and written in place, never replaced.
// Fails with "PATH: ..." (and writes nothing) when PATH is one of `inputs`, a directory or
// another kind of file, and with "PATH: cannot write: REASON" on any failed write or close.
Result<void> write_output(const std::string& path, const std::vector<std::string>& inputs,
                          std::ostream& out, const std::function<void(std::ostream&)>& write);

// The marker file of a plan folder: `plan --force` replaces only a folder that holds it.
inline constexpr std::string_view k_plan_marker = ".ecr-lifecycle-plan";

// The checks of write_plan_folder that need no lock, so that `plan` fails before reading its
// inputs: `out` names a folder (not "." or ".."), and an existing non-empty folder is
// replaced only with `force` and only when it holds the plan marker.
Result<void> check_plan_folder(const std::string& out, bool force);

// Writes `files` (plus the marker) into a hidden folder beside `out` and moves it into place
// atomically, holding an exclusive lock on `OUT.lock` (removed when done). `inputs` must not
// lie inside an existing `out` that would be replaced.
Result<void> write_plan_folder(const std::string& out, bool force,
                               const std::vector<std::string>& inputs,
                               const std::vector<PlanFile>& files);

// At the end of a command: flushes `out` and turns a failed write into "ecr-lifecycle
// COMMAND: error: standard output: cannot write: REASON" on `err` and status 2. A reader that
// went away (EPIPE) ends the command quietly with its own status, as `git log | head` does.
int finish_standard_output(std::ostream& out, std::ostream& err, std::string_view command,
                           int status);

// For main(): SIGPIPE is ignored (a closed pipe is EPIPE, handled above), and SIGTERM/SIGINT
// remove the temporary file or folder being written, then exit 2.
void install_signal_handling();

// For main(): a closed standard descriptor (0, 1, 2) is reserved on /dev/null opened in the
// wrong direction, so that no file is opened as "standard output" and writes to it fail.
void reserve_standard_descriptors();

}  // namespace ecrlc::cli
