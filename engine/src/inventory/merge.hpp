// Finishing one repository: records sorted by digest, duplicates resolved, each tag left on
// one image; the snapshot anomalies found become warnings, and the images they involve are
// marked ambiguous.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ecrlc/arena.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "inventory/builder_state.hpp"
#include "inventory/kept_warnings.hpp"

namespace ecrlc::detail {

// 100000 -> "100,000", as the quotas are written.
std::string with_thousands(std::size_t value);

// Moves the records of `from` (no registryId) into `into` (the one registry of that name),
// keeping read order across both, so that "the record read last wins" still holds.
void join_accumulator(RepositoryAccumulator& into, RepositoryAccumulator& from);

// Sorts one repository's records by digest, resolves duplicates and shared tags. Tag lists
// that lose a tag are rebuilt in `arena`; warnings go to `pending`.
Repository finish_repository(RepositoryAccumulator& acc, const std::vector<std::string>& files,
                             const ReaderLimits& limits, Arena& arena, KeptWarnings& pending);

}  // namespace ecrlc::detail
