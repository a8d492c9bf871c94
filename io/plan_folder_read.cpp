// Reading a plan folder for apply (io/plan_folder_read.hpp).
#include "io/plan_folder_read.hpp"

#include <sys/stat.h>

#include <set>
#include <utility>

#include "ecrlc/sha256.hpp"
#include "io/apply_journal.hpp"
#include "io/file_source.hpp"
#include "io/folder_write.hpp"

namespace ecrlc::io {
namespace {

// A plan folder of a registry-wide run holds hundreds of MiB of request files at most.
constexpr std::size_t k_max_plan_file_bytes = std::size_t{4} << 30;

Result<std::string> read_whole(const std::string& path) {
  return read_file(path, k_max_plan_file_bytes, "a plan file");
}

Result<void> check_files(const std::string& plan_dir) {
  const std::string manifest_path = plan_dir + "/" + std::string(k_plan_checksums_file);
  struct stat info {};
  if (::stat(manifest_path.c_str(), &info) != 0) {
    return unexpected(manifest_path +
                      ": missing: not a plan folder, or written by an older ecr-lifecycle plan "
                      "(plan again)");
  }
  auto manifest_text = read_whole(manifest_path);
  if (!manifest_text) {
    return unexpected(manifest_text.error().message);
  }
  auto manifest = parse_checksums(*manifest_text);
  if (!manifest) {
    return unexpected(manifest_path + ": " + manifest.error().message);
  }
  auto present = list_tree(plan_dir, k_plan_journal_folder);
  if (!present) {
    return unexpected(present.error().message);
  }
  std::set<std::string> listed;
  for (const ChecksumEntry& entry : *manifest) {
    listed.insert(entry.path);
  }
  if (listed.count(std::string(k_plan_record_file)) == 0) {
    return unexpected(manifest_path + ": does not list " + std::string(k_plan_record_file));
  }
  std::set<std::string> seen;
  for (const std::string& path : *present) {
    if (path == k_plan_checksums_file || path == k_plan_folder.marker) {
      continue;
    }
    if (listed.count(path) == 0) {
      std::string message = plan_dir;
      message.append("/").append(path).append(
          ": not written by plan (not in checksums.sha256); remove it or plan again");
      return unexpected(std::move(message));
    }
    seen.insert(path);
  }
  for (const ChecksumEntry& entry : *manifest) {
    const std::string path = plan_dir + "/" + entry.path;
    if (seen.count(entry.path) == 0) {
      return unexpected(path +
                        ": missing (listed in checksums.sha256): the plan folder is "
                        "incomplete");
    }
    auto content = read_whole(path);
    if (!content) {
      return unexpected(content.error().message);
    }
    if (sha256_hex(*content) != entry.sha256) {
      return unexpected(path +
                        ": does not match checksums.sha256 (changed since plan wrote it); plan "
                        "again rather than editing a plan");
    }
  }
  return {};
}

}  // namespace

Result<PlanFolder> read_plan_folder(const std::string& plan_dir) {
  if (auto checked = check_files(plan_dir); !checked) {
    return unexpected(checked.error().message);
  }
  PlanFolder folder;
  const std::string record_path = plan_dir + "/" + std::string(k_plan_record_file);
  auto text = read_whole(record_path);
  if (!text) {
    return unexpected(text.error().message);
  }
  auto record = parse_plan_record(*text);
  if (!record) {
    return unexpected(record_path + ": " + record.error().message);
  }
  folder.record = std::move(*record);
  const std::string journal = journal_path(plan_dir);
  struct stat info {};
  if (::lstat(journal.c_str(), &info) == 0) {
    auto journal_text = read_whole(journal);
    if (!journal_text) {
      return unexpected(journal_text.error().message);
    }
    auto state = parse_journal(*journal_text);
    if (!state) {
      return unexpected(journal + ": " + state.error().message);
    }
    folder.journal = std::move(*state);
  }
  return folder;
}

}  // namespace ecrlc::io
