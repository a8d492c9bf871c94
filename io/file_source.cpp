// FdSource: files, FIFOs and devices read through one descriptor, checked once it is open.
#include "io/file_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>
#include <system_error>
#include <utility>

#include "io/errno_text.hpp"

namespace ecrlc::io {

Result<FdSource> FdSource::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return unexpected("cannot open: " + errno_text());
  }
  FdSource source(fd);
  // Decided on the open file, not on the path, so that nothing can change in between.
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    return unexpected("cannot open: " + errno_text());
  }
  if (S_ISDIR(status.st_mode)) {
    return unexpected("is a directory");
  }
  if (!S_ISREG(status.st_mode) && !S_ISFIFO(status.st_mode) && !S_ISCHR(status.st_mode)) {
    return unexpected("is not a file, FIFO or character device");
  }
  return source;
}

FdSource::FdSource(FdSource&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

FdSource::~FdSource() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

Result<std::size_t> FdSource::read(std::span<char> buffer) {
  for (;;) {
    const ssize_t n = ::read(m_fd, buffer.data(), buffer.size());
    if (n >= 0) {
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) {
      return unexpected("cannot read: " + errno_text());
    }
  }
}

std::optional<std::uint64_t> FdSource::size_hint() const {
  struct stat status {};
  if (::fstat(m_fd, &status) != 0 || !S_ISREG(status.st_mode) || status.st_size < 0) {
    return std::nullopt;
  }
  const off_t offset = ::lseek(m_fd, 0, SEEK_CUR);
  const auto size = static_cast<std::uint64_t>(status.st_size);
  const auto done = offset < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(offset);
  return done < size ? size - done : 0;
}

Result<std::size_t> StreamSource::read(std::span<char> buffer) {
  m_in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (m_in.bad()) {
    return unexpected("cannot read standard input");
  }
  return static_cast<std::size_t>(m_in.gcount());
}

Result<std::string> read_source(ByteSource& source, const std::string& path, std::size_t max_bytes,
                                std::string_view what) {
  Result<std::string> text = read_all(source, max_bytes, what);
  if (!text) {
    return unexpected(path + ": " + text.error().message);
  }
  return text;
}

Result<std::string> read_file(const std::string& path, std::size_t max_bytes,
                              std::string_view what) {
  Result<FdSource> source = FdSource::open(path);
  if (!source) {
    return unexpected(path + ": " + source.error().message);
  }
  return read_source(*source, path, max_bytes, what);
}

Result<std::vector<std::string>> list_tree(const std::string& folder, std::string_view skip) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code error;
  fs::recursive_directory_iterator it(folder, error);
  if (error) {
    return unexpected(folder + ": cannot read folder: " + error.message());
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) {
      return unexpected(folder + ": cannot read folder: " + error.message());
    }
    const std::string relative = it->path().lexically_relative(folder).generic_string();
    const fs::file_status status = it->symlink_status(error);
    if (!error && fs::is_directory(status)) {
      if (relative == skip) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (error || !fs::is_regular_file(status)) {
      std::string message = folder;
      message.append("/").append(relative).append(": is not a regular file");
      return unexpected(std::move(message));
    }
    files.push_back(relative);
  }
  if (error) {
    return unexpected(folder + ": cannot read folder: " + error.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace ecrlc::io
