// snapshot.json: parsed like any input (every field checked, messages name it), and the
// holds that an incomplete snapshot puts on plans.
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>
#include <utility>

#include "ecrlc/snapshot.hpp"

namespace ecrlc {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view k_where = "snapshot.json: ";

Unexpected field_error(std::string_view field, std::string_view expected) {
  return unexpected(std::string(k_where) + std::string(field) + ": expected " +
                    std::string(expected));
}

Result<std::string> string_field(const dom::object& root, std::string_view key, bool required) {
  dom::element value;
  if (root.at_key(key).get(value)) {
    if (required) {
      return field_error(key, "a string, got none");
    }
    return std::string{};
  }
  std::string_view text;
  if (value.get_string().get(text)) {
    return field_error(key, "a string");
  }
  return std::string(text);
}

Result<Micros> time_field(const dom::object& root, std::string_view key) {
  auto text = string_field(root, key, true);
  if (!text) {
    return unexpected(text.error());
  }
  auto parsed = parse_iso8601(*text);
  if (!parsed) {
    return unexpected(std::string(k_where) + std::string(key) + ": " + parsed.error().message);
  }
  return *parsed;
}

Result<std::uint64_t> count_field(const dom::object& root, std::string_view key) {
  dom::element value;
  std::uint64_t count = 0;
  if (root.at_key(key).get(value) || value.get_uint64().get(count)) {
    return field_error(key, "a count (a non-negative integer)");
  }
  return count;
}

Result<std::vector<std::string>> strings_field(const dom::object& root, std::string_view key) {
  std::vector<std::string> strings;
  dom::element value;
  if (root.at_key(key).get(value)) {
    return strings;  // absent: none
  }
  dom::array array;
  if (value.get_array().get(array)) {
    return field_error(key, "an array of strings");
  }
  for (const dom::element entry : array) {
    std::string_view text;
    if (entry.get_string().get(text)) {
      return field_error(key, "an array of strings");
    }
    strings.emplace_back(text);
  }
  return strings;
}

Result<void> read_complete(const dom::object& root, SnapshotCompleteness& complete) {
  dom::element value;
  dom::object flags;
  if (root.at_key("complete").get(value) || value.get_object().get(flags)) {
    return field_error("complete", "an object of flags");
  }
  const std::array<std::pair<std::string_view, bool*>, 4> known{{
      {"archivedImages", &complete.archived_images},
      {"indexChildren", &complete.index_children},
      {"policies", &complete.policies},
      {"images", &complete.images},
  }};
  for (const auto& [key, flag] : known) {
    dom::element entry;
    if (flags.at_key(key).get(entry)) {
      // A missing flag is not known to be true.
      *flag = false;
      continue;
    }
    if (entry.get_bool().get(*flag)) {
      return field_error("complete." + std::string(key), "true or false");
    }
  }
  return {};
}

}  // namespace

std::vector<std::string> SnapshotManifest::gaps() const {
  std::vector<std::string> gaps;
  if (!complete.archived_images) {
    gaps.emplace_back("archived images are missing (complete.archivedImages is false)");
  }
  if (!complete.index_children) {
    gaps.emplace_back(
        "children of some image indexes are unknown (complete.indexChildren is false)");
  }
  if (!complete.policies) {
    gaps.emplace_back("some lifecycle policies could not be read (complete.policies is false)");
  }
  if (!complete.images) {
    gaps.emplace_back("images of " + std::to_string(incomplete_repositories.size()) +
                      " repositories are missing (complete.images is false)");
  }
  return gaps;
}

Result<SnapshotManifest> parse_snapshot_manifest(std::string_view text) {
  dom::parser parser;
  dom::element root_value;
  if (auto error = parser.parse(text.data(), text.size()).get(root_value)) {
    return unexpected(std::string(k_where) + "not JSON (" + simdjson::error_message(error) + ")");
  }
  dom::object root;
  if (root_value.get_object().get(root)) {
    return unexpected(std::string(k_where) + "expected a JSON object");
  }
  auto format = string_field(root, "format", true);
  if (!format) {
    return unexpected(format.error());
  }
  if (*format != k_snapshot_format) {
    return unexpected(std::string(k_where) + "format: expected \"" +
                      std::string(k_snapshot_format) + "\", got \"" + format->substr(0, 80) + "\"");
  }
  SnapshotManifest manifest;
  // Every field into its place; the first that fails (in the file's order) refuses the file.
  std::optional<Error> error;
  const auto take = [&error](auto field, auto& into) {
    if (field) {
      into = std::move(*field);
    } else if (!error) {
      error = field.error();
    }
  };
  take(time_field(root, "takenAt"), manifest.taken_at);
  take(time_field(root, "finishedAt"), manifest.finished_at);
  take(string_field(root, "registryId", false), manifest.registry_id);
  take(string_field(root, "region", false), manifest.region);
  take(string_field(root, "awsCli", false), manifest.aws_cli);
  take(count_field(root, "repositories"), manifest.repositories);
  take(count_field(root, "images"), manifest.images);
  if (error) {
    return unexpected(*error);
  }
  if (Result<void> complete = read_complete(root, manifest.complete); !complete) {
    return unexpected(complete.error());
  }
  take(strings_field(root, "warnings"), manifest.warnings);
  take(strings_field(root, "incompleteRepositories"), manifest.incomplete_repositories);
  if (error) {
    return unexpected(*error);
  }
  if (!manifest.incomplete_repositories.empty()) {
    manifest.complete.images = false;
  }
  return manifest;
}

void hold_incomplete_repositories(Inventory& inventory, const SnapshotManifest& manifest) {
  for (Repository& repository : inventory.repositories) {
    const auto& names = manifest.incomplete_repositories;
    if (std::find(names.begin(), names.end(), repository.name) != names.end()) {
      repository.hold_all(AmbiguityKind::images_incomplete);
    }
  }
}

void add_repositories(Inventory& inventory, const std::vector<RegistryRepository>& repositories) {
  const auto order = [](const Repository& a, const Repository& b) {
    return std::tie(a.name, a.registry_id) < std::tie(b.name, b.registry_id);
  };
  bool added = false;
  for (const RegistryRepository& listed : repositories) {
    const auto same = [&](const Repository& held) {
      return held.name == listed.name && (held.registry_id.empty() || listed.registry_id.empty() ||
                                          held.registry_id == listed.registry_id);
    };
    if (std::none_of(inventory.repositories.begin(), inventory.repositories.end(), same)) {
      Repository empty;
      empty.name = listed.name;
      empty.registry_id = listed.registry_id;
      inventory.repositories.push_back(std::move(empty));
      added = true;
    }
  }
  if (added) {
    std::sort(inventory.repositories.begin(), inventory.repositories.end(), order);
  }
}

}  // namespace ecrlc
