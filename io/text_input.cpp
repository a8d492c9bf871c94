// Reading text inputs whole (io/text_input.hpp).
#include "io/text_input.hpp"

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/limits.hpp"
#include "io/file_source.hpp"

namespace ecrlc::io {

TextInput policy_input(std::string_view option) {
  return {option, k_max_policy_file_bytes, "a policy file"};
}

TextInput policy_map_input() { return {"--policy-map", k_max_policy_map_bytes, "a policy map"}; }

TextInput protect_input() { return {"--protect", k_max_protect_file_bytes, "a protect file"}; }

Result<std::string> read_input(const std::string& path, const TextInput& input,
                               CommandContext& context) {
  if (path == "-") {
    if (Result<void> claimed = claim_standard_input(input.option, context); !claimed) {
      return Unexpected{claimed.error()};
    }
    StreamSource source(context.in);
    return read_source(source, path, input.max_bytes, input.what);
  }
  return read_file(path, input.max_bytes, input.what);
}

std::string without_path(const std::string& message, const std::string& path) {
  const std::string prefix = path + ": ";
  return message.compare(0, prefix.size(), prefix) == 0 ? message.substr(prefix.size()) : message;
}

void render_input_error(CommandContext& context, const std::string& path, const Error& error) {
  // `--protect ''` names no file: say so rather than print an empty name.
  render_located(context.err, path.empty() ? "''" : path, {}, 0, 0, Severity::error,
                 without_path(error.message, path), "");
}

}  // namespace ecrlc::io
