// Folders written whole: built in a hidden folder beside OUT and swapped into place, under an
// exclusive lock on OUT.lock; `--force` replaces only a folder that holds the kind's marker.
#include "io/folder_write.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "io/errno_text.hpp"
#include "io/signals.hpp"

namespace ecrlc::io {
namespace {

namespace fs = std::filesystem;

// OUT without trailing slashes, its folder and its name.
struct FolderTarget {
  std::string noun;  // the kind's command: "plan"
  std::string marker;
  std::string out;
  std::string parent;
  std::string name;
};

Result<FolderTarget> folder_target(const std::string& option, const FolderKind& kind) {
  std::string out = option;
  while (out.size() > 1 && out.back() == '/') {
    out.pop_back();
  }
  const std::size_t slash = out.rfind('/');
  FolderTarget target{std::string(kind.command), std::string(kind.marker), out, ".", out};
  if (slash != std::string::npos) {
    target.parent = slash == 0 ? "/" : out.substr(0, slash);
    target.name = out.substr(slash + 1);
  }
  if (target.name.empty() || target.name == "." || target.name == "..") {
    // A folder is replaced by renaming: it needs a name of its own.
    return unexpected(option + ": name the " + std::string(kind.command) +
                      " folder itself (not \".\", \"..\" or \"/\")");
  }
  return target;
}

enum class Existing { none, empty, ours };

// What is at OUT now; fails for anything the command must not replace.
Result<Existing> existing_folder(const FolderTarget& target, bool force) {
  struct stat info {};
  if (::lstat(target.out.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return Existing::none;
    }
    return unexpected(target.out + ": " + errno_text());
  }
  if (S_ISLNK(info.st_mode)) {
    return unexpected(target.out + " is a symbolic link (name the folder itself)");
  }
  if (!S_ISDIR(info.st_mode)) {
    return unexpected(target.out + " exists and is not a folder");
  }
  std::error_code error;
  const bool empty = fs::is_empty(target.out, error);
  if (error) {
    return unexpected(target.out + ": " + error.message());
  }
  if (empty) {
    return Existing::empty;
  }
  if (!force) {
    return unexpected(target.out + " is not empty (use --force to replace it)");
  }
  struct stat marker {};
  const std::string marker_path = target.out + "/" + target.marker;
  if (::lstat(marker_path.c_str(), &marker) != 0 || !S_ISREG(marker.st_mode)) {
    return unexpected(target.out + " is not a " + target.noun + " folder (it has no " +
                      target.marker + "): --force replaces only a folder that ecr-lifecycle " +
                      target.noun + " wrote");
  }
  return Existing::ours;
}

// An input that lies inside the folder about to be replaced (it would be deleted with it).
Result<void> check_inputs_outside(const FolderTarget& target,
                                  const std::vector<std::string>& inputs) {
  std::array<char, PATH_MAX> folder{};
  if (::realpath(target.out.c_str(), folder.data()) == nullptr) {
    return {};
  }
  const std::string prefix = std::string(folder.data()) + "/";
  for (const std::string& input : inputs) {
    std::array<char, PATH_MAX> resolved{};
    if (::realpath(input.c_str(), resolved.data()) != nullptr &&
        std::string_view(resolved.data()).substr(0, prefix.size()) == prefix) {
      return unexpected(target.out + " holds an input of this command (" + input +
                        "); refusing to replace it");
    }
  }
  return {};
}

// Removes the temporary folder unless it was moved into place.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(std::string path) : m_path(std::move(path)) {}
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

// Signals only set a flag while the folder is written; this ends that state on every return.
struct FolderWrite {
  FolderWrite() { signals::begin_folder_write(); }
  FolderWrite(const FolderWrite&) = delete;
  FolderWrite& operator=(const FolderWrite&) = delete;
  ~FolderWrite() { signals::end_write(); }
};

std::string interrupted(const FolderTarget& target, const std::string& what) {
  const int signal_number = signals::interrupted();
  return target.out + ": " +
         (signal_number == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)") + what;
}

// Writes files into a folder, making the folders their paths name: a plan's files come
// folder by folder, so only a file in another folder than the last one's needs a mkdir. A
// file in parts (PlanFile::continues) stays open until its last part.
class FileWriter {
 public:
  explicit FileWriter(std::string folder) : m_folder(std::move(folder)) {}
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;
  ~FileWriter() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }

  Result<void> write(const PlanFile& file) {
    if (m_fd < 0) {
      ECRLC_TRY(open(file));
    } else if (file.path != m_open_path) {
      return unexpected("a part of another file while " + m_open_path + " is not complete");
    }
    const char* data = file.content.data();
    std::size_t left = file.content.size();
    while (left > 0) {
      const ssize_t written = ::write(m_fd, data, left);
      if (written < 0 && errno == EINTR) {
        continue;
      }
      if (written < 0) {
        return unexpected(errno_text());
      }
      data += written;
      left -= static_cast<std::size_t>(written);
    }
    if (file.continues) {
      return {};
    }
    const int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0 && errno != EINTR) {
      return unexpected(errno_text());
    }
    return {};
  }

