// Text inputs read whole (policy files, policy maps, protect files, snapshot files), from a
// file or standard input, and the one way their failures are printed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ecrlc/result.hpp"
#include "io/command_context.hpp"

namespace ecrlc::io {

// A text input read whole: the option that names it (for claim_standard_input) and the size
// at which reading stops (limits.hpp) with "expected WHAT of at most N MiB, got more".
struct TextInput {
  std::string_view option;
  std::size_t max_bytes;
  std::string_view what;
};
TextInput policy_input(std::string_view option = "--policy");
TextInput policy_map_input();
TextInput protect_input();

// Reads a whole file, or standard input for "-", through FdSource::open, stopping at the
// input's limit. Fails with "FILE: <reason>".
Result<std::string> read_input(const std::string& path, const TextInput& input,
                               CommandContext& context);

// Prints a failure of read_input or FdSource::open: "FILE: error: REASON".
void render_input_error(CommandContext& context, const std::string& path, const Error& error);

// Messages of read_input and of the readers start with "PATH: "; the renderers print the
// path themselves.
std::string without_path(const std::string& message, const std::string& path);

}  // namespace ecrlc::io
