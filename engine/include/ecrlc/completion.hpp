// Shell completion scripts for bash, zsh and fish, written from a description of the
// command line (cli/ builds it from its CLI11 definition, so the scripts never go stale).
#pragma once

#include <string>
#include <vector>

namespace ecrlc {

struct CompletionOption {
  std::string name;                 // "--format"
  std::string help;                 // its description
  bool takes_value = false;         // false for flags (--strict)
  std::vector<std::string> values;  // allowed values, when the option has a fixed set
};

struct CompletionCommand {
  std::string name;  // "preview"
  std::string help;
  std::vector<CompletionOption> options;
  bool takes_files = false;                  // positional file arguments (lint POLICY...)
  std::vector<std::string> argument_values;  // the fixed values of a positional argument
};

enum class CompletionShell { bash, zsh, fish };

// The script for `shell`: subcommand names, each subcommand's options, the fixed values of an
// option after it, and file names where a value or positional argument is a file.
std::string completion_script(CompletionShell shell,
                              const std::vector<CompletionCommand>& commands);

}  // namespace ecrlc
