// The tables of the html preview report: images in use, per repository (with monthly cost),
// per rule, the forecast and the images that get an action, capped so that a registry of a
// million images makes a page of a few megabytes (the csv and json formats list everything).
#include <algorithm>

#include "base/text.hpp"
#include "output/preview_formats.hpp"
#include "output/preview_html.hpp"
#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

HtmlCell time_cell(Micros t) {
  std::string text;
  append_table_time(text, t);
  return HtmlCell{text, std::to_string(t), false};
}

HtmlCell integer_cell(std::int64_t value) {
  return HtmlCell{std::to_string(value), std::to_string(value), false};
}

// "31d", sorted as 31.
HtmlCell days_html_cell(std::int64_t value) {
  return HtmlCell{ecrlc::days_cell(value), std::to_string(value), false};
}

HtmlCell usd_cell(double amount) {
  std::string sort;
  append_json_decimal(sort, amount);
  return HtmlCell{format_usd(amount), sort, false};
}

HtmlCell rule_cell(std::int64_t rule) { return rule == 0 ? text_cell("-") : integer_cell(rule); }

std::vector<HtmlCell> summary_cells(std::vector<HtmlCell> cells, const RepositorySummary& summary,
                                    const CostFigures& cost) {
  for (const std::uint64_t count : {summary.images, summary.expiring, summary.transitioning,
                                    summary.kept, summary.referrers_removed}) {
    cells.push_back(count_cell(count));
  }
  cells.push_back(bytes_cell(cost.bytes_freed()));
  cells.push_back(bytes_cell(summary.bytes_transitioned));
  cells.push_back(usd_cell(cost.before()));
  cells.push_back(usd_cell(cost.after()));
  return cells;
}

// The repositories the table lists: all of them, or past k_html_repository_rows those that
// free the most (in name order all the same).
std::vector<std::size_t> listed_repositories(const Preview& preview) {
  std::vector<std::size_t> listed(preview.repositories.size());
  for (std::size_t r = 0; r < listed.size(); ++r) {
    listed[r] = r;
  }
  if (listed.size() > k_html_repository_rows) {
    const auto freed = [&](std::size_t r) {
      const RepositorySummary& s = preview.repositories[r].summary;
      return s.bytes_reclaimed + s.referrer_bytes;
    };
    std::stable_sort(listed.begin(), listed.end(),
                     [&](std::size_t a, std::size_t b) { return freed(a) > freed(b); });
    listed.resize(k_html_repository_rows);
    std::sort(listed.begin(), listed.end());
  }
  return listed;
}

}  // namespace

std::string tags_text(const ImageRecord& image) {
  if (image.tags.empty()) {
    return std::string(k_untagged);
  }
  std::string text;
  const std::size_t shown = std::min<std::size_t>(image.tags.size(), 3);
  for (std::size_t t = 0; t < shown; ++t) {
    text += t == 0 ? "" : ", ";
    text += image.tags[t];
  }
  if (shown < image.tags.size()) {
    text += std::string(" ") + and_more(image.tags.size() - shown);
  }
  return text;
}

std::string report_repository_name(const Preview& preview, const RepositoryPreview& repository) {
  return repository_label(*repository.repository, preview.several_registries);
}

std::string report_rule_name(const Preview& preview, const PreviewPolicy& policy,
                             const RuleSummary& rule) {
  std::string name = std::string("rule ") + std::to_string(rule.priority);
  return preview.single_policy ? name : policy.source->file + " " + name;
}

void append_in_use_section(std::string& out, const ProtectList& list,
                           const std::vector<InUseImage>& in_use, const std::string& heading) {
  begin_section(out, "in-use", heading, in_use.empty() ? "" : "alert");
  if (in_use.empty()) {
    end_section(out);
    return;
  }
  HtmlTable table;
  table.caption = "Images in use, with what uses them";
  table.headings = {"Repository", "Image", "Tags", "Action", "Rule", "Used by"};
  table.numeric = {false, false, false, false, true, false};
  for (const InUseImage& image : in_use) {
    const ImageRecord& record = image.repository->images[image.image];
    table.rows.push_back(
        {text_cell(image.repository->name, true), text_cell(record.digest.short_string(), true),
         text_cell(tags_text(record)), text_cell(std::string(action_label(image.action))),
         rule_cell(image.rule),
         text_cell(describe_protection(list, *image.repository, image.protection))});
    table.row_classes.emplace_back("in-use");
  }
  append_table(out, table);
  end_section(out);
}

