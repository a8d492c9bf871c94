// The sentence catalogue (sentences.hpp): counts, bytes, labels, the reasons and forecasts of
// previews, the preview table and explain sentences (those of diffs, plans and protect files
// are in sentences_ops.cpp).
#include "output/sentences.hpp"

#include <array>
#include <cstdio>

#include "base/enum_names.hpp"
#include "base/text.hpp"

namespace ecrlc {

std::string plural(std::uint64_t count, std::string_view one, std::string_view many) {
  std::string text = std::to_string(count);
  text.push_back(' ');
  text.append(count == 1 ? one : many);
  return text;
}

std::string format_bytes(ByteTotal bytes) {
  static constexpr std::array<const char*, 6> k_units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < ByteTotal(1024)) {
    return bytes.to_string() + " B";
  }
  // A double's 53 bits are more than the one decimal shown needs, at any size.
  double value = bytes.to_double();
  std::size_t unit = 0;
  value /= 1024.0;
  // Move up a unit when the value would print as 1024.0 after rounding.
  while (value >= 1023.95 && unit + 1 < k_units.size()) {
    value /= 1024.0;
    ++unit;
  }
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.1f %s", value, k_units[unit]);
  return buffer.data();
}

std::string_view action_label(Action action) {
  switch (action) {
    case Action::expire:
      return "expire";
    case Action::transition:
      return "transition\u2192archive";
    case Action::none:
      return "keep";
  }
  return "keep";
}

std::string_view reference_kind(const ImageRecord& image, Micros reference) {
  if (image.last_pulled == reference) {
    return "pulled";
  }
  if (image.last_archived == reference) {
    return "archived";
  }
  if (image.last_activated == reference) {
    return "restored";
  }
  return "pushed";
}

namespace {

// Sentences are built with append(): GCC 12 reports a false -Wrestrict on `"#" + string`.
void append_rule(std::string& text, std::int64_t priority) {
  text.append("rule ");
  append_integer(text, priority);
}

void append_days(std::string& text, std::int64_t days) {
  append_integer(text, days);
  text.append(days == 1 ? " day" : " days");
}

// An age compared with an age rule's `threshold` days: whole days ("40 days") unless the
// whole days equal the threshold, where they would read "more than 14 days (14 days)": then
// what lies beyond them ("14 days 6 hours", "14 days 30 minutes", "14 days 5 seconds",
// "14 days and under a second"), or "exactly 14 days" (not more than 14 days: kept).
void append_age_against(std::string& text, Micros age, std::int64_t threshold) {
  const std::int64_t whole =
      age >= 0 ? age / k_micros_per_day : -((-age + k_micros_per_day - 1) / k_micros_per_day);
  if (whole != threshold) {
    append_days(text, whole);
    return;
  }
  const Micros rest = age - whole * k_micros_per_day;
  if (rest == 0) {
    text.append("exactly ");
    append_days(text, whole);
    return;
  }
  append_days(text, whole);
  constexpr Micros k_hour = 3600 * k_micros_per_second;
  constexpr Micros k_minute = 60 * k_micros_per_second;
  if (rest < k_micros_per_second) {
    text.append(" and under a second");
    return;
  }
  const Micros unit = rest >= k_hour ? k_hour : rest >= k_minute ? k_minute : k_micros_per_second;
  const std::int64_t count = rest / unit;
  text.push_back(' ');
  append_integer(text, count);
  const std::string_view name = unit == k_hour ? " hour" : unit == k_minute ? " minute" : " second";
  text.append(name);
  if (count != 1) {
    text.push_back('s');
  }
}

// "more than 14 days since pushed (40 days)" or "not more than ...": a rule's age test.
void append_age_test(std::string& text, const Rule& rule, const ImageRecord& image,
                     const ImageVerdict& verdict, Micros now, bool passed) {
  text.append(passed ? "more than " : "not more than ");
  append_days(text, rule.count_number);
  text.append(" since ");
  if (verdict.reference_time) {
    text.append(reference_kind(image, *verdict.reference_time));
    text.append(" (");
    append_age_against(text, now - *verdict.reference_time, rule.count_number);
    text.push_back(')');
  } else {
    text.append(rule.count_type == CountType::since_image_pulled         ? "pulled"
                : rule.count_type == CountType::since_image_transitioned ? "archived"
                                                                         : "pushed");
  }
}

}  // namespace

