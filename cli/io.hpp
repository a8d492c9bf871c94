// Output files of the commands (atomic writes, `-` for standard output).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "ecrlc/result.hpp"

namespace ecrlc::cli {

// Writes through `write` into a temporary file beside `path`, then renames it over `path`, so
// readers never see a half-written file. "-" writes to `out` directly.
Result<void> write_output(const std::string& path, std::ostream& out,
                          const std::function<void(std::ostream&)>& write);

}  // namespace ecrlc::cli
