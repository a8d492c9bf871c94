// The preview model: evaluation of every repository in scope under its policy, listing
// order, summaries, and horizon forecasts.
#include "ecrlc/preview.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <utility>

#include "base/parallel.hpp"
#include "report/report_totals.hpp"

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

void add_to(RuleSummary& total, const RuleSummary& part) {
  total.expiring += part.expiring;
  total.transitioning += part.transitioning;
  total.expiring_bytes += part.expiring_bytes;
  total.transitioning_bytes += part.transitioning_bytes;
  total.protected_images += part.protected_images;
  total.withdrawn_children += part.withdrawn_children;
  total.referrers_removed += part.referrers_removed;
}

}  // namespace

void detail::add_summary(RepositorySummary& total, const RepositorySummary& part) {
  total.images += part.images;
  total.expiring += part.expiring;
  total.transitioning += part.transitioning;
  total.kept += part.kept;
  total.bytes_reclaimed += part.bytes_reclaimed;
  total.bytes_transitioned += part.bytes_transitioned;
  total.referrers_removed += part.referrers_removed;
  total.referrer_bytes += part.referrer_bytes;
}

namespace {

void summarize(const LifecyclePolicy& policy, RepositoryReport& report) {
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

// Listing order (report.hpp): acted-on images by rule, push time, digest; then kept images.
void order_images(RepositoryReport& report) {
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
                  RepositoryReport& report) {
  report.evaluation = evaluate_repository(policy, *report.repository, context);
  summarize(policy, report);
  order_images(report);
}

}  // namespace

const Rule* find_rule(const LifecyclePolicy& policy, std::int64_t priority) {
  auto it = std::lower_bound(policy.rules.begin(), policy.rules.end(), priority,
                             [](const Rule& rule, std::int64_t p) { return rule.priority < p; });
  return it != policy.rules.end() && it->priority == priority ? &*it : nullptr;
}

Report build_report(const LifecyclePolicy& policy, const Inventory& inventory,
                    const EvalContext& context, const ReportOptions& options) {
  Report report;
  report.policy = &policy;
  report.now = context.now;

  if (options.repositories.empty()) {
    report.repositories.resize(inventory.repositories.size());
    for (std::size_t i = 0; i < inventory.repositories.size(); ++i) {
      report.repositories[i].repository = &inventory.repositories[i];
    }
  } else {
    std::vector<std::string> names = options.repositories;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const std::string& name : names) {
      // One repository per registry that holds the name: each is evaluated on its own.
      const std::span<const Repository> found = inventory.find_all(name);
      for (const Repository& repository : found) {
        report.repositories.emplace_back().repository = &repository;
      }
      if (found.empty()) {
        report.missing_repositories.push_back(name);
      }
    }
  }
  // The inventory sorts by name already; sorting again keeps the contract if it ever does not.
  std::stable_sort(report.repositories.begin(), report.repositories.end(),
                   [](const RepositoryReport& a, const RepositoryReport& b) {
                     return a.repository->name < b.repository->name;
                   });

  // Each job writes only its own slot, so the result does not depend on scheduling.
  detail::parallel_for(report.repositories.size(), options.threads, [&](std::size_t i) {
    evaluate_one(policy, context, report.repositories[i]);
  });

  report.rules = empty_rule_summaries(policy);
  for (const RepositoryReport& repository : report.repositories) {
    detail::add_summary(report.totals, repository.summary);
    for (std::size_t r = 0; r < report.rules.size(); ++r) {
      add_to(report.rules[r], repository.rules[r]);
    }
  }
  return report;
}

PolicySetReport build_policy_set_report(const PolicySet& policies, const Inventory& inventory,
                                        const EvalContext& context, const ReportOptions& options) {
  PolicySetReport result;
  std::vector<std::string> scope;
  if (options.repositories.empty()) {
    for (const Repository& repository : inventory.repositories) {
      // Names repeat across registries (consecutive: the inventory is sorted by name).
      if (scope.empty() || scope.back() != repository.name) {
        scope.push_back(repository.name);
      }
    }
  } else {
    for (const std::string& name : options.repositories) {
      if (inventory.find(name) != nullptr) {
        scope.push_back(name);
      } else {
        result.missing_repositories.push_back(name);
      }
    }
    std::sort(scope.begin(), scope.end());
    scope.erase(std::unique(scope.begin(), scope.end()), scope.end());
    std::sort(result.missing_repositories.begin(), result.missing_repositories.end());
    result.missing_repositories.erase(
        std::unique(result.missing_repositories.begin(), result.missing_repositories.end()),
        result.missing_repositories.end());
  }
  // Group the repositories by source, keeping source order.
  std::map<const PolicySource*, std::vector<std::string>> groups;
  for (std::string& name : scope) {
    const PolicySource* source = policies.find(name);
    if (source == nullptr) {
      result.without_policy.push_back(std::move(name));
    } else {
      groups[source].push_back(std::move(name));
    }
  }
  for (const PolicySource& source : policies.sources()) {
    auto it = groups.find(&source);
    if (it == groups.end()) {
      continue;
    }
    ReportOptions scoped = options;
    scoped.repositories = std::move(it->second);
    result.reports.push_back(build_report(source.policy, inventory, context, scoped));
    result.report_sources.push_back(&source);
  }
  for (std::size_t r = 0; r < result.reports.size(); ++r) {
    for (const RepositoryReport& repository : result.reports[r].repositories) {
      result.repositories.push_back({result.report_sources[r], &result.reports[r], &repository});
    }
  }
  // Inventory order: by name, then registry.
  std::sort(result.repositories.begin(), result.repositories.end(),
            [](const ScopedRepository& a, const ScopedRepository& b) {
              return a.repository->repository < b.repository->repository;
            });
  return result;
}

ScopedPreview scoped_preview(const Report& report, std::string policy_file) {
  ScopedPreview preview;
  preview.now = report.now;
  preview.policies.push_back({std::move(policy_file), &report, {}});
  for (const RepositoryReport& repository : report.repositories) {
    preview.repositories.push_back({0, &repository, {}});
  }
  preview.totals = report.totals;
  preview.missing_repositories = report.missing_repositories;
  return preview;
}

ScopedPreview scoped_preview(const PolicySetReport& report, Micros now) {
  ScopedPreview preview;
  preview.now = now;
  preview.per_repository_policies = true;
  for (std::size_t r = 0; r < report.reports.size(); ++r) {
    preview.policies.push_back({report.report_sources[r]->file, &report.reports[r],
                                report.report_sources[r]->registry_id});
  }
  for (const ScopedRepository& scoped : report.repositories) {
    std::size_t policy = 0;
    while (policy + 1 < report.reports.size() && &report.reports[policy] != scoped.report) {
      ++policy;
    }
    preview.repositories.push_back({policy, scoped.repository, {}});
    detail::add_summary(preview.totals, scoped.repository->summary);
  }
  preview.without_policy = report.without_policy;
  preview.missing_repositories = report.missing_repositories;
  return preview;
}

void add_forecasts(ScopedPreview& preview, Micros horizon, std::string horizon_text) {
  preview.horizon = horizon;
  preview.horizon_text = std::move(horizon_text);
  for (ScopedRepositoryView& view : preview.repositories) {
    view.forecast =
        forecast_repository(*preview.policies[view.policy].report->policy,
                            *view.repository->repository, EvalContext{preview.now}, horizon);
  }
}

}  // namespace ecrlc
