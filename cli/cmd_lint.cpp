// `ecr-lifecycle lint`: validate policy files and report every problem in one of four formats.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "app.hpp"
#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/policy_file.hpp"
#include "io/output_file.hpp"
#include "io/policy_sources.hpp"

namespace ecrlc::cli {
namespace {

struct LintOptions {
  std::string format = "text";
  std::string output = "-";
  bool strict = false;
  std::vector<std::string> files;
};

ExitCode run_lint(const LintOptions& options, CommandContext& context) {
  // Sources must outlive the CheckedFile views until rendering is done.
  std::vector<io::PolicySourceFile> sources;
  sources.reserve(options.files.size());
  std::vector<CheckedFile> checked;
  bool unreadable = false;
  bool invalid = false;
  bool warned = false;
  for (const std::string& path : options.files) {
    auto source = io::read_policy_source(path, "POLICY", context);
    if (!source) {
      unreadable = true;
      continue;
    }
    sources.push_back(std::move(*source));
    PolicyFile& file = sources.back().file;
    lint_policy_file(file);
    invalid = invalid || file.diagnostics.has_error();
    warned = warned || file.diagnostics.warning_count() > 0;
    checked.push_back(io::checked_file(sources.back()));
  }
  auto render = [&](std::ostream& out) {
    if (options.format == "text") {
      for (const CheckedFile& file : checked) {
        render_text(out, file);
      }
    } else if (options.format == "json") {
      render_json(out, checked);
    } else if (options.format == "sarif") {
      render_sarif(out, checked, ECRLC_VERSION);
    } else {
      render_github(out, checked);
    }
  };
  if (io::is_standard_output(options.output)) {
    // Text diagnostics go where compilers put theirs; the other formats are the output.
    render(options.format == "text" ? context.err : context.out);
  } else {
    std::vector<std::string> inputs;
    for (const std::string& path : options.files) {
      if (path != "-") {
        inputs.push_back(path);
      }
    }
    if (auto written = io::write_output(options.output, inputs, context.out, render); !written) {
      return fail(context, "lint", written.error().message);
    }
  }
  if (unreadable) {
    return ExitCode::cannot_run;
  }
  if (invalid || (options.strict && warned)) {
    return ExitCode::invalid_policy;
  }
  return ExitCode::success;
}

}  // namespace

void add_lint_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<LintOptions>();
  auto* command = app.add_subcommand(
      "lint",
      "Validate lifecycle policies: documents, get-lifecycle-policy output, "
      "CloudFormation/SAM/CDK templates (JSON or YAML), Terraform plans (terraform show "
      "-json), repository creation templates");
  command
      ->add_option("--format", options->format,
                   "Output: text (stderr), json, sarif or github (stdout)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  command->add_option("--output,-o", options->output,
                      "Write the report, in any format, to this file atomically (default: text "
                      "to standard error, other formats to standard output)");
  command->add_flag("--strict", options->strict, "Exit 1 on warnings too");
  command
      ->add_option("POLICY", options->files,
                   "Policy files, templates or plans; - reads standard input")
      ->required();
  command->callback([options, &context] { context.exit_code = run_lint(*options, context); });
}

}  // namespace ecrlc::cli
