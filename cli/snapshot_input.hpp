// `--snapshot DIR` of preview, explain, diff and plan: a folder `ecr-lifecycle snapshot`
// wrote gives the images, the live policies (unless a policy option is given) and --now.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "command.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/registry_responses.hpp"
#include "ecrlc/snapshot.hpp"
#include "inputs.hpp"

namespace CLI {
class App;
}

namespace ecrlc::cli {

struct SnapshotInput {
  std::string folder;
  SnapshotManifest manifest;
  std::vector<RegistryRepository> repositories;  // repositories.json

  std::string images_file() const;      // FOLDER/images.ndjson
  std::string policies_folder() const;  // FOLDER/policies
};

// Adds `--snapshot DIR` to `command`.
void add_snapshot_option(CLI::App& command, std::string& folder);

// Reads FOLDER/snapshot.json and FOLDER/repositories.json. Prints the snapshot's warnings and
// gaps as "ecr-lifecycle COMMAND: warning: snapshot FOLDER: ...". Fails (printed, exit 2) on
// a missing or malformed file.
Outcome<SnapshotInput> load_snapshot(const std::string& folder, std::string_view command,
                                     CommandContext& context);

// The inventory of a snapshot: images.ndjson read like --images, its empty repositories
// added, and every image of its incomplete repositories held back.
Outcome<Inventory> load_snapshot_inventory(const SnapshotInput& snapshot, CommandContext& context,
                                           unsigned threads);

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
Outcome<EvaluationInputs> resolve_inputs(const std::vector<std::string>& images,
                                         const std::string& snapshot,
                                         const PolicyScopeOptions& scope, std::size_t expected,
                                         std::string_view command, CommandContext& context);

// The images: the snapshot's, or the --images files.
Outcome<Inventory> load_evaluated_inventory(const EvaluationInputs& inputs,
                                            const std::vector<std::string>& images,
                                            CommandContext& context, unsigned threads);

// --now when given, else the snapshot's takenAt (when there is one), else the current time.
Outcome<Micros> load_now_or_taken_at(const NowOption& now, const SnapshotInput* snapshot,
                                     std::string_view command, CommandContext& context);

}  // namespace ecrlc::cli
