// The shape of a plan folder shared by its files: request file paths, totals over the plan,
// protect-file locations, and the writers of each kind of file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ecrlc/output.hpp"

namespace ecrlc::detail {

// `delete/<repo>/0001.json` for request file `number` of `files` (numbers at least 4 digits);
// `delete/<registryId>/<repo>/0001.json` when the plan spans several registries.
std::string delete_path(const Plan& plan, const Repository& repository, std::size_t number,
                        std::size_t files);
std::string transition_path(const Plan& plan, const Repository& repository, std::size_t number,
                            std::size_t files);

// batch-delete-image request files of one repository (at most 100 digests each).
std::size_t delete_file_count(const RepositoryPlan& plan);

struct PlanTotals {
  std::uint64_t deletions = 0;
  ByteTotal deletion_bytes;
  std::size_t delete_files = 0;
  std::uint64_t transitions = 0;
  ByteTotal transition_bytes;
  std::uint64_t saved = 0;
  ByteTotal saved_bytes;
  std::uint64_t held = 0;
  ByteTotal held_bytes;
  std::uint64_t referrers = 0;
  ByteTotal referrer_bytes;
};
PlanTotals totals_of(const Plan& plan);

// `FILE:LINE:COLUMN` of protect reference `reference`; needs plan.protect.
std::string reference_location(const Plan& plan, std::size_t reference);

// summary.json and apply.sh.
std::string plan_summary_json(const Plan& plan);
std::string apply_script(const Plan& plan);

}  // namespace ecrlc::detail
