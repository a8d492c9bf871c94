// The diff as GitHub markdown: a totals table, the counts, the changes in a <details> block.
#include <algorithm>
#include <ostream>

#include "base/text.hpp"
#include "output/diff_text.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

std::string signed_count(std::int64_t delta) {
  return delta > 0 ? std::string("+") + std::to_string(delta) : std::to_string(delta);
}

// after - before, signed: totals are unsigned and exact, so the sign is taken apart.
std::string signed_bytes(ByteTotal before, ByteTotal after) {
  if (before == after) {
    return "0 B";
  }
  std::string text(1, after > before ? '+' : '-');
  text += format_bytes(distance(after, before));
  return text;
}

}  // namespace

void render_diff_markdown(std::ostream& out, const PolicyDiff& diff,
                          const DiffRenderOptions& options) {
  const OutcomeTotals& a = diff.old_totals;
  const OutcomeTotals& b = diff.new_totals;
  std::string text =
      "### ecr-lifecycle diff: `" + options.old_name + "` \u2192 `" + options.new_name + "`\n\n";
  if (options.in_use != nullptr && !options.in_use->empty()) {
    // --protect: images in use that NEW newly expires or archives come before everything.
    text += "> **";
    text += diff_in_use_markdown_heading(options.new_name, options.in_use->size());
    text += ":**\n";
    for (const InUseImage& image : *options.in_use) {
      text += "> - ";
      text += in_use_markdown_sentence(*options.protect, image);
      text += "\n";
    }
    text += "\n";
  }
  text += "| | Old | New | Change |\n|---|---:|---:|---:|\n";
  text +=
      "| Expiring images | " + std::to_string(a.expiring) + " | " + std::to_string(b.expiring) +
      " | " +
      signed_count(static_cast<std::int64_t>(b.expiring) - static_cast<std::int64_t>(a.expiring)) +
      " |\n";
  text += "| Bytes reclaimed | " + format_bytes(a.expiring_bytes) + " | " +
          format_bytes(b.expiring_bytes) + " | " +
          signed_bytes(a.expiring_bytes, b.expiring_bytes) + " |\n";
  text += "| Transitioning images | " + std::to_string(a.transitioning) + " | " +
          std::to_string(b.transitioning) + " | " +
          signed_count(static_cast<std::int64_t>(b.transitioning) -
                       static_cast<std::int64_t>(a.transitioning)) +
          " |\n";
  text += "| Bytes transitioned | " + format_bytes(a.transitioning_bytes) + " | " +
          format_bytes(b.transitioning_bytes) + " | " +
          signed_bytes(a.transitioning_bytes, b.transitioning_bytes) + " |\n\n";
  if (diff.changes.empty()) {
    text += k_no_image_changes;
    text += "\n";
    out << text;
    return;
  }
  text += change_counts(diff, true) + ".\n\n";
  text += "<details><summary>" + images_change_outcome(diff.changes.size()) + "</summary>\n\n";
  text += "| Repository | Image | Tags | Pushed (UTC) | Old | New | Change |\n";
  text += "|---|---|---|---|---|---|---|\n";
  const std::size_t shown = std::min(options.max_rows, diff.changes.size());
  for (std::size_t c = 0; c < shown; ++c) {
    const ImageChange& change = diff.changes[c];
    const ImageRecord& image = change.repository->images[change.image];
    text += std::string("| `") + change.repository->name + "` | `" + image.digest.short_string() +
            "` | " +
            (image.tags.empty() ? std::string(k_untagged_markdown)
                                : std::string("`") + join(image.tags, "`, `") + "`") +
            " | " + table_time(image.pushed_at) + " | " + outcome_label(change.old_outcome) +
            " | " + outcome_label(change.new_outcome) + " | " + describe_change(change.kind) +
            " |\n";
  }
  if (shown < diff.changes.size()) {
    text += '\n';
    text += and_more(diff.changes.size() - shown) + "\n";
  }
  text += "\n</details>\n";
  out << text;
}

}  // namespace ecrlc::detail
