// What `apply` needs of a plan, recorded in its folder by `plan` (plan.json), and the checksum
// manifest of the folder (checksums.sha256, as `sha256sum` prints it), so that `apply` works
// from exactly what `plan` decided and refuses a folder that is incomplete or was edited.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/plan.hpp"
#include "ecrlc/protect.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc {

inline constexpr std::string_view k_plan_record_format = "ecr-lifecycle-plan/1";
inline constexpr std::string_view k_plan_record_file = "plan.json";
inline constexpr std::string_view k_plan_checksums_file = "checksums.sha256";
// The folder apply journals into: not written by plan, so not in the manifest.
inline constexpr std::string_view k_plan_journal_folder = "applied";

// One image the plan deletes or transitions, as the snapshot had it.
struct PlannedImage {
  Digest digest;
  std::vector<std::string> tags;  // in the snapshot's order
  Micros pushed_at = 0;
  std::optional<Micros> last_pulled;
  std::int64_t size_bytes = 0;
  Action action = Action::expire;  // expire or transition
  std::int64_t rule = 0;           // the rule priority that acted on it

  friend bool operator==(const PlannedImage&, const PlannedImage&) = default;
};

// An image protected at plan time, and why: a reference of the protect file (its text and
// line:column), or its relation to another protected image (`via`).
struct RecordedProtection {
  Digest digest;
  ProtectionKind kind = ProtectionKind::direct;
  std::string reference;  // direct: the reference as written
  std::size_t line = 0;   // direct: its position in the protect file
  std::size_t column = 0;
  std::optional<Digest> via;  // other kinds

  friend bool operator==(const RecordedProtection&, const RecordedProtection&) = default;
};

struct RecordedPolicy {
  std::string file;  // as the user named it
  std::string text;  // the policy text the plan evaluated (LifecyclePolicy::text)

  friend bool operator==(const RecordedPolicy&, const RecordedPolicy&) = default;
};

struct PlannedRepository {
  std::string name;
  std::string registry_id;                           // empty when the inventory named none
  std::size_t policy = 0;                            // index in PlanRecord::policies
  std::vector<PlannedImage> images;                  // deletions, then transitions
  std::vector<RecordedProtection> protected_images;  // every protected image, by digest

  friend bool operator==(const PlannedRepository&, const PlannedRepository&) = default;
};

struct PlanRecord {
  Micros evaluated_at = 0;
  std::string region;  // empty: not known to plan (an inventory file, not a snapshot)
  std::vector<RecordedPolicy> policies;
  // The protect file as plan read it: apply resolves it again against the live registry.
  // The protect files as plan read them (name, text): apply resolves them again against the
  // live registry. `protect_file` names them all, for messages.
  std::optional<std::string> protect_file;
  std::vector<std::pair<std::string, std::string>> protect_texts;
  // Repositories with at least one planned image or protection, sorted by name, registryId.
  std::vector<PlannedRepository> repositories;

  friend bool operator==(const PlanRecord&, const PlanRecord&) = default;
};

// The record of `plan`: every deletion and transition of each repository, the protections
// (resolved digests and the reference or relation that protects each), the policies' texts.
// `plan.protect_texts` must hold the protect files' texts when plan.protect is set.
PlanRecord make_plan_record(const Plan& plan, std::string_view region);

// Parses plan.json (output.hpp's render_plan_record writes it). Fails, naming the JSON
// pointer, on anything it did not write: another format, a missing or mistyped member, a bad
// digest or time, an action other than expire or transition, a policy index out of range.
Result<PlanRecord> parse_plan_record(std::string_view text);

// One line of checksums.sha256: `HEX  PATH` (two spaces; `sha256sum -c` checks it).
struct ChecksumEntry {
  std::string sha256;  // 64 lower-case hex digits
  std::string path;    // relative to the folder, '/' separated

  friend bool operator==(const ChecksumEntry&, const ChecksumEntry&) = default;
};

// Parses a manifest. Fails at the first malformed line ("line N: ..."), at an absolute path or
// one with `..`, or at a path listed twice.
Result<std::vector<ChecksumEntry>> parse_checksums(std::string_view text);

}  // namespace ecrlc
