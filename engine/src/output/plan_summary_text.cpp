// summary.txt of a plan folder (also what `plan` prints): a table per rule and repository,
// the totals, and what protection saved.
#include "base/text.hpp"
#include "base/text_table.hpp"
#include "output/count_text.hpp"
#include "output/plan_layout.hpp"
#include "output/sentences.hpp"

namespace ecrlc {
namespace {

std::string tags_text(const ImageRecord& image) {
  return image.tags.empty() ? "<untagged>" : detail::join(image.tags, ",");
}

std::string protection_text(const Plan& plan, const Repository& repository,
                            const Protection& protection) {
  switch (protection.kind) {
    case ProtectionKind::direct:
      if (plan.protect == nullptr) {
        return "protected";
      }
      return detail::reference_location(plan, protection.reference) + " " +
             plan.protect->references[protection.reference].text;
    case ProtectionKind::child_of_index:
      return "child of protected index " + repository.images[protection.via].digest.short_string();
    case ProtectionKind::referrer:
      return "referrer of protected " + repository.images[protection.via].digest.short_string();
    case ProtectionKind::subject:
      return "subject of protected referrer " +
             repository.images[protection.via].digest.short_string();
  }
  return "protected";
}

}  // namespace

std::string plan_summary_text(const Plan& plan) {
  std::string out = "Plan as of " + format_utc(plan.now) + "\n\n";
  for (const std::string& gap : plan.incomplete) {
    out += "Incomplete snapshot: " + gap + "\n";
  }
  out += plan.incomplete.empty() ? "" : "\n";
  detail::TextTable table(detail::TextTable::Width::bytes);
  table.add_row(
      {"REPOSITORY", "POLICY", "RULE", "ACTION", "IMAGES", "SIZE", "PROTECTED", "PROTECTED SIZE"});
  for (const RepositoryPlan& r : plan.repositories) {
    const std::string label = detail::repository_label(plan, *r.repository);
    bool any_rule = false;
    for (const PlanRuleSummary& rule : r.rules) {
      if (rule.images == 0 && rule.saved == 0) {
        continue;  // rules that do nothing here would drown the ones that do
      }
      table.add_row({label, r.source->file, std::to_string(rule.priority), to_json(rule.action),
                     std::to_string(rule.images), format_bytes(rule.bytes),
                     std::to_string(rule.saved), format_bytes(rule.saved_bytes)});
      any_rule = true;
    }
    if (!any_rule) {
      table.add_row({label, r.source->file, "-", "-", "0", "0 B", "0", "0 B"});
    }
  }
  table.render(out);
  const detail::PlanTotals totals = detail::totals_of(plan);
  out += "\nTotal: delete " + detail::count_text(totals.deletions, "image") + " (" +
         format_bytes(totals.deletion_bytes) + ") in " +
         detail::count_text(totals.delete_files, "request file") + "; transition " +
         detail::count_text(totals.transitions, "image") + " (" +
         format_bytes(totals.transition_bytes) + ") in " +
         detail::count_text(totals.transitions, "request file") + "\n";
  if (totals.referrers > 0) {
    out += "ECR also removes " + detail::count_text(totals.referrers, "referrer") + " (" +
           format_bytes(totals.referrer_bytes) + ") of deleted images by itself\n";
  }
  if (totals.held > 0) {
    out += "Held back, the snapshot disagrees with itself: " +
           detail::count_text(totals.held, "image") + " (" + format_bytes(totals.held_bytes) +
           "):\n";
    for (const RepositoryPlan& r : plan.repositories) {
      for (const HeldImage& held : r.held) {
        const ImageRecord& image = r.repository->images[held.image];
        out += "  " + detail::repository_label(plan, *r.repository) + " " +
               image.digest.short_string() + " " + tags_text(image) + ": " +
               std::string(to_json(held.action)) + " by rule " + std::to_string(held.rule) +
               ", held: " + detail::held_reason(*r.repository, held) + "\n";
      }
    }
  }
  if (plan.protect != nullptr) {
    out += "Protection saved " + detail::count_text(totals.saved, "image") + " (" +
           format_bytes(totals.saved_bytes) + ")" + (totals.saved > 0 ? ":\n" : "\n");
    for (const RepositoryPlan& r : plan.repositories) {
      for (const SavedImage& saved : r.saved) {
        const ImageRecord& image = r.repository->images[saved.image];
        out += "  " + detail::repository_label(plan, *r.repository) + " " +
               image.digest.short_string() + " " + tags_text(image) + ": " +
               std::string(to_json(saved.action)) + " by rule " + std::to_string(saved.rule) +
               ", kept by " + protection_text(plan, *r.repository, saved.protection) + "\n";
      }
    }
    for (const std::size_t reference : plan.unmatched_protections) {
      out += "Protect reference matching no image: " + detail::reference_location(plan, reference) +
             " " + plan.protect->references[reference].text + "\n";
    }
    if (!plan.foreign_protections.empty()) {
      out += "Protect references naming another registry (ignored): " +
             std::to_string(plan.foreign_protections.size()) + "\n";
    }
  }
  if (!plan.without_policy.empty()) {
    out += "Repositories without a policy (not in the plan):";
    for (const std::string& name : plan.without_policy) {
      out += " " + name;
    }
    out += "\n";
  }
  return out;
}

}  // namespace ecrlc
