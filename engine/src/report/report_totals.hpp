// Adding up preview summaries: repository summaries into the totals of a run.
#pragma once

#include "ecrlc/preview.hpp"

namespace ecrlc::detail {

// Adds every count and byte total of `part` to `total`.
void add_summary(RepositorySummary& total, const RepositorySummary& part);

}  // namespace ecrlc::detail
