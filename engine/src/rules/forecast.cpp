// Horizon forecasts: re-evaluation at the instants where age thresholds are crossed.
#include "ecrlc/forecast.hpp"

#include <algorithm>
#include <string>

#include "rules/selection.hpp"

namespace ecrlc {

Result<Micros> parse_duration(std::string_view text) {
  constexpr Micros k_max = Micros{100} * 366 * k_micros_per_day;
  if (text.empty()) {
    return unexpected("expected a duration like 14d or 36h, got an empty string");
  }
  Micros total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    Micros number = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + (text[i] - '0');
      if (number > k_max) {
        return unexpected("duration " + std::string(text) + " is longer than 100 years");
      }
      ++i;
    }
    if (i == start || i == text.size()) {
      return unexpected("expected a duration like 14d, 36h or 1d12h (units w, d, h, m, s), got " +
                        std::string(text));
    }
    Micros unit = 0;
    switch (text[i]) {
      case 'w':
        unit = 7 * k_micros_per_day;
        break;
      case 'd':
        unit = k_micros_per_day;
        break;
      case 'h':
        unit = 3600 * k_micros_per_second;
        break;
      case 'm':
        unit = 60 * k_micros_per_second;
        break;
      case 's':
        unit = k_micros_per_second;
        break;
      default:
        return unexpected("expected a duration like 14d, 36h or 1d12h (units w, d, h, m, s), got " +
                          std::string(text));
    }
    ++i;
    if (number > k_max / unit || total + number * unit > k_max) {
      return unexpected("duration " + std::string(text) + " is longer than 100 years");
    }
    total += number * unit;
  }
  if (total == 0) {
    return unexpected("duration " + std::string(text) + " is zero");
  }
  return total;
}

namespace {

// Whether the image has an outcome that removes or moves it.
std::vector<bool> acted_images(const RepositoryEvaluation& evaluation) {
  std::vector<bool> acted(evaluation.verdicts.size(), false);
  for (std::size_t i = 0; i < evaluation.verdicts.size(); ++i) {
    acted[i] = evaluation.verdicts[i].action != Action::none;
  }
  for (const ReferrerConsequence& consequence : evaluation.consequences) {
    acted[consequence.referrer] = true;
  }
  return acted;
}

}  // namespace

std::vector<ForecastEntry> forecast_repository(const LifecyclePolicy& policy,
                                               const Repository& repository,
                                               const EvalContext& context, Micros horizon) {
  std::vector<ForecastEntry> entries;
  const Micros now = context.now;
  const Micros end = saturating_add(now, horizon);
  const RepositoryEvaluation baseline = evaluate_repository(policy, repository, context);
  std::vector<bool> done = acted_images(baseline);

  // Only the first rule that selects an image can ever act on it (phase 2), and only an age
  // rule's mark changes with time: its crossing is the one candidate instant per image.
  std::vector<Micros> candidates;
  for (const ImageRecord& image : repository.images) {
    for (const Rule& rule : policy.rules) {
      if (!detail::fast_selects(rule, image)) {
        continue;
      }
      if (rule.is_age_rule()) {
        const Micros reference = detail::reference_time(rule.count_type, image).time;
        const Micros threshold = detail::days_threshold(rule.count_number);
        // The mark is crossed one microsecond after reference + threshold ("more than");
        // a mark beyond the range of times is never crossed.
        Micros mark = 0;
        if (!__builtin_add_overflow(reference, threshold, &mark) && mark < end && mark >= now) {
          candidates.push_back(mark + 1);
        }
      }
      break;
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  for (const Micros at : candidates) {
    const RepositoryEvaluation later = evaluate_repository(policy, repository, EvalContext{at});
    for (std::uint32_t i = 0; i < later.verdicts.size(); ++i) {
      const ImageVerdict& verdict = later.verdicts[i];
      if (!done[i] && verdict.action != Action::none) {
        done[i] = true;
        entries.push_back({i, at, verdict.action, verdict.rule, false});
      }
    }
    for (const ReferrerConsequence& consequence : later.consequences) {
      if (!done[consequence.referrer]) {
        done[consequence.referrer] = true;
        entries.push_back({consequence.referrer, at, Action::expire, consequence.rule, true});
      }
    }
  }
  std::sort(entries.begin(), entries.end(), [](const ForecastEntry& a, const ForecastEntry& b) {
    return a.at != b.at ? a.at < b.at : a.image < b.image;
  });
  return entries;
}

}  // namespace ecrlc
