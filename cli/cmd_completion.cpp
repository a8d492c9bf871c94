// `ecr-lifecycle completion SHELL`: the completion script, written from this CLI11 definition.
#include <CLI/CLI.hpp>
#include <ostream>
#include <string>

#include "app.hpp"
#include "ecrlc/completion.hpp"
#include "ecrlc/suggest.hpp"

namespace ecrlc::cli {
namespace {

// The fixed values of an option whose type reads "TEXT:{table,json}" (CLI::IsMember).
std::vector<std::string> fixed_values(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const std::size_t open = type.find(":{");
  return open == std::string::npos ? std::vector<std::string>{}
                                   : braced_values(type.substr(open + 1));
}

std::vector<CompletionCommand> described_commands(const CLI::App& app) {
  std::vector<CompletionCommand> commands;
  for (const CLI::App* sub : app.get_subcommands({})) {
    CompletionCommand command{sub->get_name(), sub->get_description(), {}, false, {}};
    for (const CLI::Option* option : sub->get_options()) {
      if (option->get_positional()) {
        command.argument_values = fixed_values(*option);
        command.takes_files = command.argument_values.empty();
      } else if (!option->get_lnames().empty() && option->get_lnames().front() != "help") {
        command.options.push_back({"--" + option->get_lnames().front(), option->get_description(),
                                   option->get_expected_max() > 0, fixed_values(*option)});
      }
    }
    commands.push_back(std::move(command));
  }
  return commands;
}

}  // namespace

void add_completion_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("completion", "Print the bash, zsh or fish completion script");
  auto shell = std::make_shared<std::string>();
  command->add_option("SHELL", *shell, "Bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  command->callback([&app, &context, shell] {
    const CompletionShell chosen = *shell == "zsh"    ? CompletionShell::zsh
                                   : *shell == "fish" ? CompletionShell::fish
                                                      : CompletionShell::bash;
    context.out << completion_script(chosen, described_commands(app));
  });
}

}  // namespace ecrlc::cli
