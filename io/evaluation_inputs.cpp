// Resolving and loading the inputs of the evaluating commands (io/evaluation_inputs.hpp).
#include "io/evaluation_inputs.hpp"

#include <algorithm>
#include <ostream>
#include <string>
#include <utility>

#include "ecrlc/output.hpp"
#include "io/inventory_input.hpp"

namespace ecrlc::io {

Outcome<EvaluationInputs> resolve_inputs(const EvaluationOptions& options, std::size_t expected,
                                         std::string_view command, CommandContext& context) {
  if (options.images.empty() == options.snapshot.empty()) {
    return fail(context, command, "expected one of --images FILE or --snapshot DIR");
  }
  EvaluationInputs inputs;
  std::size_t given = expected;
  if (!options.snapshot.empty()) {
    auto loaded = load_snapshot(options.snapshot, command, context);
    if (!loaded) {
      return loaded.failure();
    }
    inputs.snapshot = std::move(*loaded);
    if (expected == 1 && !options.scope.given()) {
      inputs.specs.push_back({PolicyScopeKind::policies, inputs.snapshot->policies_folder()});
      return inputs;
    }
    if (expected == 2) {
      inputs.specs.push_back({PolicyScopeKind::policies, inputs.snapshot->policies_folder()});
      given = 1;
    }
  }
  auto specs = policy_scope_specs(options.scope, given, command, context);
  if (!specs) {
    return specs.failure();
  }
  inputs.specs.insert(inputs.specs.end(), specs->begin(), specs->end());
  return inputs;
}

Outcome<Micros> load_now_or_taken_at(const NowOption& now, const SnapshotInput* snapshot,
                                     std::string_view command, CommandContext& context) {
  if (!now.given && snapshot != nullptr) {
    return snapshot->manifest.taken_at;
  }
  return load_now(now, command, context);
}

namespace {

// A given --now before some push times is a mistake the output would hide: those images are
// never old enough for an age rule. (The value was checked by load_now before.)
void warn_pushed_after_now(const Inventory& inventory, const NowOption& now_option,
                           std::string_view command, CommandContext& context) {
  if (!now_option.given) {
    return;
  }
  const Result<Micros> now = resolve_now(now_option);
  if (!now) {
    return;
  }
  if (const std::string warning = describe_pushed_after_now(inventory.pushed_after(*now), *now);
      !warning.empty()) {
    context.err << "ecr-lifecycle " << command << ": warning: " << warning << "\n";
  }
}

}  // namespace

Outcome<LoadedInputs> load_inputs(const EvaluationInputs& inputs, const EvaluationOptions& options,
                                  std::string_view command, CommandContext& context,
                                  unsigned threads) {
  LoadedInputs loaded;
  ExitCode worst = ExitCode::success;
  for (const PolicyScopeSpec& spec : inputs.specs) {
    auto policies = load_policy_scope(spec, context);
    if (!policies) {
      worst = std::max(worst, policies.failure());
      continue;
    }
    loaded.policies.push_back(std::move(*policies));
  }
  if (worst != ExitCode::success) {
    return worst;
  }
  auto inventory = inputs.snapshot
                       ? load_snapshot_inventory(*inputs.snapshot, context, threads)
                       : load_inventory(options.images, context, threads, options.incomplete_pages);
  if (!inventory) {
    return inventory.failure();
  }
  loaded.inventory = std::move(*inventory);
  warn_pushed_after_now(loaded.inventory, options.now, command, context);
  auto protection = load_protection(options.protect, loaded.inventory, command, context);
  if (!protection) {
    return protection.failure();
  }
  loaded.protection = std::move(*protection);
  return loaded;
}

std::vector<std::string> command_inputs(const EvaluationOptions& options,
                                        const EvaluationInputs& inputs,
                                        const LoadedInputs& loaded) {
  std::vector<std::string> files;
  const std::vector<std::string> images = inputs.image_files(options.images);
  for (const auto* paths : {&options.scope.policy, &options.scope.policy_map, &images}) {
    files.insert(files.end(), paths->begin(), paths->end());
  }
  for (const PolicySource& source : loaded.policies.front().sources()) {
    files.push_back(source.file);
  }
  files.erase(std::remove(files.begin(), files.end(), "-"), files.end());
  for (std::string& file : protect_inputs(options.protect)) {
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace ecrlc::io
