// The one door of every input file of the tool, and the reading of whole files and folders.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/byte_source.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc::io {

// A ByteSource over a file descriptor (a file, a pipe, /dev/fd/N of a process substitution).
class FdSource final : public ByteSource {
 public:
  // The one door of every input file of the tool: opens `path` read-only and accepts regular
  // files, FIFOs and character devices (/dev/stdin, a terminal); a directory is never an empty
  // file. Fails with "is a directory", "is not a file, FIFO or character device" or
  // "cannot open: REASON" (the system's reason).
  static Result<FdSource> open(const std::string& path);
  FdSource(FdSource&& other) noexcept;
  FdSource& operator=(FdSource&&) = delete;
  ~FdSource() override;

  // Fails with "cannot read: REASON".
  Result<std::size_t> read(std::span<char> buffer) override;
  // Bytes left of a regular file; nullopt for pipes and terminals.
  std::optional<std::uint64_t> size_hint() const override;
  // For ReadProgress, which polls the file offset.
  int fd() const { return m_fd; }

 private:
  explicit FdSource(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

// A ByteSource over a std::istream (standard input as CommandContext::in gives it).
class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : m_in(in) {}
  // Fails with "cannot read standard input".
  Result<std::size_t> read(std::span<char> buffer) override;

 private:
  std::istream& m_in;
};

// Reads a whole file (or the rest of `source`) through FdSource::open, stopping at
// `max_bytes` with "expected WHAT of at most N MiB, got more". Fails with "PATH: REASON".
Result<std::string> read_file(const std::string& path, std::size_t max_bytes,
                              std::string_view what);
Result<std::string> read_source(ByteSource& source, const std::string& path, std::size_t max_bytes,
                                std::string_view what);

// Every regular file under `folder`, as paths relative to it ('/' separated), sorted; the
// subfolder `skip` (relative) is not entered. Anything that is neither a regular file nor a
// folder (a symbolic link, a socket) fails with "FOLDER/PATH: is not a regular file", so a
// caller that checks a folder's files sees everything in it.
Result<std::vector<std::string>> list_tree(const std::string& folder, std::string_view skip);

}  // namespace ecrlc::io
