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
#include "base/text.hpp"
#include "base/text_table.hpp"
#include "output/preview_formats.hpp"
#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::size_t k_tags_width = 40;  // longer tag lists end with an ellipsis
constexpr std::string_view k_separator = "  ";
constexpr std::string_view k_ellipsis = "\u2026";

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

// Tags joined with commas, cut to k_tags_width columns with an ellipsis.
void append_tags(std::string& out, const ImageRecord& image) {
  if (image.tags.empty()) {
    out.append("<none>");
    return;
  }
  const std::size_t start = out.size();
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    if (t != 0) {
      out.push_back(',');
    }
    out.append(image.tags[t]);
    if (out.size() - start > 4 * k_tags_width) {
      break;  // enough to decide on truncation; a thousand tags need not be joined
    }
  }
  std::string_view joined(out.data() + start, out.size() - start);
  if (code_points(joined) <= k_tags_width) {
    return;
  }
  // Keep k_tags_width - 1 code points, then the ellipsis.
  std::size_t kept = 0;
  std::size_t cut = 0;
  for (; cut < joined.size(); ++cut) {
    if ((static_cast<unsigned char>(joined[cut]) & 0xC0) != 0x80) {
      if (kept == k_tags_width - 1) {
        break;
      }
      ++kept;
    }
  }
  out.resize(start + cut);
  out.append(k_ellipsis);
}

std::size_t tags_width(const ImageRecord& image, std::string& scratch) {
  scratch.clear();
  append_tags(scratch, image);
  return code_points(scratch);
}

// Column widths of the image listing.
struct ImageColumns {
  std::size_t repository = 10;  // "REPOSITORY"
  std::size_t digest = 12;
  std::size_t tags = 4;  // "TAGS"
  std::size_t pushed = 19;
  std::size_t age = 3;  // "AGE"
  std::size_t action = 6;
  std::size_t rule = 4;  // "RULE"
};

std::string repository_label(const Preview& preview, const Repository& repository) {
  return ecrlc::repository_label(repository, preview.several_registries);
}

void write_images(OutputBuffer& buffer, const Preview& preview, const PreviewPolicy& policy,
                  const PreviewRenderOptions& options) {
  ImageColumns widths;
  std::string scratch;
  std::size_t rows = 0;
  for (const std::size_t r : policy.repositories) {
    const RepositoryPreview& repository = preview.repositories[r];
    const std::size_t count = listed_count(repository, options.all);
    if (count == 0) {
      continue;
    }
    rows += count;
    widths.repository =
        std::max(widths.repository, code_points(repository_label(preview, *repository.repository)));
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t index = repository.order[i];
      const ImageRecord& image = repository.repository->images[index];
      const ImageVerdict& verdict = repository.evaluation.verdicts[index];
      widths.tags = std::max(widths.tags, tags_width(image, scratch));
      widths.age = std::max(widths.age, digits(age_in_days(image.pushed_at, preview.now)));
      widths.action = std::max(widths.action, code_points(action_label(verdict.action)));
      if (verdict.rule != 0) {
        widths.rule = std::max(widths.rule, digits(verdict.rule));
      }
    }
  }
  std::string& out = buffer.text();
  if (rows == 0) {
    out.append(nothing_listed_sentence(policy.totals.images));
    out.push_back('\n');
    return;
  }
  auto header = [&](std::string_view text, std::size_t width) {
    out.append(text);
    pad(out, width, text.size());
    out.append(k_separator);
  };
  header("REPOSITORY", widths.repository);
  header("DIGEST", widths.digest);
  header("TAGS", widths.tags);
  header("PUSHED (UTC)", widths.pushed);
  pad(out, widths.age, 3);
  header("AGE", 3);
  header("ACTION", widths.action);
  header("RULE", widths.rule);
  out.append("REASON\n");

  for (const std::size_t r : policy.repositories) {
    const RepositoryPreview& repository = preview.repositories[r];
    const std::size_t count = listed_count(repository, options.all);
    const std::string name = repository_label(preview, *repository.repository);
    const std::size_t name_width = code_points(name);
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t index = repository.order[i];
      const ImageRecord& image = repository.repository->images[index];
      const ImageVerdict& verdict = repository.evaluation.verdicts[index];
      out.append(name);
      pad(out, widths.repository, name_width);
      out.append(k_separator);
      append_digest_hex(out, image.digest, 12);
      out.append(k_separator);
      const std::size_t tags_start = out.size();
      append_tags(out, image);
      pad(out, widths.tags,
          code_points(std::string_view(out.data() + tags_start, out.size() - tags_start)));
      out.append(k_separator);
      append_table_time(out, image.pushed_at);
      out.append(k_separator);
      const std::int64_t age = age_in_days(image.pushed_at, preview.now);
      pad(out, widths.age, digits(age));
      append_integer(out, age);
      out.append(k_separator);
      const std::string_view action = action_label(verdict.action);
      out.append(action);
      pad(out, widths.action, code_points(action));
      out.append(k_separator);
      if (verdict.rule != 0) {
        append_integer(out, verdict.rule);
        pad(out, widths.rule, digits(verdict.rule));
      } else {
        out.push_back('-');
        pad(out, widths.rule, 1);
      }
      out.append(k_separator);
      append_reason(out, policy.policy(), *repository.repository, index, verdict, preview.now);
      out.push_back('\n');
      buffer.maybe_flush();
    }
  }
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

