// `--format html`: one self-contained page (docs/preview.md): what was evaluated, the images
// in use first (--protect, in red), the headline figures (images, storage, bytes freed,
// monthly cost before and after), the charts, then the tables. Deterministic: nothing on the
// page depends on when or where it was made.
#include "output/preview_html.hpp"

#include "base/text.hpp"
#include "output/preview_formats.hpp"
#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

std::string policies_line(const Preview& preview) {
  if (preview.single_policy) {
    return std::string("Policy: ") + preview.policies.front().source->file;
  }
  std::vector<std::string_view> files;
  for (const PreviewPolicy& policy : preview.policies) {
    files.emplace_back(policy.source->file);
  }
  return std::string("Policies: ") + plural(files.size(), "file", "files") +
         (files.empty() ? std::string() : std::string(" (") + join(files, ", ") + ")");
}

void append_meta(std::string& out, const Preview& preview, const PreviewRenderOptions& options) {
  std::string evaluated = "Evaluated at ";
  append_table_time(evaluated, preview.now);
  evaluated += std::string(" UTC: ") +
               plural(preview.repositories.size(), "repository", "repositories") + ", " +
               plural(preview.totals.images, "image", "images") + ".";
  append_paragraph(out, evaluated, "meta");
  append_paragraph(out, policies_line(preview), "meta");
  if (!options.inventory_source.empty()) {
    append_paragraph(out, std::string("Images: ") + options.inventory_source, "meta");
  }
  for (const std::string& gap : options.incomplete) {
    append_paragraph(out, incomplete_snapshot_sentence(gap), "meta");
  }
}

std::string arrow(const std::string& before, const std::string& after) {
  return before + " \u2192 " + after;
}

std::vector<HtmlFigure> headline(const Preview& preview, const PreviewRenderOptions& options) {
  const RepositorySummary& totals = preview.totals;
  const CostFigures cost = cost_figures(preview, options.prices);
  const StorageBytes& bytes = cost.bytes;
  const std::uint64_t after = totals.images - totals.expiring - totals.referrers_removed;
  std::vector<HtmlFigure> figures;
  figures.push_back({"Images", arrow(std::to_string(totals.images), std::to_string(after)),
                     std::to_string(totals.expiring) + " expire, " +
                         std::to_string(totals.transitioning) + " move to archive, " +
                         std::to_string(totals.referrers_removed) + " referrers removed"});
  figures.push_back(
      {"Storage", arrow(format_bytes(bytes.before()), format_bytes(bytes.after())),
       "standard " +
           arrow(format_bytes(bytes.standard_before), format_bytes(bytes.standard_after)) +
           ", archive " +
           arrow(format_bytes(bytes.archive_before), format_bytes(bytes.archive_after))});
  figures.push_back({"Bytes freed",
                     format_bytes(cost.bytes_freed()) + " (" +
                         format_share(cost.bytes_freed(), bytes.before()) + ")",
                     "an upper bound: images that share layers free less"});
  const double saved = cost.before() - cost.after();
  figures.push_back(
      {"Monthly storage cost", arrow(format_usd(cost.before()), format_usd(cost.after())),
       (saved < 0 ? format_usd(-saved) + " more" : format_usd(saved) + " saved") + " a month"});
  figures.push_back({"Standard storage, a month",
                     arrow(format_usd(cost.standard_before()), format_usd(cost.standard_after())),
                     "at " + prices_phrase(options.prices)});
  figures.push_back({"Archive storage, a month",
                     arrow(format_usd(cost.archive_before()), format_usd(cost.archive_after())),
                     std::to_string(totals.transitioning) + " images move there"});
  if (options.inventory_source.starts_with("snapshot")) {
    std::string taken;
    append_table_time(taken, preview.now);
    figures.push_back({"Snapshot", options.incomplete.empty() ? "complete" : "incomplete",
                       options.incomplete.empty()
                           ? std::string("taken ") + taken + " UTC"
                           : plural(options.incomplete.size(), "gap", "gaps") + " listed above"});
  }
  return figures;
}

}  // namespace

void render_preview_html(OutputBuffer& buffer, const Preview& preview,
                         const PreviewRenderOptions& options) {
  std::string& out = buffer.text();
  begin_html_page(out, "ecr-lifecycle preview");
  append_meta(out, preview, options);
  if (options.in_use != nullptr) {
    append_in_use_section(out, *options.protect, *options.in_use,
                          preview_in_use_heading(options.in_use->size()));
  }
  begin_section(out, "headline", "Headline");
  append_figures(out, headline(preview, options));
  end_section(out);
  append_preview_charts(out, preview);
  append_repository_table(out, preview, options.prices);
  append_rule_tables(out, preview);
  if (preview.horizon) {
    append_forecast_table(out, preview);
  }
  buffer.maybe_flush();
  append_image_tables(out, preview);
  end_html_page(out,
                {made_by_sentence(options.tool_version, "the policy and the images named above"),
                 preview_cost_note(options.prices)});
}

}  // namespace ecrlc::detail
