// The diff as a table: one line per changed image, then the counts and both totals.
#include <ostream>

#include "base/text.hpp"
#include "base/text_table.hpp"
#include "output/count_text.hpp"
#include "output/diff_text.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

std::string totals_line(const OutcomeTotals& totals) {
  return "expires " + detail::count_text(totals.expiring, "image") + " (" +
         format_bytes(totals.expiring_bytes) + "), transitions " +
         detail::count_text(totals.transitioning, "image") + " (" +
         format_bytes(totals.transitioning_bytes) + ")";
}

}  // namespace

void render_diff_table(std::ostream& out, const PolicyDiff& diff,
                       const DiffRenderOptions& options) {
  std::string text;
  if (diff.changes.empty()) {
    text += "No image changes outcome.\n";
  } else {
    TextTable table(TextTable::Width::bytes);
    table.add_row({"REPOSITORY", "DIGEST", "TAGS", "PUSHED", "OLD", "NEW", "CHANGE"});
    for (const ImageChange& change : diff.changes) {
      const ImageRecord& image = change.repository->images[change.image];
      table.add_row({change.repository->name, image.digest.short_string(),
                     image.tags.empty() ? std::string("-") : join(image.tags, ","),
                     day_of(image.pushed_at), outcome_label(change.old_outcome),
                     outcome_label(change.new_outcome), describe(change.kind)});
    }
    table.render(text);
  }
  text += std::string("\n") + detail::count_text(diff.changes.size(), "image") +
          " change: " + change_counts(diff, false) + "\n";
  text += "OLD " + options.old_name + ": " + totals_line(diff.old_totals) + "\n";
  text += "NEW " + options.new_name + ": " + totals_line(diff.new_totals) + "\n";
  out << text;
}

}  // namespace ecrlc::detail
