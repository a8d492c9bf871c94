// apply's journal file: appends made durable with fsync before the next step.
#include "io/apply_journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "io/errno_text.hpp"

namespace ecrlc::io {
namespace {

// fsync of a folder, so that an entry created in it survives a crash.
bool sync_folder(const std::string& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::string journal_path(const std::string& plan_dir) {
  return plan_dir + "/applied/journal.ndjson";
}

Result<JournalFile> JournalFile::open(const std::string& plan_dir) {
  const std::string folder = plan_dir + "/applied";
  if (::mkdir(folder.c_str(), 0755) == 0) {
    if (!sync_folder(plan_dir)) {
      return unexpected(plan_dir + ": cannot sync: " + errno_text());
    }
  } else if (errno != EEXIST) {
    return unexpected(folder + ": cannot create: " + errno_text());
  }
  struct stat info {};
  if (::lstat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return unexpected(folder + ": is not a folder");
  }
  std::string path = journal_path(plan_dir);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    return unexpected(path + ": cannot open: " + errno_text());
  }
  if (::fsync(fd) != 0 || !sync_folder(folder)) {
    const std::string why = errno_text();
    ::close(fd);
    return unexpected(path + ": cannot sync: " + why);
  }
  return JournalFile(std::move(path), fd);
}

JournalFile::JournalFile(JournalFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1)) {}

JournalFile::~JournalFile() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

Result<void> JournalFile::append(std::string_view line) {
  while (!line.empty()) {
    const ssize_t written = ::write(m_fd, line.data(), line.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return unexpected(m_path + ": cannot write: " + errno_text());
    }
    line.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::fsync(m_fd) != 0) {
    return unexpected(m_path + ": cannot sync: " + errno_text());
  }
  return {};
}

}  // namespace ecrlc::io
