// take_snapshot: the calls (io/registry_reader), the files of the folder, and progress.
#include "io/snapshot.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <set>

#include "ecrlc/output.hpp"
#include "io/folder_write.hpp"
#include "io/registry_reader.hpp"

namespace ecrlc::io {
namespace {

Micros clock_now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<Micros>(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

// The region of "arn:aws:ecr:REGION:ACCOUNT:repository/NAME", or "".
std::string arn_region(const std::string& arn) {
  const std::size_t first = arn.find(':', arn.find(':', arn.find(':') + 1) + 1);
  if (first == std::string::npos) {
    return {};
  }
  const std::size_t second = arn.find(':', first + 1);
  return second == std::string::npos ? std::string{} : arn.substr(first + 1, second - first - 1);
}

// "\rsnapshot: 120 / 2000 repositories, 45,000 images, 12.3 s", at most ten times a second.
class Progress {
 public:
  explicit Progress(std::ostream* out) : m_out(out), m_start(std::chrono::steady_clock::now()) {}
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress() {
    if (m_shown) {
      *m_out << "\r\033[K" << std::flush;
    }
  }
  void show(const RegistryProgress& progress) {
    if (m_out == nullptr) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    const bool last = progress.repositories_done == progress.repositories_total;
    if (!last && m_shown && now - m_last < std::chrono::milliseconds(100)) {
      return;
    }
    m_last = now;
    m_shown = true;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    std::array<char, 32> elapsed{};
    std::snprintf(elapsed.data(), elapsed.size(), "%.1f s", seconds);
    *m_out << "\rsnapshot: " << progress.repositories_done << " / " << progress.repositories_total
           << " repositories, " << progress.images << " images, " << elapsed.data() << "\033[K"
           << std::flush;
  }

 private:
  std::ostream* m_out;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
  bool m_shown = false;
};

// The one value every repository agrees on, or "" when they differ or there are none.
template <typename Field>
std::string common(const std::vector<RegistryRepository>& repositories, Field field) {
  std::set<std::string> values;
  for (const RegistryRepository& repository : repositories) {
    values.insert(field(repository));
  }
  return values.size() == 1 ? *values.begin() : std::string{};
}

std::vector<PlanFile> snapshot_files(const SnapshotManifest& manifest,
                                     const std::vector<RegistryRepository>& repositories,
                                     const RegistryRead& read, SnapshotResult& result) {
  std::vector<PlanFile> files;
  files.push_back({std::string(k_snapshot_manifest_file), snapshot_manifest_json(manifest)});
  files.push_back({std::string(k_snapshot_repositories_file),
                   RegistryReader::repositories_document(repositories)});
  PlanFile images{std::string(k_snapshot_images_file), {}};
  for (const RepositoryRead& repository : read.repositories) {
    for (const std::string& line : repository.image_lines) {
      images.content += line;
      images.content += '\n';
    }
  }
  files.push_back(std::move(images));
  const bool several_registries =
      common(repositories, [](const auto& r) { return r.registry_id; }).empty() &&
      !repositories.empty();
  for (const RepositoryRead& repository : read.repositories) {
    result.indexes += repository.indexes;
    if (!repository.policy) {
      continue;
    }
    ++result.policies;
    std::string path = std::string(k_snapshot_policies_folder) + "/";
    if (several_registries && !repository.repository.registry_id.empty()) {
      path += repository.repository.registry_id + "_";
    }
    path += escape_repository(repository.repository.name) + ".json";
    files.push_back({std::move(path), *repository.policy});
  }
  return files;
}

}  // namespace

Result<SnapshotResult> take_snapshot(const SnapshotRequest& request) {
  if (auto out = check_folder(request.out, request.force, k_snapshot_folder); !out) {
    return Unexpected{out.error()};
  }
  const AwsCli cli(request.cli);
  SnapshotResult result;
  SnapshotManifest& manifest = result.manifest;
  manifest.taken_at = clock_now();
  auto version = cli.version();
  if (!version) {
    return Unexpected{version.error()};
  }
  manifest.aws_cli = *version;
  const RegistryReader reader(cli, *version);
  auto repositories = reader.list_repositories(request.repositories);
  if (!repositories) {
    return Unexpected{repositories.error()};
  }
  Progress progress(request.progress);
  RegistryReadOptions options;
  options.jobs = request.jobs;
  options.on_progress = [&](const RegistryProgress& done) { progress.show(done); };
  auto read = reader.read(*repositories, options);
  if (!read) {
    return Unexpected{read.error()};
  }
  manifest.finished_at = clock_now();
  manifest.registry_id = common(*repositories, [](const auto& r) { return r.registry_id; });
  manifest.region = !request.cli.region.empty()
                        ? request.cli.region
                        : common(*repositories, [](const auto& r) { return arn_region(r.arn); });
  manifest.repositories = repositories->size();
  manifest.complete.archived_images = read->archived_images;
  for (const RepositoryRead& repository : read->repositories) {
    manifest.images += repository.image_lines.size();
    manifest.complete.index_children =
        manifest.complete.index_children && repository.children_complete;
    if (!repository.images_complete) {
      manifest.incomplete_repositories.push_back(repository.repository.name);
    }
  }
  manifest.complete.images = manifest.incomplete_repositories.empty();
  manifest.warnings = read->warnings;
  const std::vector<PlanFile> files = snapshot_files(manifest, *repositories, *read, result);
  result.files = files.size();
  if (auto written = write_folder(request.out, request.force, {}, files, k_snapshot_folder);
      !written) {
    return Unexpected{written.error()};
  }
  return result;
}

}  // namespace ecrlc::io
