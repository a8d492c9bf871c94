// The renderers of each diff format, and the day the table and markdown show (their
// sentences are in sentences.hpp).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "ecrlc/output.hpp"

namespace ecrlc::detail {

// `YYYY-MM-DD` of `t` in UTC.
std::string day_of(Micros t);

void render_diff_table(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options);
void render_diff_json(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options);
void render_diff_markdown(std::ostream& out, const PolicyDiff& diff,
                          const DiffRenderOptions& options);
void render_diff_html(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options);

}  // namespace ecrlc::detail