void write_consequences(std::string& out, const Preview& preview, const PreviewPolicy& policy) {
  const std::vector<bool> right = {false, false, false, true, false};
  TextTable table;
  add_row(table, {"REPOSITORY", "REFERRER", "SUBJECT", "RULE", "ARTIFACT TYPE"}, right);
  bool any = false;
  for (const std::size_t r : policy.repositories) {
    const RepositoryPreview& repository = preview.repositories[r];
    const auto& images = repository.repository->images;
    for (const ReferrerConsequence& consequence : repository.evaluation.consequences) {
      const ImageRecord& referrer = images[consequence.referrer];
      std::string type(referrer.artifact_media_type.empty() ? referrer.manifest_media_type
                                                            : referrer.artifact_media_type);
      add_row(table,
              {repository_label(preview, *repository.repository), referrer.digest.short_string(),
               images[consequence.subject].digest.short_string(), std::to_string(consequence.rule),
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

void write_rules(std::string& out, const PreviewPolicy& policy) {
  const std::vector<bool> right = {true, false, true, true, true, true, false};
  TextTable table;
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
TextTable summary_table(std::vector<std::string> name_headings) {
  std::vector<bool> right(name_headings.size(), false);
  right.resize(name_headings.size() + std::size(k_summary_headings), true);
  for (const std::string_view heading : k_summary_headings) {
    name_headings.emplace_back(heading);
  }
  TextTable table;
  add_row(table, std::move(name_headings), right);
  return table;
}

void add_summary_row(TextTable& table, std::vector<std::string> names,
                     const RepositorySummary& summary) {
  std::vector<bool> right(names.size(), false);
  right.resize(names.size() + std::size(k_summary_headings), true);
  add_row(table, summary_cells(std::move(names), summary), right);
}

void write_repositories(std::string& out, const Preview& preview, const PreviewPolicy& policy) {
  TextTable table = summary_table({"REPOSITORY"});
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
  write_consequences(text, preview, policy);
  write_rules(text, policy);
  write_repositories(text, preview, policy);
}

// The grand-total table of a run with several policies.
void write_all_repositories(std::string& out, const Preview& preview) {
  TextTable table = summary_table({"REPOSITORY", "POLICY"});
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
void write_forecast(std::string& out, const Preview& preview) {
  const std::vector<bool> right = {false, false, false, false, true, false, false, false};
  TextTable table;
  add_row(table,
          {"REPOSITORY", "DIGEST", "TAGS", "DATE (UTC)", "IN DAYS", "ACTION", "RULE", "REASON"},
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
      append_tags(tags, image);
      add_row(table,
              {repository.name, image.digest.short_string(), std::move(tags), std::move(date),
               std::to_string(forecast_days(entry, preview.now)),
               std::string(action_label(entry.action)), std::to_string(entry.rule),
               describe_forecast(policy, repository, entry)},
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
      write_all_repositories(text, preview);
    }
    if (!preview.without_policy.empty()) {
      text += not_evaluated_sentence(preview.without_policy) + "\n";
    }
  }
  write_cost(text, preview, options);
  if (preview.horizon) {
    write_forecast(text, preview);
  }
}

}  // namespace ecrlc::detail
