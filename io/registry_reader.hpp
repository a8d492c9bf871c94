// Reading a registry through the user's AWS CLI, as ECR's own evaluator sees it: every
// repository, every image (archived ones included where the CLI can ask for them), the
// children of every image index, and the lifecycle policies. The one home of these calls:
// `snapshot` writes what it reads, `apply` re-reads the repositories of a plan with it.
// Parsing is the engine's (ecrlc/registry_responses.hpp); this file only runs the calls.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ecrlc/registry_responses.hpp"
#include "ecrlc/result.hpp"
#include "io/aws_cli.hpp"

namespace ecrlc::io {

// What was read of one repository.
struct RepositoryRead {
  RegistryRepository repository;
  // The repository's lines of images.ndjson: one imageDetail per line as the CLI printed it
  // (compacted), plus "childImageDigests" on every image index whose manifest was read.
  // InventoryBuilder reads them (file name: anything, e.g. "images.ndjson").
  std::vector<std::string> image_lines;
  std::size_t indexes = 0;  // image indexes among the images
  // The get-lifecycle-policy output as printed; nullopt: the repository has no policy (or
  // policies were not asked for).
  std::optional<std::string> policy;
  // False when a describe-images page ended with nextToken and no later page came: images
  // are missing, and plans must hold the repository back (Repository::hold_all).
  bool images_complete = true;
  // False when batch-get-image did not return an index: its line has no childImageDigests,
  // which the inventory reader turns into held untagged images.
  bool children_complete = true;
};

struct RegistryRead {
  std::vector<RepositoryRead> repositories;  // in the order asked for
  // False when the CLI rejects `--filter imageStatus=ANY` (Debian's AWS CLI 2.9): images
  // were listed without it, so archived images are missing.
  bool archived_images = true;
  // Sentences for the user (and snapshot.json), in a stable order.
  std::vector<std::string> warnings;
};

// Called after each repository is read, from the reading threads one at a time.
struct RegistryProgress {
  std::size_t repositories_done = 0;
  std::size_t repositories_total = 0;
  std::size_t images = 0;
};

struct RegistryReadOptions {
  unsigned jobs = 8;     // AWS CLI processes at once (--jobs)
  bool policies = true;  // also get-lifecycle-policy of each repository
  std::function<void(const RegistryProgress&)> on_progress;
};

class RegistryReader {
 public:
  // `cli` must outlive the reader. `cli_version` (AwsCli::version()) is named in warnings.
  RegistryReader(const AwsCli& cli, std::string cli_version);

  // Every page of describe-repositories; with `patterns` ('*' wildcards, any matching one
  // keeps a repository) only the matching repositories. Sorted by name, then registryId.
  // Fails with the failed call's message (AwsCallFailure::message) or a parse error.
  Result<std::vector<RegistryRepository>> list_repositories(
      const std::vector<std::string>& patterns) const;

  // Reads the images (and policies) of `repositories` (only name and registry_id are used),
  // `options.jobs` repositories at a time. Fails at the first failed call: the others stop
  // after their current call, and nothing of what was read is returned.
  Result<RegistryRead> read(const std::vector<RegistryRepository>& repositories,
                            const RegistryReadOptions& options) const;

  // The describe-repositories output of `repositories` merged into one document (the
  // snapshot's repositories.json): {"repositories": [...]} with one repository per line.
  static std::string repositories_document(const std::vector<RegistryRepository>& repositories);

 private:
  struct Shared;
  Result<RepositoryRead> read_one(const RegistryRepository& repository, bool policies,
                                  Shared& shared) const;
  Result<void> read_images(RepositoryRead& read, Shared& shared) const;
  Result<void> read_children(RepositoryRead& read, std::vector<ImageDetailLine>& images,
                             Shared& shared) const;
  Result<void> read_policy(RepositoryRead& read) const;
  std::vector<std::string> repository_arguments(const RegistryRepository& repository) const;

  const AwsCli& m_cli;
  std::string m_cli_version;
};

}  // namespace ecrlc::io
