// `--format table`: aligned columns for people (docs/preview.md shows an example). One
// section per policy (with several policies, each under a "== Policy" heading, then a table
// of every repository), then with a horizon the forecast table.
//
// The image listing can have 500,000 rows, so it is written in two passes (widths, then
// text) without building a string per cell; the small summary tables use TextTable.
#include <algorithm>
#include <array>
#include <vector>

#include "base/civil_time.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"
#include "base/text_table.hpp"
#include "output/preview_formats.hpp"
#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::size_t k_tags_width = 40;  // longer tag lists end with an ellipsis
constexpr std::string_view k_separator = "  ";
// Whole days (floored) since the push, as "31d" (days_cell).
constexpr std::string_view k_age_heading = "AGE";

void pad(std::string& out, std::size_t width, std::size_t used) {
  if (used < width) {
    out.append(width - used, ' ');
  }
}

std::size_t digits(std::int64_t value) {
  std::size_t count = value < 0 ? 2 : 1;
  for (std::int64_t v = value < 0 ? -(value / 10) : value / 10; v != 0; v /= 10) {
    ++count;
  }
  return count;
}

// Tags joined with commas, cut to `width` columns with an ellipsis (0: every tag).
void append_tags(std::string& out, const ImageRecord& image, std::size_t width = k_tags_width) {
  if (image.tags.empty()) {
    out.append(k_untagged);
    return;
  }
  const std::size_t start = out.size();
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    if (t != 0) {
      out.push_back(',');
    }
    out.append(image.tags[t]);
    if (width != 0 && out.size() - start > 4 * width) {
      break;  // enough to decide on truncation; a thousand tags need not be joined
    }
  }
  if (width != 0) {
    elide_to_width(out, start, width);
  }
}

// The digest as the listing shows it: 12 hex digits, or with --wide all of it.
void append_digest(std::string& out, const Digest& digest, const TableWidth& width) {
  if (width.wide) {
    out.append(digest.to_string());
  } else {
    append_digest_hex(out, digest, 12);
  }
}

std::string digest_text(const Digest& digest, const TableWidth& width) {
  return width.wide ? digest.to_string() : digest.short_string();
}

std::size_t tags_limit(const TableWidth& width) { return width.wide ? 0 : k_tags_width; }

// The columns of the image listing, and how each gives way to a terminal's width.
namespace column {
constexpr std::size_t repository = 0, digest = 1, tags = 2, pushed = 3, age = 4, action = 5,
                      rule = 6, reason = 7;
}  // namespace column
constexpr std::size_t k_image_columns = 8;
constexpr std::array<std::string_view, k_image_columns> k_image_headings = {
    "REPOSITORY", "DIGEST", "TAGS", "PUSHED (UTC)", k_age_heading, "ACTION", "RULE", "REASON"};
// Narrow terminals lose PUSHED (AGE says it) and RULE (the reason names it) first, then
// digest digits, then name, tag and action letters, and the reason last.
constexpr std::array<ColumnFit, k_image_columns> k_image_fits = {ColumnFit{10, false, 1},
                                                                 ColumnFit{9, false, 0},
                                                                 ColumnFit{10, false, 1},
                                                                 ColumnFit{0, true, 0},
                                                                 ColumnFit{},
                                                                 ColumnFit{10, false, 1},
                                                                 ColumnFit{0, true, 0},
                                                                 ColumnFit{12, false, 2}};
constexpr std::array<bool, k_image_columns> k_image_right = {false, false, false, false,
                                                             true,  false, false, false};

std::string repository_label(const Preview& preview, const Repository& repository) {
  return ecrlc::repository_label(repository, preview.several_registries);
}

// The image listing's lines, written cell by cell: each cell is appended, cut to its column
// when the table is fitted, and padded.
class ImageLines {
 public:
  ImageLines(std::string& out, const FittedColumns& columns, bool fitted)
      : m_out(out), m_columns(columns), m_fitted(fitted) {}

  // Starts the next cell of column `c`; false when the column is not shown.
  bool begin(std::size_t c) {
    m_column = c;
    if (!m_columns.shown[c]) {
      return false;
    }
    if (m_any) {
      m_out.append(k_separator);
    }
    m_any = true;
    m_start = m_out.size();
    return true;
  }

