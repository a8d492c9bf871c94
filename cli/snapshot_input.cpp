// Reading a snapshot folder for the commands that evaluate it.
#include "snapshot_input.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

#include "ecrlc/limits.hpp"

namespace ecrlc::cli {
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

void add_snapshot_option(CLI::App& command, std::string& folder) {
  command.add_option("--snapshot", folder,
                     "snapshot folder (ecr-lifecycle snapshot): its images, its live policies "
                     "unless a policy option is given, and --now defaulting to its takenAt");
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

Outcome<EvaluationInputs> resolve_inputs(const std::vector<std::string>& images,
                                         const std::string& snapshot,
                                         const PolicyScopeOptions& scope, std::size_t expected,
                                         std::string_view command, CommandContext& context) {
  if (images.empty() == snapshot.empty()) {
    return fail(context, command, "expected one of --images FILE or --snapshot DIR");
  }
  EvaluationInputs inputs;
  const bool scope_given =
      !scope.policy.empty() || !scope.policies.empty() || !scope.policy_map.empty();
  std::size_t given = expected;
  if (!snapshot.empty()) {
    auto loaded = load_snapshot(snapshot, command, context);
    if (!loaded) {
      return loaded.failure();
    }
    inputs.snapshot = std::move(*loaded);
    if (expected == 1 && !scope_given) {
      inputs.specs.push_back({PolicyScopeKind::policies, inputs.snapshot->policies_folder()});
      return inputs;
    }
    if (expected == 2) {
      inputs.specs.push_back({PolicyScopeKind::policies, inputs.snapshot->policies_folder()});
      given = 1;
    }
  }
  auto specs = policy_scope_specs(scope, given, command, context);
  if (!specs) {
    return specs.failure();
  }
  inputs.specs.insert(inputs.specs.end(), specs->begin(), specs->end());
  return inputs;
}

Outcome<Inventory> load_evaluated_inventory(const EvaluationInputs& inputs,
                                            const std::vector<std::string>& images,
                                            CommandContext& context, unsigned threads) {
  if (inputs.snapshot) {
    return load_snapshot_inventory(*inputs.snapshot, context, threads);
  }
  return load_inventory(images, context, threads);
}

Outcome<Micros> load_now_or_taken_at(const NowOption& now, const SnapshotInput* snapshot,
                                     std::string_view command, CommandContext& context) {
  if (!now.given() && snapshot != nullptr) {
    return snapshot->manifest.taken_at;
  }
  return load_now(now, command, context);
}

}  // namespace ecrlc::cli
