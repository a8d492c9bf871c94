// RegistryReader: the AWS CLI calls of a registry read, `jobs` repositories at a time. Each
// repository is read by one thread, call after call; the first failure stops the others.
#include "io/registry_reader.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "ecrlc/policy.hpp"

namespace ecrlc::io {

struct RegistryReader::Shared {
  // Set by the first describe-images that the CLI rejects for its filter: the other
  // repositories are then listed without it at once.
  std::atomic<bool> filter_rejected{false};
  std::atomic<bool> stop{false};
  std::mutex mutex;  // guards what follows
  std::vector<std::string> warnings;
  RegistryProgress progress;
};

namespace {

// The CLI's own check of its arguments (exit status 252) naming the filter: a CLI older than
// the imageStatus filter (Debian's 2.9 prints `Unknown parameter in filter: "imageStatus"`).
bool rejects_status_filter(const AwsCallFailure& failure) {
  return failure.error_code.empty() && failure.stderr_head.find("imageStatus") != std::string::npos;
}

Unexpected call_error(Result<AwsCallResult>& called) {
  if (!called) {
    return Unexpected{called.error()};
  }
  return unexpected(called->failure->message());
}

}  // namespace

RegistryReader::RegistryReader(const AwsCli& cli, std::string cli_version)
    : m_cli(cli), m_cli_version(std::move(cli_version)) {}

std::vector<std::string> RegistryReader::repository_arguments(
    const RegistryRepository& repository) const {
  std::vector<std::string> arguments{"--repository-name", repository.name};
  if (!repository.registry_id.empty()) {
    arguments.emplace_back("--registry-id");
    arguments.push_back(repository.registry_id);
  }
  return arguments;
}

Result<std::vector<RegistryRepository>> RegistryReader::list_repositories(
    const std::vector<std::string>& patterns) const {
  auto called = m_cli.call("ecr", "describe-repositories", {});
  if (!called || !called->ok()) {
    return call_error(called);
  }
  auto page = parse_repositories_page(called->out);
  if (!page) {
    return unexpected("`" + m_cli.program() +
                      " ecr describe-repositories`: " + page.error().message);
  }
  if (!page->next_token.empty()) {
    // The CLI follows nextToken itself; one left means repositories are missing.
    return unexpected("`" + m_cli.program() +
                      " ecr describe-repositories` printed a nextToken and no later page: the "
                      "list of repositories is incomplete");
  }
  std::vector<RegistryRepository> kept;
  for (RegistryRepository& repository : page->repositories) {
    const bool wanted =
        patterns.empty() || std::any_of(patterns.begin(), patterns.end(), [&](const auto& p) {
          return matches_pattern(p, repository.name);
        });
    if (wanted) {
      kept.push_back(std::move(repository));
    }
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.registry_id) < std::tie(b.name, b.registry_id);
  });
  return kept;
}

Result<void> RegistryReader::read_images(RepositoryRead& read, Shared& shared) const {
  std::vector<std::string> arguments = repository_arguments(read.repository);
  std::vector<std::string> filtered = arguments;
  filtered.insert(filtered.end(), {"--filter", "imageStatus=ANY"});
  auto called =
      m_cli.call("ecr", "describe-images", shared.filter_rejected.load() ? arguments : filtered);
  if (called && !called->ok() && rejects_status_filter(*called->failure)) {
    if (!shared.filter_rejected.exchange(true)) {
      const std::lock_guard lock(shared.mutex);
      shared.warnings.push_back(
          m_cli_version + " rejects `describe-images --filter imageStatus=ANY`: images were " +
          "listed without it, so archived images are missing (complete.archivedImages is " +
          "false); a newer AWS CLI lists them");
    }
    called = m_cli.call("ecr", "describe-images", arguments);
  }
  if (!called || !called->ok()) {
    return call_error(called);
  }
  auto page = parse_images_page(called->out);
  if (!page) {
    return unexpected("describe-images of " + read.repository.name + ": " + page.error().message);
  }
  if (!page->next_token.empty()) {
    read.images_complete = false;
    const std::lock_guard lock(shared.mutex);
    shared.warnings.push_back("describe-images of " + read.repository.name +
                              " ended with a nextToken and no later page: its images are "
                              "incomplete, and plans hold the repository back");
  }
  if (Result<void> children = read_children(read, page->images, shared); !children) {
    return children;
  }
  read.image_lines.reserve(page->images.size());
  for (ImageDetailLine& image : page->images) {
    read.image_lines.push_back(std::move(image.json));
  }
  return {};
}

