// `ecr-lifecycle diff`: the images whose outcome changes between two policies (or two policy
// sets), for pull-request review.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>
#include <thread>

#include "app.hpp"
#include "ecrlc/diff.hpp"
#include "ecrlc/output.hpp"
#include "inputs.hpp"

namespace ecrlc::cli {
namespace {

struct DiffOptions {
  PolicyScopeOptions scope;
  std::vector<std::string> images;
  std::vector<std::string> repositories;
  std::string now;
  std::string format = "table";
  std::size_t max_rows = 50;
  bool fail_on_new_expirations = false;
  // The contract has no --threads for diff: all cores, as preview's default. The result does
  // not depend on the number.
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
};

void run_diff(const DiffOptions& options, CommandContext& context) {
  auto specs = policy_scope_specs(options.scope, 2, "diff", context);
  if (!specs) {
    return;
  }
  const auto format = parse_diff_format(options.format);
  if (!format) {
    context.err << "ecr-lifecycle diff: error: --format: expected table, json or markdown, got "
                << options.format << "\n";
    context.exit_code = ExitCode::cannot_run;
    return;
  }
  auto now = load_now(options.now, "diff", context);
  if (!now) {
    return;
  }
  // Both policies are loaded before failing so that the diagnostics of both show.
  auto old_policies = load_policy_scope((*specs)[0], context);
  const ExitCode old_code = context.exit_code;
  auto new_policies = load_policy_scope((*specs)[1], context);
  if (!old_policies || !new_policies) {
    if (old_code == ExitCode::cannot_run) {
      context.exit_code = old_code;
    }
    return;
  }
  auto inventory = load_inventory(options.images, context, options.threads);
  if (!inventory) {
    return;
  }
  PreviewOptions report_options;
  report_options.repositories = options.repositories;
  report_options.threads = options.threads;
  const EvalContext eval{*now};
  const Preview old_report = build_preview(*old_policies, *inventory, eval, report_options);
  const Preview new_report = build_preview(*new_policies, *inventory, eval, report_options);
  warn_scope_gaps(new_report, "diff", context);
  PolicyDiff diff = diff_reports(old_report, new_report);
  diff.now = *now;
  DiffRenderOptions render_options;
  render_options.old_name = (*specs)[0].path;
  render_options.new_name = (*specs)[1].path;
  render_options.max_rows = options.max_rows;
  render_diff(context.out, diff, *format, render_options);
  if (options.fail_on_new_expirations && diff.count(ChangeKind::newly_expiring) > 0) {
    context.err << "ecr-lifecycle diff: " << diff.count(ChangeKind::newly_expiring)
                << " image(s) newly expiring under " << render_options.new_name << "\n";
    context.exit_code = ExitCode::invalid_policy;
  }
}

}  // namespace

void add_diff_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<DiffOptions>();
  auto* command =
      app.add_subcommand("diff", "images whose outcome changes between two policies (OLD, NEW)");
  add_policy_scope_options(*command, options->scope);
  command->add_option("--images", options->images, "inventory file(s); - for standard input")
      ->required();
  command->add_option("--repository", options->repositories, "only this repository (repeatable)");
  command->add_option("--now", options->now, "evaluation time (ISO-8601 or epoch seconds)");
  command->add_option("--format", options->format, "table, json or markdown")
      ->capture_default_str();
  command
      ->add_option("--max-rows", options->max_rows,
                   "markdown: changed images listed before \"and N more\"")
      ->capture_default_str();
  command->add_flag("--fail-on-new-expirations", options->fail_on_new_expirations,
                    "exit 1 when NEW expires an image that OLD does not");
  command->callback([options, &context] { run_diff(*options, context); });
}

}  // namespace ecrlc::cli
