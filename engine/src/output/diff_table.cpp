// The diff as a table: one line per changed image, then the counts and both totals.
#include <ostream>

#include "base/text.hpp"
#include "base/text_table.hpp"
#include "output/diff_text.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
void render_diff_table(std::ostream& out, const PolicyDiff& diff,
                       const DiffRenderOptions& options) {
  std::string text;
  if (diff.changes.empty()) {
    text += k_no_image_changes;
    text += "\n";
  } else {
    TextTable table(TextTable::Width::bytes);
    table.set_limit(options.width.columns);
    table.set_fit(0, {10});       // REPOSITORY
    table.set_fit(1, {9});        // DIGEST
    table.set_fit(2, {6});        // TAGS
    table.set_fit(3, {0, true});  // PUSHED (UTC)
    table.set_fit(4, {10});       // OLD
    table.set_fit(5, {10});       // NEW
    table.set_fit(6, {10});       // CHANGE
    table.add_row({"REPOSITORY", "DIGEST", "TAGS", "PUSHED (UTC)", "OLD", "NEW", "CHANGE"});
    for (const ImageChange& change : diff.changes) {
      const ImageRecord& image = change.repository->images[change.image];
      table.add_row({change.repository->name,
                     options.width.wide ? image.digest.to_string() : image.digest.short_string(),
                     tags_or_untagged(image.tags, ","), table_time(image.pushed_at),
                     outcome_label(change.old_outcome), outcome_label(change.new_outcome),
                     describe_change(change.kind)});
    }
    table.render(text);
  }
  text += '\n';
  text += diff_changes_sentence(diff) + "\n";
  text += "OLD " + options.old_name + ": " + diff_totals_sentence(diff.old_totals) + "\n";
  text += "NEW " + options.new_name + ": " + diff_totals_sentence(diff.new_totals) + "\n";
  out << text;
}

}  // namespace ecrlc::detail
