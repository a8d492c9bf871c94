// Policy diffs (`diff --policy OLD --policy NEW`): the images whose outcome changes between
// two policies (or policy sets) over one inventory, with totals, for pull-request review.
// The model only; output.hpp renders it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ecrlc/byte_total.hpp"
#include "ecrlc/evaluate.hpp"
#include "ecrlc/preview.hpp"

namespace ecrlc {

// What happens to one image under one policy. A referrer that ECR removes with its expiring
// subject counts as expiring under the subject's rule (`referrer` set).
struct Outcome {
  Action action = Action::none;
  std::int64_t rule = 0;  // 0 when none
  bool referrer = false;
  bool has_policy = true;  // false: no policy of the set applies to the repository

  friend bool operator==(const Outcome&, const Outcome&) = default;
};

enum class ChangeKind {
  newly_expiring,           // expires under NEW, not under OLD
  no_longer_expiring,       // expires under OLD, not under NEW
  newly_transitioning,      // moves to archive under NEW, nothing under OLD
  no_longer_transitioning,  // moves to archive under OLD, nothing under NEW
  different_rule,           // same action, another rule
};

inline constexpr std::size_t k_change_kinds = 5;

std::string_view to_json(ChangeKind kind);  // "newly_expiring", ...

struct ImageChange {
  const Repository* repository = nullptr;
  std::uint32_t image = 0;
  Outcome old_outcome;
  Outcome new_outcome;
  ChangeKind kind = ChangeKind::different_rule;
};

// Images and bytes one policy expires and transitions (referrers included in expiring).
struct OutcomeTotals {
  std::uint64_t expiring = 0;
  ByteTotal expiring_bytes;
  std::uint64_t transitioning = 0;
  ByteTotal transitioning_bytes;
};

struct PolicyDiff {
  Micros now = 0;
  std::vector<ImageChange> changes;  // by repository name, kind, imagePushedAt, digest
  OutcomeTotals old_totals;
  OutcomeTotals new_totals;
  // Per ChangeKind (indexed by its value): images and bytes.
  std::array<std::uint64_t, k_change_kinds> counts{};
  std::array<ByteTotal, k_change_kinds> bytes{};
  std::uint64_t repositories = 0;  // repositories compared

  std::uint64_t count(ChangeKind kind) const { return counts[static_cast<int>(kind)]; }
};

// Compares the outcomes of every image under `old_report` and `new_report`, which must have
// been built from the same inventory (and the same repository scope).
PolicyDiff diff_reports(const Preview& old_report, const Preview& new_report);

}  // namespace ecrlc
