// Explanations as text: the image, a table of what each rule did, the outcome; and the
// messages for an IMAGE argument that names no image or several.
#include <algorithm>
#include <ostream>

#include "base/enum_names.hpp"
#include "base/text.hpp"
#include "base/text_table.hpp"
#include "output/explain_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc {
namespace detail {
namespace {

std::string_view source_word(TimeSource source) {
  static constexpr std::array<std::string_view, 4> k_words{"pushed", "restored", "pulled",
                                                           "archived"};
  return enum_name(source, k_words);
}

std::string days(std::int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

std::string selection_text(const RuleTrace& trace, const ImageRecord& image) {
  const Rule& rule = *trace.rule;
  switch (trace.selection) {
    case SelectionCheck::selected:
      return "yes";
    case SelectionCheck::activating:
      return "no: image is ACTIVATING";
    case SelectionCheck::storage_class:
      return std::string("no: rule selects ") + std::string(to_json(rule.storage_class)) +
             " images, image is " +
             (image.status == ImageStatus::archived ? "archive" : "standard");
    case SelectionCheck::has_tags:
      return "no: rule selects untagged images";
    case SelectionCheck::no_tags:
      return "no: image is untagged";
    case SelectionCheck::entry_unmatched: {
      const bool prefixes = !rule.tag_prefixes.empty();
      const auto& list = prefixes ? rule.tag_prefixes : rule.tag_patterns;
      std::string entry = trace.unmatched_entry < list.size() ? list[trace.unmatched_entry] : "";
      return std::string("no: no tag matches ") + (prefixes ? "prefix \"" : "pattern \"") + entry +
             "\"";
    }
  }
  return "no";
}

std::string standing_text(const RuleTrace& trace) {
  const Rule& rule = *trace.rule;
  if (!rule.is_age_rule()) {
    if (trace.rank == 0) {
      return "-";
    }
    std::string text(1, '#');
    text += std::to_string(trace.rank) + " of " + std::to_string(trace.selected_count);
    text += ", keeps newest " + std::to_string(rule.count_number);
    return text;
  }
  if (!trace.reference_time) {
    return "-";
  }
  const std::int64_t age_days = trace.age >= 0
                                    ? trace.age / k_micros_per_day
                                    : -((-trace.age + k_micros_per_day - 1) / k_micros_per_day);
  return std::string(source_word(trace.time_source)) + " " + days(age_days) + " ago, " +
         (trace.marked ? "more than " : "not more than ") + days(rule.count_number);
}

std::string result_text(const RuleTrace& trace) {
  if (trace.acted) {
    return std::string(action_label(
        trace.rule->action == ActionType::transition ? Action::transition : Action::expire));
  }
  if (trace.marked && trace.protector != 0) {
    return "marked; protected by rule " + std::to_string(trace.protector);
  }
  if (trace.marked) {
    return "marked";
  }
  return trace.selection == SelectionCheck::selected ? "not marked" : "-";
}

std::string tags_text(const ImageRecord& image) {
  if (image.tags.empty()) {
    return "<none>";
  }
  return join(image.tags, ", ");
}

std::string table_time(Micros t) {
  std::string text;
  append_table_time(text, t);
  return text + " UTC";
}

}  // namespace

// `policy_file` is named (a "Policy" row) only for --policies / --policy-map runs, where the
// policy depends on the repository.
void render_explanation_text(std::string& out, const ExplainSubject& subject,
                             const ImageExplanation& explanation) {
  const auto& [policy, policy_file, repository, index, now, protect, protection] = subject;
  const ImageRecord& image = repository.images[index];
  TextTable head;
  head.add_row({"Repository", repository.name});
  if (!policy_file.empty()) {
    head.add_row({"Policy", policy_file});
  }
  head.add_row({"Image", image.digest.to_string()});
  head.add_row({"Tags", tags_text(image)});
  head.add_row({"Pushed", table_time(image.pushed_at) + " (" +
                              days(age_in_days(image.pushed_at, now)) + " ago)"});
  if (image.last_activated) {
    head.add_row({"Restored", table_time(*image.last_activated)});
  }
  if (image.last_archived) {
    head.add_row({"Archived", table_time(*image.last_archived)});
  }
  if (image.last_pulled) {
    head.add_row({"Pulled", table_time(*image.last_pulled)});
  }
  head.add_row(
      {"Status", std::string(to_api(image.status)) + ", " + format_bytes(image.size_bytes)});
  head.add_row({"Now", table_time(now)});
  head.render(out);
  out += '\n';

  TextTable rows;
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
         selection, selection_text(trace, image), standing_text(trace), result_text(trace)});
  }
  rows.render(out);
  out += "\nOutcome: ";
  out += action_label(explanation.verdict.action);
  out += ": ";
  out += describe_reason(policy, repository, index, explanation.verdict, now);
  out += "\n";
  if (explanation.consequence) {
    out += "Consequence: ECR removes this referrer within 24 hours: its subject ";
    out += repository.images[explanation.consequence->subject].digest.short_string();
    out += " expires under rule " + std::to_string(explanation.consequence->rule) + "\n";
  }
  if (protect != nullptr) {
    out += protection ? "In use: " + describe_protection(*protect, repository, *protection) +
                            (explanation.verdict.action == Action::none
                                 ? "\n"
                                 : " (--protect: a plan keeps it)\n")
                      : std::string("In use: no --protect file names it\n");
  }
}

}  // namespace detail

std::optional<ExplainFormat> parse_explain_format(std::string_view name) {
  static constexpr std::array<std::string_view, 2> k_names{"text", "json"};
  return detail::enum_from_name<ExplainFormat>(name, k_names);
}

void render_explanation(std::ostream& out, const ExplainSubject& subject,
                        const ImageExplanation& explanation, ExplainFormat format) {
  std::string text;
  if (format == ExplainFormat::json) {
    detail::render_explanation_json(text, subject, explanation);
  } else {
    detail::render_explanation_text(text, subject, explanation);
  }
  out << text;
  out.flush();
}

std::string describe_image_matches(std::string_view image, const std::vector<ImageRef>& found) {
  std::string text;
  if (found.empty()) {
    text += "no image matches \"";
    text += image;
    text += "\" (give a digest, a unique digest prefix, TAG or REPOSITORY:TAG)";
    return text;
  }
  text += "\"";
  text += image;
  text += "\" matches " + std::to_string(found.size()) + " images; name one of them:";
  for (const ImageRef& ref : found) {
    const ImageRecord& record = ref.repository->images[ref.index];
    text += "\n  " + ref.repository->name + "@" + record.digest.to_string();
    if (!record.tags.empty()) {
      text += " (";
      for (std::size_t t = 0; t < record.tags.size(); ++t) {
        text += t == 0 ? "" : ", ";
        text += ref.repository->name;
        text += ':';
        text += record.tags[t];
      }
      text += ")";
    }
  }
  return text;
}

}  // namespace ecrlc
