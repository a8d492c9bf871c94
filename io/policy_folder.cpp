// Walking a --policies folder (io/policy_folder.hpp).
#include "io/policy_folder.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

#include "io/errno_text.hpp"

namespace ecrlc::io {
namespace {

namespace fs = std::filesystem;

// A folder as the system knows it, whatever path (or link) led to it.
struct FolderId {
  dev_t device = 0;
  ino_t inode = 0;
  std::string path;  // the first path it was reached by
};

struct Walk {
  std::vector<FolderId> seen;
  // (path below the folder, path to open): sorted by the first.
  std::vector<std::pair<std::string, std::string>> files;
};

bool has_suffix(const std::string& name, std::string_view suffix) {
  return name.size() > suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<void> walk(const fs::path& folder, const std::string& relative, Walk& state) {
  struct stat status {};
  if (::stat(folder.c_str(), &status) != 0) {
    return unexpected(Error{"cannot read folder: " + errno_text(), folder.string()});
  }
  for (const FolderId& id : state.seen) {
    if (id.device == status.st_dev && id.inode == status.st_ino) {
      return unexpected(Error{
          "leads to " + id.path + ", a folder already read (a link loop, or a second link to it)",
          folder.string()});
    }
  }
  state.seen.push_back({status.st_dev, status.st_ino, folder.string()});
  std::error_code error;
  std::vector<std::pair<std::string, fs::path>> folders;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with('.')) {
      continue;
    }
    std::string below = relative;
    if (!below.empty()) {
      below += '/';
    }
    below += name;
    std::error_code kind_error;
    // Follows links: a link to a folder is walked (its loops are caught above).
    if (it->is_directory(kind_error)) {
      folders.emplace_back(below, it->path());
    } else if (has_suffix(name, ".json")) {
      state.files.emplace_back(below, it->path().string());
    }
  }
  if (error) {
    return unexpected(Error{"cannot read folder: " + error.message(), folder.string()});
  }
  std::sort(folders.begin(), folders.end());  // the walk, and so its errors, in one order
  for (const auto& [below, path] : folders) {
    if (Result<void> walked = walk(path, below, state); !walked) {
      return walked;
    }
  }
  return {};
}

}  // namespace

Result<std::vector<std::string>> list_policy_files(const std::string& folder) {
  Walk state;
  if (Result<void> walked = walk(fs::path(folder), "", state); !walked) {
    return unexpected(walked.error());
  }
  std::sort(state.files.begin(), state.files.end());
  std::vector<std::string> paths;
  paths.reserve(state.files.size());
  for (auto& file : state.files) {
    paths.push_back(std::move(file.second));
  }
  return paths;
}

}  // namespace ecrlc::io
