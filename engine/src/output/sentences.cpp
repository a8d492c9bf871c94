// The sentences and labels of the outputs.
#include "output/sentences.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

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

// "more than 14 days since pushed (40 days)" or "not more than ...": a rule's age test.
void append_age_test(std::string& text, const Rule& rule, const ImageRecord& image,
                     const ImageVerdict& verdict, Micros now, bool passed) {
  text.append(passed ? "more than " : "not more than ");
  append_days(text, rule.count_number);
  text.append(" since ");
  if (verdict.reference_time) {
    text.append(reference_kind(image, *verdict.reference_time));
    text.append(" (");
    append_days(text, age_in_days(*verdict.reference_time, now));
    text.push_back(')');
  } else {
    text.append(rule.count_type == CountType::since_image_pulled         ? "pulled"
                : rule.count_type == CountType::since_image_transitioned ? "archived"
                                                                         : "pushed");
  }
}

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

std::string protect_location(const ProtectList& list, std::size_t reference) {
  const ProtectReference& r = list.references[reference];
  std::string text = r.file < list.files.size() ? list.files[r.file] + ":" : std::string();
  return text + std::to_string(r.line) + ":" + std::to_string(r.column);
}

std::string protect_user(const ProtectList& list, std::size_t reference) {
  const ProtectReference& r = list.references[reference];
  return r.source.empty() ? protect_location(list, reference) + " " + r.text : r.source;
}

std::vector<std::string> protect_users(const ProtectList& list, const ImageProtection& protection) {
  std::vector<std::string> users;
  for (const std::size_t reference : protection.references) {
    std::string user = protect_user(list, reference);
    // A pod names its image twice (spec and status): one user.
    if (std::find(users.begin(), users.end(), user) == users.end()) {
      users.push_back(std::move(user));
    }
  }
  return users;
}

std::string describe_protection(const ProtectList& list, const Repository& repository,
                                const ImageProtection& protection) {
  constexpr std::size_t k_shown = 3;
  std::string text;
  const Protection& how = protection.protection;
  const std::string via = how.kind == ProtectionKind::direct
                              ? std::string()
                              : repository.images[how.via].digest.short_string();
  switch (how.kind) {
    case ProtectionKind::direct:
      break;
    case ProtectionKind::child_of_index:
      text = "child of protected index " + via + ": ";
      break;
    case ProtectionKind::referrer:
      text = "referrer of protected " + via + ": ";
      break;
    case ProtectionKind::subject:
      text = "subject of protected referrer " + via + ": ";
      break;
  }
  const std::vector<std::string> users = protect_users(list, protection);
  for (std::size_t u = 0; u < users.size() && u < k_shown; ++u) {
    text += (u == 0 ? "" : ", ") + users[u];
  }
  if (users.size() > k_shown) {
    text += " and " + std::to_string(users.size() - k_shown) + " more";
  }
  return text;
}

std::string describe_other_registries(const ProtectList& list) {
  if (list.other_registry == 0) {
    return {};
  }
  std::string text =
      plural(list.other_registry, "reference", "references") + " to other registries ignored (";
  for (std::size_t h = 0; h < list.other_registries.size(); ++h) {
    text += (h == 0 ? "" : ", ") + list.other_registries[h];
  }
  return text + ")";
}

}  // namespace ecrlc
