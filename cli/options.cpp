// The shared option groups (cli/options.hpp).
#include "options.hpp"

#include <CLI/CLI.hpp>

namespace ecrlc::cli {
namespace {

void add_policy_scope_options(CLI::App& command, io::PolicyScopeOptions& options) {
  command.add_option("--policy", options.policy, "Lifecycle policy file for every repository");
  command.add_option("--policies", options.policies,
                     "Folder of `aws ecr get-lifecycle-policy` outputs (*.json at any depth, "
                     "each naming its repository); or a CloudFormation template or Terraform "
                     "plan (each resource's policy)");
  command.add_option("--policy-map", options.policy_map,
                     "File of `PATTERN POLICYFILE` lines ('*' wildcard, first match wins)");
}

}  // namespace

void add_width_options(CLI::App& command, WidthOptions& options) {
  auto* wide = command.add_flag("--wide", options.wide,
                                "Tables: every column in full (whole digests, every tag, whole "
                                "reasons), whatever the width");
  command
      .add_option("--width", options.columns,
                  "Tables: fit to N columns, shortening digests, tags and reasons with an ellipsis "
                  "(default: the terminal's width; none in files and pipes)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->excludes(wide);
}

TableWidth table_width(const WidthOptions& options, const io::CommandContext& context,
                       bool to_standard_output) {
  if (options.wide) {
    return TableWidth{0, true};
  }
  if (options.columns != 0) {
    return TableWidth{options.columns, false};
  }
  return TableWidth{to_standard_output ? context.out_terminal_columns : 0, false};
}

void add_threads_option(CLI::App& command, unsigned& threads) {
  command
      .add_option("--threads", threads,
                  "Threads (output is identical for any number; default: all cores)")
      ->check(CLI::Range(1U, 256U));
}

void add_now_option(CLI::App& command, io::NowOption& now, const std::string& help) {
  command.add_option_function<std::string>(
      "--now",
      [&now](const std::string& value) {
        now.value = value;
        now.given = true;
      },
      help);
}

void add_protect_option(CLI::App& command, io::ProtectOptions& options) {
  command.add_option("--protect", options.files,
                     "Images in use that must survive, repeatable: REPO:TAG lines, or the JSON "
                     "of kubectl get pods/workloads -o json, aws ecs describe-tasks, "
                     "describe-task-definition, aws lambda get-function (docs/operations.md)");
}

void add_input_options(CLI::App& command, io::EvaluationOptions& options, ImagesOption images) {
  add_policy_scope_options(command, options.scope);
  if (images == ImagesOption::one_per_use) {
    command
        .add_option("--images", options.images,
                    "Inventory file (describe-images output, JSON array or NDJSON); repeatable "
                    "(or --snapshot DIR)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  } else {
    command.add_option("--images", options.images, "Inventory file(s); - for standard input");
  }
  command.add_option("--snapshot", options.snapshot,
                     "Snapshot folder (ecr-lifecycle snapshot): its images, its live policies "
                     "unless a policy option is given, and --now defaulting to its takenAt");
}

}  // namespace ecrlc::cli
