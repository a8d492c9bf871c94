// Folders that the tool writes whole (a plan, a snapshot): built in a hidden folder beside
// OUT and moved into place atomically, under an exclusive lock on OUT.lock. An existing
// folder is replaced only with --force and only when it holds the kind's marker file, so that
// a mistyped --out never removes someone's folder.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/output.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc::io {

// What a folder is: the command that writes it (named in messages) and its marker file.
struct FolderKind {
  std::string_view command;  // "plan"
  std::string_view marker;   // ".ecr-lifecycle-plan"
};

inline constexpr FolderKind k_plan_folder{"plan", ".ecr-lifecycle-plan"};
inline constexpr FolderKind k_snapshot_folder{"snapshot", ".ecr-lifecycle-snapshot"};

// The checks of write_folder that need no lock, so that a command fails before reading its
// inputs: `out` names a folder (not "." or ".."), and an existing non-empty folder is
// replaced only with `force` and only when it holds the kind's marker.
Result<void> check_folder(const std::string& out, bool force, const FolderKind& kind);

// A folder's files made one at a time: calls emit(file) for each (returning the first error
// emit returns); each is written before emit returns, so the maker can free it.
using FolderFiles =
    std::function<Result<void>(const std::function<Result<void>(const PlanFile&)>& emit)>;

// Writes the files `files` makes (plus the marker) into a hidden folder beside `out` and
// moves it into place atomically, holding an exclusive lock on `OUT.lock` (removed when
// done). `inputs` must not lie inside an existing `out` that would be replaced. Returns how
// many files were written (the marker not counted).
Result<std::size_t> write_folder(const std::string& out, bool force,
                                 const std::vector<std::string>& inputs, const FolderFiles& files,
                                 const FolderKind& kind);
// The same for files already made.
Result<void> write_folder(const std::string& out, bool force,
                          const std::vector<std::string>& inputs,
                          const std::vector<PlanFile>& files, const FolderKind& kind);

// An exclusive flock on OUT.lock, held while alive: the lock of write_folder, also taken by
// whoever changes a folder in place (apply's journal). The file is removed while still
// locked; a run that opened it just before checks, once locked, that the path still names
// the file it locked, so two runs never hold "the" lock at once.
class FolderLock {
 public:
  // Fails with "OUT: locked by another ecr-lifecycle COMMAND run (OUT.lock)".
  static Result<FolderLock> acquire(const std::string& out, const FolderKind& kind);
  FolderLock(FolderLock&& other) noexcept;
  FolderLock& operator=(FolderLock&&) = delete;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock();

 private:
  FolderLock(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
  std::string m_path;
  int m_fd = -1;
};

}  // namespace ecrlc::io
