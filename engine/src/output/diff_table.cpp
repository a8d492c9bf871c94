// The diff as a table: one line per changed image, then the counts and both totals.
#include "output/diff_text.hpp"

#include <ostream>

#include "output/sentences.hpp"
#include "output/plain_text.hpp"

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
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"REPOSITORY", "DIGEST", "TAGS", "PUSHED", "OLD", "NEW", "CHANGE"});
    for (const ImageChange& change : diff.changes) {
      const ImageRecord& image = change.repository->images[change.image];
      rows.push_back({change.repository->name, image.digest.short_string(),
                      image.tags.empty() ? "-" : detail::joined_tags(image, ","),
                      day_of(image.pushed_at), outcome_label(change.old_outcome),
                      outcome_label(change.new_outcome), std::string(describe(change.kind))});
    }
    text += detail::format_table(rows);
  }
  text += std::string("\n") + detail::count_text(diff.changes.size(), "image") +
          " change: " + change_counts(diff, false) + "\n";
  text += "OLD " + options.old_name + ": " + totals_line(diff.old_totals) + "\n";
  text += "NEW " + options.new_name + ": " + totals_line(diff.new_totals) + "\n";
  out << text;
}

}  // namespace ecrlc::detail