std::string tags_or_untagged(std::span<const std::string_view> tags, std::string_view separator) {
  return tags.empty() ? std::string(k_untagged) : detail::join(tags, separator);
}

std::string tags_or_untagged(const std::vector<std::string>& tags, std::string_view separator) {
  return tags.empty() ? std::string(k_untagged) : detail::join(tags, separator);
}

void append_days_cell(std::string& out, std::int64_t count) {
  append_integer(out, count);
  out.push_back('d');
}

std::string days_cell(std::int64_t count) {
  std::string text;
  append_days_cell(text, count);
  return text;
}

std::string days(std::int64_t count) {
  std::string text;
  append_days(text, count);
  return text;
}

namespace {

void append_rank(std::string& text, std::uint32_t rank) {
  text.append(" (#");
  append_integer(text, rank);
  text.push_back(')');
}

}  // namespace

void append_reason(std::string& text, const LifecyclePolicy& policy, const Repository& repository,
                   std::uint32_t image_index, const ImageVerdict& verdict, Micros now) {
  const ImageRecord& image = repository.images[image_index];
  const Rule* rule = find_rule(policy, verdict.rule);
  switch (verdict.reason) {
    case Reason::acted_on:
    case Reason::too_young:
      append_rule(text, verdict.rule);
      if (rule == nullptr) {
        break;
      }
      text.append(": ");
      if (rule->is_age_rule()) {
        append_age_test(text, *rule, image, verdict, now, verdict.reason == Reason::acted_on);
      } else {
        text.append("beyond the newest ");
        append_integer(text, rule->count_number);
        append_rank(text, verdict.rank);
      }
      break;
    case Reason::within_count:
      text.append("within the newest ");
      if (rule != nullptr) {
        append_integer(text, rule->count_number);
        text.push_back(' ');
      }
      text.append("of ");
      append_rule(text, verdict.rule);
      append_rank(text, verdict.rank);
      break;
    case Reason::protected_by_rule:
      text.append("protected by ");
      append_rule(text, verdict.protector);
      text.append("'s selection (");
      append_rule(text, verdict.rule);
      text.append(" marked it)");
      break;
    case Reason::child_of_surviving_index:
      text.append("child of surviving index ");
      if (verdict.parent && *verdict.parent < repository.images.size()) {
        text.append(repository.images[*verdict.parent].digest.short_string());
        text.push_back(' ');
      }
      text.push_back('(');
      append_rule(text, verdict.rule);
      text.append(" withdrawn)");
      break;
    case Reason::activating:
      text.append("being restored from archive (ACTIVATING): ignored");
      break;
    case Reason::not_selected:
      text.append("not selected by any rule");
      break;
  }
  if (image.ambiguous) {  // plans hold it back whatever the verdict
    text.append("; ambiguous: ");
    text.append(repository.ambiguity_text(image_index));
  }
}

std::string describe_reason(const LifecyclePolicy& policy, const Repository& repository,
                            std::uint32_t image, const ImageVerdict& verdict, Micros now) {
  std::string text;
  append_reason(text, policy, repository, image, verdict, now);
  return text;
}

// `at` is reference + countNumber days + 1 microsecond (forecast.hpp).
std::optional<Micros> forecast_reference_time(const LifecyclePolicy& policy,
                                              const ForecastEntry& entry) {
  const Rule* rule = find_rule(policy, entry.rule);
  if (entry.referrer || rule == nullptr || !rule->is_age_rule()) {
    return std::nullopt;
  }
  return entry.at - 1 - rule->count_number * k_micros_per_day;
}

