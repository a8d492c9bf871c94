// snapshot.json, the manifest of a snapshot folder (docs/snapshot.md).
#include "base/json_writer.hpp"
#include "ecrlc/output.hpp"

namespace ecrlc {
namespace {

void strings_member(detail::JsonWriter& json, std::string_view key,
                    const std::vector<std::string>& strings) {
  json.key(key).begin_array();
  for (const std::string& text : strings) {
    json.value(std::string_view(text));
  }
  json.end_array();
}

}  // namespace

std::string snapshot_manifest_json(const SnapshotManifest& manifest) {
  std::string out;
  detail::JsonWriter json(out, 2);
  json.begin_object();
  json.member("format", k_snapshot_format);
  json.member("takenAt", std::string_view(format_utc(manifest.taken_at)));
  json.member("finishedAt", std::string_view(format_utc(manifest.finished_at)));
  json.member("registryId", std::string_view(manifest.registry_id));
  json.member("region", std::string_view(manifest.region));
  json.member("awsCli", std::string_view(manifest.aws_cli));
  json.member("repositories", manifest.repositories);
  json.member("images", manifest.images);
  json.key("complete").begin_object();
  json.member("archivedImages", manifest.complete.archived_images);
  json.member("indexChildren", manifest.complete.index_children);
  json.member("policies", manifest.complete.policies);
  json.member("images", manifest.complete.images);
  json.end_object();
  strings_member(json, "warnings", manifest.warnings);
  strings_member(json, "incompleteRepositories", manifest.incomplete_repositories);
  json.end_object();
  out += '\n';
  return out;
}

}  // namespace ecrlc