 private:
  Result<void> open(const PlanFile& file) {
    const fs::path path = fs::path(m_folder) / file.path;
    if (path.parent_path() != m_last_folder) {
      std::error_code error;
      fs::create_directories(path.parent_path(), error);
      if (error) {
        return unexpected(error.message());
      }
      m_last_folder = path.parent_path();
    }
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  file.executable ? 0777 : 0666);
    if (m_fd < 0) {
      return unexpected(errno_text());
    }
    m_open_path = file.path;
    return {};
  }

  std::string m_folder;
  fs::path m_last_folder;
  int m_fd = -1;  // the file being written, while its parts come
  std::string m_open_path;
};

// Writes small files on a thread of its own while the caller makes the next ones: making a
// plan's files is CPU time, creating them is the kernel's (74,000 folders and files for
// 74,000 repositories), and the two overlap. At most k_queued_bytes wait, so memory stays
// bounded; a large file (the summaries, plan.json) is written on the caller's thread once
// the queue is empty, without a copy. Files are written in the order given, one at a time.
class BackgroundWriter {
 public:
  using Write = std::function<Result<void>(const PlanFile&)>;

  explicit BackgroundWriter(Write write) : m_write(std::move(write)), m_thread([this] { run(); }) {}
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;
  ~BackgroundWriter() {
    {
      const std::lock_guard lock(m_mutex);
      m_closing = true;
    }
    m_changed.notify_all();
    m_thread.join();
  }

  // Writes `file` (now or soon); returns the first error of any file so far.
  Result<void> write(const PlanFile& file) {
    const bool in_parts = m_parts_direct;
    m_parts_direct = file.continues;
    if (file.content.size() >= k_direct_bytes || file.continues || in_parts) {
      ECRLC_TRY(drain());
      return m_write(file);
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failed || m_queued_bytes < k_queued_bytes; });
    if (m_failed) {
      return unexpected(*m_failed);
    }
    m_queued_bytes += file.content.size() + file.path.size();
    m_queue.push_back(file);
    m_changed.notify_all();
    return {};
  }

  // Returns once every file given is written: the first error, if any.
  Result<void> drain() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failed || (m_queue.empty() && !m_busy); });
    if (m_failed) {
      return unexpected(*m_failed);
    }
    return {};
  }

 private:
  static constexpr std::size_t k_queued_bytes = std::size_t{8} << 20;
  static constexpr std::size_t k_direct_bytes = std::size_t{1} << 20;

  void run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      m_changed.wait(lock, [&] { return m_closing || !m_queue.empty(); });
      if (m_closing) {
        return;  // drained, or the folder failed and what is left is not wanted
      }
      if (m_failed) {
        m_queue.clear();
        m_queued_bytes = 0;
        m_changed.notify_all();
        continue;
      }
      PlanFile file = std::move(m_queue.front());
      m_queue.pop_front();
      m_busy = true;
      lock.unlock();
      Result<void> written = m_write(file);
      lock.lock();
      m_busy = false;
      m_queued_bytes -= file.content.size() + file.path.size();
      if (!written && !m_failed) {
        m_failed = written.error();
      }
      m_changed.notify_all();
    }
  }

  Write m_write;
  bool m_parts_direct = false;  // a file in parts is being written on the caller's thread
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<PlanFile> m_queue;
  std::size_t m_queued_bytes = 0;
  bool m_busy = false;
  bool m_closing = false;
  std::optional<Error> m_failed;
  std::thread m_thread;  // last: started once the rest is ready
};

// Puts the complete folder in `temporary` at OUT. An existing one is exchanged with it in one
// step (renameat2), or, where the file system cannot, moved aside first; then removed.
Result<void> move_into_place(const FolderTarget& target, const std::string& temporary,
                             Existing existing) {
  if (existing != Existing::ours) {
    if (::rename(temporary.c_str(), target.out.c_str()) != 0) {
      return unexpected(target.out + ": cannot move the new " + target.noun +
                        " into place: " + errno_text());
    }
    return {};
  }
  std::error_code ignored;
  if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target.out.c_str(), RENAME_EXCHANGE) ==
      0) {
    fs::remove_all(temporary, ignored);  // now the old folder
    return {};
  }
  if (errno != EINVAL && errno != ENOSYS) {
    return unexpected(target.out + ": cannot replace the old " + target.noun + ": " + errno_text());
  }
  const std::string old = target.parent + "/." + target.name + ".old-" + std::to_string(::getpid());
  fs::remove_all(old, ignored);
  if (::rename(target.out.c_str(), old.c_str()) != 0) {
    return unexpected(target.out + ": cannot move the old " + target.noun +
                      " aside: " + errno_text());
  }
  if (::rename(temporary.c_str(), target.out.c_str()) != 0) {
    const int error = errno;
    ::rename(old.c_str(), target.out.c_str());
    return unexpected(target.out + ": cannot move the new " + target.noun +
                      " into place: " + errno_text(error));
  }
  fs::remove_all(old, ignored);
  return {};
}

}  // namespace