  // Ends the cell begun last: cut to its column's width, then padded (right-aligned cells
  // on the left, the last column not at all).
  void end() {
    const std::size_t width = m_columns.widths[m_column];
    if (m_fitted) {
      elide_to_width(m_out, m_start, width);
    }
    const std::size_t used = code_points(std::string_view(m_out).substr(m_start));
    if (k_image_right[m_column]) {
      m_out.insert(m_start, width > used ? width - used : 0, ' ');
    } else if (m_column != column::reason) {
      pad(m_out, width, used);
    }
  }

  void cell(std::size_t c, std::string_view text) {
    if (begin(c)) {
      m_out.append(text);
      end();
    }
  }

  void end_line() {
    while (!m_out.empty() && m_out.back() == ' ') {
      m_out.pop_back();
    }
    m_out.push_back('\n');
    m_any = false;
  }

 private:
  std::string& m_out;
  const FittedColumns& m_columns;
  bool m_fitted;
  std::size_t m_column = 0;
  std::size_t m_start = 0;
  bool m_any = false;
};

// The natural width of every column of the listing of repositories [first, last) of
// `policy` (the reason's only when the table is to be fitted: it costs a sentence per image),
// and the rows they list.
struct ListingWidths {
  std::array<std::size_t, k_image_columns> widths{};
  std::size_t rows = 0;
};

ListingWidths image_widths(const Preview& preview, const PreviewPolicy& policy,
                           const PreviewRenderOptions& options, std::size_t first,
                           std::size_t last) {
  ListingWidths listing;
  auto& widths = listing.widths;
  for (std::size_t c = 0; c < k_image_columns; ++c) {
    widths[c] = k_image_headings[c].size();
  }
  widths[column::digest] = options.width.wide ? 71 : 12;
  widths[column::pushed] = 19;
  const bool reasons = options.width.columns != 0;
  std::string scratch;
  for (std::size_t p = first; p < last; ++p) {
    const RepositoryPreview& repository = preview.repositories[policy.repositories[p]];
    const std::size_t count = listed_count(repository, options.all);
    if (count == 0) {
      continue;
    }
    listing.rows += count;
    widths[column::repository] = std::max(
        widths[column::repository], code_points(repository_label(preview, *repository.repository)));
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t index = repository.order[i];
      const ImageRecord& image = repository.repository->images[index];
      const ImageVerdict& verdict = repository.evaluation.verdicts[index];
      scratch.clear();
      append_tags(scratch, image, tags_limit(options.width));
      widths[column::tags] = std::max(widths[column::tags], code_points(scratch));
      widths[column::age] =
          std::max(widths[column::age], digits(age_in_days(image.pushed_at, preview.now)) + 1);
      widths[column::action] =
          std::max(widths[column::action], code_points(action_label(verdict.action)));
      if (verdict.rule != 0) {
        widths[column::rule] = std::max(widths[column::rule], digits(verdict.rule));
      }
      if (reasons) {
        scratch.clear();
        append_reason(scratch, policy.policy(), *repository.repository, index, verdict,
                      preview.now);
        widths[column::reason] = std::max(widths[column::reason], code_points(scratch));
      }
    }
  }
  return listing;
}

// image_widths of every batch (on the render threads), combined.
ListingWidths image_widths(const Preview& preview, const PreviewPolicy& policy,
                           const PreviewRenderOptions& options,
                           const std::vector<std::size_t>& starts) {
  std::vector<ListingWidths> parts(starts.size() - 1);
  parallel_for(parts.size(), options.threads, [&](std::size_t b) {
    parts[b] = image_widths(preview, policy, options, starts[b], starts[b + 1]);
  });
  ListingWidths all = image_widths(preview, policy, options, 0, 0);
  for (const ListingWidths& part : parts) {
    all.rows += part.rows;
    for (std::size_t c = 0; c < k_image_columns; ++c) {
      all.widths[c] = std::max(all.widths[c], part.widths[c]);
    }
  }
  return all;
}