std::string describe_forecast(const LifecyclePolicy& policy, const Repository& repository,
                              const ForecastEntry& entry) {
  const ImageRecord& image = repository.images[entry.image];
  std::string text;
  if (entry.referrer) {
    text.append("referrer: removed with its subject ");
    text.append(image.subject ? image.subject->short_string() : std::string("?"));
    text.append(" (");
    append_rule(text, entry.rule);
    text.push_back(')');
    return text;
  }
  append_rule(text, entry.rule);
  const Rule* rule = find_rule(policy, entry.rule);
  const auto reference = forecast_reference_time(policy, entry);
  if (rule == nullptr || !reference) {
    return text;
  }
  text.append(": more than ");
  append_days(text, rule->count_number);
  text.append(" since ");
  text.append(reference_kind(image, *reference));
  return text;
}

std::int64_t forecast_days(const ForecastEntry& entry, Micros now) {
  return age_in_days(now, entry.at);
}

std::string repository_label(const Repository& repository, bool several_registries) {
  if (!several_registries) {
    return repository.name;
  }
  return repository.name + " (" +
         (repository.registry_id.empty() ? std::string("no registryId") : repository.registry_id) +
         ")";
}

std::string scope_sentence(Micros now, std::size_t repositories, std::uint64_t images) {
  std::string text = "Evaluated at ";
  append_table_time(text, now);
  text.append(" UTC: ");
  text.append(plural(repositories, "repository", "repositories"));
  text.append(", ");
  text.append(plural(images, "image", "images"));
  text.push_back('.');
  return text;
}

std::string_view nothing_listed_sentence(std::uint64_t images) {
  return images == 0 ? "No images in scope." : "No image expires or transitions.";
}

std::string kept_not_listed_sentence(std::uint64_t kept) {
  return plural(kept, "image", "images") + " kept, not listed (--all lists them).";
}

std::string forecast_heading(Micros until, std::string_view horizon_text, bool any_entry) {
  std::string text = "Forecast to ";
  append_table_time(text, until);
  text.append(" UTC (");
  text.append(horizon_text);
  text.append("), if nothing is pushed, pulled or restored meanwhile");
  text.append(any_entry ? ":" : ": no other image expires or transitions.");
  return text;
}

const std::string_view k_no_repository_has_a_policy = "No repository in scope has a policy.";

std::string not_evaluated_sentence(const std::vector<std::string>& names) {
  return "Repositories without a policy (not evaluated): " + detail::join(names, ", ");
}

std::string selection_sentence(const RuleTrace& trace, const ImageRecord& image) {
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

namespace {

std::string_view source_word(TimeSource source) {
  static constexpr std::array<std::string_view, 4> k_words{"pushed", "restored", "pulled",
                                                           "archived"};
  return detail::enum_name(source, k_words);
}

}  // namespace

std::string standing_sentence(const RuleTrace& trace) {
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
  std::string text(source_word(trace.time_source));
  text.push_back(' ');
  append_age_against(text, trace.age, rule.count_number);
  text.append(trace.marked ? " ago, more than " : " ago, not more than ");
  append_days(text, rule.count_number);
  return text;
}

std::string result_sentence(const RuleTrace& trace) {
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

std::string outcome_sentence(const LifecyclePolicy& policy, const Repository& repository,
                             std::uint32_t image, const ImageVerdict& verdict, Micros now) {
  std::string text = "Outcome: ";
  text.append(action_label(verdict.action));
  text.append(": ");
  append_reason(text, policy, repository, image, verdict, now);
  return text;
}

std::string consequence_sentence(const Repository& repository,
                                 const ReferrerConsequence& consequence) {
  return "Consequence: ECR removes this referrer within 24 hours: its subject " +
         repository.images[consequence.subject].digest.short_string() + " expires under rule " +
         std::to_string(consequence.rule);
}

std::string describe_image_matches(std::string_view image, const std::vector<ImageRef>& found) {
  std::string text;
  if (found.empty()) {
    text += "no image matches \"";
    text += image;
    text +=
        "\" (give a digest or a unique digest prefix, REPOSITORY@DIGEST, "
        "REPOSITORY:TAG, TAG or an image URI)";
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
