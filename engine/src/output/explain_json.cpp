// Explanations as JSON: the image, one object per rule, the outcome.
#include "output/explain_formats.hpp"
#include "output/json_members.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

using namespace json_literals;
using Layout = JsonWriter::Layout;

void append_trace(JsonWriter& json, const RuleTrace& trace) {
  const Rule& rule = *trace.rule;
  json.begin_object(Layout::line)
      .member("rulePriority"_key, trace.priority)
      .member("action"_key, to_json(rule.action))
      .member("selection"_key, to_json(trace.selection));
  if (trace.selection == SelectionCheck::entry_unmatched) {
    const auto& list = rule.tag_prefixes.empty() ? rule.tag_patterns : rule.tag_prefixes;
    json.member("unmatchedEntry"_key, trace.unmatched_entry < list.size()
                                          ? std::string_view(list[trace.unmatched_entry])
                                          : std::string_view());
  }
  if (!rule.is_age_rule()) {
    json.member("rank"_key, trace.rank)
        .member("selectedCount"_key, trace.selected_count)
        .member("countNumber"_key, rule.count_number);
  } else if (trace.reference_time) {
    time_member(json, "referenceTime"_key, *trace.reference_time);
    json.member("timeSource"_key, to_json(trace.time_source))
        .member("ageMicros"_key, trace.age)
        .member("thresholdMicros"_key, trace.threshold);
  }
  json.member("marked"_key, trace.marked);
  rule_member(json, "protector"_key, trace.protector);
  json.member("acted"_key, trace.acted).end_object();
}

}  // namespace

void render_explanation_json(std::string& out, const ExplainSubject& subject,
                             const ImageExplanation& explanation) {
  const auto& [policy, policy_file, repository, index, now, protect, protection] = subject;
  const ImageRecord& image = repository.images[index];
  JsonWriter json(out, 2);
  json.begin_object().member("repositoryName"_key, std::string_view(repository.name));
  if (!policy_file.empty()) {
    json.member("policy"_key, std::string_view(policy_file));
  }
  digest_member(json, "imageDigest"_key, image.digest);
  tags_member(json, image);
  time_member(json, "imagePushedAt"_key, image.pushed_at);
  json.member("imageStatus"_key, to_api(image.status));
  time_member(json, "now"_key, now);
  json.key("rules"_key).begin_array();
  for (const RuleTrace& trace : explanation.rules) {
    append_trace(json, trace);
  }
  const ImageVerdict& verdict = explanation.verdict;
  json.end_array()
      .key("outcome"_key)
      .begin_object(Layout::line)
      .member("action"_key, to_json(verdict.action));
  rule_member(json, "rule"_key, verdict.rule);
  json.member("reason"_key, to_json(verdict.reason))
      .member("reasonText"_key, describe_reason(policy, repository, index, verdict, now))
      .end_object()
      .key("consequence"_key);
  if (explanation.consequence) {
    json.begin_object(Layout::line);
    digest_member(json, "subject"_key, repository.images[explanation.consequence->subject].digest);
    json.member("rule"_key, explanation.consequence->rule).end_object();
  } else {
    json.null();
  }
  if (protect != nullptr) {
    // --protect: how the image is protected and what uses it, or null.
    json.key("inUse"_key);
    if (protection) {
      json.begin_object(Layout::line)
          .member("protection"_key, to_json(protection->protection.kind))
          .key("usedBy"_key)
          .begin_array(Layout::line);
      for (const std::string& user : protect_users(*protect, *protection)) {
        json.value(std::string_view(user));
      }
      json.end_array().end_object();
    } else {
      json.null();
    }
  }
  json.end_object();
  out += '\n';
}

}  // namespace ecrlc::detail
