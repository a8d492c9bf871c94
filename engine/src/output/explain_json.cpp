// Explanations as JSON: the image, one object per rule, the outcome.
#include "output/explain_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {

void render_explanation_json(std::string& out, const ExplainSubject& subject,
                             const ImageExplanation& explanation) {
  const auto& [policy, policy_file, repository, index, now, protect, protection] = subject;
  const ImageRecord& image = repository.images[index];
  out += "{\n  \"repositoryName\": ";
  append_json_string(out, repository.name);
  if (!policy_file.empty()) {
    out += ",\n  \"policy\": ";
    append_json_string(out, policy_file);
  }
  out += ",\n  \"imageDigest\": ";
  append_json_string(out, image.digest.to_string());
  out += ",\n  \"imageTags\": [";
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    out += (t == 0 ? "" : ", ");
    append_json_string(out, image.tags[t]);
  }
  out += "],\n  \"imagePushedAt\": ";
  append_json_string(out, format_utc(image.pushed_at));
  out += ",\n  \"imageStatus\": \"";
  out += to_api(image.status);
  out += "\",\n  \"now\": ";
  append_json_string(out, format_utc(now));
  out += ",\n  \"rules\": [";
  for (std::size_t r = 0; r < explanation.rules.size(); ++r) {
    const RuleTrace& trace = explanation.rules[r];
    const Rule& rule = *trace.rule;
    out += (r == 0 ? "\n    {" : ",\n    {");
    out += "\"rulePriority\": ";
    append_integer(out, trace.priority);
    out += ", \"action\": \"";
    out += to_json(rule.action);
    out += "\", \"selection\": \"";
    out += to_json(trace.selection);
    out += '"';
    if (trace.selection == SelectionCheck::entry_unmatched) {
      const auto& list = rule.tag_prefixes.empty() ? rule.tag_patterns : rule.tag_prefixes;
      out += ", \"unmatchedEntry\": ";
      append_json_string(
          out, trace.unmatched_entry < list.size() ? list[trace.unmatched_entry] : std::string());
    }
    if (!rule.is_age_rule()) {
      out += ", \"rank\": ";
      append_integer(out, trace.rank);
      out += ", \"selectedCount\": ";
      append_integer(out, trace.selected_count);
      out += ", \"countNumber\": ";
      append_integer(out, rule.count_number);
    } else if (trace.reference_time) {
      out += ", \"referenceTime\": ";
      append_json_string(out, format_utc(*trace.reference_time));
      out += ", \"timeSource\": \"";
      out += to_json(trace.time_source);
      out += "\", \"ageMicros\": ";
      append_integer(out, trace.age);
      out += ", \"thresholdMicros\": ";
      append_integer(out, trace.threshold);
    }
    out += trace.marked ? ", \"marked\": true" : ", \"marked\": false";
    out += ", \"protector\": ";
    if (trace.protector != 0) {
      append_integer(out, trace.protector);
    } else {
      out += "null";
    }
    out += trace.acted ? ", \"acted\": true}" : ", \"acted\": false}";
  }
  out += explanation.rules.empty() ? "]" : "\n  ]";
  const ImageVerdict& verdict = explanation.verdict;
  out += ",\n  \"outcome\": {\"action\": \"";
  out += to_json(verdict.action);
  out += "\", \"rule\": ";
  if (verdict.rule != 0) {
    append_integer(out, verdict.rule);
  } else {
    out += "null";
  }
  out += ", \"reason\": \"";
  out += to_json(verdict.reason);
  out += "\", \"reasonText\": ";
  append_json_string(out, describe_reason(policy, repository, index, verdict, now));
  out += "},\n  \"consequence\": ";
  if (explanation.consequence) {
    out += "{\"subject\": ";
    append_json_string(out, repository.images[explanation.consequence->subject].digest.to_string());
    out += ", \"rule\": ";
    append_integer(out, explanation.consequence->rule);
    out += "}";
  } else {
    out += "null";
  }
  if (protect != nullptr) {
    // --protect: how the image is protected and what uses it, or null.
    out += ",\n  \"inUse\": ";
    if (protection) {
      out += "{\"protection\": \"";
      out += to_json(protection->protection.kind);
      out += "\", \"usedBy\": [";
      const std::vector<std::string> users = protect_users(*protect, *protection);
      for (std::size_t u = 0; u < users.size(); ++u) {
        out += u == 0 ? "" : ", ";
        append_json_string(out, users[u]);
      }
      out += "]}";
    } else {
      out += "null";
    }
  }
  out += "\n}\n";
}

}  // namespace ecrlc::detail
