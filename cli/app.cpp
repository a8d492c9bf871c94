// CLI11 wiring: the app, its subcommands, and the mapping of failures to exit codes.
#include "app.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "outputs.hpp"

namespace ecrlc::cli {

ExitCode fail(CommandContext& context, std::string_view command, std::string_view message) {
  context.err << "ecr-lifecycle " << command << ": error: " << message << "\n";
  return ExitCode::cannot_run;
}

namespace {

int run_command(std::vector<std::string> args, CommandContext& context, std::string& command) {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  context.err_is_terminal = (&err == &std::cerr) && isatty(STDERR_FILENO) == 1;
  try {
    CLI::App app{"ecr-lifecycle: evaluate Amazon ECR lifecycle policies offline", "ecr-lifecycle"};
    app.set_version_flag("--version", "ecr-lifecycle " ECRLC_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);
    add_lint_command(app, context);
    add_preview_command(app, context);
    add_explain_command(app, context);
    add_diff_command(app, context);
    add_plan_command(app, context);
    add_generate_command(app, context);
    add_apply_command(app, context);
    add_snapshot_command(app, context);

    if (!args.empty()) {
      args.erase(args.begin());
    }
    std::reverse(args.begin(), args.end());  // CLI11 2.1 parses a reversed vector
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      int status = app.exit(e, out, err);
      // --help and --version are successes; every other parse failure cannot run.
      return status == 0 ? 0 : static_cast<int>(ExitCode::cannot_run);
    }
    if (!app.get_subcommands().empty()) {
      command = app.get_subcommands().front()->get_name();
    }
    return static_cast<int>(context.exit_code);
  } catch (const std::bad_alloc&) {
    err << "ecr-lifecycle: error: out of memory\n";
  } catch (const std::exception& e) {
    err << "ecr-lifecycle: error: " << e.what() << "\n";
  } catch (...) {
    err << "ecr-lifecycle: error: unexpected failure\n";
  }
  return static_cast<int>(ExitCode::cannot_run);
}

}  // namespace

int run_cli(std::vector<std::string> args, std::ostream& out, std::ostream& err, std::istream& in) {
  CommandContext context{out, err, in};
  std::string command;
  const int status = run_command(std::move(args), context, command);
  // Every write to standard output is checked here, once: a failed one is exit 2.
  return finish_standard_output(out, err, command, status);
}

}  // namespace ecrlc::cli
