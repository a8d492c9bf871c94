// What preview, explain, diff and plan evaluate: --images or --snapshot, the policy scopes,
// --now and --protect, loaded in one order so that each command fails the same way.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "ecrlc/policy_set.hpp"
#include "ecrlc/time.hpp"
#include "io/command_context.hpp"
#include "io/inventory_input.hpp"
#include "io/now.hpp"
#include "io/policy_scope.hpp"
#include "io/protect_input.hpp"
#include "io/snapshot_input.hpp"

namespace ecrlc::io {

// The options of the inputs, as CLI11 fills them.
struct EvaluationOptions {
  PolicyScopeOptions scope;         // --policy, --policies or --policy-map
  std::vector<std::string> images;  // --images FILE...
  std::string snapshot;             // --snapshot DIR
  NowOption now;
  ProtectOptions protect;
  // plan: an --images page that ends with a nextToken is exit 2 (load_inventory).
  IncompletePages incomplete_pages = IncompletePages::warn;
};

// What a command evaluates: the snapshot when --snapshot is given, and its policy scopes.
struct EvaluationInputs {
  std::optional<SnapshotInput> snapshot;
  // `expected` scopes: with --snapshot, the snapshot's live policies (--policies
  // FOLDER/policies) come first, then the scopes given (diff: OLD live, NEW given).
  std::vector<PolicyScopeSpec> specs;
  const SnapshotInput* snapshot_or_null() const { return snapshot ? &*snapshot : nullptr; }
  // The inventory files read: the snapshot's images.ndjson, or `images` (--images).
  std::vector<std::string> image_files(const std::vector<std::string>& images) const {
    return snapshot ? std::vector<std::string>{snapshot->images_file()} : images;
  }
  std::vector<std::string> incomplete() const {
    return snapshot ? snapshot->manifest.gaps() : std::vector<std::string>{};
  }
};

// Exactly one of --images and --snapshot (else exit 2, printed); loads the snapshot; the
// scopes as policy_scope_specs gives them, the snapshot's policies filling the missing one.
Outcome<EvaluationInputs> resolve_inputs(const EvaluationOptions& options, std::size_t expected,
                                         std::string_view command, CommandContext& context);

// --now when given, else the snapshot's takenAt (when there is one), else the current time.
Outcome<Micros> load_now_or_taken_at(const NowOption& now, const SnapshotInput* snapshot,
                                     std::string_view command, CommandContext& context);

// The inputs loaded: a policy set per scope, the inventory, the protection (nullptr without
// --protect).
struct LoadedInputs {
  std::vector<PolicySet> policies;  // parallel to EvaluationInputs::specs
  Inventory inventory;
  std::unique_ptr<LoadedProtection> protection;
};

// Loads every scope (all before failing, so that the diagnostics of each show), then the
// images (the snapshot's, or the --images files, read with `threads`), then --protect.
Outcome<LoadedInputs> load_inputs(const EvaluationInputs& inputs, const EvaluationOptions& options,
                                  std::string_view command, CommandContext& context,
                                  unsigned threads);

// The files a command reads, as named on the command line, the policy files of its first set
// and its --protect files; "-" (standard input) is left out. An output is compared with them
// by device and inode, so that it never replaces an input.
std::vector<std::string> command_inputs(const EvaluationOptions& options,
                                        const EvaluationInputs& inputs, const LoadedInputs& loaded);

}  // namespace ecrlc::io
