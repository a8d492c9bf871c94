// summary.txt of a plan folder (also what `plan` prints): a table per rule and repository,
// the totals, and what protection saved.
#include "base/text_table.hpp"
#include "output/plan_layout.hpp"
#include "output/sentences.hpp"

namespace ecrlc {

std::string plan_summary_text(const Plan& plan, TableWidth width) {
  std::string out = plan_heading(plan.now) + "\n\n";
  for (const std::string& gap : plan.incomplete) {
    out += incomplete_snapshot_sentence(gap) + "\n";
  }
  out += plan.incomplete.empty() ? "" : "\n";
  detail::TextTable table(detail::TextTable::Width::bytes);
  table.set_limit(width.columns);
  table.set_fit(0, {10, false, 1});  // REPOSITORY
  table.set_fit(1, {10, true, 0});   // POLICY: shortened, or left out below 82 columns
  table.add_row(
      {"REPOSITORY", "POLICY", "RULE", "ACTION", "IMAGES", "SIZE", "PROTECTED", "PROTECTED SIZE"});
  for (const RepositoryPlan& r : plan.repositories) {
    const std::string label = repository_label(*r.repository, plan.several_registries);
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
  out += '\n';
  out += plan_totals_sentence(totals.deletions, totals.deletion_bytes, totals.delete_files,
                              totals.transitions, totals.transition_bytes);
  out += '\n';
  if (totals.referrers > 0) {
    out += referrers_removed_sentence(totals.referrers, totals.referrer_bytes) + "\n";
  }
  if (totals.held > 0) {
    out += held_back_sentence(totals.held, totals.held_bytes) + ":\n";
    for (const RepositoryPlan& r : plan.repositories) {
      const std::string label = repository_label(*r.repository, plan.several_registries);
      for (const HeldImage& held : r.held) {
        out += "  ";
        out += held_image_sentence(label, *r.repository, held) + "\n";
      }
    }
  }
  if (plan.protect != nullptr) {
    out += protection_saved_sentence(totals.saved, totals.saved_bytes) +
           (totals.saved > 0 ? ":\n" : "\n");
    for (const RepositoryPlan& r : plan.repositories) {
      const std::string label = repository_label(*r.repository, plan.several_registries);
      for (const SavedImage& saved : r.saved) {
        out += "  ";
        out += saved_image_sentence(label, plan, *r.repository, saved) + "\n";
      }
    }
    for (const std::size_t reference : plan.unmatched_protections) {
      out += unmatched_reference_sentence(detail::reference_location(plan, reference),
                                          plan.protect->references[reference].text) +
             "\n";
    }
    if (!plan.foreign_protections.empty()) {
      out += foreign_references_sentence(plan.foreign_protections.size()) + "\n";
    }
  }
  if (!plan.without_policy.empty()) {
    out += not_planned_sentence(plan.without_policy) + "\n";
  }
  return out;
}

}  // namespace ecrlc
