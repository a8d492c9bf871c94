// The diff as JSON (docs/operations.md): totals, counts per kind, every changed image.
#include <ostream>

#include "output/diff_text.hpp"
#include "output/in_use_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

void append_outcome_json(std::string& out, const Outcome& outcome) {
  out += "{\"action\": \"";
  out += to_json(outcome.action);
  out += "\", \"rulePriority\": ";
  if (outcome.rule == 0) {
    out += "null";
  } else {
    append_integer(out, outcome.rule);
  }
  out += outcome.referrer ? ", \"referrer\": true" : ", \"referrer\": false";
  out += outcome.has_policy ? ", \"hasPolicy\": true}" : ", \"hasPolicy\": false}";
}

void append_totals_json(std::string& out, std::string_view name, std::string_view policy,
                        const OutcomeTotals& totals) {
  out += "  \"";
  out += name;
  out += "\": {\"policy\": ";
  append_json_string(out, policy);
  out += ", \"expiring\": {\"images\": ";
  append_integer(out, static_cast<std::int64_t>(totals.expiring));
  out += ", \"bytes\": ";
  append_integer(out, totals.expiring_bytes);
  out += "}, \"transitioning\": {\"images\": ";
  append_integer(out, static_cast<std::int64_t>(totals.transitioning));
  out += ", \"bytes\": ";
  append_integer(out, totals.transitioning_bytes);
  out += "}},\n";
}

}  // namespace

void render_diff_json(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options) {
  std::string text = "{\n  \"now\": \"" + format_utc(diff.now) + "\",\n";
  if (options.in_use != nullptr) {
    // --protect: first, the changes that newly expire or archive an image in use.
    text += "  \"inUse\": ";
    JsonWriter json(text, 2, 1);
    append_in_use_json(json, *options.protect, *options.in_use);
    text += ",\n";
  }
  append_totals_json(text, "old", options.old_name, diff.old_totals);
  append_totals_json(text, "new", options.new_name, diff.new_totals);
  text += "  \"changes\": {\"images\": ";
  append_integer(text, static_cast<std::int64_t>(diff.changes.size()));
  for (std::size_t k = 0; k < k_change_kinds; ++k) {
    text += ", \"";
    text += to_json(static_cast<ChangeKind>(k));
    text += "\": {\"images\": ";
    append_integer(text, static_cast<std::int64_t>(diff.counts[k]));
    text += ", \"bytes\": ";
    append_integer(text, diff.bytes[k]);
    text += "}";
  }
  text += "},\n  \"images\": [";
  for (std::size_t c = 0; c < diff.changes.size(); ++c) {
    const ImageChange& change = diff.changes[c];
    const ImageRecord& image = change.repository->images[change.image];
    text += c == 0 ? "\n    " : ",\n    ";
    text += "{\"repositoryName\": ";
    append_json_string(text, change.repository->name);
    text += ", \"imageDigest\": \"" + image.digest.to_string() + "\", \"imageTags\": [";
    for (std::size_t t = 0; t < image.tags.size(); ++t) {
      text += t == 0 ? "" : ", ";
      append_json_string(text, image.tags[t]);
    }
    text += "], \"imagePushedAt\": \"" + format_utc(image.pushed_at) + "\", \"imageSizeInBytes\": ";
    append_integer(text, image.size_bytes);
    text += ", \"change\": \"";
    text += to_json(change.kind);
    text += "\", \"old\": ";
    append_outcome_json(text, change.old_outcome);
    text += ", \"new\": ";
    append_outcome_json(text, change.new_outcome);
    text += "}";
  }
  text += diff.changes.empty() ? "]\n}\n" : "\n  ]\n}\n";
  out << text;
}

}  // namespace ecrlc::detail