void append_repository_table(std::string& out, const Preview& preview,
                             const StoragePrices& prices) {
  begin_section(out, "repositories", "Per repository");
  HtmlTable table;
  table.caption = "What the policy does to each repository";
  table.headings = {"Repository"};
  if (!preview.single_policy) {
    table.headings.emplace_back("Policy");
  }
  table.numeric.assign(table.headings.size(), false);
  for (const char* heading : {"Images", "Expire", "Archive", "Keep", "Referrers", "Freed",
                              "To archive", "Cost/month before", "Cost/month after"}) {
    table.headings.emplace_back(heading);
    table.numeric.push_back(true);
  }
  const std::vector<std::size_t> listed = listed_repositories(preview);
  for (const std::size_t r : listed) {
    const RepositoryPreview& repository = preview.repositories[r];
    std::vector<HtmlCell> names = {text_cell(report_repository_name(preview, repository), true)};
    if (!preview.single_policy) {
      names.push_back(text_cell(preview.policy_of(repository).source->file, true));
    }
    table.rows.push_back(
        summary_cells(std::move(names), repository.summary, cost_figures(repository, prices)));
  }
  std::vector<HtmlCell> total = {text_cell("total")};
  if (!preview.single_policy) {
    total.push_back(text_cell(""));
  }
  table.footer = summary_cells(std::move(total), preview.totals, cost_figures(preview, prices));
  append_table(out, table);
  if (listed.size() < preview.repositories.size()) {
    append_paragraph(out, std::string("Listed: the ") + std::to_string(listed.size()) +
                              " repositories that free the most; " +
                              and_more(preview.repositories.size() - listed.size()) +
                              " (the total counts them; --format json lists every one).");
  }
  if (!preview.without_policy.empty()) {
    append_paragraph(out, not_evaluated_sentence(preview.without_policy));
  }
  for (const std::string& name : preview.missing_repositories) {
    append_paragraph(out, std::string("Not in the inventory: ") + name);
  }
  end_section(out);
}

void append_rule_tables(std::string& out, const Preview& preview) {
  begin_section(out, "rules", "Per rule");
  for (const PreviewPolicy& policy : preview.policies) {
    HtmlTable table;
    table.caption = preview.single_policy
                        ? "What each rule does"
                        : std::string("What each rule of ") + policy.source->file + " does";
    table.headings = {"Rule",      "Action",    "Images",    "Bytes",
                      "Protected", "Withdrawn", "Referrers", "Description"};
    table.numeric = {true, false, true, true, true, true, true, false};
    for (const RuleSummary& summary : policy.rules) {
      const bool expire = summary.action == ActionType::expire;
      const Rule* rule = find_rule(policy.policy(), summary.priority);
      table.rows.push_back(
          {integer_cell(summary.priority),
           text_cell(std::string(action_label(expire ? Action::expire : Action::transition))),
           count_cell(expire ? summary.expiring : summary.transitioning),
           bytes_cell(expire ? summary.expiring_bytes : summary.transitioning_bytes),
           count_cell(summary.protected_images), count_cell(summary.withdrawn_children),
           count_cell(summary.referrers_removed),
           text_cell(rule != nullptr && rule->description ? *rule->description : "")});
    }
    append_table(out, table);
  }
  end_section(out);
}

