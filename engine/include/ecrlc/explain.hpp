// Explain traces: rule by rule, why the engine decides as it does for one image.
// Pure, like evaluate.hpp; output.hpp renders them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/selection_check.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc {

// What one rule did with the image.
struct RuleTrace {
  const Rule* rule = nullptr;  // into the policy given to trace_image()
  std::int64_t priority = 0;
  SelectionCheck selection = SelectionCheck::selected;
  // entry_unmatched: index in the rule's tagPrefixList or tagPatternList (whichever it has).
  std::size_t unmatched_entry = 0;

  // Count rules (imageCountMoreThan).
  std::uint32_t rank = 0;            // 1-based, newest first among selected; 0 if not selected
  std::uint32_t selected_count = 0;  // how many images of the repository the rule selects

  // Age rules, when selected: now - reference_time > threshold marks the image.
  std::optional<Micros> reference_time;
  TimeSource time_source = TimeSource::image_pushed_at;
  Micros age = 0;        // now - reference_time (negative for times after now)
  Micros threshold = 0;  // countNumber days in microseconds (saturated)

  bool marked = false;         // phase 1 marked the image
  std::int64_t protector = 0;  // marked, but this higher rule selected it first; 0 when none
  // Phase 2 gave the image this rule's action. The final verdict may still withdraw it
  // (section 4: child of a surviving index).
  bool acted = false;
};

// One entry per rule of `policy`, in ascending priority, for
// `repository.images[image_index]` as of `context.now`. Precondition: image_index is valid.
std::vector<RuleTrace> trace_image(const LifecyclePolicy& policy, const Repository& repository,
                                   std::uint32_t image_index, const EvalContext& context);

// The trace plus the final outcome: the image's verdict from evaluate_repository() and, when
// ECR removes it as the referrer of an expiring subject, that consequence.
struct ImageExplanation {
  std::vector<RuleTrace> rules;
  ImageVerdict verdict;
  std::optional<ReferrerConsequence> consequence;
};

ImageExplanation explain_image(const LifecyclePolicy& policy, const Repository& repository,
                               std::uint32_t image_index, const EvalContext& context);

// One image of an inventory.
struct ImageRef {
  const Repository* repository = nullptr;
  std::uint32_t index = 0;  // in repository->images
};

}  // namespace ecrlc
