// The rule engine: two-phase evaluation of a policy over one repository (semantics.md 2-4).
// Pure: it gets `now` and data; it never reads the clock, the disk or the environment.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc {

struct EvalContext {
  Micros now = 0;
};

enum class Action : std::uint8_t { none, expire, transition };

// Why an image ends as it does. Exactly one per image.
enum class Reason : std::uint8_t {
  acted_on,                  // rule `rule` marked it and no higher rule selected it
  not_selected,              // no rule selects it (wrong tags, wrong storage class)
  within_count,              // first selecting rule `rule`: within its newest countNumber
  too_young,                 // first selecting rule `rule`: not more than countNumber days old
  protected_by_rule,         // rule `rule` marked it, but higher rule `protector` selected it
  child_of_surviving_index,  // rule `rule` acted on it, withdrawn: index `parent` survives
  activating,                // imageStatus ACTIVATING: never selected, counted or acted on
};

std::string_view to_json(Action action);  // "none", "expire", "transition"
std::string_view to_json(Reason reason);  // "acted_on", "not_selected", ...

// The outcome for one image of the repository (40 bytes: one per image of the inventory).
struct ImageVerdict {
  Action action = Action::none;
  Reason reason = Reason::not_selected;
  // Count rules: 1-based position among the rule's selected images, newest first.
  std::uint32_t rank = 0;
  std::int64_t rule = 0;       // priority of the rule the reason is about; 0 when none
  std::int64_t protector = 0;  // protected_by_rule: priority of the protecting rule
  // Age rules: the reference time the rule compared with now (push, pull, archive...).
  OptionalMicros reference_time;
  // child_of_surviving_index: index (in Repository::images) of a surviving parent index.
  std::optional<std::uint32_t> parent;
};

// A referrer that ECR removes because its subject expires (section 4).
struct ReferrerConsequence {
  std::uint32_t referrer = 0;  // index in Repository::images
  std::uint32_t subject = 0;   // index in Repository::images of the expiring subject
  std::int64_t rule = 0;       // priority of the rule that expires the subject
};

struct RepositoryEvaluation {
  std::vector<ImageVerdict> verdicts;             // one per image, same order as Repository::images
  std::vector<ReferrerConsequence> consequences;  // sorted by referrer index
};

// Evaluates `policy` on one repository as of `context.now`.
RepositoryEvaluation evaluate_repository(const LifecyclePolicy& policy,
                                         const Repository& repository, const EvalContext& context);

// Whether `rule` selects `image` (section 2): storage class, tag status and list matching.
bool selects(const Rule& rule, const ImageRecord& image);

}  // namespace ecrlc
