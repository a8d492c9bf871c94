// The sentence catalogue (sentences.hpp), apply's part: what changed for a skipped image, why
// a run is refused, the notes of a run (ecrlc/output.hpp).
#include <array>

#include "base/enum_names.hpp"
#include "base/text.hpp"
#include "ecrlc/time.hpp"
#include "output/sentences.hpp"

namespace ecrlc {
namespace {

// "25h", "1h30m", "0h5m": as --max-age takes it.
std::string duration_text(Micros micros) {
  const Micros minutes = micros / (60 * k_micros_per_second);
  std::string text = std::to_string(minutes / 60) + "h";
  return minutes % 60 == 0 ? text : text + std::to_string(minutes % 60) + "m";
}

// "the plan is for region us-east-1, the AWS CLI reads region eu-west-1" (or "an unknown
// region"): a registry or a region that is not the plan's.
std::string plan_is_for(std::string_view what, const ApplyRefusal& refusal) {
  std::string text = "the plan is for ";
  text.append(what).append(" ").append(refusal.planned).append(", the AWS CLI reads ");
  text.append(refusal.live.empty() ? "an unknown " : "").append(what);
  if (!refusal.live.empty()) {
    text.append(" ").append(refusal.live);
  }
  return text;
}

}  // namespace

std::string apply_skip_sentence(const ApplyItem& item) {
  // In the order of SkipReason; kept_by_rule names its rule.
  static constexpr std::array<std::string_view, 8> k_reasons{
      "gone",           "tags changed",  "",
      "action changed", "now protected", "now a child of a surviving index",
      "now ambiguous",  "now activating"};
  std::string text;
  if (item.reason != SkipReason::kept_by_rule) {
    text = detail::enum_name(item.reason, k_reasons);
  } else if (item.rule == 0) {
    text = "now selected by no rule";
  } else {
    text = "now kept by rule " + std::to_string(item.rule);
  }
  const std::string detail = apply_skip_detail(item.detail);
  return detail.empty() ? text : text + " (" + detail + ")";
}

std::string apply_skip_detail(const SkipDetail& detail) {
  using Kind = SkipDetail::Kind;
  switch (detail.kind) {
    case Kind::none:
      return {};
    case Kind::repository_gone:
      return "the repository is gone";
    case Kind::ambiguous:
      return detail.text;
    case Kind::tags_now:
      return detail.tags.empty() ? "now untagged" : "now tagged " + detail::join(detail.tags, ",");
    case Kind::protected_when_planned:
      return "protected when planned";
    case Kind::protect_reference:
      return detail.file + ":" + std::to_string(detail.line) + ":" + std::to_string(detail.column) +
             " " + detail.text;
    case Kind::protected_unlocated:
      return "protected";
    case Kind::protected_through:
      return protection_relation(detail.relation, detail.image);
    case Kind::surviving_index:
      return "index " + detail.image.short_string();
    case Kind::action_now:
      return "now " + std::string(to_json(detail.action)) + " by rule " +
             std::to_string(detail.rule);
  }
  return {};
}

std::string apply_refusal_sentence(const ApplyRefusal& refusal) {
  using Kind = ApplyRefusal::Kind;
  switch (refusal.kind) {
    case Kind::too_old:
      return "the plan was evaluated at " + format_readable(refusal.evaluated_at) + ", " +
             duration_text(refusal.now - refusal.evaluated_at) + " before " +
             format_readable(refusal.now) + ": older than --max-age " +
             duration_text(refusal.max_age) + "; plan again";
    case Kind::several_registries:
      return "the plan spans " + std::to_string(refusal.count) +
             " registries: apply acts on one registry; plan each registry's inventory on its own";
    case Kind::no_registry_id:
      return "the plan names no registryId (its inventory had none), so apply cannot check that "
             "it talks to the plan's registry; plan from describe-images output or a snapshot";
    case Kind::other_registry:
      return plan_is_for("registry", refusal);
    case Kind::other_region:
      return plan_is_for("region", refusal) + " (--region)";
    case Kind::too_many_deletions:
      return "the run would delete " + std::to_string(refusal.count) +
             " images, more than --max-deletes " + std::to_string(refusal.limit);
  }
  return {};
}

std::string apply_note_sentence(const ApplyNote& note) {
  switch (note.kind) {
    case ApplyNote::Kind::no_region:
      return "the plan records no region (it was made from an inventory file): acting in " +
             (note.region.empty() ? std::string("the AWS CLI's region") : "region " + note.region);
  }
  return {};
}

}  // namespace ecrlc
