// Reading a snapshot folder for the commands that evaluate it (io/snapshot_input.hpp).
#include "io/snapshot_input.hpp"

#include <ostream>
#include <utility>

#include "ecrlc/limits.hpp"
#include "io/inventory_input.hpp"
#include "io/text_input.hpp"

namespace ecrlc::io {
namespace {

// snapshot.json is small; repositories.json holds at most 100,000 repositories of ~300 bytes.
constexpr std::size_t k_max_manifest_bytes = std::size_t{16} << 20;
constexpr std::size_t k_max_repositories_bytes = std::size_t{256} << 20;

}  // namespace

std::string SnapshotInput::images_file() const {
  return folder + "/" + std::string(k_snapshot_images_file);
}

std::string SnapshotInput::policies_folder() const {
  return folder + "/" + std::string(k_snapshot_policies_folder);
}

Outcome<SnapshotInput> load_snapshot(const std::string& folder, std::string_view command,
                                     CommandContext& context) {
  SnapshotInput snapshot;
  snapshot.folder = folder;
  const std::string manifest_file = folder + "/" + std::string(k_snapshot_manifest_file);
  auto manifest_text =
      read_input(manifest_file, {"--snapshot", k_max_manifest_bytes, "a snapshot.json"}, context);
  if (!manifest_text) {
    render_input_error(context, manifest_file, manifest_text.error());
    return ExitCode::cannot_run;
  }
  auto manifest = parse_snapshot_manifest(*manifest_text);
  if (!manifest) {
    return fail(context, command, folder + "/" + manifest.error().message);
  }
  snapshot.manifest = std::move(*manifest);
  const std::string repositories_file = folder + "/" + std::string(k_snapshot_repositories_file);
  auto repositories_text = read_input(
      repositories_file, {"--snapshot", k_max_repositories_bytes, "a repositories.json"}, context);
  if (!repositories_text) {
    render_input_error(context, repositories_file, repositories_text.error());
    return ExitCode::cannot_run;
  }
  auto repositories = parse_repositories_page(*repositories_text);
  if (!repositories) {
    return fail(context, command, repositories_file + ": " + repositories.error().message);
  }
  snapshot.repositories = std::move(repositories->repositories);
  for (const std::string& warning : snapshot.manifest.warnings) {
    context.err << "ecr-lifecycle " << command << ": warning: snapshot " << folder << ": "
                << warning << "\n";
  }
  for (const std::string& gap : snapshot.manifest.gaps()) {
    context.err << "ecr-lifecycle " << command << ": warning: snapshot " << folder
                << " is incomplete: " << gap << "\n";
  }
  return snapshot;
}

Outcome<Inventory> load_snapshot_inventory(const SnapshotInput& snapshot, CommandContext& context,
                                           unsigned threads) {
  auto inventory = load_inventory({snapshot.images_file()}, context, threads);
  if (!inventory) {
    return inventory.failure();
  }
  add_repositories(*inventory, snapshot.repositories);
  hold_incomplete_repositories(*inventory, snapshot.manifest);
  return std::move(*inventory);
}

}  // namespace ecrlc::io