void append_forecast_table(std::string& out, const Preview& preview) {
  begin_section(out, "forecast", "Forecast");
  std::size_t entries = 0;
  HtmlTable table;
  table.caption = forecast_heading(preview.now + *preview.horizon, preview.horizon_text, true);
  table.caption.pop_back();  // the heading's ":" introduces the table
  table.headings = {"Repository", "Image", "Tags", "Date (UTC)", "In", "Action", "Rule", "Reason"};
  table.numeric = {false, false, false, false, true, false, true, false};
  for (const RepositoryPreview& view : preview.repositories) {
    const LifecyclePolicy& policy = preview.policy_of(view).policy();
    for (const ForecastEntry& entry : view.forecast) {
      ++entries;
      if (table.rows.size() == k_html_forecast_rows) {
        continue;
      }
      const ImageRecord& image = view.repository->images[entry.image];
      table.rows.push_back(
          {text_cell(report_repository_name(preview, view), true),
           text_cell(image.digest.short_string(), true), text_cell(tags_text(image)),
           time_cell(entry.at), days_html_cell(forecast_days(entry, preview.now)),
           text_cell(std::string(action_label(entry.action))), integer_cell(entry.rule),
           text_cell(describe_forecast(policy, *view.repository, entry))});
    }
  }
  if (entries == 0) {
    append_paragraph(out,
                     forecast_heading(preview.now + *preview.horizon, preview.horizon_text, false));
  } else {
    append_table(out, table);
    if (entries > table.rows.size()) {
      append_paragraph(
          out, std::string("Listed: ") + plural(table.rows.size(), "entry", "entries") + "; " +
                   and_more(entries - table.rows.size()) + " (--format json lists every one).");
    }
  }
  end_section(out);
}

void append_image_tables(std::string& out, const Preview& preview) {
  begin_section(out, "images", "Images that expire or move to archive");
  std::size_t budget = k_html_images_in_all;
  bool any = false;
  for (const RepositoryPreview& repository : preview.repositories) {
    if (repository.acted_count == 0) {
      continue;
    }
    any = true;
    const std::string name = report_repository_name(preview, repository);
    const RepositorySummary& summary = repository.summary;
    out += "<h3>";
    append_html_escaped(out, name + ": " + plural(summary.expiring, "image", "images") +
                                 " expire (" + format_bytes(summary.bytes_reclaimed) + "), " +
                                 std::to_string(summary.transitioning) + " move to archive (" +
                                 format_bytes(summary.bytes_transitioned) + ")");
    out += "</h3>\n";
    const std::size_t shown = std::min(
        {static_cast<std::size_t>(repository.acted_count), k_html_images_per_repository, budget});
    budget -= shown;
    if (shown != 0) {
      HtmlTable table;
      table.caption = std::string("Images of ") + name + " that get an action";
      table.headings = {"Image", "Tags", "Pushed (UTC)", "Age", "Size", "Action", "Rule", "Reason"};
      table.numeric = {false, false, false, true, true, false, true, false};
      const LifecyclePolicy& policy = preview.policy_of(repository).policy();
      for (std::size_t i = 0; i < shown; ++i) {
        const std::uint32_t index = repository.order[i];
        const ImageRecord& image = repository.repository->images[index];
        const ImageVerdict& verdict = repository.evaluation.verdicts[index];
        table.rows.push_back(
            {text_cell(image.digest.short_string(), true), text_cell(tags_text(image)),
             time_cell(image.pushed_at), days_html_cell(age_in_days(image.pushed_at, preview.now)),
             bytes_cell(image.size_bytes), text_cell(std::string(action_label(verdict.action))),
             rule_cell(verdict.rule),
             text_cell(
                 describe_reason(policy, *repository.repository, index, verdict, preview.now))});
      }
      append_table(out, table);
    }
    if (shown < repository.acted_count) {
      append_paragraph(out, std::string("Listed: ") + plural(shown, "image", "images") + "; " +
                                and_more(repository.acted_count - shown) +
                                " (--format csv lists every one).");
    }
  }
  if (!any) {
    append_paragraph(out, nothing_listed_sentence(preview.totals.images));
  }
  end_section(out);
}

}  // namespace ecrlc::detail
