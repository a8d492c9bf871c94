// Horizon forecasts (`preview --horizon DURATION`): the images age-based rules will act on
// before now + DURATION if nothing is pushed, pulled or restored meanwhile, and when.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/result.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc {

// Parses a duration: one or more `<integer><unit>` parts with units w (weeks), d (days),
// h (hours), m (minutes), s (seconds), e.g. `14d`, `36h`, `1d12h`. Fails (with a message)
// on anything else, a zero total or a total beyond 100 years.
Result<Micros> parse_duration(std::string_view text);

// One image that starts to get an action within the horizon.
struct ForecastEntry {
  std::uint32_t image = 0;  // index in Repository::images
  // The first instant at which evaluating the policy gives the image an action: its
  // reference time + countNumber days + 1 microsecond for the rule that crosses.
  Micros at = 0;
  Action action = Action::none;  // expire or transition
  std::int64_t rule = 0;         // applied rule priority (for a referrer: its subject's rule)
  bool referrer = false;         // removed with its expiring subject (semantics.md 4)
};

// Images without an action (and not removed as referrers) at `context.now` that get one at
// some instant in (now, now + horizon], each with the earliest such instant; sorted by `at`,
// then image index. Time alone changes only the marks of age rules, so the policy is
// re-evaluated exactly at the instants where an image's first selecting age rule crosses its
// threshold (in order); between two such instants no outcome changes.
std::vector<ForecastEntry> forecast_repository(const LifecyclePolicy& policy,
                                               const Repository& repository,
                                               const EvalContext& context, Micros horizon);

}  // namespace ecrlc
