// `--snapshot DIR` of preview, explain, diff and plan: the folder `ecr-lifecycle snapshot`
// wrote, read back: its manifest, its repositories and its images.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "ecrlc/registry_responses.hpp"
#include "ecrlc/snapshot.hpp"
#include "io/command_context.hpp"

namespace ecrlc::io {

struct SnapshotInput {
  std::string folder;
  SnapshotManifest manifest;
  std::vector<RegistryRepository> repositories;  // repositories.json

  std::string images_file() const;      // FOLDER/images.ndjson
  std::string policies_folder() const;  // FOLDER/policies
};

// Reads FOLDER/snapshot.json and FOLDER/repositories.json. Prints the snapshot's warnings and
// gaps as "ecr-lifecycle COMMAND: warning: snapshot FOLDER: ...". Fails (printed, exit 2) on
// a missing or malformed file.
Outcome<SnapshotInput> load_snapshot(const std::string& folder, std::string_view command,
                                     CommandContext& context);

// The inventory of a snapshot: images.ndjson read like --images, its empty repositories
// added, and every image of its incomplete repositories held back.
Outcome<Inventory> load_snapshot_inventory(const SnapshotInput& snapshot, CommandContext& context,
                                           unsigned threads);

}  // namespace ecrlc::io
