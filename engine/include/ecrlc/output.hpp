// Entry points of the output layer: every value the tool prints or writes is turned into text
// or JSON through one of these.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/apply.hpp"
#include "ecrlc/apply_journal.hpp"
#include "ecrlc/diff.hpp"
#include "ecrlc/explain.hpp"
#include "ecrlc/in_use.hpp"
#include "ecrlc/plan.hpp"
#include "ecrlc/plan_record.hpp"
#include "ecrlc/preview.hpp"
#include "ecrlc/result.hpp"
#include "ecrlc/snapshot.hpp"

namespace ecrlc {

// ---- preview

enum class PreviewFormat { table, json, aws, csv, ndjson, markdown, html };

// "table", "json", "aws", "csv", "ndjson", "markdown", "html"; nullopt for anything else.
std::optional<PreviewFormat> parse_preview_format(std::string_view name);

// Storage prices in USD per GB-month (GB = 2^30 bytes, as AWS bills), for the cost figures of
// the table, json, markdown and html formats. The defaults are AWS's published us-east-1
// prices for ECR private repositories (docs/preview.md names the date and source): standard
// $0.10; archive $0.10 for the first 150 TB a month ($0.07 beyond, which a flat price cannot
// say).
inline constexpr double k_default_price_per_gb_month = 0.10;
inline constexpr double k_default_archive_price_per_gb_month = 0.10;
struct StoragePrices {
  double standard = k_default_price_per_gb_month;
  double archive = k_default_archive_price_per_gb_month;
};

// How wide the tables for people may be (docs/preview.md, "Table width"). By default
// (`columns` 0) nothing is fitted: the layout files, pipes and goldens have always had.
// `columns` N: lines of at most N columns where the table allows it; digests show their
// first 8 hex digits ("3f2a9c1b…"), and tags, reasons, descriptions and names end with "…";
// the PUSHED column of the image listing goes when even that is not enough. `wide`: no
// limit and nothing shortened, not even the usual 12-hex digests and 40-column tag lists.
struct TableWidth {
  std::size_t columns = 0;
  bool wide = false;
};

struct PreviewRenderOptions {
  // List kept images too (table, csv, ndjson). json always lists every image; aws never
  // lists kept images (ECR does not).
  bool all = false;
  // aws: the registryId to print. Empty: each repository's registryId from the inventory,
  // else the one its policy file names, else no registryId key (as the CLI prints absent
  // members).
  std::string registry_id;
  // json: the tool version to record.
  std::string tool_version;
  // What the snapshot read could not see (SnapshotManifest::gaps): a line each at the top of
  // table output, and "incomplete": [...] in json. Empty: nothing said.
  std::vector<std::string> incomplete;
  // --protect: the images in use that the policy expires or archives (find_in_use), and the
  // merged protect list that says what uses them; both null without --protect. table: a
  // section of its own; json: "inUse"; csv: an in_use column; ndjson: one line per image
  // with "inUse": true.
  const std::vector<InUseImage>* in_use = nullptr;
  const ProtectList* protect = nullptr;
  StoragePrices prices{};
  // markdown and html: what the images came from, as the report names it ("snapshot
  // snap/ taken 2025-03-15T00:00:00Z", "inventory.json"); empty: not said.
  std::string inventory_source{};
  TableWidth width{};  // table
  // The threads that render the long listings (table, aws, json, ndjson, csv): the text is
  // the same for any count.
  unsigned threads = 1;
};

// Writes `preview` in `format` (docs/preview.md): one policy or many, with or without a
// horizon; the aws format never shows forecasts (ECR has no such thing). Output is handed to
// `out` in large chunks: no per-line flush.
void render_preview(std::ostream& out, const Preview& preview, PreviewFormat format,
                    const PreviewRenderOptions& options);

// ---- diff, plan, explain and diagnostics ------------------------------------------------

// ---- diff

enum class DiffFormat { table, json, markdown, html };

// "table", "json", "markdown", "html"; nullopt otherwise.
std::optional<DiffFormat> parse_diff_format(std::string_view name);

struct DiffRenderOptions {
  std::string old_name;  // how to call the policies (their file names)
  std::string new_name;
  std::size_t max_rows = 50;  // markdown: rows of the details table before "and N more"
  // --protect: the changes that newly expire or archive an image in use (find_in_use), called
  // out before everything else; both null without --protect.
  const std::vector<InUseImage>* in_use = nullptr;
  const ProtectList* protect = nullptr;
  StoragePrices prices{};      // html: what the bytes reclaimed save a month
  std::string tool_version{};  // html: named in the footer
  TableWidth width{};          // table
};

// table: one line per change and a totals block; json: the full list, totals and counts
// (docs/operations.md); markdown: a summary table then the changes in a <details> block;
// html: the preview report's page with OLD and NEW side by side (docs/preview.md).
void render_diff(std::ostream& out, const PolicyDiff& diff, DiffFormat format,
                 const DiffRenderOptions& options);

// ---- plan

// One file of a plan folder: its path relative to the folder, and its content.
struct PlanFile {
  std::string path;
  std::string content;
  bool executable = false;
  // emit_plan_files hands a large file out in parts: true when more of this file follows,
  // in the next PlanFile (same path); the last part has it false.
  bool continues = false;
};

// `team/app` -> `team%2Fapp`: a repository name as one path component ('%' never occurs in
// repository names, so the mapping is one to one). An escaped name longer than
// k_max_repository_folder bytes (a 256-character name with slashes can exceed the 255 bytes
// of a file name) becomes its first k_repository_folder_prefix bytes (fewer rather than cut a
// `%2F`), `~` and the 16 hex digits of the FNV-1a 64 hash of the name: stable, unique in
// practice, and the request files inside still carry the full name.
inline constexpr std::size_t k_max_repository_folder = 200;
inline constexpr std::size_t k_repository_folder_prefix = 180;
std::string escape_repository(std::string_view repository);

// The files of the plan folder, in a fixed order:
// - `delete/<repo>/0001.json`...: `aws ecr batch-delete-image --cli-input-json` input, at most
//   100 image digests each (registryId only when the inventory gives one);
// - `transition/<repo>/0001.json`...: `aws ecr update-image-storage-class --cli-input-json`
//   input, one image each (the API takes one image per call);
// - `summary.json`, `summary.txt`, and `apply.sh` (executable);
// - `plan.json`: the record apply re-checks the registry against (render_plan_record of
//   make_plan_record(plan, plan.region));
// - `checksums.sha256`: the SHA-256 of every file above (checksums_text), last.
// Numbers have four digits, more when a repository needs more files.
std::vector<PlanFile> plan_files(const Plan& plan);

// The same files handed to `emit` one at a time, each as soon as it is rendered and freed
// when emit returns, stopping at the first error emit returns: a caller that writes each
// file in emit never holds the whole folder (1M images: hundreds of MB) in memory. plan.json
// comes in parts of about 4 MiB (PlanFile::continues).
Result<void> emit_plan_files(const Plan& plan,
                             const std::function<Result<void>(const PlanFile&)>& emit);

// plan.json: the record as JSON (parse_plan_record reads it back).
std::string render_plan_record(const PlanRecord& record);
// The same text in parts: part(text) is called whenever the text reaches part_bytes (after
// the image that reached it) and once at the end; it takes the text (and clears it).
void render_plan_record(const PlanRecord& record, std::size_t part_bytes,
                        const std::function<void(std::string&)>& part);

// `sha256sum` lines for `files`: `HEX  PATH`, in order.
std::string checksums_text(const std::vector<PlanFile>& files);
// The line of one file: its SHA-256 in hex and its path.
void append_checksum_line(std::string& out, std::string_view hex, std::string_view path);

// summary.txt alone (also what `plan` prints).
std::string plan_summary_text(const Plan& plan, TableWidth width = {});

// ---- apply

enum class ApplyFormat { text, json };

// "text", "json"; nullopt otherwise.
std::optional<ApplyFormat> parse_apply_format(std::string_view name);

struct ApplyRenderOptions {
  bool dry_run = false;  // counts say "would delete"; nothing was sent
  TableWidth width{};    // text: the per-repository table (its names give way first)
};

// The summary of an apply run: text (a table per repository, then the skipped images with
// their reasons and the failures) or JSON (totals, and per repository every planned image
// with its outcome; docs/operations.md).
std::string render_apply(const ApplyDecision& decision, ApplyFormat format,
                         const ApplyRenderOptions& options);

// The words of apply's values: what changed for a skipped image ("now tagged prod,v1",
// "protect.txt:3:1 app:prod"; empty when there is nothing to add), why a run is refused ("the
// plan was evaluated at ..., older than --max-age 24h; plan again"), a note of a run.
std::string apply_skip_detail(const SkipDetail& detail);
std::string apply_refusal_sentence(const ApplyRefusal& refusal);
std::string apply_note_sentence(const ApplyNote& note);

// The lines of apply's journal (parse_journal reads them): one JSON object and a newline.
std::string journal_line(const JournalRequest& request);
std::string journal_line(const JournalResponse& response);
std::string journal_complete_line(Micros at);

// ---- snapshot

// snapshot.json (docs/snapshot.md): format, takenAt, finishedAt, registryId, region, awsCli,
// repositories, images, complete, warnings, incompleteRepositories; indent 2, keys in that
// order, times as ISO-8601 UTC.
std::string snapshot_manifest_json(const SnapshotManifest& manifest);

// ---- evaluation time

// The warning for images pushed after a given --now: "3 images pushed after --now
// 2024-01-01T00:00:00Z: ..." (what that does to the rules); empty when `count` is 0.
std::string describe_pushed_after_now(std::size_t count, Micros now);

// ---- protect files

// The one line about ignored protect references: "12 references to other registries ignored
// (docker.io, ghcr.io); 2 references to ECR registries not in the inventory ignored"; empty
// when there is none.
std::string describe_protect_ignored(const ProtectList& list, const ResolvedProtection& resolved);

// ---- explain

enum class ExplainFormat { text, json };

// "text", "json"; nullopt otherwise.
std::optional<ExplainFormat> parse_explain_format(std::string_view name);

// What was explained: `repository.images[image]` under `policy` as of `now`. `policy_file`,
// when not empty, is shown (runs with --policies or --policy-map, where the policy depends on
// the repository).
struct ExplainSubject {
  const LifecyclePolicy& policy;
  std::string_view policy_file;
  const Repository& repository;
  std::uint32_t image = 0;
  Micros now = 0;
  // --protect: the merged protect list, and how the image is protected (nullopt: not in use).
  const ProtectList* protect = nullptr;
  std::optional<ImageProtection> protection;
};

// text: the image's fields, a table with one row per rule (selection, standing, result) and
// the outcome sentence; json: the same as one object. Flushes `out`.
void render_explanation(std::ostream& out, const ExplainSubject& subject,
                        const ImageExplanation& explanation, ExplainFormat format,
                        TableWidth width = {});

// Why `found` (from find_images(image)) is not exactly one image: "no image matches ..." or
// "... matches N images; name one of them:" and one line per image. No final newline.
std::string describe_image_matches(std::string_view image, const std::vector<ImageRef>& found);

}  // namespace ecrlc
