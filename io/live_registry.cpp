// apply's fresh read of the registry (io/live_registry.hpp) through the shared registry
// reader (io/registry_reader.hpp), as `snapshot` reads: every page, archived images where the
// CLI can list them, the children of every index. A repository read incompletely is held back
// whole, so nothing in it is deleted on a partial view.
#include "io/live_registry.hpp"

#include <optional>
#include <set>

#include "ecrlc/inventory_reader.hpp"
#include "io/registry_reader.hpp"

namespace ecrlc::io {
namespace {

// arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME -> (ACCOUNT, REGION).
std::optional<LiveRegistry> registry_of(std::string_view arn) {
  std::vector<std::string_view> parts;
  for (std::size_t k = 0; k < 5; ++k) {
    const std::size_t colon = arn.find(':');
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    parts.push_back(arn.substr(0, colon));
    arn.remove_prefix(colon + 1);
  }
  if (parts[0] != "arn" || parts[2] != "ecr" || !arn.starts_with("repository/")) {
    return std::nullopt;
  }
  return LiveRegistry{std::string(parts[4]), std::string(parts[3])};
}

}  // namespace

Result<LiveRead> read_live_repositories(const AwsCli& cli,
                                        const std::vector<std::string>& repositories,
                                        unsigned jobs) {
  auto version = cli.version();
  if (!version) {
    return unexpected(version.error().message);
  }
  const RegistryReader reader(cli, *version);
  // Exact names as patterns (names hold no '*'): a repository deleted since the plan is
  // simply not listed.
  auto listed = reader.list_repositories(repositories);
  if (!listed) {
    return unexpected(listed.error().message);
  }
  RegistryReadOptions options;
  options.jobs = jobs;
  options.policies = false;  // the plan's policies are re-evaluated, not the live ones
  auto read = reader.read(*listed, options);
  if (!read) {
    return unexpected(read.error().message);
  }
  LiveRead live;
  live.warnings = read->warnings;
  std::string lines;
  std::set<std::string> incomplete;
  for (const RepositoryRead& repository : read->repositories) {
    const std::optional<LiveRegistry> registry = registry_of(repository.repository.arn);
    if (!registry) {
      return unexpected("describe-repositories " + repository.repository.name +
                        ": expected a repository ARN, got \"" + repository.repository.arn + "\"");
    }
    if (live.registry.registry_id.empty()) {
      live.registry = *registry;
    } else if (live.registry.registry_id != registry->registry_id ||
               live.registry.region != registry->region) {
      return unexpected("the repositories of the plan are in several registries or regions");
    }
    for (const std::string& line : repository.image_lines) {
      lines += line;
      lines += '\n';
    }
    if (!repository.images_complete) {
      incomplete.insert(repository.repository.name);
      live.warnings.push_back(repository.repository.name +
                              ": not every page of describe-images was read: its planned "
                              "images are held back");
    }
  }
  InventoryBuilder builder;
  if (auto added = builder.add("describe-images", lines); !added) {
    return unexpected(added.error().file + ":" + std::to_string(added.error().line) + ": " +
                      added.error().message);
  }
  for (const Error& warning : builder.warnings()) {
    live.warnings.push_back(warning.file + ": " + warning.message);
  }
  live.inventory = builder.finish();
  for (Repository& repository : live.inventory.repositories) {
    if (incomplete.count(repository.name) > 0) {
      repository.hold_all(AmbiguityKind::images_incomplete);
    }
  }
  return live;
}

}  // namespace ecrlc::io
