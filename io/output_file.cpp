// Standard output and `--output FILE`: checked writes, inputs never overwritten, special
// files written through, regular files replaced atomically.
#include "io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <string>

#include "io/errno_text.hpp"
#include "io/signals.hpp"

namespace ecrlc::io {
namespace {

std::string cannot_write(const std::string& path, int error) {
  return path + ": cannot write: " + errno_text(error);
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// The input that `target` is, if any (stat follows symbolic links on both sides).
const std::string* input_named(const struct stat& target, const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    struct stat info {};
    if (::stat(input.c_str(), &info) == 0 && same_file(info, target)) {
      return &input;
    }
  }
  return nullptr;
}

// Closes `fd`, turning a failed close (NFS reports write errors there) into the error.
Result<void> close_checked(int fd, const std::string& path) {
  if (::close(fd) != 0 && errno != EINTR) {
    return unexpected(cannot_write(path, errno));
  }
  return {};
}

// Runs `write` over `fd`; the first failed write or the close is the error. Closes `fd`.
Result<void> write_to_fd(int fd, const std::string& path,
                         const std::function<void(std::ostream&)>& write) {
  int error = 0;
  try {
    FdOutputBuffer buffer(fd);
    std::ostream stream(&buffer);
    write(stream);
    stream.flush();
    error = buffer.error();
    if (error == 0 && !stream) {
      error = EIO;  // the writer itself failed the stream
    }
  } catch (...) {
    ::close(fd);  // after the buffer's last write (its destructor ran first)
    throw;
  }
  if (error != 0) {
    ::close(fd);
    return unexpected(cannot_write(path, error));
  }
  return close_checked(fd, path);
}

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The temporary file of an atomic replacement: removed unless it was renamed into place, also
// when the writer throws (std::bad_alloc), and removed by SIGTERM/SIGINT while it exists.
class TemporaryFile {
 public:
  TemporaryFile() = default;
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (!m_path.empty()) {
      ::unlink(m_path.c_str());
    }
    signals::end_write();
  }
  // Creates a new file named `base` (or `base-N` when that exists); -1 with errno on failure.
  int create(const std::string& base) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      m_path = attempt == 0 ? base : base + "-" + std::to_string(attempt);
      signals::begin_temporary_file(m_path);
      const int fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0 || errno != EEXIST) {
        if (fd < 0) {
          m_path.clear();
        }
        return fd;
      }
    }
    m_path.clear();
    errno = EEXIST;
    return -1;
  }
  // Renames the file over `target`; errno on failure.
  bool commit(const std::string& target) {
    if (::rename(m_path.c_str(), target.c_str()) != 0) {
      return false;
    }
    m_path.clear();
    return true;
  }

 private:
  std::string m_path;
};

// A new file in `target`'s folder, renamed over `target` when complete. `replaced` is the file
// replaced, whose mode the new one takes (the umask applies to a new file).
Result<void> replace_atomically(const std::string& shown, const std::string& target,
                                const struct stat* replaced,
                                const std::function<void(std::ostream&)>& write) {
  TemporaryFile temporary;
  const int fd = temporary.create(folder_of(target) + "/." + name_of(target) + ".tmp-" +
                                  std::to_string(::getpid()));
  if (fd < 0) {
    return unexpected(cannot_write(shown, errno));
  }
  if (replaced != nullptr) {
    ::fchmod(fd, replaced->st_mode & 07777);  // best effort: a foreign owner keeps ours
  }
  if (auto written = write_to_fd(fd, shown, write); !written) {
    return written;
  }
  if (!temporary.commit(target)) {
    return unexpected(cannot_write(shown, errno));
  }
  return {};
}

}  // namespace

// ---- FdOutputBuffer -------------------------------------------------------------------------

FdOutputBuffer::FdOutputBuffer(int fd, std::size_t capacity) : m_fd(fd), m_buffer(capacity) {
  setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

FdOutputBuffer::~FdOutputBuffer() { drain(); }

bool FdOutputBuffer::write_all(const char* data, std::size_t size) {
  while (size > 0 && m_error == 0) {
    const ssize_t written = ::write(m_fd, data, size);
    if (written < 0) {
      if (errno != EINTR) {
        m_error = errno;
      }
      continue;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return m_error == 0;
}

bool FdOutputBuffer::drain() {
  const bool ok = write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
  setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
  return ok;
}

FdOutputBuffer::int_type FdOutputBuffer::overflow(int_type ch) {
  if (!drain()) {
    return traits_type::eof();
  }
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

std::streamsize FdOutputBuffer::xsputn(const char* data, std::streamsize size) {
  if (m_error != 0) {
    return 0;
  }
  const auto length = static_cast<std::size_t>(size);
  const auto room = static_cast<std::size_t>(epptr() - pptr());
  if (length <= room) {
    std::memcpy(pptr(), data, length);
    pbump(static_cast<int>(length));
    return size;
  }
  // Larger than the room left: send what is buffered, then the data itself (no copy).
  if (!drain() || !write_all(data, length)) {
    return 0;
  }
  return size;
}

int FdOutputBuffer::sync() { return drain() ? 0 : -1; }

Result<void> write_output(const std::string& path, const std::vector<std::string>& inputs,
                          std::ostream& out, const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(out);
    out.flush();
    return {};
  }
  struct stat target {};
  if (::stat(path.c_str(), &target) != 0) {
    const int error = errno;
    struct stat link {};
    if (error == ENOENT && ::lstat(path.c_str(), &link) == 0) {
      return unexpected(std::string{path + ": cannot write: a symbolic link to a missing file"});
    }
    if (error != ENOENT) {
      return unexpected(cannot_write(path, error));  // e.g. a folder that cannot be searched
    }
    return replace_atomically(path, path, nullptr, write);
  }
  if (const std::string* input = input_named(target, inputs)) {
    return unexpected(std::string{path + ": is an input of this command (" + *input +
                                  "); refusing to overwrite it"});
  }
  if (S_ISFIFO(target.st_mode) || S_ISCHR(target.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
      return unexpected(cannot_write(path, errno));
    }
    return write_to_fd(fd, path, write);
  }
  if (S_ISDIR(target.st_mode)) {
    return unexpected(cannot_write(path, EISDIR));
  }
  if (!S_ISREG(target.st_mode)) {
    return unexpected(
        std::string{path + ": cannot write: not a regular file, FIFO or character device"});
  }
  // Replace the file a symbolic link points to, not the link.
  std::array<char, PATH_MAX> resolved{};
  if (::realpath(path.c_str(), resolved.data()) == nullptr) {
    return unexpected(cannot_write(path, errno));
  }
  return replace_atomically(path, resolved.data(), &target, write);
}

int finish_standard_output(std::ostream& out, std::ostream& err, std::string_view command,
                           int status) {
  out.flush();
  const auto* buffer = dynamic_cast<const FdOutputBuffer*>(out.rdbuf());
  const int error = buffer != nullptr ? buffer->error() : 0;
  if (error == EPIPE || (error == 0 && out)) {
    return status;  // EPIPE: the reader has all it wanted
  }
  err << "ecr-lifecycle" << (command.empty() ? "" : " ") << command
      << ": error: standard output: cannot write: "
      << (error != 0 ? errno_text(error) : std::string("the stream failed")) << "\n";
  return 2;
}

}  // namespace ecrlc::io
