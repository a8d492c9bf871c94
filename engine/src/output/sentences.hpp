// The sentence catalogue: every sentence and label the outputs build from values ("N days",
// "N images", byte units, action labels, the reason for an image's verdict, the forecast,
// diff, plan, apply and explain sentences) and those several outputs share. Renderers lay them out;
// the words are here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/civil_time.hpp"
#include "base/json_writer.hpp"
#include "ecrlc/in_use.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/protect.hpp"

namespace ecrlc {

// The output layer writes JSON strings, numbers and table times next to its sentences.
using detail::append_integer;
using detail::append_json_string;
using detail::append_table_time;

// How every output for people spells an image without tags (tables, sentences, explain,
// html); machine outputs give an empty tag list instead.
inline constexpr std::string_view k_untagged = "<untagged>";
// k_untagged in markdown, escaped: a bare <untagged> would be taken for an HTML tag.
inline constexpr std::string_view k_untagged_markdown = "&lt;untagged&gt;";

// The tags joined with `separator`, or k_untagged when there is none.
std::string tags_or_untagged(std::span<const std::string_view> tags, std::string_view separator);
std::string tags_or_untagged(const std::vector<std::string>& tags, std::string_view separator);

// `count` and `one` or `many`: "1 image", "3 images".
std::string plural(std::uint64_t count, std::string_view one, std::string_view many);

// "1 day", "3 days".
std::string days(std::int64_t count);

// Whole days in a table cell, with their unit: "31d", "0d", "-2d" (ages, days until a
// forecast action; every table, text or html, spells them so).
std::string days_cell(std::int64_t count);
void append_days_cell(std::string& out, std::int64_t count);

// Byte counts for people, IEC units with one decimal: "0 B", "512 B", "1.5 KiB", "1.2 GiB".
std::string format_bytes(ByteTotal bytes);

// "expire", "transition→archive", "keep".
std::string_view action_label(Action action);

// What the reference time of an age rule was for `image`: "pushed", "pulled", "restored" or
// "archived".
std::string_view reference_kind(const ImageRecord& image, Micros reference);

// The human sentence for an image's verdict, e.g. "rule 2: more than 14 days since pushed
// (40 days)", "within the newest 5 of rule 1 (#3)", "protected by rule 1's selection (rule 3
// marked it)", "child of surviving index 3f2a9c1b2d4e (rule 2 withdrawn)", "not selected by
// any rule". append_reason appends it (the renderers write one per image).
void append_reason(std::string& out, const LifecyclePolicy& policy, const Repository& repository,
                   std::uint32_t image, const ImageVerdict& verdict, Micros now);
std::string describe_reason(const LifecyclePolicy& policy, const Repository& repository,
                            std::uint32_t image, const ImageVerdict& verdict, Micros now);

// The forecast sentence, e.g. "rule 2: more than 7 days since pushed" or "referrer: removed
// with its subject 3f2a9c1b2d4e (rule 2)".
std::string describe_forecast(const LifecyclePolicy& policy, const Repository& repository,
                              const ForecastEntry& entry);

// The reference time the crossing rule of `entry` compares with now, when it is an age rule.
std::optional<Micros> forecast_reference_time(const LifecyclePolicy& policy,
                                              const ForecastEntry& entry);

// Whole days (floored) from `now` to the entry's instant.
std::int64_t forecast_days(const ForecastEntry& entry, Micros now);

// The repository's name, and its registry when the inventory holds several (one name can
// then be two repositories): "shop/api (123456789012)", "shop/api (no registryId)".
std::string repository_label(const Repository& repository, bool several_registries);

// Preview table.
// "Evaluated at 2025-03-15 12:00:00 UTC: 2 repositories, 14 images."
std::string scope_sentence(Micros now, std::size_t repositories, std::uint64_t images);
// "No images in scope." or, with images, "No image expires or transitions."
std::string_view nothing_listed_sentence(std::uint64_t images);
// "3 images kept, not listed (--all lists them)."
std::string kept_not_listed_sentence(std::uint64_t kept);
// "Forecast to 2025-03-29 12:00:00 UTC (14d), if nothing is pushed, pulled or restored
// meanwhile", then ":" before the entries or ": no other image expires or transitions."
std::string forecast_heading(Micros until, std::string_view horizon_text, bool any_entry);
// "No repository in scope has a policy."
extern const std::string_view k_no_repository_has_a_policy;
// "Repositories without a policy (not evaluated): a, b".
std::string not_evaluated_sentence(const std::vector<std::string>& names);

// Storage and cost (table, markdown, html).
// "Storage: 1.7 GiB before (standard 1.5 GiB, archive 210.0 MiB), 1.2 GiB after (standard
// 300.0 MiB, archive 950.0 MiB): 479.7 MiB freed (27.9%)."
std::string storage_sentence(const StorageBytes& bytes);
// "Monthly storage cost: $0.17 before, $0.12 after ($0.05 saved), at $0.10 (standard) and
// $0.10 (archive) per GB-month."
std::string monthly_cost_sentence(double before, double after, const StoragePrices& prices);
// The prices as a phrase: "$0.10 (standard) and $0.10 (archive) per GB-month".
std::string prices_phrase(const StoragePrices& prices);
// "Bytes freed are an upper bound: images that share layers free less."
extern const std::string_view k_upper_bound_note;
// The cost notes of the html pages: k_upper_bound_note, then what a preview's costs ("Costs
// are storage only (...), at PRICES.") or a diff's savings count.
std::string preview_cost_note(const StoragePrices& prices);
std::string diff_cost_note();
// The html pages' last line: "Made by ecr-lifecycle 1.4.0 from INPUTS; the same inputs make
// the same page."
std::string made_by_sentence(std::string_view tool_version, std::string_view inputs);

// Diff.
// "newly expiring", "no longer expiring", ..., "different rule": the JSON name in words.
std::string describe_change(ChangeKind kind);
// "no policy", "keep", "expire (rule 2)", "expire (referrer, rule 2)", "transition (rule 1)".
std::string outcome_label(const Outcome& outcome);
// "2 newly expiring (1.0 KiB), 0 no longer expiring, ..., 1 with a different rule"; with
// `bold`, the numbers in markdown bold.
std::string change_counts(const PolicyDiff& diff, bool bold);
// "expires 2 images (1.0 KiB), transitions 0 images (0 B)".
std::string diff_totals_sentence(const OutcomeTotals& totals);
// "No image changes outcome."
extern const std::string_view k_no_image_changes;
// "3 images change: 2 newly expiring (1.0 KiB), ...".
std::string diff_changes_sentence(const PolicyDiff& diff);
// "3 images change outcome".
std::string images_change_outcome(std::size_t images);
// "and 4 more" (rows not listed).
std::string and_more(std::size_t rows);

// Plan.
// "Plan as of 2025-06-01T00:00:00Z".
std::string plan_heading(Micros now);
// "Incomplete snapshot: GAP" (what a snapshot could not see).
std::string incomplete_snapshot_sentence(std::string_view gap);
// Why `held` is held back: "ambiguous: tag prod is on several images", or for the subject of
// an ambiguous referrer "ambiguous: referrer 0123456789ab: ...".
std::string held_reason(const Repository& repository, const HeldImage& held);
// How an image is protected through another one, `via`: "child of protected index
// 0123456789ab", "referrer of protected ...", "subject of protected referrer ..."; empty for a
// direct protection (its reference says why). Plan summaries and apply's skips say it alike.
std::string protection_relation(ProtectionKind kind, const Digest& via);
// What kept a protected image: "protect.txt:3:1 shop/api:prod", "child of protected index
// 0123456789ab", "referrer of protected ...", "subject of protected referrer ...".
std::string protection_sentence(const Plan& plan, const Repository& repository,
                                const Protection& protection);
// "Total: delete 3 images (1.0 KiB) in 1 request file; transition 0 images (0 B) in 0
// request files".
std::string plan_totals_sentence(std::uint64_t deletions, ByteTotal deletion_bytes,
                                 std::size_t delete_files, std::uint64_t transitions,
                                 ByteTotal transition_bytes);
// "ECR also removes 2 referrers (1.0 KiB) of deleted images by itself".
std::string referrers_removed_sentence(std::uint64_t referrers, ByteTotal bytes);
// "Held back, the snapshot disagrees with itself: 2 images (2.0 KiB)".
std::string held_back_sentence(std::uint64_t images, ByteTotal bytes);
// "Protection saved 5 images (77.3 MiB)".
std::string protection_saved_sentence(std::uint64_t images, ByteTotal bytes);
// A held image: "app 0123456789ab v1,v2: expire by rule 2, held: ambiguous: ...".
std::string held_image_sentence(const std::string& label, const Repository& repository,
                                const HeldImage& held);
// A protected image: "app 0123456789ab prod: expire by rule 2, kept by protect.txt:1:1
// app:prod".
std::string saved_image_sentence(const std::string& label, const Plan& plan,
                                 const Repository& repository, const SavedImage& saved);
// "Protect reference matching no image: protect.txt:3:1 team/app:gone".
std::string unmatched_reference_sentence(std::string_view location, std::string_view reference);
// "Protect references naming another registry (ignored): 2".
std::string foreign_references_sentence(std::size_t count);
// "Repositories without a policy (not in the plan): a b".
std::string not_planned_sentence(const std::vector<std::string>& names);

// Explain.
// Whether the rule selects the image and why not: "yes", "no: image is untagged", ...
std::string selection_sentence(const RuleTrace& trace, const ImageRecord& image);
// A count rule's rank ("#2 of 5, keeps newest 3") or an age rule's test ("pushed 40 days
// ago, more than 14 days"); "-" when there is none.
std::string standing_sentence(const RuleTrace& trace);
// What the rule did to the image: its action, "marked; protected by rule 1", "marked",
// "not marked" or "-".
std::string result_sentence(const RuleTrace& trace);
// "Outcome: expire: rule 2: more than 14 days since pushed (40 days)".
std::string outcome_sentence(const LifecyclePolicy& policy, const Repository& repository,
                             std::uint32_t image, const ImageVerdict& verdict, Micros now);
// "Consequence: ECR removes this referrer within 24 hours: its subject 0123456789ab expires
// under rule 2".
std::string consequence_sentence(const Repository& repository,
                                 const ReferrerConsequence& consequence);

// Apply (ecrlc/output.hpp has the words of its values).
// Why a planned image was skipped, and what changed: "tags changed (now tagged prod)", "now
// kept by rule 2", "now protected (protect.txt:3:1 app:prod)".
std::string apply_skip_sentence(const ApplyItem& item);

// ---- protect files (--protect)

// Where protect reference `reference` is: "FILE:LINE:COLUMN" (no FILE: before a merge).
std::string protect_location(const ProtectList& list, std::size_t reference);

// What one reference says uses an image: its source ("pod payments/api-7d9f container api"),
// or for the line format its place and text ("protect.txt:3:1 team/app:1.4").
std::string protect_user(const ProtectList& list, std::size_t reference);

// The distinct users of a protected image (protect_user of its references, in order).
std::vector<std::string> protect_users(const ProtectList& list, const ImageProtection& protection);

// One line: up to three users and "and N more", after how a derived protection came about
// ("child of protected index 3f2a9c1b2d4e: pod payments/api-7d9f container api").
std::string describe_protection(const ProtectList& list, const Repository& repository,
                                const ImageProtection& protection);

// "N references to other registries ignored (docker.io, ghcr.io)"; empty when there is none.
std::string describe_other_registries(const ProtectList& list);

// The headings of the images in use (--protect) that a preview or a diff's NEW policy acts
// on: "In use: 2 images the policy expires or archives (--protect; a plan keeps them)" (for
// none: "In use: none of the images the policy expires or archives (--protect)"), "In use
// and newly expiring or archiving under new.json: 2 images", and in markdown "2 images in
// use newly expire or archive under `new.json`".
std::string preview_in_use_heading(std::size_t images);
std::string diff_in_use_heading(std::string_view new_name, std::size_t images);
std::string diff_in_use_markdown_heading(std::string_view new_name, std::size_t images);
// "`shop/api` `0123456789ab` (expire, rule 2): pod payments/api-7d9f container api".
std::string in_use_markdown_sentence(const ProtectList& list, const InUseImage& image);
// "In use: pod payments/api container api" (with " (--protect: a plan keeps it)" when the
// policy acts on the image), or "In use: no --protect file names it" (no `protection`).
std::string explain_in_use_sentence(const ProtectList& list, const Repository& repository,
                                    const ImageProtection* protection, Action action);

}  // namespace ecrlc
