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
#include "ops/protection_relation.hpp"

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

std::string duration_text(Micros micros) {
  // "25h", "1h30m", "0h5m": as --max-age takes it.
  const Micros minutes = micros / (60 * k_micros_per_second);
  std::string text = std::to_string(minutes / 60) + "h";
  return minutes % 60 == 0 ? text : text + std::to_string(minutes % 60) + "m";
}

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
    decision.refusals.push_back(
        "the plan spans " + std::to_string(registries.size()) +
        " registries: apply acts on one registry; plan each registry's inventory on its own");
  } else if (registries.size() == 1) {
    const std::string& planned = *registries.begin();
    if (planned.empty()) {
      decision.refusals.emplace_back(
          "the plan names no registryId (its inventory had none), so apply cannot check that "
          "it talks to the plan's registry; plan from describe-images output or a snapshot");
    } else if (live.registry_id != planned) {
      decision.refusals.push_back("the plan is for registry " + planned + ", the AWS CLI reads " +
                                  (live.registry_id.empty() ? std::string("an unknown registry")
                                                            : "registry " + live.registry_id));
    }
  }
  if (!record.region.empty() && live.region != record.region) {
    decision.refusals.push_back(
        "the plan is for region " + record.region + ", the AWS CLI reads " +
        (live.region.empty() ? std::string("an unknown region") : "region " + live.region) +
        " (--region)");
  } else if (record.region.empty()) {
    decision.notes.push_back(
        "the plan records no region (it was made from an inventory file): " +
        std::string("acting in ") +
        (live.region.empty() ? std::string("the AWS CLI's region") : "region " + live.region));
  }
}

std::vector<std::string_view> sorted(std::vector<std::string_view> tags) {
  std::sort(tags.begin(), tags.end());
  return tags;
}

std::string tags_detail(const ImageRecord& image) {
  std::string out = "now tagged ";
  if (image.tags.empty()) {
    return "now untagged";
  }
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    out += t == 0 ? "" : ",";
    out += image.tags[t];
  }
  return out;
}

std::string protection_detail(const PlanRecord& record, const ProtectList* list,
                              const Repository& repository, const Protection& protection) {
  if (protection.kind != ProtectionKind::direct) {
    return detail::protection_relation(repository, protection);
  }
  if (list != nullptr && protection.reference < list->references.size()) {
    const ProtectReference& r = list->references[protection.reference];
    return record.protect_file.value_or("protect") + ":" + std::to_string(r.line) + ":" +
           std::to_string(r.column) + " " + r.text;
  }
  return "protected";
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
    item.detail = "the repository is gone";
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
    item.detail = repository.ambiguity_text(i);
    return;
  }
  std::vector<std::string_view> planned_tags(image.tags.begin(), image.tags.end());
  if (sorted(planned_tags) != sorted({now.tags.begin(), now.tags.end()})) {
    item.reason = SkipReason::tags_changed;
    item.detail = tags_detail(now);
    return;
  }
  for (const RecordedProtection& protection : planned.protected_images) {
    if (protection.digest == image.digest) {
      item.reason = SkipReason::now_protected;
      item.detail = "protected when planned";
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
        item.detail = repository.ambiguity_text(held.ambiguous);
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
        item.detail = "index " + repository.images[*verdict.parent].digest.short_string();
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
  item.detail =
      "now " + std::string(to_json(verdict.action)) + " by rule " + std::to_string(verdict.rule);
}

}  // namespace

std::optional<std::string> plan_age_refusal(const PlanRecord& record, Micros now, Micros max_age) {
  const Micros age = now - record.evaluated_at;
  if (age <= max_age) {
    return std::nullopt;
  }
  return "the plan was evaluated at " + format_readable(record.evaluated_at) + ", " +
         duration_text(age) + " before " + format_readable(now) + ": older than --max-age " +
         duration_text(max_age) + "; plan again";
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
    decision.refusals.push_back("the run would delete " + std::to_string(counts.deletions) +
                                " images, more than --max-deletes " +
                                std::to_string(*guards.max_deletes));
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
