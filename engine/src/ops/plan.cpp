// Cleanup plans: the engine's actions minus protected images, per repository and rule.
#include "ecrlc/plan.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "rules/referrers.hpp"

namespace ecrlc {
namespace {

constexpr std::uint32_t k_not_held = UINT32_MAX;

PlanRuleSummary* find_rule_summary(std::vector<PlanRuleSummary>& rules, std::int64_t priority) {
  for (PlanRuleSummary& rule : rules) {
    if (rule.priority == priority) {
      return &rule;
    }
  }
  return nullptr;
}

// For each image, the ambiguous image that holds it back: itself, or a referrer that its
// deletion would take along (ECR removes referrers with their subject). Empty when the
// snapshot agrees with itself, which is almost always.
std::vector<std::uint32_t> ambiguous_holds(const Repository& repository) {
  std::vector<std::uint32_t> holds;
  if (repository.ambiguities.empty()) {
    return holds;
  }
  const auto& images = repository.images;
  holds.assign(images.size(), k_not_held);
  for (const Ambiguity& ambiguity : repository.ambiguities) {
    const std::uint32_t a = ambiguity.image;
    holds[a] = a;
  }
  for (const Ambiguity& ambiguity : repository.ambiguities) {
    const std::uint32_t a = ambiguity.image;
    std::optional<Digest> subject = images[a].subject;
    // A subject chain is at most as long as the repository (cycles stop there).
    for (std::size_t steps = 0; subject && steps < images.size(); ++steps) {
      const auto s = repository.find_image(*subject);
      if (!s) {
        break;
      }
      if (holds[*s] == k_not_held) {
        holds[*s] = a;
      }
      subject = images[*s].subject;
    }
  }
  return holds;
}

RepositoryPlan plan_repository(const Preview& preview, const RepositoryPreview& report,
                               const RepositoryProtection* protection) {
  const Repository& repository = *report.repository;
  RepositoryPlan plan;
  plan.repository = &repository;
  plan.source = preview.policy_of(report).source;
  plan.protection = protection;
  for (const Rule& rule : plan.source->policy.rules) {
    plan.rules.push_back({rule.priority, rule.action, 0, 0, 0, 0});
  }
  std::vector<bool> listed(repository.images.size(), false);
  const std::vector<std::uint32_t> holds = ambiguous_holds(repository);
  for (std::uint32_t k = 0; k < report.acted_count; ++k) {
    const std::uint32_t i = report.order[k];
    const ImageVerdict& verdict = report.evaluation.verdicts[i];
    const std::int64_t size = repository.images[i].size_bytes;
    PlanRuleSummary* rule = find_rule_summary(plan.rules, verdict.rule);
    if (protection != nullptr && protection->protections[i]) {
      plan.saved.push_back({i, verdict.action, verdict.rule, *protection->protections[i]});
      plan.saved_bytes += size;
      if (rule != nullptr) {
        ++rule->saved;
        rule->saved_bytes += size;
      }
      continue;
    }
    if (!holds.empty() && holds[i] != k_not_held) {
      plan.held.push_back({i, verdict.action, verdict.rule, holds[i]});
      plan.held_bytes += size;
      continue;
    }
    if (verdict.action == Action::expire) {
      plan.deletions.push_back(i);
      plan.deletion_rules.push_back(verdict.rule);
      plan.deletion_bytes += size;
    } else if (verdict.action == Action::transition) {
      plan.transitions.push_back(i);
      plan.transition_rules.push_back(verdict.rule);
      plan.transition_bytes += size;
    } else {
      continue;
    }
    listed[i] = true;
    if (rule != nullptr) {
      ++rule->images;
      rule->bytes += size;
    }
  }
  // Referrers of deleted images that the plan does not list: ECR removes them with their
  // subject.
  const auto& verdicts = report.evaluation.verdicts;
  detail::walk_referrers(
      repository,
      [&](std::uint32_t i) { return listed[i] && verdicts[i].action == Action::expire; },
      [&](std::uint32_t r) { return static_cast<bool>(listed[r]); },
      [&](std::uint32_t r, std::uint32_t /*subject*/) { plan.referrers_removed.push_back(r); });
  std::sort(plan.referrers_removed.begin(), plan.referrers_removed.end());
  for (const std::uint32_t r : plan.referrers_removed) {
    plan.referrer_bytes += repository.images[r].size_bytes;
  }
  return plan;
}

}  // namespace

Plan build_plan(const Preview& report, const Inventory& inventory,
                const ResolvedProtection* protection) {
  Plan plan;
  plan.without_policy = report.without_policy;
  if (!report.policies.empty()) {
    plan.now = report.now;
  }
  plan.several_registries = inventory.registries().size() > 1;
  if (protection != nullptr) {
    plan.unmatched_protections = protection->unmatched;
    plan.foreign_protections = protection->foreign;
  }
  for (const RepositoryPreview& scoped : report.repositories) {
    const RepositoryProtection* repository_protection = nullptr;
    if (protection != nullptr) {
      const auto index =
          static_cast<std::size_t>(scoped.repository - inventory.repositories.data());
      repository_protection = &protection->repositories[index];
    }
    plan.repositories.push_back(plan_repository(report, scoped, repository_protection));
  }
  return plan;
}

}  // namespace ecrlc