// The listing's lines of repositories [first, last) of `policy`.
void write_image_lines(OutputBuffer& buffer, const Preview& preview, const PreviewPolicy& policy,
                       const PreviewRenderOptions& options, const FittedColumns& columns,
                       std::size_t first, std::size_t last) {
  std::string& out = buffer.text();
  ImageLines line(out, columns, options.width.columns != 0);
  for (std::size_t p = first; p < last; ++p) {
    const RepositoryPreview& repository = preview.repositories[policy.repositories[p]];
    const std::size_t count = listed_count(repository, options.all);
    const std::string name = repository_label(preview, *repository.repository);
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t index = repository.order[i];
      const ImageRecord& image = repository.repository->images[index];
      const ImageVerdict& verdict = repository.evaluation.verdicts[index];
      line.cell(column::repository, name);
      if (line.begin(column::digest)) {
        append_digest(out, image.digest, options.width);
        line.end();
      }
      if (line.begin(column::tags)) {
        append_tags(out, image, tags_limit(options.width));
        line.end();
      }
      if (line.begin(column::pushed)) {
        append_table_time(out, image.pushed_at);
        line.end();
      }
      if (line.begin(column::age)) {
        append_days_cell(out, age_in_days(image.pushed_at, preview.now));
        line.end();
      }
      line.cell(column::action, action_label(verdict.action));
      if (line.begin(column::rule)) {
        if (verdict.rule != 0) {
          append_integer(out, verdict.rule);
        } else {
          out.push_back('-');
        }
        line.end();
      }
      if (line.begin(column::reason)) {
        append_reason(out, policy.policy(), *repository.repository, index, verdict, preview.now);
        line.end();
      }
      line.end_line();
      buffer.maybe_flush();
    }
  }
}

void write_images(OutputBuffer& buffer, const Preview& preview, const PreviewPolicy& policy,
                  const PreviewRenderOptions& options) {
  const auto starts = render_batches(policy.repositories.size(), [&](std::size_t p) {
    return listed_count(preview.repositories[policy.repositories[p]], options.all);
  });
  const ListingWidths natural = image_widths(preview, policy, options, starts);
  std::string& text = buffer.text();
  if (natural.rows == 0) {
    text.append(nothing_listed_sentence(policy.totals.images));
    text.push_back('\n');
    return;
  }
  const bool fitted = options.width.columns != 0;
  const FittedColumns columns = fit_columns(natural.widths, k_image_fits, options.width.columns);
  {
    ImageLines heading(text, columns, fitted);
    for (std::size_t c = 0; c < k_image_columns; ++c) {
      heading.cell(c, k_image_headings[c]);
    }
    heading.end_line();
  }
  render_in_order(buffer, starts, options.threads,
                  [&](std::size_t first, std::size_t last, OutputBuffer& batch) {
                    write_image_lines(batch, preview, policy, options, columns, first, last);
                  });
}

// Adds a row of `cells`, right-aligned where `right` says so.
void add_row(TextTable& table, std::vector<std::string> cells, const std::vector<bool>& right) {
  std::vector<TextTable::Cell> row;
  row.reserve(cells.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    TextTable::Cell cell(std::move(cells[c]));
    if (right[c]) {
      cell.right_align();
    }
    row.push_back(std::move(cell));
  }
  table.add_row(std::move(row));
}

void write_consequences(std::string& out, const Preview& preview, const PreviewPolicy& policy,
                        const TableWidth& width) {
  const std::vector<bool> right = {false, false, false, true, false};
  TextTable table;
  table.set_limit(width.columns);
  table.set_fit(0, {10});
  table.set_fit(1, {9});
  table.set_fit(2, {9});
  table.set_fit(4, {12});
  add_row(table, {"REPOSITORY", "REFERRER", "SUBJECT", "RULE", "ARTIFACT TYPE"}, right);
  bool any = false;
  for (const std::size_t r : policy.repositories) {
    const RepositoryPreview& repository = preview.repositories[r];
    const auto& images = repository.repository->images;
    for (const ReferrerConsequence& consequence : repository.evaluation.consequences) {
      const ImageRecord& referrer = images[consequence.referrer];
      std::string type(referrer.artifact_media_type.empty() ? referrer.manifest_media_type
                                                            : referrer.artifact_media_type);
      add_row(
          table,
          {repository_label(preview, *repository.repository), digest_text(referrer.digest, width),
           digest_text(images[consequence.subject].digest, width), std::to_string(consequence.rule),
           type.empty() ? "-" : type},
          right);
      any = true;
    }
  }
  if (!any) {
    return;
  }
  out.append("\nReferrers that ECR removes with their expiring subject (within 24 hours):\n");
  table.render(out);
}