Result<void> RegistryReader::read_children(RepositoryRead& read,
                                           std::vector<ImageDetailLine>& images,
                                           Shared& shared) const {
  std::vector<ImageDetailLine*> indexes;
  for (ImageDetailLine& image : images) {
    if (image.is_index()) {
      indexes.push_back(&image);
    }
  }
  read.indexes = indexes.size();
  std::unordered_map<std::string, std::vector<std::string>> children;
  for (std::size_t begin = 0; begin < indexes.size(); begin += k_batch_get_image_limit) {
    if (shared.stop.load()) {
      return {};  // another repository failed: what is read here is thrown away
    }
    const std::size_t end = std::min(indexes.size(), begin + k_batch_get_image_limit);
    std::vector<std::string> arguments = repository_arguments(read.repository);
    arguments.emplace_back("--image-ids");
    for (std::size_t i = begin; i < end; ++i) {
      arguments.push_back("imageDigest=" + indexes[i]->digest);
    }
    arguments.emplace_back("--accepted-media-types");
    arguments.insert(arguments.end(), k_index_media_types.begin(), k_index_media_types.end());
    auto called = m_cli.call("ecr", "batch-get-image", arguments);
    if (!called || !called->ok()) {
      return call_error(called);
    }
    auto response = parse_batch_get_image(called->out);
    if (!response) {
      return unexpected("batch-get-image of " + read.repository.name + ": " +
                        response.error().message);
    }
    for (IndexChildren& index : response->indexes) {
      children[index.digest] = std::move(index.children);
    }
  }
  std::size_t unknown = 0;
  for (ImageDetailLine* index : indexes) {
    auto found = children.find(index->digest);
    if (found == children.end()) {
      ++unknown;
      continue;
    }
    index->json = with_child_digests(index->json, found->second);
  }
  if (unknown > 0) {
    read.children_complete = false;
    const std::lock_guard lock(shared.mutex);
    shared.warnings.push_back("batch-get-image of " + read.repository.name + " did not return " +
                              std::to_string(unknown) +
                              " image index(es): their children are unknown, and plans hold "
                              "back the repository's untagged images");
  }
  return {};
}

Result<void> RegistryReader::read_policy(RepositoryRead& read) const {
  auto called = m_cli.call("ecr", "get-lifecycle-policy", repository_arguments(read.repository));
  if (!called) {
    return Unexpected{called.error()};
  }
  if (called->ok()) {
    read.policy = std::move(called->out);
    return {};
  }
  if (called->failure->error_code == "LifecyclePolicyNotFoundException") {
    return {};  // no policy: reported by the commands that use the snapshot
  }
  return unexpected(called->failure->message());
}

Result<RepositoryRead> RegistryReader::read_one(const RegistryRepository& repository, bool policies,
                                                Shared& shared) const {
  RepositoryRead read;
  read.repository = repository;
  if (Result<void> images = read_images(read, shared); !images) {
    return Unexpected{images.error()};
  }
  if (policies && !shared.stop.load()) {
    if (Result<void> policy = read_policy(read); !policy) {
      return Unexpected{policy.error()};
    }
  }
  return read;
}

Result<RegistryRead> RegistryReader::read(const std::vector<RegistryRepository>& repositories,
                                          const RegistryReadOptions& options) const {
  Shared shared;
  shared.progress.repositories_total = repositories.size();
  std::vector<std::optional<Result<RepositoryRead>>> results(repositories.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < repositories.size() && !shared.stop.load(); i = next++) {
      Result<RepositoryRead> one = read_one(repositories[i], options.policies, shared);
      if (!one) {
        shared.stop.store(true);
      }
      const std::lock_guard lock(shared.mutex);
      if (one) {
        ++shared.progress.repositories_done;
        shared.progress.images += one->image_lines.size();
        if (options.on_progress) {
          options.on_progress(shared.progress);
        }
      }
      results[i] = std::move(one);
    }
  };
  const unsigned jobs = std::clamp<unsigned>(options.jobs, 1U, 256U);
  const auto threads_wanted = std::min<std::size_t>(jobs, repositories.size());
  std::vector<std::thread> threads;
  threads.reserve(threads_wanted);
  for (std::size_t t = 1; t < threads_wanted; ++t) {
    threads.emplace_back(work);
  }
  work();
  for (std::thread& thread : threads) {
    thread.join();
  }
  RegistryRead read;
  // The failure of the first repository that failed (in the order asked for), so that the
  // message does not depend on which thread ran first.
  for (auto& result : results) {
    if (result && !*result) {
      return Unexpected{result->error()};
    }
  }
  for (auto& result : results) {
    read.repositories.push_back(std::move(**result));
  }
  read.archived_images = !shared.filter_rejected.load();
  read.warnings = std::move(shared.warnings);
  // The filter's warning first, then the repositories' in name order.
  std::stable_sort(read.warnings.begin(), read.warnings.end(),
                   [this](const std::string& a, const std::string& b) {
                     const bool a_cli = a.starts_with(m_cli_version);
                     const bool b_cli = b.starts_with(m_cli_version);
                     return a_cli != b_cli ? a_cli : a < b;
                   });
  return read;
}

std::string RegistryReader::repositories_document(
    const std::vector<RegistryRepository>& repositories) {
  std::string text = "{\"repositories\": [";
  for (std::size_t i = 0; i < repositories.size(); ++i) {
    text += i == 0 ? "\n" : ",\n";
    text += repositories[i].json;
  }
  text += repositories.empty() ? "]}\n" : "\n]}\n";
  return text;
}

}  // namespace ecrlc::io
