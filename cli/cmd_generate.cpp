// Placeholder: `ecr-lifecycle generate` is filled in by its issue's work.
#include <CLI/CLI.hpp>

#include "app.hpp"

namespace ecrlc::cli {

void add_generate_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("generate", "not built yet");
  command->callback([&context] {
    context.err << "ecr-lifecycle generate: not built yet\n";
    context.exit_code = ExitCode::cannot_run;
  });
}

}  // namespace ecrlc::cli
