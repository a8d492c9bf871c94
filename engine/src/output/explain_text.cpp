// Explanations as text: the image, a table of what each rule did, the outcome; and the
// messages for an IMAGE argument that names no image or several.
#include <algorithm>
#include <ostream>

#include "output/sentences.hpp"
#include "output/explain_formats.hpp"

namespace ecrlc {
namespace detail {
namespace {

std::string_view source_word(TimeSource source) {
  switch (source) {
    case TimeSource::image_pushed_at:
      return "pushed";
    case TimeSource::last_activated_at:
      return "restored";
    case TimeSource::last_recorded_pull_time:
      return "pulled";
    case TimeSource::last_archived_at:
      return "archived";
  }
  return "pushed";
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

void write_cells(std::string& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  auto width = [](const std::string& s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  };
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], width(row[c]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c != 0) {
        line += "  ";
      }
      line += row[c];
      if (c + 1 != row.size()) {
        line.append(widths[c] - width(row[c]), ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line;
    out += '\n';
  }
}

std::string tags_text(const ImageRecord& image) {
  if (image.tags.empty()) {
    return "<none>";
  }
  std::string text;
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    text += (t == 0 ? "" : ", ");
    text += image.tags[t];
  }
  return text;
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
  const LifecyclePolicy& policy = subject.policy;
  const std::string_view policy_file = subject.policy_file;
  const Repository& repository = subject.repository;
  const std::uint32_t index = subject.image;
  const Micros now = subject.now;
  const ImageRecord& image = repository.images[index];
  std::vector<std::vector<std::string>> head = {
      {"Repository", repository.name},
      {"Image", image.digest.to_string()},
      {"Tags", tags_text(image)},
      {"Pushed",
       table_time(image.pushed_at) + " (" + days(age_in_days(image.pushed_at, now)) + " ago)"},
      {"Status", std::string(to_api(image.status)) + ", " + format_bytes(image.size_bytes)},
      {"Now", table_time(now)},
  };
  if (image.last_pulled) {
    head.insert(head.begin() + 4, {"Pulled", table_time(*image.last_pulled)});
  }
  if (image.last_archived) {
    head.insert(head.begin() + 4, {"Archived", table_time(*image.last_archived)});
  }
  if (image.last_activated) {
    head.insert(head.begin() + 4, {"Restored", table_time(*image.last_activated)});
  }
  // After the rows inserted by position above.
  if (!policy_file.empty()) {
    head.insert(head.begin() + 1, {"Policy", std::string(policy_file)});
  }
  write_cells(out, head);
  out += '\n';

  std::vector<std::vector<std::string>> rows = {
      {"RULE", "ACTION", "SELECTION", "SELECTED", "STANDING", "RESULT"}};
  for (const RuleTrace& trace : explanation.rules) {
    const Rule& rule = *trace.rule;
    std::string selection = std::string(to_json(rule.tag_status));
    if (!rule.tag_prefixes.empty() || !rule.tag_patterns.empty()) {
      const auto& list = rule.tag_prefixes.empty() ? rule.tag_patterns : rule.tag_prefixes;
      selection += rule.tag_prefixes.empty() ? " pattern " : " prefix ";
      for (std::size_t e = 0; e < list.size(); ++e) {
        selection += (e == 0 ? "" : ",") + list[e];
      }
    }
    if (rule.storage_class == StorageClass::archive) {
      selection += " (archive)";
    }
    rows.push_back(
        {std::to_string(trace.priority),
         std::string(action_label(rule.action == ActionType::transition ? Action::transition
                                                                        : Action::expire)),
         selection, selection_text(trace, image), standing_text(trace), result_text(trace)});
  }
  write_cells(out, rows);
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
}

}  // namespace detail

std::optional<ExplainFormat> parse_explain_format(std::string_view name) {
  if (name == "text") {
    return ExplainFormat::text;
  }
  if (name == "json") {
    return ExplainFormat::json;
  }
  return std::nullopt;
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
