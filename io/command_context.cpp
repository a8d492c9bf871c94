// A command's errors and its claim on standard input (io/command_context.hpp).
#include "io/command_context.hpp"

#include <ostream>

namespace ecrlc::io {

ExitCode fail(CommandContext& context, std::string_view command, std::string_view message) {
  context.err << "ecr-lifecycle " << command << ": error: " << message << "\n";
  return ExitCode::cannot_run;
}

Result<void> claim_standard_input(std::string_view option, CommandContext& context) {
  if (context.stdin_option.empty()) {
    context.stdin_option = option;
    return {};
  }
  if (context.stdin_option == option) {
    return unexpected("-: standard input can be read once, and " + std::string(option) +
                      " names it twice");
  }
  return unexpected("-: " + std::string(option) +
                    " cannot read standard input: " + context.stdin_option + " reads it");
}

}  // namespace ecrlc::io