void write_rules(std::string& out, const PreviewPolicy& policy, const TableWidth& width) {
  const std::vector<bool> right = {true, false, true, true, true, true, false};
  TextTable table;
  table.set_limit(width.columns);
  table.set_fit(6, {12});
  add_row(table, {"RULE", "ACTION", "IMAGES", "BYTES", "PROTECTED", "WITHDRAWN", "DESCRIPTION"},
          right);
  for (const RuleSummary& summary : policy.rules) {
    const bool expire = summary.action == ActionType::expire;
    const Rule* rule = find_rule(policy.policy(), summary.priority);
    add_row(table,
            {std::to_string(summary.priority),
             std::string(action_label(expire ? Action::expire : Action::transition)),
             std::to_string(expire ? summary.expiring : summary.transitioning),
             format_bytes(expire ? summary.expiring_bytes : summary.transitioning_bytes),
             std::to_string(summary.protected_images), std::to_string(summary.withdrawn_children),
             rule != nullptr && rule->description ? *rule->description : std::string()},
            right);
  }
  out.append("\nPer rule:\n");
  table.render(out);
}

// The summary columns of a repository (or of a total): images, actions, bytes.
std::vector<std::string> summary_cells(std::vector<std::string> cells,
                                       const RepositorySummary& summary) {
  for (const std::uint64_t count : {summary.images, summary.expiring, summary.transitioning,
                                    summary.kept, summary.referrers_removed}) {
    cells.push_back(std::to_string(count));
  }
  cells.push_back(format_bytes(summary.bytes_reclaimed));
  cells.push_back(format_bytes(summary.bytes_transitioned));
  return cells;
}

constexpr std::array<std::string_view, 7> k_summary_headings = {
    "IMAGES", "EXPIRE", "TRANSITION", "KEEP", "REFERRERS", "RECLAIMED", "TO ARCHIVE"};

// A table of repository summaries whose first `names` columns are left-aligned names.
TextTable summary_table(std::vector<std::string> name_headings, const TableWidth& width) {
  std::vector<bool> right(name_headings.size(), false);
  right.resize(name_headings.size() + std::size(k_summary_headings), true);
  for (const std::string_view heading : k_summary_headings) {
    name_headings.emplace_back(heading);
  }
  TextTable table;
  table.set_limit(width.columns);
  for (std::size_t c = 0; c < name_headings.size(); ++c) {
    table.set_fit(c, {10});
  }
  add_row(table, std::move(name_headings), right);
  return table;
}

void add_summary_row(TextTable& table, std::vector<std::string> names,
                     const RepositorySummary& summary) {
  std::vector<bool> right(names.size(), false);
  right.resize(names.size() + std::size(k_summary_headings), true);
  add_row(table, summary_cells(std::move(names), summary), right);
}

void write_repositories(std::string& out, const Preview& preview, const PreviewPolicy& policy,
                        const TableWidth& width) {
  TextTable table = summary_table({"REPOSITORY"}, width);
  for (const std::size_t r : policy.repositories) {
    const RepositoryPreview& repository = preview.repositories[r];
    add_summary_row(table, {repository_label(preview, *repository.repository)}, repository.summary);
  }
  if (policy.repositories.size() > 1) {
    add_summary_row(table, {"total"}, policy.totals);
  }
  out.append("\nPer repository:\n");
  table.render(out);
}

// What one policy does: the listing, the referrers, the rule and repository summaries.
void write_policy(OutputBuffer& buffer, const Preview& preview, const PreviewPolicy& policy,
                  const PreviewRenderOptions& options) {
  std::string& text = buffer.text();
  text.append(scope_sentence(preview.now, policy.repositories.size(), policy.totals.images));
  text.append("\n\n");
  write_images(buffer, preview, policy, options);
  if (!options.all && policy.totals.kept != 0) {
    text.append("\n");
    text.append(kept_not_listed_sentence(policy.totals.kept));
    text.append("\n");
  }
  write_consequences(text, preview, policy, options.width);
  write_rules(text, policy, options.width);
  write_repositories(text, preview, policy, options.width);
}

