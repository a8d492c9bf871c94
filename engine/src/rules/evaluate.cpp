// The rule engine: selection, the two phases, index children and referrers (semantics.md 2-4).
#include "ecrlc/evaluate.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "base/enum_names.hpp"
#include "rules/referrers.hpp"
#include "rules/selection.hpp"

namespace ecrlc {

std::string_view to_json(Action action) {
  static constexpr std::array<std::string_view, 3> k_names{"none", "expire", "transition"};
  return detail::enum_name(action, k_names);
}

std::string_view to_json(Reason reason) {
  static constexpr std::array<std::string_view, 7> k_names{
      "acted_on",  "not_selected",      "within_count",
      "too_young", "protected_by_rule", "child_of_surviving_index",
      "activating"};
  return detail::enum_name(reason, k_names);
}

bool selects(const Rule& rule, const ImageRecord& image) {
  return detail::fast_selects(rule, image);
}

namespace {

// Where an image stands while rules are applied in priority order. Phase 2 protection means
// only the FIRST rule that selects an image can act on it: every later rule finds it in the
// protected set. So one pass per rule in priority order computes phase 1 and phase 2 at once;
// later rules only matter for the reason (protected_by_rule) and for their counts.
enum class Progress : std::uint8_t {
  untouched,  // no rule selected it yet
  kept,       // the first selecting rule did not mark it; a later marking rule is reported
  final,      // acted on, protected_by_rule already reported, or ACTIVATING
};

// Applies one rule's phase-1 outcome for image `i`. `rank` is set for count rules and
// `reference` for age rules.
inline void apply_mark(const Rule& rule, bool marked, std::uint32_t rank,
                       std::optional<Micros> reference, ImageVerdict& verdict, Progress& progress) {
  if (progress == Progress::untouched) {
    verdict.rule = rule.priority;
    verdict.rank = rank;
    verdict.reference_time = reference;
    if (marked) {
      verdict.action = detail::to_action(rule.action);
      verdict.reason = Reason::acted_on;
      progress = Progress::final;
    } else {
      verdict.reason = rule.is_age_rule() ? Reason::too_young : Reason::within_count;
      progress = Progress::kept;
    }
  } else if (progress == Progress::kept && marked) {
    verdict.protector = verdict.rule;
    verdict.rule = rule.priority;
    verdict.rank = rank;
    verdict.reference_time = reference;
    verdict.reason = Reason::protected_by_rule;
    progress = Progress::final;
  }
}

// Images newest first by ordering time. Repository::images is sorted by digest, so the
// tie-break "smaller digest counts as newer" is "smaller index first".
std::vector<std::uint32_t> newest_first(const Repository& repository) {
  const auto& images = repository.images;
  std::vector<std::pair<Micros, std::uint32_t>> keys(images.size());
  for (std::uint32_t i = 0; i < images.size(); ++i) {
    keys[i] = {images[i].ordering_time(), i};
  }
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::uint32_t> order(images.size());
  for (std::size_t p = 0; p < keys.size(); ++p) {
    order[p] = keys[p].second;
  }
  return order;
}

void run_rules(const LifecyclePolicy& policy, const Repository& repository, Micros now,
               std::vector<ImageVerdict>& verdicts) {
  const auto& images = repository.images;
  const std::size_t n = images.size();
  std::vector<Progress> progress(n, Progress::untouched);
  std::size_t open = n;  // images not final yet
  for (std::size_t i = 0; i < n; ++i) {
    if (images[i].status == ImageStatus::activating) {
      verdicts[i].reason = Reason::activating;
      progress[i] = Progress::final;
      --open;
    }
  }
  const bool any_count_rule = std::any_of(policy.rules.begin(), policy.rules.end(),
                                          [](const Rule& rule) { return !rule.is_age_rule(); });
  const std::vector<std::uint32_t> order =
      any_count_rule ? newest_first(repository) : std::vector<std::uint32_t>{};
  std::vector<std::uint8_t> selected(any_count_rule ? n : 0);  // one count rule's selection

  for (const Rule& rule : policy.rules) {
    if (open == 0) {
      break;  // every image is decided; later rules change nothing
    }
    const detail::CompiledRule compiled(rule);
    if (!rule.is_age_rule()) {
      // Counts include every selected image, whatever other rules do with it. Selection is
      // tested in digest order (sequential memory), then ranks are given newest first.
      for (std::size_t i = 0; i < n; ++i) {
        selected[i] = static_cast<std::uint8_t>(compiled.selects(images[i]));
      }
      std::uint32_t count = 0;
      for (const std::uint32_t i : order) {
        if (selected[i] == 0) {
          continue;
        }
        ++count;
        const bool marked = static_cast<std::int64_t>(count) > rule.count_number;
        if (progress[i] == Progress::final) {
          continue;
        }
        apply_mark(rule, marked, count, std::nullopt, verdicts[i], progress[i]);
        open -= static_cast<std::size_t>(progress[i] == Progress::final);
      }
      continue;
    }
    const Micros threshold = detail::days_threshold(rule.count_number);
    for (std::size_t i = 0; i < n; ++i) {
      // Age rules count nothing, so a final image needs no test.
      if (progress[i] == Progress::final || !compiled.selects(images[i])) {
        continue;
      }
      const Micros reference = detail::reference_time(rule.count_type, images[i]).time;
      const bool marked = detail::older_than(reference, now, threshold);
      apply_mark(rule, marked, 0, reference, verdicts[i], progress[i]);
      open -= static_cast<std::size_t>(progress[i] == Progress::final);
    }
  }
}

// Where an image is after the run, for section 4.
enum class EndState { expired, archive, standard };

EndState end_state(const ImageRecord& image, Action action) {
  if (action == Action::expire) {
    return EndState::expired;
  }
  if (action == Action::transition || image.status == ImageStatus::archived) {
    return EndState::archive;
  }
  return EndState::standard;  // ACTIVE, or ACTIVATING (becoming standard)
}

// semantics-choices.md: a child keeps no expire while a referencing index survives, and no
// transition while a referencing index stays in standard storage.
bool parent_withdraws(Action child_action, EndState parent) {
  return (child_action == Action::expire && parent != EndState::expired) ||
         (child_action == Action::transition && parent == EndState::standard);
}

void withdraw_index_children(const Repository& repository, RepositoryEvaluation& result) {
  const auto& images = repository.images;
  auto& verdicts = result.verdicts;
  std::vector<std::uint32_t> indexes;
  for (std::uint32_t i = 0; i < images.size(); ++i) {
    if (!images[i].children.empty()) {
      indexes.push_back(i);
    }
  }
  if (indexes.empty()) {
    return;
  }
  // Withdrawals only ever make images survive, so re-examining an index whose own action
  // was withdrawn reaches the fixed point (nested indexes) and always terminates.
  std::vector<Action> original(images.size(), Action::none);
  std::vector<bool> withdrawn(images.size(), false);
  std::vector<bool> queued(images.size(), false);
  std::deque<std::uint32_t> work(indexes.begin(), indexes.end());
  for (const std::uint32_t p : indexes) {
    queued[p] = true;
  }
  while (!work.empty()) {
    const std::uint32_t p = work.front();
    work.pop_front();
    queued[p] = false;
    const EndState parent = end_state(images[p], verdicts[p].action);
    for (const Digest& child_digest : images[p].children) {
      const auto c = repository.find_image(child_digest);
      if (!c || *c == p || !parent_withdraws(verdicts[*c].action, parent)) {
        continue;
      }
      original[*c] = verdicts[*c].action;
      withdrawn[*c] = true;
      verdicts[*c].action = Action::none;
      verdicts[*c].reason = Reason::child_of_surviving_index;
      if (!images[*c].children.empty() && !queued[*c]) {
        queued[*c] = true;
        work.push_back(*c);
      }
    }
  }
  // The reported parent is the smallest-digest index that justifies the withdrawal in the
  // final state, so the answer does not depend on the work order.
  for (const std::uint32_t p : indexes) {
    const EndState parent = end_state(images[p], verdicts[p].action);
    for (const Digest& child_digest : images[p].children) {
      const auto c = repository.find_image(child_digest);
      if (c && *c != p && withdrawn[*c] && !verdicts[*c].parent &&
          parent_withdraws(original[*c], parent)) {
        verdicts[*c].parent = p;
      }
    }
  }
}

// Breadth-first from expired subjects: a removed referrer removes its own referrers, all
// attributed to the rule that expires the first subject of the chain. A referrer that its own
// rule expires is a rule result, not a consequence; one that would move to archive is still
// removed with its subject.
void add_referrer_consequences(const Repository& repository, RepositoryEvaluation& result) {
  const auto& verdicts = result.verdicts;
  std::vector<std::int64_t> removing_rule;  // of removed referrers, by image
  detail::walk_referrers(
      repository, [&](std::uint32_t i) { return verdicts[i].action == Action::expire; },
      [&](std::uint32_t r) { return verdicts[r].action == Action::expire; },
      [&](std::uint32_t r, std::uint32_t s) {
        if (removing_rule.empty()) {
          removing_rule.resize(verdicts.size(), 0);
        }
        removing_rule[r] =
            verdicts[s].action == Action::expire ? verdicts[s].rule : removing_rule[s];
        result.consequences.push_back({r, s, removing_rule[r]});
      });
  std::sort(result.consequences.begin(), result.consequences.end(),
            [](const ReferrerConsequence& a, const ReferrerConsequence& b) {
              return a.referrer < b.referrer;
            });
}

}  // namespace

RepositoryEvaluation evaluate_repository(const LifecyclePolicy& policy,
                                         const Repository& repository, const EvalContext& context) {
  RepositoryEvaluation result;
  result.verdicts.resize(repository.images.size());
  run_rules(policy, repository, context.now, result.verdicts);
  withdraw_index_children(repository, result);
  add_referrer_consequences(repository, result);
  return result;
}

}  // namespace ecrlc
