// The preview model: evaluation of every repository in scope under its policy, listing
// order, summaries, and horizon forecasts.
#include "ecrlc/preview.hpp"

#include <algorithm>
#include <span>
#include <utility>

#include "base/parallel.hpp"
#include "ecrlc/suggest.hpp"

namespace ecrlc {
namespace {

std::vector<RuleSummary> empty_rule_summaries(const LifecyclePolicy& policy) {
  std::vector<RuleSummary> rules;
  rules.reserve(policy.rules.size());
  for (const Rule& rule : policy.rules) {
    RuleSummary summary;
    summary.priority = rule.priority;
    summary.action = rule.action;
    rules.push_back(summary);
  }
  return rules;
}

// Rules are sorted by priority, so a binary search finds a rule's summary slot.
RuleSummary* find_summary(std::vector<RuleSummary>& rules, std::int64_t priority) {
  auto it = std::lower_bound(
      rules.begin(), rules.end(), priority,
      [](const RuleSummary& summary, std::int64_t p) { return summary.priority < p; });
  return it != rules.end() && it->priority == priority ? &*it : nullptr;
}

// Adds every counter of `part` to `total`.
template <typename Summary, typename Counters>
void add_counters(Summary& total, const Summary& part, const Counters& counters) {
  for_each_counter(counters,
                   [&](const auto& counter) { total.*counter.member += part.*counter.member; });
}

void summarize(const LifecyclePolicy& policy, RepositoryPreview& report) {
  const auto& images = report.repository->images;
  const auto& verdicts = report.evaluation.verdicts;
  report.rules = empty_rule_summaries(policy);
  RepositorySummary& summary = report.summary;
  summary.images = images.size();
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const ImageVerdict& verdict = verdicts[i];
    const std::int64_t size = images[i].size_bytes;
    RuleSummary* rule = verdict.rule != 0 ? find_summary(report.rules, verdict.rule) : nullptr;
    if (verdict.action == Action::expire) {
      ++summary.expiring;
      summary.bytes_reclaimed += size;
      if (rule != nullptr) {
        ++rule->expiring;
        rule->expiring_bytes += size;
      }
    } else if (verdict.action == Action::transition) {
      ++summary.transitioning;
      summary.bytes_transitioned += size;
      if (rule != nullptr) {
        ++rule->transitioning;
        rule->transitioning_bytes += size;
      }
    } else if (rule != nullptr && verdict.reason == Reason::protected_by_rule) {
      ++rule->protected_images;
    } else if (rule != nullptr && verdict.reason == Reason::child_of_surviving_index) {
      ++rule->withdrawn_children;
    }
  }
  summary.kept = summary.images - summary.expiring - summary.transitioning;
  // A referrer that its own rule already expires is counted once, as expiring.
  for (const ReferrerConsequence& consequence : report.evaluation.consequences) {
    if (verdicts[consequence.referrer].action == Action::expire) {
      continue;
    }
    ++summary.referrers_removed;
    summary.referrer_bytes += images[consequence.referrer].size_bytes;
    if (RuleSummary* rule = find_summary(report.rules, consequence.rule)) {
      ++rule->referrers_removed;
    }
  }
}

// Listing order (preview.hpp): acted-on images by rule, push time, digest; then kept images.
void order_images(RepositoryPreview& report) {
  const auto& images = report.repository->images;
  const auto& verdicts = report.evaluation.verdicts;
  report.order.resize(images.size());
  for (std::uint32_t i = 0; i < report.order.size(); ++i) {
    report.order[i] = i;
  }
  auto acted = [&](std::uint32_t i) { return verdicts[i].action != Action::none; };
  auto middle = std::stable_partition(report.order.begin(), report.order.end(), acted);
  report.acted_count = static_cast<std::uint32_t>(middle - report.order.begin());
  // Digests are unique within a repository, so both orders are total.
  std::sort(report.order.begin(), middle, [&](std::uint32_t a, std::uint32_t b) {
    if (verdicts[a].rule != verdicts[b].rule) {
      return verdicts[a].rule < verdicts[b].rule;
    }
    if (images[a].pushed_at != images[b].pushed_at) {
      return images[a].pushed_at < images[b].pushed_at;
    }
    return images[a].digest < images[b].digest;
  });
  std::sort(middle, report.order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (images[a].pushed_at != images[b].pushed_at) {
      return images[a].pushed_at < images[b].pushed_at;
    }
    return images[a].digest < images[b].digest;
  });
}

void evaluate_one(const LifecyclePolicy& policy, const EvalContext& context,
                  const PreviewOptions& options, RepositoryPreview& report) {
  report.evaluation = evaluate_repository(policy, *report.repository, context);
  summarize(policy, report);
  order_images(report);
  if (options.horizon) {
    report.forecast = forecast_repository(policy, *report.repository, context, *options.horizon);
  }
}