Result<FolderLock> FolderLock::acquire(const std::string& out, const FolderKind& kind) {
  const std::string path = out + ".lock";
  const std::string locked_message = out + ": locked by another ecr-lifecycle " +
                                     std::string(kind.command) + " run (" + path + ")";
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
      return unexpected(path + ": cannot create the lock file: " + errno_text());
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd);
      if (error == EWOULDBLOCK) {
        return unexpected(locked_message);
      }
      return unexpected(path + ": cannot lock: " + errno_text(error));
    }
    struct stat locked {};
    struct stat named {};
    if (::fstat(fd, &locked) == 0 && ::stat(path.c_str(), &named) == 0 &&
        locked.st_dev == named.st_dev && locked.st_ino == named.st_ino) {
      return FolderLock(path, fd);
    }
    ::close(fd);  // the previous holder removed it meanwhile: lock the new file
  }
  return unexpected(locked_message);
}

FolderLock::FolderLock(FolderLock&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1)) {}

FolderLock::~FolderLock() {
  if (m_fd >= 0) {
    ::unlink(m_path.c_str());
    ::close(m_fd);
  }
}

Result<void> check_folder(const std::string& out, bool force, const FolderKind& kind) {
  auto target = folder_target(out, kind);
  if (!target) {
    return unexpected(target.error());
  }
  auto existing = existing_folder(*target, force);
  if (!existing) {
    return unexpected(existing.error());
  }
  return {};
}

Result<std::size_t> write_folder(const std::string& out, bool force,
                                 const std::vector<std::string>& inputs, const FolderFiles& files,
                                 const FolderKind& kind) {
  auto target = folder_target(out, kind);
  if (!target) {
    return unexpected(target.error());
  }
  const FolderWrite folder_write;
  std::error_code created;
  fs::create_directories(target->parent, created);  // as `mkdir -p`: missing parents are made
  if (created) {
    return unexpected(target->parent + ": cannot create the folder: " + created.message());
  }
  auto lock = FolderLock::acquire(target->out, kind);
  if (!lock) {
    return unexpected(lock.error());
  }
  // Checked again under the lock: another run may have written OUT since check_folder.
  auto existing = existing_folder(*target, force);
  if (!existing) {
    return unexpected(existing.error());
  }
  if (*existing == Existing::ours) {
    if (auto inside = check_inputs_outside(*target, inputs); !inside) {
      return unexpected(inside.error());
    }
  }
  const TemporaryFolder temporary(target->parent + "/." + target->name + ".tmp-" +
                                  std::to_string(::getpid()));
  std::error_code ignored;
  fs::remove_all(temporary.path(), ignored);  // left by a killed run of the same pid
  if (::mkdir(temporary.path().c_str(), 0777) != 0) {
    return unexpected(target->out + ": cannot create " + temporary.path() + ": " + errno_text());
  }
  FileWriter writer(temporary.path());
  auto write_one = [&](const PlanFile& file) -> Result<void> {
    if (signals::interrupted() != 0) {
      return unexpected(interrupted(*target, "; no " + target->noun + " written"));
    }
    if (auto written = writer.write(file); !written) {
      return unexpected(target->out + ": cannot write " + file.path + ": " +
                        written.error().message);
    }
    return {};
  };
  const PlanFile marker{target->marker,
                        "This folder was written by ecr-lifecycle " + target->noun + "; " +
                            target->noun + " --force may replace it.\n",
                        false};
  ECRLC_TRY(write_one(marker));
  std::size_t count = 0;
  {
    BackgroundWriter background(write_one);
    ECRLC_TRY(files([&](const PlanFile& file) -> Result<void> {
      ECRLC_TRY(background.write(file));
      count += file.continues ? 0 : 1;
      return {};
    }));
    ECRLC_TRY(background.drain());
  }
  if (signals::interrupted() != 0) {
    return unexpected(interrupted(*target, "; no " + target->noun + " written"));
  }
  ECRLC_TRY(move_into_place(*target, temporary.path(), *existing));
  if (signals::interrupted() != 0) {
    return unexpected(
        interrupted(*target, " after the new " + target->noun + " was complete and in place"));
  }
  return count;
}

Result<void> write_folder(const std::string& out, bool force,
                          const std::vector<std::string>& inputs,
                          const std::vector<PlanFile>& files, const FolderKind& kind) {
  auto written = write_folder(
      out, force, inputs,
      [&](const std::function<Result<void>(const PlanFile&)>& emit) -> Result<void> {
        for (const PlanFile& file : files) {
          ECRLC_TRY(emit(file));
        }
        return {};
      },
      kind);
  if (!written) {
    return unexpected(written.error());
  }
  return {};
}

}  // namespace ecrlc::io
