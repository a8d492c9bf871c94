// apply's decision: the plan's images against a fresh evaluation of the plan's policies and
// protections (ecrlc/apply.hpp).
#include "ecrlc/apply.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "base/enum_names.hpp"
#include "ecrlc/plan.hpp"
#include "ecrlc/policy_parser.hpp"
#include "ecrlc/policy_set.hpp"
#include "ecrlc/preview.hpp"
#include "ecrlc/protect.hpp"

namespace ecrlc {

std::string_view to_json(SkipReason reason) {
  static constexpr std::array<std::string_view, 8> k_names{
      "gone",           "tags_changed",  "kept_by_rule",
      "action_changed", "now_protected", "child_of_surviving_index",
      "ambiguous",      "activating"};
  return detail::enum_name(reason, k_names);
}

std::string_view to_json(RequestResult result) {
  static constexpr std::array<std::string_view, 5> k_names{"pending", "done", "not_found", "failed",
                                                           "dry_run"};
  return detail::enum_name(result, k_names);
}

namespace {

void check_guards(const PlanRecord& record, Micros now, const ApplyGuards& guards,
                  const LiveRegistry& live, ApplyDecision& decision) {
  if (auto refusal = plan_age_refusal(record, now, guards.max_age)) {
    decision.refusals.push_back(std::move(*refusal));
  }
  std::set<std::string> registries;
  for (const PlannedRepository& repository : record.repositories) {
    registries.insert(repository.registry_id);
  }
  if (registries.size() > 1) {
    ApplyRefusal& refusal = decision.refusals.emplace_back();
    refusal.kind = ApplyRefusal::Kind::several_registries;
    refusal.count = registries.size();
  } else if (registries.size() == 1) {
    const std::string& planned = *registries.begin();
    if (planned.empty()) {
      decision.refusals.emplace_back().kind = ApplyRefusal::Kind::no_registry_id;
    } else if (live.registry_id != planned) {
      ApplyRefusal& refusal = decision.refusals.emplace_back();
      refusal.kind = ApplyRefusal::Kind::other_registry;
      refusal.planned = planned;
      refusal.live = live.registry_id;
    }
  }
  if (!record.region.empty() && live.region != record.region) {
    ApplyRefusal& refusal = decision.refusals.emplace_back();
    refusal.kind = ApplyRefusal::Kind::other_region;
    refusal.planned = record.region;
    refusal.live = live.region;
  } else if (record.region.empty()) {
    decision.notes.push_back({ApplyNote::Kind::no_region, live.region});
  }
}

std::vector<std::string_view> sorted(std::vector<std::string_view> tags) {
  std::sort(tags.begin(), tags.end());
  return tags;
}

SkipDetail protection_detail(const PlanRecord& record, const ProtectList* list,
                             const Repository& repository, const Protection& protection) {
  SkipDetail out;
  if (protection.kind != ProtectionKind::direct) {
    out.kind = SkipDetail::Kind::protected_through;
    out.relation = protection.kind;
    out.image = repository.images[protection.via].digest;
  } else if (list != nullptr && protection.reference < list->references.size()) {
    const ProtectReference& r = list->references[protection.reference];
    out.kind = SkipDetail::Kind::protect_reference;
    out.file = record.protect_file.value_or("protect");
    out.line = r.line;
    out.column = r.column;
    out.text = r.text;
  } else {
    out.kind = SkipDetail::Kind::protected_unlocated;
  }
  return out;
}

SkipDetail ambiguity_detail(const Repository& repository, std::uint32_t image) {
  SkipDetail out;
  out.kind = SkipDetail::Kind::ambiguous;
  out.text = repository.ambiguity_text(image);
  return out;
}

// The fresh plan of one repository, indexed for lookups by image.
struct FreshRepository {
  const Repository* repository = nullptr;
  const RepositoryPlan* plan = nullptr;
  const RepositoryPreview* preview = nullptr;
  const RepositoryProtection* protection = nullptr;  // null without a protect file
  std::vector<std::uint8_t> acted;                   // per image: 1 deletion, 2 transition
};

void decide_item(const PlanRecord& record, const PlannedRepository& planned,
                 const FreshRepository* fresh, const ProtectList* protect,
                 const AppliedBefore& before, ApplyItem& item) {
  const PlannedImage& image = item.planned;
  const auto key = std::make_pair(planned.name, image.digest);
  const bool done = image.action == Action::expire ? before.deleted.count(key) > 0
                                                   : before.transitioned.count(key) > 0;
  if (done) {
    item.disposition = Disposition::done_before;
    return;
  }
  item.disposition = Disposition::skip;
  if (fresh == nullptr) {
    item.reason = SkipReason::gone;
    item.detail.kind = SkipDetail::Kind::repository_gone;
    return;
  }
  const Repository& repository = *fresh->repository;
  const std::optional<std::uint32_t> found = repository.find_image(image.digest);
  if (!found) {
    item.reason = SkipReason::gone;
    return;
  }
  const std::uint32_t i = *found;
  const ImageRecord& now = repository.images[i];
  // An image the read disagrees about first: its tags as read may be wrong.
  if (now.ambiguous) {
    item.reason = SkipReason::ambiguous;
    item.detail = ambiguity_detail(repository, i);
    return;
  }
  std::vector<std::string_view> planned_tags(image.tags.begin(), image.tags.end());
  if (sorted(planned_tags) != sorted({now.tags.begin(), now.tags.end()})) {
    item.reason = SkipReason::tags_changed;
    item.detail.kind = SkipDetail::Kind::tags_now;
    item.detail.tags.assign(now.tags.begin(), now.tags.end());
    return;
  }
  for (const RecordedProtection& protection : planned.protected_images) {
    if (protection.digest == image.digest) {
      item.reason = SkipReason::now_protected;
      item.detail.kind = SkipDetail::Kind::protected_when_planned;
      return;
    }
  }
  // Protected now, whatever the policy says of it (a protected index protects its children).
  if (fresh->protection != nullptr && fresh->protection->protections[i]) {
    item.reason = SkipReason::now_protected;
    item.detail =
        protection_detail(record, protect, repository, *fresh->protection->protections[i]);
    return;
  }
  if (fresh->plan != nullptr) {
    for (const HeldImage& held : fresh->plan->held) {
      if (held.image == i) {
        item.reason = SkipReason::ambiguous;
        item.detail = ambiguity_detail(repository, held.ambiguous);
        return;
      }
    }
  }
  const std::uint8_t wanted = image.action == Action::expire ? 1 : 2;
  if (!fresh->acted.empty() && fresh->acted[i] == wanted) {
    item.disposition = Disposition::act;
    return;
  }
  const ImageVerdict& verdict = fresh->preview->evaluation.verdicts[i];
  switch (verdict.reason) {
    case Reason::child_of_surviving_index:
      item.reason = SkipReason::child_of_surviving_index;
      if (verdict.parent) {
        item.detail.kind = SkipDetail::Kind::surviving_index;
        item.detail.image = repository.images[*verdict.parent].digest;
      }
      return;
    case Reason::activating:
      item.reason = SkipReason::activating;
      return;
    case Reason::within_count:
    case Reason::too_young:
      item.reason = SkipReason::kept_by_rule;
      item.rule = verdict.rule;
      return;
    case Reason::protected_by_rule:
      item.reason = SkipReason::kept_by_rule;
      item.rule = verdict.protector;
      return;
    case Reason::not_selected:
      item.reason = SkipReason::kept_by_rule;
      item.rule = 0;
      return;
    case Reason::acted_on:
      break;
  }
  item.reason = SkipReason::action_changed;
  item.detail.kind = SkipDetail::Kind::action_now;
  item.detail.action = verdict.action;
  item.detail.rule = verdict.rule;
}

}  // namespace

std::optional<ApplyRefusal> plan_age_refusal(const PlanRecord& record, Micros now, Micros max_age) {
  if (now - record.evaluated_at <= max_age) {
    return std::nullopt;
  }
  ApplyRefusal refusal;
  refusal.kind = ApplyRefusal::Kind::too_old;
  refusal.evaluated_at = record.evaluated_at;
  refusal.now = now;
  refusal.max_age = max_age;
  return refusal;
}

Result<ApplyDecision> decide_apply(const PlanRecord& record, const Inventory& fresh, Micros now,
                                   const ApplyGuards& guards, const LiveRegistry& live,
                                   const AppliedBefore& before) {
  ApplyDecision decision;
  decision.now = now;
  decision.evaluated_at = record.evaluated_at;
  check_guards(record, now, guards, live, decision);

  // The plan's policies, each for exactly its planned repositories.
  std::vector<LifecyclePolicy> policies;
  for (const RecordedPolicy& recorded : record.policies) {
    ParsedPolicy parsed = parse_policy(recorded.text);
    if (!parsed.policy) {
      return unexpected("plan.json: the policy of " + recorded.file + " no longer parses");
    }
    policies.push_back(std::move(*parsed.policy));
  }
  PolicySet set;
  PreviewOptions options;
  for (const PlannedRepository& planned : record.repositories) {
    if (set.find(planned.name) == nullptr) {
      if (auto added =
              set.add(planned.name, record.policies[planned.policy].file, policies[planned.policy]);
          !added) {
        return unexpected("plan.json: " + added.error().message);
      }
    }
    options.repositories.push_back(planned.name);
  }
  const Preview preview = build_preview(set, fresh, EvalContext{now}, options);
  std::optional<ProtectList> protect;
  std::optional<ResolvedProtection> resolved;
  if (record.protect_file) {
    std::vector<NamedProtectList> lists;
    for (const auto& [file, text] : record.protect_texts) {
      lists.push_back({file, parse_protect_file(text)});
      if (lists.back().list.diagnostics.has_error()) {
        return unexpected("plan.json: the protect text of " + file + " has errors");
      }
    }
    protect = merge_protect_lists(std::move(lists));
    resolved = resolve_protection(*protect, fresh);
  }
  const Plan fresh_plan = build_plan(preview, fresh, resolved ? &*resolved : nullptr);

  std::map<std::pair<std::string_view, std::string_view>, FreshRepository> by_name;
  for (const RepositoryPreview& scoped : preview.repositories) {
    FreshRepository entry;
    entry.repository = scoped.repository;
    entry.preview = &scoped;
    entry.acted.assign(scoped.repository->images.size(), 0);
    if (resolved) {
      entry.protection = &resolved->repositories[static_cast<std::size_t>(
          scoped.repository - fresh.repositories.data())];
    }
    for (const RepositoryPlan& r : fresh_plan.repositories) {
      if (r.repository == scoped.repository) {
        entry.plan = &r;
        for (const std::uint32_t i : r.deletions) {
          entry.acted[i] = 1;
        }
        for (const std::uint32_t i : r.transitions) {
          entry.acted[i] = 2;
        }
      }
    }
    by_name[{scoped.repository->name, scoped.repository->registry_id}] = std::move(entry);
  }

  for (const PlannedRepository& planned : record.repositories) {
    RepositoryApply& out = decision.repositories.emplace_back();
    out.name = planned.name;
    out.registry_id = planned.registry_id;
    // The fresh read names the live registry; a plan without registryId was refused above.
    const FreshRepository* found = nullptr;
    for (const auto& [key, entry] : by_name) {
      if (key.first == planned.name && (planned.registry_id.empty() || key.second.empty() ||
                                        key.second == planned.registry_id)) {
        found = &entry;
        break;
      }
    }
    for (const PlannedImage& image : planned.images) {
      ApplyItem& item = out.items.emplace_back();
      item.planned = image;
      decide_item(record, planned, found, protect ? &*protect : nullptr, before, item);
    }
  }
  const ApplyCounts counts = count_apply(decision);
  if (guards.max_deletes && counts.deletions > *guards.max_deletes) {
    ApplyRefusal& refusal = decision.refusals.emplace_back();
    refusal.kind = ApplyRefusal::Kind::too_many_deletions;
    refusal.count = counts.deletions;
    refusal.limit = *guards.max_deletes;
  }
  return decision;
}

ApplyCounts count_apply(const RepositoryApply& repository) {
  ApplyCounts counts;
  for (const ApplyItem& item : repository.items) {
    ++counts.planned;
    const bool expire = item.planned.action == Action::expire;
    switch (item.disposition) {
      case Disposition::skip:
        ++counts.skipped;
        continue;
      case Disposition::done_before:
        ++counts.done_before;
        continue;
      case Disposition::act:
        break;
    }
    ++(expire ? counts.deletions : counts.transitions);
    if (item.result == RequestResult::failed) {
      ++counts.failed;
    } else if (item.result == RequestResult::done || item.result == RequestResult::not_found) {
      if (expire) {
        ++counts.deleted;
        counts.bytes_reclaimed += item.planned.size_bytes;
      } else {
        ++counts.archived;
      }
    }
  }
  return counts;
}

ApplyCounts count_apply(const ApplyDecision& decision) {
  ApplyCounts total;
  for (const RepositoryApply& repository : decision.repositories) {
    const ApplyCounts c = count_apply(repository);
    total.planned += c.planned;
    total.deletions += c.deletions;
    total.transitions += c.transitions;
    total.skipped += c.skipped;
    total.done_before += c.done_before;
    total.deleted += c.deleted;
    total.archived += c.archived;
    total.failed += c.failed;
    total.bytes_reclaimed += c.bytes_reclaimed;
  }
  return total;
}

}  // namespace ecrlc
