// Explanations as text: the image, a table of what each rule did, the outcome.
#include <algorithm>
#include <ostream>

#include "base/enum_names.hpp"
#include "base/text.hpp"
#include "base/text_table.hpp"
#include "output/explain_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc {
namespace detail {
// `policy_file` is named (a "Policy" row) only for --policies / --policy-map runs, where the
// policy depends on the repository.
void render_explanation_text(std::string& out, const ExplainSubject& subject,
                             const ImageExplanation& explanation, const TableWidth& width) {
  const auto& [policy, policy_file, repository, index, now, protect, protection] = subject;
  const ImageRecord& image = repository.images[index];
  TextTable head;
  head.set_limit(width.columns);
  head.set_fit(1, {16});  // "sha256:3f2a9c1b…"
  head.add_row({"Repository", repository.name});
  if (!policy_file.empty()) {
    head.add_row({"Policy", policy_file});
  }
  head.add_row({"Image", image.digest.to_string()});
  head.add_row({"Tags", tags_or_untagged(image.tags, ", ")});
  head.add_row({"Pushed", format_readable(image.pushed_at) + " (" +
                              days(age_in_days(image.pushed_at, now)) + " ago)"});
  if (image.last_activated) {
    head.add_row({"Restored", format_readable(*image.last_activated)});
  }
  if (image.last_archived) {
    head.add_row({"Archived", format_readable(*image.last_archived)});
  }
  if (image.last_pulled) {
    head.add_row({"Pulled", format_readable(*image.last_pulled)});
  }
  head.add_row(
      {"Status", std::string(to_api(image.status)) + ", " + format_bytes(image.size_bytes)});
  head.add_row({"Now", format_readable(now)});
  head.render(out);
  out += '\n';

  TextTable rows;
  rows.set_limit(width.columns);
  for (std::size_t c = 2; c < 6; ++c) {
    rows.set_fit(c, {12});  // SELECTION, SELECTED, STANDING, RESULT
  }
  rows.add_row({"RULE", "ACTION", "SELECTION", "SELECTED", "STANDING", "RESULT"});
  for (const RuleTrace& trace : explanation.rules) {
    const Rule& rule = *trace.rule;
    std::string selection = std::string(to_json(rule.tag_status));
    if (!rule.tag_prefixes.empty() || !rule.tag_patterns.empty()) {
      const auto& list = rule.tag_prefixes.empty() ? rule.tag_patterns : rule.tag_prefixes;
      selection += rule.tag_prefixes.empty() ? " pattern " : " prefix ";
      selection += join(list, ",");
    }
    if (rule.storage_class == StorageClass::archive) {
      selection += " (archive)";
    }
    rows.add_row(
        {std::to_string(trace.priority),
         action_label(rule.action == ActionType::transition ? Action::transition : Action::expire),
         selection, selection_sentence(trace, image), standing_sentence(trace),
         result_sentence(trace)});
  }
  rows.render(out);
  out += '\n';
  out += outcome_sentence(policy, repository, index, explanation.verdict, now);
  out += '\n';
  if (explanation.consequence) {
    out += consequence_sentence(repository, *explanation.consequence);
    out += '\n';
  }
  if (protect != nullptr) {
    out += explain_in_use_sentence(*protect, repository,
                                   protection.has_value() ? &*protection : nullptr,
                                   explanation.verdict.action);
    out += '\n';
  }
}

}  // namespace detail

std::optional<ExplainFormat> parse_explain_format(std::string_view name) {
  static constexpr std::array<std::string_view, 2> k_names{"text", "json"};
  return detail::enum_from_name<ExplainFormat>(name, k_names);
}

void render_explanation(std::ostream& out, const ExplainSubject& subject,
                        const ImageExplanation& explanation, ExplainFormat format,
                        TableWidth width) {
  std::string text;
  if (format == ExplainFormat::json) {
    detail::render_explanation_json(text, subject, explanation);
  } else {
    detail::render_explanation_text(text, subject, explanation, width);
  }
  out << text;
  out.flush();
}

}  // namespace ecrlc
