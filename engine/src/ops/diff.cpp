// Policy diffs: outcome changes per image and totals.
#include "ecrlc/diff.hpp"

#include <algorithm>
#include <map>

#include "base/enum_names.hpp"

namespace ecrlc {

std::string_view to_json(ChangeKind kind) {
  static constexpr std::array<std::string_view, 5> k_names{
      "newly_expiring", "no_longer_expiring", "newly_transitioning", "no_longer_transitioning",
      "different_rule"};
  return detail::enum_name(kind, k_names);
}

namespace {

std::vector<Outcome> outcomes_of(const RepositoryPreview* report, std::size_t images) {
  std::vector<Outcome> outcomes(images);
  if (report == nullptr) {
    for (Outcome& outcome : outcomes) {
      outcome.has_policy = false;
    }
    return outcomes;
  }
  const auto& verdicts = report->evaluation.verdicts;
  for (std::size_t i = 0; i < images; ++i) {
    if (verdicts[i].action != Action::none) {
      outcomes[i].action = verdicts[i].action;
      outcomes[i].rule = verdicts[i].rule;
    }
  }
  for (const ReferrerConsequence& consequence : report->evaluation.consequences) {
    Outcome& outcome = outcomes[consequence.referrer];
    outcome.action = Action::expire;
    outcome.rule = consequence.rule;
    outcome.referrer = true;
  }
  return outcomes;
}

std::optional<ChangeKind> classify(const Outcome& before, const Outcome& after) {
  if (before.action == after.action &&
      (before.action == Action::none ||
       (before.rule == after.rule && before.referrer == after.referrer))) {
    return std::nullopt;
  }
  if (after.action == Action::expire && before.action != Action::expire) {
    return ChangeKind::newly_expiring;
  }
  if (before.action == Action::expire && after.action != Action::expire) {
    return ChangeKind::no_longer_expiring;
  }
  if (after.action == Action::transition && before.action == Action::none) {
    return ChangeKind::newly_transitioning;
  }
  if (before.action == Action::transition && after.action == Action::none) {
    return ChangeKind::no_longer_transitioning;
  }
  return ChangeKind::different_rule;
}

void add_totals(OutcomeTotals& totals, const Outcome& outcome, std::int64_t size) {
  if (outcome.action == Action::expire) {
    ++totals.expiring;
    totals.expiring_bytes += size;
  } else if (outcome.action == Action::transition) {
    ++totals.transitioning;
    totals.transitioning_bytes += size;
  }
}

}  // namespace

PolicyDiff diff_reports(const Preview& old_report, const Preview& new_report) {
  PolicyDiff diff;
  if (!old_report.policies.empty()) {
    diff.now = old_report.now;
  } else if (!new_report.policies.empty()) {
    diff.now = new_report.now;
  }
  // Keyed by the repository (registry and name: one name can be in several registries); both
  // previews point into one inventory, whose order (name, registry) the pointers follow.
  std::map<const Repository*, std::pair<const RepositoryPreview*, const RepositoryPreview*>> pairs;
  for (const RepositoryPreview& repository : old_report.repositories) {
    pairs[repository.repository].first = &repository;
  }
  for (const RepositoryPreview& repository : new_report.repositories) {
    pairs[repository.repository].second = &repository;
  }
  for (const auto& [key, pair] : pairs) {
    const Repository* repository =
        pair.first != nullptr ? pair.first->repository : pair.second->repository;
    const std::size_t n = repository->images.size();
    const std::vector<Outcome> before = outcomes_of(pair.first, n);
    const std::vector<Outcome> after = outcomes_of(pair.second, n);
    ++diff.repositories;
    const std::size_t first_change = diff.changes.size();
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::int64_t size = repository->images[i].size_bytes;
      add_totals(diff.old_totals, before[i], size);
      add_totals(diff.new_totals, after[i], size);
      if (const auto kind = classify(before[i], after[i])) {
        diff.changes.push_back({repository, i, before[i], after[i], *kind});
        ++diff.counts[static_cast<int>(*kind)];
        diff.bytes[static_cast<int>(*kind)] += size;
      }
    }
    const auto& images = repository->images;
    std::sort(diff.changes.begin() + static_cast<std::ptrdiff_t>(first_change), diff.changes.end(),
              [&images](const ImageChange& x, const ImageChange& y) {
                if (x.kind != y.kind) {
                  return x.kind < y.kind;
                }
                if (images[x.image].pushed_at != images[y.image].pushed_at) {
                  return images[x.image].pushed_at < images[y.image].pushed_at;
                }
                return x.image < y.image;
              });
  }
  return diff;
}

}  // namespace ecrlc