// The grand-total table of a run with several policies.
void write_all_repositories(std::string& out, const Preview& preview, const TableWidth& width) {
  TextTable table = summary_table({"REPOSITORY", "POLICY"}, width);
  for (const RepositoryPreview& repository : preview.repositories) {
    add_summary_row(table,
                    {repository_label(preview, *repository.repository),
                     preview.policy_of(repository).source->file},
                    repository.summary);
  }
  add_summary_row(table, {"total", ""}, preview.totals);
  out += "\nAll repositories:\n";
  table.render(out);
}

// The section "Forecast to ...:" with one row per forecast entry of every repository.
void write_forecast(std::string& out, const Preview& preview, const TableWidth& width) {
  const std::vector<bool> right = {false, false, false, false, true, false, false, false};
  TextTable table;
  table.set_limit(width.columns);
  // As the image listing gives way (k_image_fits).
  table.set_fit(0, {10, false, 1});
  table.set_fit(1, {9, false, 0});
  table.set_fit(2, {10, false, 1});
  table.set_fit(3, {0, true, 0});
  table.set_fit(5, {10, false, 1});
  table.set_fit(6, {0, true, 0});
  table.set_fit(7, {12, false, 2});
  add_row(table, {"REPOSITORY", "DIGEST", "TAGS", "DATE (UTC)", "IN", "ACTION", "RULE", "REASON"},
          right);
  bool any = false;
  for (const RepositoryPreview& view : preview.repositories) {
    const Repository& repository = *view.repository;
    const LifecyclePolicy& policy = preview.policy_of(view).policy();
    for (const ForecastEntry& entry : view.forecast) {
      const ImageRecord& image = repository.images[entry.image];
      std::string date;
      append_table_time(date, entry.at);
      std::string tags;
      append_tags(tags, image, tags_limit(width));
      add_row(
          table,
          {repository.name, digest_text(image.digest, width), std::move(tags), std::move(date),
           days_cell(forecast_days(entry, preview.now)), std::string(action_label(entry.action)),
           std::to_string(entry.rule), describe_forecast(policy, repository, entry)},
          right);
      any = true;
    }
  }
  out += '\n';
  out += forecast_heading(preview.now + *preview.horizon, preview.horizon_text, any);
  out += '\n';
  if (any) {
    table.render(out);
  }
}

// The storage and cost lines after the summaries: what the whole run stores and costs a
// month before and after.
void write_cost(std::string& out, const Preview& preview, const PreviewRenderOptions& options) {
  const CostFigures cost = cost_figures(preview, options.prices);
  out += '\n';
  out += storage_sentence(cost.bytes);
  out += '\n';
  out += monthly_cost_sentence(cost.before(), cost.after(), options.prices);
  out += '\n';
  out += k_upper_bound_note;
  out += '\n';
}

}  // namespace

void render_preview_table(OutputBuffer& buffer, const Preview& preview,
                          const PreviewRenderOptions& options) {
  std::string& text = buffer.text();
  for (const std::string& gap : options.incomplete) {
    text += incomplete_snapshot_sentence(gap) + "\n";
  }
  if (!options.incomplete.empty()) {
    text += "\n";
  }
  if (preview.single_policy) {
    write_policy(buffer, preview, preview.policies.front(), options);
  } else {
    for (std::size_t p = 0; p < preview.policies.size(); ++p) {
      const PreviewPolicy& policy = preview.policies[p];
      std::vector<std::string_view> names;
      for (const std::size_t r : policy.repositories) {
        names.emplace_back(preview.repositories[r].repository->name);
      }
      text += p == 0 ? "== Policy " : "\n== Policy ";
      text += policy.source->file + ": " + join(names, ", ") + " ==\n";
      write_policy(buffer, preview, policy, options);
    }
    if (preview.repositories.empty()) {
      text += k_no_repository_has_a_policy;
      text += "\n";
    } else {
      write_all_repositories(text, preview, options.width);
    }
    if (!preview.without_policy.empty()) {
      text += not_evaluated_sentence(preview.without_policy) + "\n";
    }
  }
  write_cost(text, preview, options);
  if (preview.horizon) {
    write_forecast(text, preview, options.width);
  }
}

}  // namespace ecrlc::detail
