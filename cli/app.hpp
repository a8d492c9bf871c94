// The command line: subcommand registration and the single entry point that tests call.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "io/command_context.hpp"

namespace CLI {
class App;
}

namespace ecrlc::cli {

// What every command gets and returns (io/command_context.hpp).
using io::CommandContext;
using io::ExitCode;
using io::fail;
using io::Outcome;

// Runs the tool as `args` (args[0] is the program name) would; returns the exit status.
// Never throws.
int run_cli(std::vector<std::string> args, std::ostream& out, std::ostream& err, std::istream& in);

// Subcommand registration; each lives in its cmd_<name>.cpp.
void add_lint_command(CLI::App& app, CommandContext& context);
void add_preview_command(CLI::App& app, CommandContext& context);
void add_explain_command(CLI::App& app, CommandContext& context);
void add_diff_command(CLI::App& app, CommandContext& context);
void add_plan_command(CLI::App& app, CommandContext& context);
void add_generate_command(CLI::App& app, CommandContext& context);
void add_apply_command(CLI::App& app, CommandContext& context);
void add_snapshot_command(CLI::App& app, CommandContext& context);
void add_completion_command(CLI::App& app, CommandContext& context);

}  // namespace ecrlc::cli
