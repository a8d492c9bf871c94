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

#include "build_info.hpp"
#include "ecrlc/simd.hpp"
#include "ecrlc/suggest.hpp"
#include "io/output_file.hpp"
#include "io/terminal_width.hpp"

namespace ecrlc::cli {

namespace {

// The subcommand that `args` (program name first) names, or nullptr.
CLI::App* named_subcommand(CLI::App& app, const std::vector<std::string>& args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (!args[i].empty() && args[i][0] != '-') {
      // The first word names the subcommand.
      for (CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_name() == args[i]) {
          return sub;
        }
      }
      return nullptr;
    }
  }
  return nullptr;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
  }
  return names;
}

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
  }
  return names;
}

// What is wrong with the words before CLI11 sees them, as CLI11 reports a missing required
// option before an unknown one (`preview --polcy x` would say "--policy is required"):
// a first word that is no subcommand, or an option that `command` does not have.
std::string misspelt_word(CLI::App& app, CLI::App* command, const std::vector<std::string>& args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--") {
      break;
    }
    if (command == nullptr && !word.empty() && word[0] != '-') {
      return "unknown subcommand " + word + did_you_mean(word, subcommand_names(app));
    }
    if (command == nullptr && !word.empty() && word != "-h" && word != "--help" &&
        word != "--version") {
      return "unknown option " + word + did_you_mean(word, {"--help", "--version"});
    }
    if (command != nullptr && word.rfind("--", 0) == 0 && word != "--help") {
      const std::string name = word.substr(0, word.find('='));
      const std::vector<std::string> names = option_names(*command);
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        return "unknown option " + name + did_you_mean(name, names);
      }
    }
  }
  return {};
}

// CLI11's message in the tool's form, with the closest allowed value of "--format: tabel not
// in {table,json}".
std::string parse_error_message(const CLI::ParseError& error) {
  std::string message = error.what();
  const std::size_t not_in = message.find(" not in {");
  const std::size_t colon = message.rfind(": ", not_in);
  if (not_in != std::string::npos && colon != std::string::npos && message.back() == '}') {
    const std::string value = message.substr(colon + 2, not_in - colon - 2);
    message += did_you_mean(value, braced_values(message.substr(not_in + 8)));
  }
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z' &&
      (message.size() < 2 || message[1] < 'A' || message[1] > 'Z')) {
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  }
  return message;
}

// "ecr-lifecycle[ COMMAND]: error: MESSAGE" and where to read more; exit status 2.
int report_usage_error(CommandContext& context, const CLI::App* command,
                       const std::string& message) {
  const std::string name = command != nullptr ? " " + command->get_name() : std::string();
  context.err << "ecr-lifecycle" << name << ": error: " << message << "\nRun 'ecr-lifecycle" << name
              << " --help' for more information.\n";
  return static_cast<int>(ExitCode::cannot_run);
}

int run_command(std::vector<std::string> args, CommandContext& context, std::string& command) {
  std::ostream& out = context.out;
  std::ostream& err = context.err;
  context.err_is_terminal = (&err == &std::cerr) && isatty(STDERR_FILENO) == 1;
  // Standard output itself (main's buffer), not a test's stream: tables fit its terminal.
  if (const auto* buffer = dynamic_cast<const io::FdOutputBuffer*>(out.rdbuf())) {
    context.out_terminal_columns = io::terminal_columns(buffer->fd());
  }
  try {
    CLI::App app{"ecr-lifecycle: evaluate Amazon ECR lifecycle policies offline", "ecr-lifecycle"};
    // The second line says which vector code this CPU runs (one binary for every x86-64).
    app.set_version_flag(
        "--version",
        std::string("ecr-lifecycle " ECRLC_VERSION " (" ECRLC_COMMIT ")\n") + simd_summary());
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
    add_completion_command(app, context);

    // `help` and `help COMMAND`, as git and kubectl take them.
    if (args.size() >= 2 && args[1] == "help") {
      args.erase(args.begin() + 1);
      args.emplace_back("--help");
    }
    CLI::App* named = named_subcommand(app, args);
    if (const std::string word = misspelt_word(app, named, args); !word.empty()) {
      return report_usage_error(context, named, word);
    }
    if (!args.empty()) {
      args.erase(args.begin());
    }
    std::reverse(args.begin(), args.end());  // CLI11 2.1 parses a reversed vector
    try {
      app.parse(args);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e, out, err);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e, out, err);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e, out, err);
    } catch (const CLI::ParseError& e) {
      return report_usage_error(context, named, parse_error_message(e));
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
  return io::finish_standard_output(out, err, command, status);
}

}  // namespace ecrlc::cli
