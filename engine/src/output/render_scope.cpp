// Preview output for runs with one policy per repository and for horizon forecasts. Each
// format is the single-policy format plus what the run adds (docs/preview.md): the single-
// policy renderers are reused for everything they already print, so both stay identical.
#include "ecrlc/render.hpp"

#include <ostream>

#include "output/csv_row.hpp"

namespace ecrlc {
namespace {

const Report& report_of(const ScopedPreview& preview, const ScopedRepositoryView& view) {
  return *preview.policies[view.policy].report;
}

std::size_t listed_count(const RepositoryReport& repository, const RenderOptions& options) {
  return options.all ? repository.order.size() : repository.acted_count;
}

void append_string_list(std::string& out, const std::vector<std::string>& names) {
  out.push_back('[');
  for (std::size_t n = 0; n < names.size(); ++n) {
    out.append(n == 0 ? "" : ", ");
    append_json_string(out, names[n]);
  }
  out.push_back(']');
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t n = 0; n < names.size(); ++n) {
    text += (n == 0 ? "" : ", ");
    text += names[n];
  }
  return text;
}

// ---- table ----------------------------------------------------------------------------------

std::vector<std::string> summary_cells(std::string name, std::string policy,
                                       const RepositorySummary& summary) {
  return {std::move(name),
          std::move(policy),
          std::to_string(summary.images),
          std::to_string(summary.expiring),
          std::to_string(summary.transitioning),
          std::to_string(summary.kept),
          std::to_string(summary.referrers_removed),
          format_bytes(summary.bytes_reclaimed),
          format_bytes(summary.bytes_transitioned)};
}

// The grand-total table of a run with several policies: REPOSITORY and POLICY left-aligned,
// numbers right-aligned, as the single-policy "Per repository" table.
void append_all_repositories(std::string& out, const ScopedPreview& preview) {
  std::vector<std::vector<std::string>> rows = {{"REPOSITORY", "POLICY", "IMAGES", "EXPIRE",
                                                 "TRANSITION", "KEEP", "REFERRERS", "RECLAIMED",
                                                 "TO ARCHIVE"}};
  for (const ScopedRepositoryView& view : preview.repositories) {
    rows.push_back(summary_cells(view.repository->repository->name,
                                 preview.policies[view.policy].file, view.repository->summary));
  }
  rows.push_back(summary_cells("total", "", preview.totals));
  out += "\nAll repositories:\n";
  append_text_grid(out, rows, {false, false, true, true, true, true, true, true, true});
}

void render_scoped_table(std::ostream& out, const ScopedPreview& preview,
                         const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  if (!preview.per_repository_policies) {
    buffer.flush();
    render_table(out, *preview.policies.front().report, options);
  } else {
    for (std::size_t p = 0; p < preview.policies.size(); ++p) {
      const Report& report = *preview.policies[p].report;
      std::vector<std::string> names;
      for (const RepositoryReport& repository : report.repositories) {
        names.push_back(repository.repository->name);
      }
      text += p == 0 ? "== Policy " : "\n== Policy ";
      text += preview.policies[p].file + ": " + joined(names) + " ==\n";
      buffer.flush();
      render_table(out, report, options);
    }
    if (preview.repositories.empty()) {
      text += "No repository in scope has a policy.\n";
    } else {
      append_all_repositories(text, preview);
    }
    if (!preview.without_policy.empty()) {
      text +=
          "Repositories without a policy (not evaluated): " + joined(preview.without_policy) + "\n";
    }
  }
  append_forecast_table(text, preview);
}

// ---- aws ------------------------------------------------------------------------------------

// The same layout as render_aws: one object for one repository, else an array.
void render_scoped_aws(std::ostream& out, const ScopedPreview& preview,
                       const RenderOptions& options) {
  if (!preview.per_repository_policies) {
    render_aws(out, *preview.policies.front().report, options);
    return;
  }
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  // The registryId a policy file names is the default for its repositories, as it is for
  // --policy FILE.
  RenderOptions own = options;
  auto options_for = [&](const ScopedRepositoryView& view) -> const RenderOptions& {
    const std::string& policy_registry_id = preview.policies[view.policy].registry_id;
    own.default_registry_id =
        policy_registry_id.empty() ? options.default_registry_id : policy_registry_id;
    return own;
  };
  if (preview.repositories.size() == 1) {
    const ScopedRepositoryView& view = preview.repositories.front();
    append_aws_repository(buffer, report_of(preview, view), *view.repository, options_for(view), 0);
    text.push_back('\n');
    return;
  }
  text.push_back('[');
  for (std::size_t r = 0; r < preview.repositories.size(); ++r) {
    const ScopedRepositoryView& view = preview.repositories[r];
    text.append(r == 0 ? "\n    " : ",\n    ");
    append_aws_repository(buffer, report_of(preview, view), *view.repository, options_for(view), 1);
  }
  text.append(preview.repositories.empty() ? "]\n" : "\n]\n");
}

// ---- json -----------------------------------------------------------------------------------

void append_repository_json(OutputBuffer& buffer, const ScopedPreview& preview,
                            const ScopedRepositoryView& view) {
  std::string& text = buffer.text();
  const Report& report = report_of(preview, view);
  const RepositoryReport& repository = *view.repository;
  text.append("{\n      \"repositoryName\": ");
  append_json_string(text, repository.repository->name);
  text.append(",\n      \"registryId\": ");
  append_json_string(text, repository.repository->registry_id);
  if (preview.per_repository_policies) {
    text.append(",\n      \"policy\": ");
    append_json_string(text, preview.policies[view.policy].file);
  }
  text.append(",\n      \"summary\": ");
  append_summary_json(text, repository.summary);
  text.append(",\n      \"rules\": ");
  append_rule_summaries_json(text, report, repository.rules, "      ");
  append_images_and_consequences_json(buffer, report, repository);
  if (preview.horizon) {
    text.append(",\n      \"forecast\": [");
    for (std::size_t f = 0; f < view.forecast.size(); ++f) {
      text.append(f == 0 ? "\n        " : ",\n        ");
      append_forecast_json(text, preview, view, view.forecast[f], false);
    }
    text.append(view.forecast.empty() ? "]" : "\n      ]");
  }
  text.append("\n    }");
}

// render_json's document, with "horizon" after "now", and for several policies "policies"
// and "withoutPolicy" in place of the top-level "rules" (rule priorities are per policy).
void render_scoped_json(std::ostream& out, const ScopedPreview& preview,
                        const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  text.append("{\n  \"tool\": \"ecr-lifecycle\",\n  \"version\": ");
  append_json_string(text, options.tool_version);
  text.append(",\n  \"now\": ");
  append_json_string(text, format_utc(preview.now));
  if (preview.horizon) {
    text.append(",\n  \"horizon\": {\"duration\": ");
    append_json_string(text, preview.horizon_text);
    text.append(", \"until\": ");
    append_json_string(text, format_utc(preview.now + *preview.horizon));
    text.append("}");
  }
  text.append(",\n  \"totals\": ");
  append_summary_json(text, preview.totals);
  if (!preview.per_repository_policies) {
    const Report& report = *preview.policies.front().report;
    text.append(",\n  \"rules\": ");
    append_rule_summaries_json(text, report, report.rules, "  ");
  } else {
    text.append(",\n  \"policies\": [");
    for (std::size_t p = 0; p < preview.policies.size(); ++p) {
      const Report& report = *preview.policies[p].report;
      std::vector<std::string> names;
      for (const RepositoryReport& repository : report.repositories) {
        names.push_back(repository.repository->name);
      }
      text.append(p == 0 ? "\n    {\n      \"policy\": " : ",\n    {\n      \"policy\": ");
      append_json_string(text, preview.policies[p].file);
      text.append(",\n      \"repositories\": ");
      append_string_list(text, names);
      text.append(",\n      \"totals\": ");
      append_summary_json(text, report.totals);
      text.append(",\n      \"rules\": ");
      append_rule_summaries_json(text, report, report.rules, "      ");
      text.append("\n    }");
    }
    text.append(preview.policies.empty() ? "]" : "\n  ]");
    text.append(",\n  \"withoutPolicy\": ");
    append_string_list(text, preview.without_policy);
  }
  text.append(",\n  \"missingRepositories\": [");
  for (std::size_t m = 0; m < preview.missing_repositories.size(); ++m) {
    text.append(m == 0 ? "" : ", ");
    append_json_string(text, preview.missing_repositories[m]);
  }
  text.append("],\n  \"repositories\": [");
  for (std::size_t r = 0; r < preview.repositories.size(); ++r) {
    text.append(r == 0 ? "\n    " : ",\n    ");
    append_repository_json(buffer, preview, preview.repositories[r]);
  }
  text.append(preview.repositories.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

// ---- csv ------------------------------------------------------------------------------------

// The columns after reason_text: `policy` for several policies, `forecast,forecast_at` with
// a horizon.
void append_csv_extra(std::string& out, const ScopedPreview& preview,
                      const ScopedRepositoryView& view, const ForecastEntry* entry) {
  if (preview.per_repository_policies) {
    out.push_back(',');
    detail::append_csv_field(out, preview.policies[view.policy].file);
  }
  if (preview.horizon) {
    if (entry == nullptr) {
      out.append(",false,");
    } else {
      out.append(",true,");
      append_iso_time(out, entry->at, "Z");
    }
  }
  out.append("\r\n");
}

void render_scoped_csv(std::ostream& out, const ScopedPreview& preview,
                       const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  text.append(detail::k_csv_header);
  text.append(preview.per_repository_policies ? ",policy" : "");
  text.append(preview.horizon ? ",forecast,forecast_at\r\n" : "\r\n");
  for (const ScopedRepositoryView& view : preview.repositories) {
    const RepositoryReport& repository = *view.repository;
    for (std::size_t i = 0; i < listed_count(repository, options); ++i) {
      const std::uint32_t index = repository.order[i];
      detail::append_csv_image(text, *repository.repository, repository.repository->images[index]);
      text.push_back(',');
      detail::append_csv_verdict(text, report_of(preview, view), repository, index);
      append_csv_extra(text, preview, view, nullptr);
      buffer.maybe_flush();
    }
  }
  // Forecast rows come after every current row.
  for (const ScopedRepositoryView& view : preview.repositories) {
    const Repository& repository = *view.repository->repository;
    for (const ForecastEntry& entry : view.forecast) {
      detail::append_csv_image(text, repository, repository.images[entry.image]);
      text.push_back(',');
      text.append(to_json(entry.action));
      text.append(entry.action == Action::transition ? ",archive," : ",,");
      append_integer(text, entry.rule);
      text.append(",forecast,");
      detail::append_csv_field(
          text, describe_forecast(*report_of(preview, view).policy, repository, entry));
      append_csv_extra(text, preview, view, &entry);
    }
  }
}

// ---- ndjson ---------------------------------------------------------------------------------

// Appends `, "policy": FILE` inside the object just written (which ends with '}').
void append_policy_member(std::string& text, const ScopedPreview& preview,
                          const ScopedRepositoryView& view) {
  if (!preview.per_repository_policies) {
    return;
  }
  text.pop_back();
  text.append(", \"policy\": ");
  append_json_string(text, preview.policies[view.policy].file);
  text.push_back('}');
}

void render_scoped_ndjson(std::ostream& out, const ScopedPreview& preview,
                          const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  for (const ScopedRepositoryView& view : preview.repositories) {
    const RepositoryReport& repository = *view.repository;
    for (std::size_t i = 0; i < listed_count(repository, options); ++i) {
      append_image_json(text, report_of(preview, view), repository, repository.order[i], true);
      append_policy_member(text, preview, view);
      text.push_back('\n');
      buffer.maybe_flush();
    }
  }
  for (const ScopedRepositoryView& view : preview.repositories) {
    for (const ForecastEntry& entry : view.forecast) {
      append_forecast_json(text, preview, view, entry, true);
      append_policy_member(text, preview, view);
      text.pop_back();
      text.append(", \"forecast\": true}\n");
    }
  }
}

}  // namespace

void render_scoped(std::ostream& out, const ScopedPreview& preview, ReportFormat format,
                   const RenderOptions& options) {
  if (!preview.per_repository_policies && !preview.horizon && !preview.policies.empty()) {
    render_report(out, *preview.policies.front().report, format, options);
    return;
  }
  switch (format) {
    case ReportFormat::table:
      render_scoped_table(out, preview, options);
      return;
    case ReportFormat::json:
      render_scoped_json(out, preview, options);
      return;
    case ReportFormat::aws:
      // ECR's preview has no forecast: the aws format never shows one.
      render_scoped_aws(out, preview, options);
      return;
    case ReportFormat::csv:
      render_scoped_csv(out, preview, options);
      return;
    case ReportFormat::ndjson:
      render_scoped_ndjson(out, preview, options);
      return;
  }
}

}  // namespace ecrlc
