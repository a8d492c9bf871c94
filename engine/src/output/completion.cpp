// completion_script: one generator per shell over the same description of the commands.
#include "ecrlc/completion.hpp"

#include <string_view>

namespace ecrlc {
namespace {

constexpr std::string_view k_program = "ecr-lifecycle";

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) {
    text += text.empty() ? "" : " ";
    text += word;
  }
  return text;
}

// Text inside single quotes of any of the three shells: a quote ends, is escaped, restarts.
std::string single_quoted(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

// A description as zsh's _arguments and _describe need it: no brackets or colons.
std::string zsh_help(std::string_view text) {
  std::string cleaned;
  for (const char c : text) {
    cleaned += (c == '[' || c == ']') ? '(' : (c == ':' ? ',' : c);
  }
  return cleaned;
}

std::string bash_script(const std::vector<CompletionCommand>& commands) {
  std::vector<std::string> names;
  names.reserve(commands.size());
  for (const CompletionCommand& command : commands) {
    names.push_back(command.name);
  }
  std::string script =
      "# bash completion for ecr-lifecycle: eval \"$(ecr-lifecycle completion bash)\"\n"
      "_ecr_lifecycle() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      "  local command=\"\" i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case \"${COMP_WORDS[i]}\" in -*) ;; *) command=\"${COMP_WORDS[i]}\"; break ;; esac\n"
      "  done\n"
      "  if [[ -z \"$command\" ]]; then\n"
      "    COMPREPLY=($(compgen -W \"" +
      joined(names) +
      " help --help --version\" -- \"$cur\"))\n"
      "    return\n"
      "  fi\n"
      "  case \"$command:$prev\" in\n";
  for (const CompletionCommand& command : commands) {
    for (const CompletionOption& option : command.options) {
      if (!option.values.empty()) {
        script += "    " + command.name + ":" + option.name + ") COMPREPLY=($(compgen -W \"" +
                  joined(option.values) + "\" -- \"$cur\")); return ;;\n";
      }
    }
  }
  script +=
      "  esac\n"
      "  if [[ \"$cur\" == -* ]]; then\n"
      "    case \"$command\" in\n";
  for (const CompletionCommand& command : commands) {
    std::vector<std::string> options;
    for (const CompletionOption& option : command.options) {
      options.push_back(option.name);
    }
    script += "      " + command.name + ") COMPREPLY=($(compgen -W \"" + joined(options) +
              " --help\" -- \"$cur\")) ;;\n";
  }
  script +=
      "    esac\n"
      "    return\n"
      "  fi\n"
      "  case \"$command\" in\n";
  for (const CompletionCommand& command : commands) {
    if (!command.argument_values.empty()) {
      script += "    " + command.name + ") COMPREPLY=($(compgen -W \"" +
                joined(command.argument_values) + "\" -- \"$cur\")); return ;;\n";
    }
  }
  script +=
      "  esac\n"
      "  COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "}\n"
      "complete -o filenames -F _ecr_lifecycle ecr-lifecycle\n";
  return script;
}

std::string zsh_script(const std::vector<CompletionCommand>& commands) {
  std::string script =
      "#compdef ecr-lifecycle\n"
      "# zsh completion for ecr-lifecycle: ecr-lifecycle completion zsh > "
      "\"${fpath[1]}/_ecr-lifecycle\"\n"
      "_ecr_lifecycle() {\n"
      "  local -a commands\n"
      "  commands=(\n";
  for (const CompletionCommand& command : commands) {
    script += "    " + single_quoted(command.name + ":" + zsh_help(command.help)) + "\n";
  }
  script +=
      "  )\n"
      "  if (( CURRENT == 2 )); then\n"
      "    _describe 'command' commands\n"
      "    return\n"
      "  fi\n"
      "  case $words[2] in\n";
  for (const CompletionCommand& command : commands) {
    script += "    " + command.name + ")\n      _arguments";
    for (const CompletionOption& option : command.options) {
      std::string spec = "*" + option.name + "[" + zsh_help(option.help) + "]";
      if (!option.values.empty()) {
        spec += ":value:(" + joined(option.values) + ")";
      } else if (option.takes_value) {
        spec += ":file:_files";
      }
      script += " \\\n        " + single_quoted(spec);
    }
    if (command.takes_files) {
      script += " \\\n        '*:file:_files'";
    } else if (!command.argument_values.empty()) {
      script +=
          " \\\n        " + single_quoted("1:value:(" + joined(command.argument_values) + ")");
    }
    script += " ;;\n";
  }
  script +=
      "  esac\n"
      "}\n"
      "_ecr_lifecycle \"$@\"\n";
  return script;
}

std::string fish_script(const std::vector<CompletionCommand>& commands) {
  const std::string complete = "complete -c " + std::string(k_program);
  std::string script =
      "# fish completion for ecr-lifecycle: ecr-lifecycle completion fish > "
      "~/.config/fish/completions/ecr-lifecycle.fish\n" +
      complete + " -f\n";
  for (const CompletionCommand& command : commands) {
    script += complete + " -n __fish_use_subcommand -a " + command.name + " -d " +
              single_quoted(command.help) + "\n";
  }
  for (const CompletionCommand& command : commands) {
    const std::string when = " -n " + single_quoted("__fish_seen_subcommand_from " + command.name);
    for (const CompletionOption& option : command.options) {
      script += complete + when + " -l " + option.name.substr(2);
      if (!option.values.empty()) {
        script += " -x -a " + single_quoted(joined(option.values));
      } else if (option.takes_value) {
        script += " -r -F";
      }
      script += " -d " + single_quoted(option.help) + "\n";
    }
    if (command.takes_files) {
      script += complete + when + " -F\n";
    } else if (!command.argument_values.empty()) {
      script += complete + when + " -x -a " + single_quoted(joined(command.argument_values)) + "\n";
    }
  }
  return script;
}

}  // namespace

std::string completion_script(CompletionShell shell,
                              const std::vector<CompletionCommand>& commands) {
  switch (shell) {
    case CompletionShell::bash:
      return bash_script(commands);
    case CompletionShell::zsh:
      return zsh_script(commands);
    case CompletionShell::fish:
      return fish_script(commands);
  }
  return {};
}

}  // namespace ecrlc
