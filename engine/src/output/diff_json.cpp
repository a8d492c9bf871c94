// The diff as JSON (docs/operations.md): totals, counts per kind, every changed image.
#include <ostream>

#include "output/diff_text.hpp"
#include "output/in_use_formats.hpp"
#include "output/json_members.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

using namespace json_literals;
using Layout = JsonWriter::Layout;

// The key of a change kind's count: its JSON name in camelCase ("newlyExpiring"), as every
// key of the tool's JSON is; the kind's value in "change" stays the enum name.
std::string change_key(ChangeKind kind) {
  std::string key;
  bool upper = false;
  for (const char c : to_json(kind)) {
    if (c == '_') {
      upper = true;
      continue;
    }
    key.push_back(upper ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return key;
}

void append_outcome(JsonWriter& json, JsonKey name, const Outcome& outcome) {
  json.key(name).begin_object(Layout::line).member("action"_key, to_json(outcome.action));
  rule_member(json, "rulePriority"_key, outcome.rule);
  json.member("referrer"_key, outcome.referrer)
      .member("hasPolicy"_key, outcome.has_policy)
      .end_object();
}

void append_totals(JsonWriter& json, JsonKey name, std::string_view policy,
                   const OutcomeTotals& totals) {
  json.key(name).begin_object(Layout::line).member("policy"_key, policy).key("expiring"_key);
  append_count(json, totals.expiring, totals.expiring_bytes);
  json.key("transitioning"_key);
  append_count(json, totals.transitioning, totals.transitioning_bytes);
  json.end_object();
}

void append_change(JsonWriter& json, const ImageChange& change) {
  const ImageRecord& image = change.repository->images[change.image];
  json.begin_object(Layout::line)
      .member("repositoryName"_key, std::string_view(change.repository->name));
  digest_member(json, "imageDigest"_key, image.digest);
  tags_member(json, image);
  time_member(json, "imagePushedAt"_key, image.pushed_at);
  json.member("imageSizeInBytes"_key, image.size_bytes).member("change"_key, to_json(change.kind));
  append_outcome(json, "old"_key, change.old_outcome);
  append_outcome(json, "new"_key, change.new_outcome);
  json.end_object();
}

}  // namespace

void render_diff_json(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options) {
  std::string text;
  JsonWriter json(text, 2);
  json.begin_object();
  time_member(json, "now"_key, diff.now);
  if (options.in_use != nullptr) {
    // --protect: first, the changes that newly expire or archive an image in use.
    json.key("inUse"_key);
    append_in_use_json(json, *options.protect, *options.in_use);
  }
  append_totals(json, "old"_key, options.old_name, diff.old_totals);
  append_totals(json, "new"_key, options.new_name, diff.new_totals);
  json.key("changes"_key).begin_object(Layout::line).member("images"_key, diff.changes.size());
  for (std::size_t k = 0; k < k_change_kinds; ++k) {
    json.key(change_key(static_cast<ChangeKind>(k)));
    append_count(json, diff.counts[k], diff.bytes[k]);
  }
  json.end_object().key("images"_key).begin_array();
  for (const ImageChange& change : diff.changes) {
    append_change(json, change);
  }
  json.end_array().end_object();
  text += '\n';
  out << text;
}

}  // namespace ecrlc::detail