// The names in scope that the inventory holds, sorted and unique; the others go to `missing`.
std::vector<const Repository*> repositories_in_scope(const Inventory& inventory,
                                                     const std::vector<std::string>& names,
                                                     std::vector<std::string>& missing) {
  std::vector<const Repository*> scope;
  if (names.empty()) {
    for (const Repository& repository : inventory.repositories) {
      scope.push_back(&repository);
    }
  } else {
    std::vector<std::string> unique = names;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    for (const std::string& name : unique) {
      // One repository per registry that holds the name: each is evaluated on its own.
      const std::span<const Repository> found = inventory.find_all(name);
      for (const Repository& repository : found) {
        scope.push_back(&repository);
      }
      if (found.empty()) {
        missing.push_back(name);
      }
    }
  }
  // The inventory sorts by name (then registry) already; sorting again keeps the contract if
  // it ever does not.
  std::stable_sort(scope.begin(), scope.end(),
                   [](const Repository* a, const Repository* b) { return a->name < b->name; });
  return scope;
}

// For each name of `missing`, the inventory's repository name closest to it, or "".
std::vector<std::string> closest_repositories(const Inventory& inventory,
                                              const std::vector<std::string>& missing) {
  std::vector<std::string> closest;
  if (missing.empty()) {
    return closest;
  }
  std::vector<std::string> names;
  for (const Repository& repository : inventory.repositories) {
    if (names.empty() || names.back() != repository.name) {
      names.push_back(repository.name);  // sorted by name: one entry per name
    }
  }
  for (const std::string& name : missing) {
    closest.push_back(closest_name(name, names).value_or(""));
  }
  return closest;
}

}  // namespace

const Rule* find_rule(const LifecyclePolicy& policy, std::int64_t priority) {
  auto it = std::lower_bound(policy.rules.begin(), policy.rules.end(), priority,
                             [](const Rule& rule, std::int64_t p) { return rule.priority < p; });
  return it != policy.rules.end() && it->priority == priority ? &*it : nullptr;
}

Preview build_preview(const PolicySet& policies, const Inventory& inventory,
                      const EvalContext& context, const PreviewOptions& options) {
  Preview preview;
  preview.now = context.now;
  preview.single_policy = options.single_policy;
  preview.several_registries = inventory.registries().size() > 1;
  preview.horizon = options.horizon;
  preview.horizon_text = options.horizon_text;

  // Each source in source order; `listed[s]` is its index in preview.policies once used.
  const std::vector<PolicySource>& sources = policies.sources();
  constexpr auto k_unlisted = static_cast<std::size_t>(-1);
  std::vector<std::size_t> listed(sources.size(), k_unlisted);
  std::vector<std::size_t> source_of;  // per repository, an index into `sources`
  const std::vector<const Repository*> in_scope =
      repositories_in_scope(inventory, options.repositories, preview.missing_repositories);
  // Reserved once: doubling to 74,000 entries was the largest source of page faults of a
  // preview of many repositories (perf record -e page-faults).
  source_of.reserve(in_scope.size());
  preview.repositories.reserve(in_scope.size());
  for (const Repository* repository : in_scope) {
    const PolicySource* source = policies.find(repository->name);
    if (source == nullptr) {
      if (preview.without_policy.empty() || preview.without_policy.back() != repository->name) {
        preview.without_policy.push_back(repository->name);  // once, whatever the registries
      }
      continue;
    }
    const auto s = static_cast<std::size_t>(source - sources.data());
    listed[s] = 0;
    source_of.push_back(s);
    preview.repositories.emplace_back().repository = repository;
  }
  preview.missing_closest = closest_repositories(inventory, preview.missing_repositories);
  for (std::size_t s = 0; s < sources.size(); ++s) {
    if (listed[s] != k_unlisted || (options.single_policy && s == 0)) {
      listed[s] = preview.policies.size();
      PreviewPolicy& policy = preview.policies.emplace_back();
      policy.source = &sources[s];
      policy.rules = empty_rule_summaries(sources[s].policy);
    }
  }
  for (std::size_t r = 0; r < preview.repositories.size(); ++r) {
    preview.repositories[r].policy = listed[source_of[r]];
    preview.policies[listed[source_of[r]]].repositories.push_back(r);
  }

  // Each job writes only its own slot, so the result does not depend on scheduling.
  detail::parallel_for(preview.repositories.size(), options.threads, [&](std::size_t r) {
    RepositoryPreview& repository = preview.repositories[r];
    evaluate_one(preview.policy_of(repository).policy(), context, options, repository);
  });

  for (const RepositoryPreview& repository : preview.repositories) {
    PreviewPolicy& policy = preview.policies[repository.policy];
    add_counters(policy.totals, repository.summary, k_repository_counters);
    add_counters(preview.totals, repository.summary, k_repository_counters);
    for (std::size_t r = 0; r < policy.rules.size(); ++r) {
      add_counters(policy.rules[r], repository.rules[r], k_rule_counters);
    }
  }
  return preview;
}

}  // namespace ecrlc
