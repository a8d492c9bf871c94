// The renderers of each diff format, and the time the table, markdown and html show (their
// sentences are in sentences.hpp).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "ecrlc/output.hpp"

namespace ecrlc::detail {

// `YYYY-MM-DD HH:MM:SS` of `t` in UTC, as every table for people shows a time (its heading
// says "UTC").
std::string table_time(Micros t);

void render_diff_table(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options);
void render_diff_json(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options);
void render_diff_markdown(std::ostream& out, const PolicyDiff& diff,
                          const DiffRenderOptions& options);
void render_diff_html(std::ostream& out, const PolicyDiff& diff, const DiffRenderOptions& options);

}  // namespace ecrlc::detail
