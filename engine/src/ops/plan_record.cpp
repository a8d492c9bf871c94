// The record of a plan for apply: built from the Plan model (plan_record_parse.cpp reads it
// back; output/plan_record_json.cpp writes it).
#include "ecrlc/plan_record.hpp"

#include <utility>

namespace ecrlc {
namespace {

PlannedImage planned_image(const ImageRecord& image, Action action, std::int64_t rule) {
  PlannedImage planned;
  planned.digest = image.digest;
  planned.tags.assign(image.tags.begin(), image.tags.end());
  planned.pushed_at = image.pushed_at;
  planned.last_pulled = image.last_pulled.as_optional();
  planned.size_bytes = image.size_bytes;
  planned.action = action;
  planned.rule = rule;
  return planned;
}

std::size_t policy_index(std::vector<RecordedPolicy>& policies, const PolicySource& source) {
  for (std::size_t k = 0; k < policies.size(); ++k) {
    if (policies[k].file == source.file && policies[k].text == source.policy.text) {
      return k;
    }
  }
  policies.push_back({source.file, source.policy.text});
  return policies.size() - 1;
}

std::vector<RecordedProtection> recorded_protections(const Plan& plan,
                                                     const RepositoryPlan& repository_plan) {
  std::vector<RecordedProtection> out;
  if (repository_plan.protection == nullptr) {
    return out;
  }
  const Repository& repository = *repository_plan.repository;
  const auto& protections = repository_plan.protection->protections;
  for (std::size_t i = 0; i < protections.size(); ++i) {
    if (!protections[i]) {
      continue;
    }
    const Protection& protection = *protections[i];
    RecordedProtection recorded;
    recorded.digest = repository.images[i].digest;
    recorded.kind = protection.kind;
    if (protection.kind == ProtectionKind::direct) {
      if (plan.protect != nullptr && protection.reference < plan.protect->references.size()) {
        const ProtectReference& reference = plan.protect->references[protection.reference];
        recorded.reference = reference.text;
        recorded.line = reference.line;
        recorded.column = reference.column;
      }
    } else {
      recorded.via = repository.images[protection.via].digest;
    }
    out.push_back(std::move(recorded));
  }
  return out;  // Repository::images is sorted by digest, so this is too
}

}  // namespace

PlanRecord make_plan_record(const Plan& plan, std::string_view region) {
  PlanRecord record;
  record.evaluated_at = plan.now;
  record.region = std::string(region);
  if (plan.protect != nullptr) {
    record.protect_file = plan.protect_file;
    record.protect_texts = plan.protect_texts;
  }
  for (const RepositoryPlan& r : plan.repositories) {
    PlannedRepository planned;
    planned.name = r.repository->name;
    planned.registry_id = r.repository->registry_id;
    planned.protected_images = recorded_protections(plan, r);
    const auto& images = r.repository->images;
    for (std::size_t k = 0; k < r.deletions.size(); ++k) {
      planned.images.push_back(
          planned_image(images[r.deletions[k]], Action::expire, r.deletion_rules[k]));
    }
    for (std::size_t k = 0; k < r.transitions.size(); ++k) {
      planned.images.push_back(
          planned_image(images[r.transitions[k]], Action::transition, r.transition_rules[k]));
    }
    if (planned.images.empty() && planned.protected_images.empty()) {
      continue;
    }
    planned.policy = policy_index(record.policies, *r.source);
    record.repositories.push_back(std::move(planned));
  }
  return record;
}

}  // namespace ecrlc
