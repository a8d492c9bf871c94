// Placeholder: `ecr-lifecycle diff` is filled in by its issue's work.
#include <CLI/CLI.hpp>

#include "app.hpp"

namespace ecrlc::cli {

void add_diff_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("diff", "not built yet");
  command->callback([&context] {
    context.err << "ecr-lifecycle diff: not built yet\n";
    context.exit_code = ExitCode::cannot_run;
  });
}

}  // namespace ecrlc::cli
