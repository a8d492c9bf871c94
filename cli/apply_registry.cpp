// apply's fresh read of the registry (cli/apply_registry.hpp): describe-repositories for the
// ARN (registry and region), then every page of describe-images, per repository.
// TODO(registry reader): swap for io/registry_reader.hpp once merged from `snapshot`, which also
// reads archived images and the children of every index.
#include "apply_registry.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "ecrlc/inventory_reader.hpp"

namespace ecrlc::cli {
namespace {

struct RepositoryRead {
  bool exists = true;
  std::string arn;
  std::string images;  // the describe-images document
  std::optional<std::string> error;
};

// `"arn:aws:ecr:us-east-1:123456789012:repository/app"` as --output json prints a string.
std::string unquote(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

RepositoryRead read_repository(const io::AwsCli& cli, const std::string& name) {
  RepositoryRead read;
  auto described = cli.call("ecr", "describe-repositories",
                            {"--repository-names", name, "--query", "repositories[0].repositoryArn"});
  if (!described) {
    read.error = described.error().message;
    return read;
  }
  if (!described->ok()) {
    if (described->failure->error_code == "RepositoryNotFoundException") {
      read.exists = false;
      return read;
    }
    read.error = described->failure->message();
    return read;
  }
  read.arn = unquote(described->out);
  auto images = cli.call("ecr", "describe-images", {"--repository-name", name});
  if (!images) {
    read.error = images.error().message;
  } else if (!images->ok()) {
    if (images->failure->error_code == "RepositoryNotFoundException") {
      read.exists = false;
    } else {
      read.error = images->failure->message();
    }
  } else {
    read.images = std::move(images->out);
  }
  return read;
}

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

Result<LiveRead> read_live_repositories(const io::AwsCli& cli,
                                        const std::vector<std::string>& repositories,
                                        unsigned jobs) {
  std::vector<RepositoryRead> reads(repositories.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k = next++; k < repositories.size(); k = next++) {
      reads[k] = read_repository(cli, repositories[k]);
    }
  };
  std::vector<std::thread> threads;
  const std::size_t count = std::min<std::size_t>(std::max(1U, jobs), repositories.size());
  for (std::size_t t = 1; t < count; ++t) {
    threads.emplace_back(work);
  }
  work();
  for (std::thread& thread : threads) {
    thread.join();
  }
  LiveRead live;
  InventoryBuilder builder;
  for (std::size_t k = 0; k < repositories.size(); ++k) {
    const RepositoryRead& read = reads[k];
    if (read.error) {
      return unexpected(*read.error);
    }
    if (!read.exists) {
      continue;
    }
    const std::optional<LiveRegistry> registry = registry_of(read.arn);
    if (!registry) {
      return unexpected("describe-repositories " + repositories[k] +
                        ": expected a repository ARN, got " + read.arn);
    }
    if (live.registry.registry_id.empty()) {
      live.registry = *registry;
    } else if (live.registry.registry_id != registry->registry_id ||
               live.registry.region != registry->region) {
      return unexpected("the repositories of the plan are in several registries or regions");
    }
    if (auto added = builder.add("describe-images " + repositories[k], read.images); !added) {
      return unexpected(added.error().file + ": " + added.error().message);
    }
  }
  for (const Error& warning : builder.warnings()) {
    live.warnings.push_back(warning.file + ": " + warning.message);
  }
  live.inventory = builder.finish();
  return live;
}

}  // namespace ecrlc::cli
