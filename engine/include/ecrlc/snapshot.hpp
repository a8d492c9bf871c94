// A snapshot folder's snapshot.json (`ecr-lifecycle snapshot`, docs/snapshot.md): when and
// how the registry was read, and what the snapshot could not see. Commands that read a
// snapshot (--snapshot DIR) parse it here and hold back what it says is incomplete.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "ecrlc/registry_responses.hpp"
#include "ecrlc/result.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc {

inline constexpr std::string_view k_snapshot_format = "ecr-lifecycle-snapshot/1";

// The files of a snapshot folder.
inline constexpr std::string_view k_snapshot_manifest_file = "snapshot.json";
inline constexpr std::string_view k_snapshot_repositories_file = "repositories.json";
inline constexpr std::string_view k_snapshot_images_file = "images.ndjson";
inline constexpr std::string_view k_snapshot_policies_folder = "policies";

// snapshot.json's "complete": false when the snapshot misses something ECR's evaluator sees.
struct SnapshotCompleteness {
  bool archived_images = true;  // the CLI could list archived images (imageStatus=ANY)
  bool index_children = true;   // every image index has childImageDigests
  bool policies = true;         // every repository's policy was read
  bool images = true;           // every describe-images page was read (incompleteRepositories)
};

struct SnapshotManifest {
  Micros taken_at = 0;     // takenAt: when the reading began (--now of the commands using it)
  Micros finished_at = 0;  // finishedAt
  std::string registry_id;
  std::string region;
  std::string aws_cli;  // the CLI's --version line
  std::uint64_t repositories = 0;
  std::uint64_t images = 0;
  SnapshotCompleteness complete;
  std::vector<std::string> warnings;
  // Repositories whose describe-images output ended with a nextToken: plans hold every image
  // of them back. JSON: "incompleteRepositories".
  std::vector<std::string> incomplete_repositories;

  // One sentence per false flag of `complete`, e.g. "archived images are missing
  // (complete.archivedImages is false)"; empty for a complete snapshot.
  std::vector<std::string> gaps() const;
};

// Parses snapshot.json. Fails naming the field: "snapshot.json: format: expected
// \"ecr-lifecycle-snapshot/1\", got \"x\"". Unknown fields are ignored (a later minor version
// may add some).
Result<SnapshotManifest> parse_snapshot_manifest(std::string_view text);

// Marks every image of the manifest's incomplete repositories ambiguous
// (AmbiguityKind::images_incomplete), so that plans hold them back.
void hold_incomplete_repositories(Inventory& inventory, const SnapshotManifest& manifest);

// Adds each of `repositories` (repositories.json) that the inventory does not hold as a
// repository without images, keeping the order of Inventory::repositories, so that empty
// repositories are reported rather than unknown.
void add_repositories(Inventory& inventory, const std::vector<RegistryRepository>& repositories);

}  // namespace ecrlc
