// Preview runs beyond "one policy, as of now": one policy per repository (`--policies`,
// `--policy-map`) and horizon forecasts (`--horizon`), in every preview format
// (docs/preview.md, "Several policies" and "Forecast").
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "ecrlc/forecast.hpp"
#include "ecrlc/policy_set.hpp"
#include "ecrlc/render.hpp"
#include "ecrlc/report.hpp"

namespace ecrlc {

// One policy of the run and the report of the repositories it applies to.
struct ScopedPolicy {
  std::string file;  // as the user named it
  const Report* report = nullptr;
  std::string registry_id;  // of the policy file, for --format aws (PolicySource)
};

// One repository of the run.
struct ScopedRepositoryView {
  std::size_t policy = 0;  // index into ScopedPreview::policies
  const RepositoryReport* repository = nullptr;
  // With a horizon: forecast_repository's entries (sorted by time, then image index).
  std::vector<ForecastEntry> forecast;
};

// What a scoped preview shows. Points into the reports it was made from: they must outlive it.
struct ScopedPreview {
  Micros now = 0;
  // True for --policies / --policy-map: every format then names each repository's policy
  // (and the table gets one section per policy). False for a single --policy.
  bool per_repository_policies = false;
  std::vector<ScopedPolicy> policies;
  std::vector<ScopedRepositoryView> repositories;  // sorted by repository name
  RepositorySummary totals;                        // over every repository
  std::vector<std::string> without_policy;         // sorted
  std::vector<std::string> missing_repositories;   // sorted
  std::optional<Micros> horizon;                   // set by add_forecasts
  std::string horizon_text;                        // as given, e.g. "14d"
};

// A single-policy run (`--policy FILE`).
ScopedPreview scoped_preview(const Report& report, std::string policy_file);

// A run with one policy per repository, evaluated at `now`.
ScopedPreview scoped_preview(const PolicySetReport& report, Micros now);

// Forecasts every repository of `preview` up to now + horizon (forecast_repository).
void add_forecasts(ScopedPreview& preview, Micros horizon, std::string horizon_text);

// Writes `preview` in `format`. With a single policy and no horizon the output is exactly
// render_report's. aws output never has forecasts (ECR has no such thing).
void render_scoped(std::ostream& out, const ScopedPreview& preview, ReportFormat format,
                   const RenderOptions& options);

// ---- Forecast pieces (render_forecast.cpp) --------------------------------------------------

// Aligned text columns, two spaces apart, `right[c]` right-aligned; the first row is the
// header. No line ends with a space.
void append_text_grid(std::string& out, const std::vector<std::vector<std::string>>& rows,
                      const std::vector<bool>& right);

// The forecast sentence, e.g. "rule 2: more than 7 days since pushed" or "referrer: removed
// with its subject 3f2a9c1b2d4e (rule 2)".
std::string describe_forecast(const LifecyclePolicy& policy, const Repository& repository,
                              const ForecastEntry& entry);

// Whole days (floored) from `now` to the entry's instant.
std::int64_t forecast_days(const ForecastEntry& entry, Micros now);

// The table section "Forecast to ...:" with one row per forecast entry of every repository.
void append_forecast_table(std::string& out, const ScopedPreview& preview);

// One forecast entry as a one-line json object; with `repository_name` it starts with
// "repositoryName".
void append_forecast_json(std::string& out, const ScopedPreview& preview,
                          const ScopedRepositoryView& repository, const ForecastEntry& entry,
                          bool repository_name);

}  // namespace ecrlc
