// Words shared by the diff renderings (table, markdown) and the renderers each format has.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "ecrlc/output.hpp"

namespace ecrlc::detail {

// "newly expiring", "no longer expiring", ..., "different rule".
std::string_view describe(ChangeKind kind);

// "no policy", "keep", "expire (rule 2)", "expire (referrer, rule 2)", "transition (rule 1)".
std::string outcome_label(const Outcome& outcome);

// `YYYY-MM-DD` of `t` in UTC.
std::string day_of(Micros t);

// "2 newly expiring (1.0 KiB), 0 no longer expiring, ..., 1 with a different rule"; with
// `bold`, the numbers in markdown bold.
std::string change_counts(const PolicyDiff& diff, bool bold);

void render_diff_table(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options);
void render_diff_json(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options);
void render_diff_markdown(std::ostream& out, const PolicyDiff& diff,
                          const DiffRenderOptions& options);

}  // namespace ecrlc::detail
