// Renderers of the preview report (table, aws, json, csv, ndjson; docs/preview.md) and the
// text helpers they share with other commands (reason sentences, JSON strings, byte units).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/preview.hpp"

namespace ecrlc {

enum class ReportFormat { table, json, aws, csv, ndjson };

// "table", "json", "aws", "csv", "ndjson"; nullopt for anything else.
std::optional<ReportFormat> parse_report_format(std::string_view name);

struct RenderOptions {
  // List kept images too (table, csv, ndjson). json always lists every image; aws never
  // lists kept images (ECR does not).
  bool all = false;
  // aws: the registryId to print. Empty: each repository's registryId from the inventory,
  // else `default_registry_id`, else no registryId key (as the CLI prints absent members).
  std::string registry_id;
  std::string default_registry_id;
  // json: the tool version to record.
  std::string tool_version;
};

// Writes `report` in `format`. Output is built in large string chunks: no per-line flush.
void render_report(std::ostream& out, const Report& report, ReportFormat format,
                   const RenderOptions& options);

void render_table(std::ostream& out, const Report& report, const RenderOptions& options);
void render_aws(std::ostream& out, const Report& report, const RenderOptions& options);
void render_json(std::ostream& out, const Report& report, const RenderOptions& options);
void render_csv(std::ostream& out, const Report& report, const RenderOptions& options);
void render_ndjson(std::ostream& out, const Report& report, const RenderOptions& options);

// ---- Shared helpers -----------------------------------------------------------------------

// Collects output text and hands it to the stream in chunks of about 1 MiB; flushes the rest
// on destruction or flush().
class OutputBuffer {
 public:
  explicit OutputBuffer(std::ostream& out);
  ~OutputBuffer();
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  std::string& text() { return m_text; }
  // Writes the text out when it has grown past the chunk size; call between records.
  void maybe_flush() {
    if (m_text.size() >= k_chunk) {
      flush();
    }
  }
  void flush();

 private:
  static constexpr std::size_t k_chunk = std::size_t{1} << 20;
  std::ostream& m_out;
  std::string m_text;
};

// Appends `text` as a JSON string exactly as Python's json.dumps(ensure_ascii=False) writes
// it (what the AWS CLI prints): `"` `\` and \b \f \n \r \t escaped, other bytes below 0x20
// as \u00XX, everything else (including non-ASCII UTF-8) as is.
void append_json_string(std::string& out, std::string_view text);

void append_integer(std::string& out, std::int64_t value);

// Appends `"sha256:<64 hex>"` (quoted, as JSON) or the first `hex_digits` hex digits
// unquoted: Digest::to_string without a string allocated per image.
void append_json_digest(std::string& out, const Digest& digest);
void append_digest_hex(std::string& out, const Digest& digest, std::size_t hex_digits);

// `YYYY-MM-DD HH:MM:SS` in UTC (seconds truncated), for tables.
void append_table_time(std::string& out, Micros t);

// The same text as format_cli_v2 (zone "+00:00") or format_utc (zone "Z"), appended without
// allocating: the renderers print one or two times per image.
void append_iso_time(std::string& out, Micros t, std::string_view zone);

// Byte counts for people, IEC units with one decimal: "0 B", "512 B", "1.5 KiB", "1.2 GiB".
std::string format_bytes(std::int64_t bytes);

// "expire", "transition→archive", "keep".
std::string_view action_label(Action action);

// The human sentence for an image's verdict, e.g. "rule 2: more than 14 days since pushed
// (40 days)", "within the newest 5 of rule 1 (#3)", "protected by rule 1's selection (rule 3
// marked it)", "child of surviving index 3f2a9c1b2d4e (rule 2 withdrawn)", "not selected by
// any rule".
std::string describe_reason(const LifecyclePolicy& policy, const Repository& repository,
                            std::uint32_t image, const ImageVerdict& verdict, Micros now);

// Appends one image of the tool's json/ndjson schema (docs/preview.md) as a one-line object;
// with `repository_name`, the object starts with "repositoryName".
void append_image_json(std::string& out, const Report& report, const RepositoryReport& repository,
                       std::uint32_t image, bool repository_name);

// What the reference time of an age rule was for `image`: "pushed", "pulled", "restored" or
// "archived".
std::string_view reference_kind(const ImageRecord& image, Micros reference);

// ---- Pieces of the json and aws formats, for the multi-policy and forecast renderers
// (render_scope.hpp). Each prints exactly what render_json / render_aws print for it.

// A summary object: {"images": ..., "referrerBytes": ...}.
void append_summary_json(std::string& out, const RepositorySummary& summary);
// A list of rule summary objects, one per line, closing bracket at `indent`.
void append_rule_summaries_json(std::string& out, const Report& report,
                                const std::vector<RuleSummary>& rules, std::string_view indent);
// One consequence object of a repository's "consequences".
void append_consequence_json(std::string& out, const RepositoryReport& repository,
                             const ReferrerConsequence& consequence);
// The `"images"` and `"consequences"` members of a repository object (after a member, so
// each starts with ",\n"), flushing the buffer between images.
void append_images_and_consequences_json(OutputBuffer& buffer, const Report& report,
                                         const RepositoryReport& repository);
// One get-lifecycle-policy-preview object, indented for nesting `level` deep (4 spaces each).
void append_aws_repository(OutputBuffer& buffer, const Report& report,
                           const RepositoryReport& repository, const RenderOptions& options,
                           int level);

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
