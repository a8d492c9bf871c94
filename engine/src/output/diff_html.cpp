// `diff --format html`: the report page with OLD and NEW side by side: what each policy
// expires and archives, what that saves a month, the changes counted and charted, then the
// changed images (capped, like the preview's listing). Images in use that NEW newly expires
// or archives (--protect) come first, in red.
#include <algorithm>

#include "output/diff_text.hpp"
#include "output/preview_html.hpp"
#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::size_t k_change_rows = 2000;

std::vector<HtmlFigure> totals_figures(const OutcomeTotals& totals, const StoragePrices& prices) {
  const double saving = monthly_cost(totals.expiring_bytes, prices.standard) +
                        monthly_cost(totals.transitioning_bytes, prices.standard - prices.archive);
  return {{"Expiring images", std::to_string(totals.expiring),
           format_bytes(totals.expiring_bytes) + " freed"},
          {"Moving to archive", std::to_string(totals.transitioning),
           format_bytes(totals.transitioning_bytes)},
          {"Monthly saving", format_usd(saving), std::string("at ") + prices_phrase(prices)}};
}

void append_side(std::string& out, std::string_view label, std::string_view name,
                 const OutcomeTotals& totals, const StoragePrices& prices) {
  out += "<div><h3>";
  append_html_escaped(out, label);
  out += " <code>";
  append_html_escaped(out, name);
  out += "</code></h3>\n";
  append_figures(out, totals_figures(totals, prices));
  out += "</div>\n";
}

void append_charts(std::string& out, const PolicyDiff& diff) {
  const OutcomeTotals& a = diff.old_totals;
  const OutcomeTotals& b = diff.new_totals;
  Chart bytes;
  bytes.id = "chart-diff-bytes";
  bytes.title = "Bytes freed and moved to archive, old and new policy";
  bytes.series = {Series::old_policy, Series::new_policy};
  bytes.bars = {{"old: freed", {a.expiring_bytes.to_double(), 0}, format_bytes(a.expiring_bytes)},
                {"new: freed", {0, b.expiring_bytes.to_double()}, format_bytes(b.expiring_bytes)},
                {"old: to archive",
                 {a.transitioning_bytes.to_double(), 0},
                 format_bytes(a.transitioning_bytes)},
                {"new: to archive",
                 {0, b.transitioning_bytes.to_double()},
                 format_bytes(b.transitioning_bytes)}};
  bytes.description = std::string("Old policy frees ") + format_bytes(a.expiring_bytes) +
                      " and moves " + format_bytes(a.transitioning_bytes) +
                      " to archive; new policy frees " + format_bytes(b.expiring_bytes) +
                      " and moves " + format_bytes(b.transitioning_bytes) + ".";
  Chart changes;
  changes.id = "chart-diff-changes";
  changes.title = "Images that change outcome, by change";
  changes.series = {Series::new_policy};
  changes.description = change_counts(diff, false) + ".";
  for (std::size_t k = 0; k < k_change_kinds; ++k) {
    const auto kind = static_cast<ChangeKind>(k);
    changes.bars.push_back(
        {describe_change(kind),
         {static_cast<double>(diff.count(kind))},
         std::to_string(diff.count(kind)) + " (" + format_bytes(diff.bytes[k]) + ")"});
  }
  begin_section(out, "charts", "Charts");
  begin_charts(out);
  append_bar_chart(out, bytes);
  append_bar_chart(out, changes);
  end_charts(out);
  end_section(out);
}

void append_changes(std::string& out, const PolicyDiff& diff) {
  begin_section(out, "changes", images_change_outcome(diff.changes.size()));
  if (diff.changes.empty()) {
    append_paragraph(out, k_no_image_changes);
    end_section(out);
    return;
  }
  HtmlTable table;
  table.caption = "Images whose outcome changes";
  table.headings = {"Repository", "Image", "Tags", "Pushed (UTC)", "Old", "New", "Change"};
  table.numeric.assign(table.headings.size(), false);
  const std::size_t shown = std::min(diff.changes.size(), k_change_rows);
  for (std::size_t c = 0; c < shown; ++c) {
    const ImageChange& change = diff.changes[c];
    const ImageRecord& image = change.repository->images[change.image];
    table.rows.push_back(
        {text_cell(change.repository->name, true), text_cell(image.digest.short_string(), true),
         text_cell(tags_text(image)), text_cell(table_time(image.pushed_at)),
         text_cell(outcome_label(change.old_outcome)), text_cell(outcome_label(change.new_outcome)),
         text_cell(describe_change(change.kind))});
  }
  append_table(out, table);
  if (shown < diff.changes.size()) {
    append_paragraph(out, std::string("Listed: ") + plural(shown, "image", "images") + "; " +
                              and_more(diff.changes.size() - shown) +
                              " (--format json lists every one).");
  }
  end_section(out);
}

}  // namespace

void render_diff_html(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options) {
  std::string text;
  begin_html_page(text, "ecr-lifecycle diff");
  std::string evaluated = "Evaluated at ";
  append_table_time(evaluated, diff.now);
  evaluated += std::string(" UTC: ") + plural(diff.repositories, "repository", "repositories") +
               " compared.";
  append_paragraph(text, evaluated, "meta");
  append_paragraph(text, std::string("Old: ") + options.old_name + "; new: " + options.new_name,
                   "meta");
  if (options.in_use != nullptr) {
    append_in_use_section(text, *options.protect, *options.in_use,
                          diff_in_use_heading(options.new_name, options.in_use->size()));
  }
  begin_section(text, "headline", "Old and new side by side");
  text += "<div class=\"side\">\n";
  append_side(text, "Old", options.old_name, diff.old_totals, options.prices);
  append_side(text, "New", options.new_name, diff.new_totals, options.prices);
  text += "</div>\n";
  append_paragraph(
      text, diff.changes.empty() ? std::string(k_no_image_changes) : diff_changes_sentence(diff));
  end_section(text);
  append_charts(text, diff);
  append_changes(text, diff);
  end_html_page(text, {made_by_sentence(options.tool_version, "the two policies and the images"),
                       diff_cost_note()});
  out << text;
}

}  // namespace ecrlc::detail
