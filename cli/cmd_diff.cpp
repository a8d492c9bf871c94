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
#include "protect_inputs.hpp"
#include "snapshot_input.hpp"

namespace ecrlc::cli {
namespace {

struct DiffOptions {
  PolicyScopeOptions scope;
  std::vector<std::string> images;
  std::string snapshot;
  std::vector<std::string> repositories;
  NowOption now;
  std::string format = "table";
  std::size_t max_rows = 50;
  bool fail_on_new_expirations = false;
  ProtectOptions protect;
  // --threads, all cores by default as in preview; the result does not depend on the number.
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
};

ExitCode run_diff(const DiffOptions& options, CommandContext& context) {
  // With --snapshot, OLD is the snapshot's live policies and NEW the one scope given.
  auto inputs = resolve_inputs(options.images, options.snapshot, options.scope, 2, "diff", context);
  if (!inputs) {
    return inputs.failure();
  }
  const std::vector<PolicyScopeSpec>* specs = &inputs->specs;
  const auto format = parse_diff_format(options.format);
  if (!format) {
    return fail(context, "diff",
                "--format: expected table, json or markdown, got " + options.format);
  }
  auto now = load_now_or_taken_at(options.now, inputs->snapshot_or_null(), "diff", context);
  if (!now) {
    return now.failure();
  }
  // Both policies are loaded before failing so that the diagnostics of both show.
  auto old_policies = load_policy_scope((*specs)[0], context);
  auto new_policies = load_policy_scope((*specs)[1], context);
  if (!old_policies || !new_policies) {
    return std::max(old_policies.failure(), new_policies.failure());
  }
  auto inventory = load_evaluated_inventory(*inputs, options.images, context, options.threads);
  if (!inventory) {
    return inventory.failure();
  }
  warn_pushed_after_now(*inventory, options.now, *now, "diff", context);
  auto protection = load_protection(options.protect, *inventory, "diff", context);
  if (!protection) {
    return protection.failure();
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
  std::vector<InUseImage> in_use;
  if (*protection) {
    in_use = find_in_use(diff, (*protection)->context(*inventory));
    render_options.in_use = &in_use;
    render_options.protect = &(*protection)->list;
  }
  render_diff(context.out, diff, *format, render_options);
  if (options.fail_on_new_expirations && diff.count(ChangeKind::newly_expiring) > 0) {
    context.err << "ecr-lifecycle diff: " << diff.count(ChangeKind::newly_expiring)
                << " image(s) newly expiring under " << render_options.new_name << "\n";
    return ExitCode::invalid_policy;
  }
  return ExitCode::success;
}

}  // namespace

void add_diff_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<DiffOptions>();
  auto* command =
      app.add_subcommand("diff", "images whose outcome changes between two policies (OLD, NEW)");
  add_policy_scope_options(*command, options->scope);
  command->add_option("--images", options->images, "inventory file(s); - for standard input");
  add_snapshot_option(*command, options->snapshot);
  command->add_option("--repository", options->repositories, "only this repository (repeatable)");
  add_now_option(*command, options->now, "evaluation time (ISO-8601 or epoch seconds)");
  add_threads_option(*command, options->threads);
  command->add_option("--format", options->format, "table, json or markdown")
      ->capture_default_str();
  command
      ->add_option("--max-rows", options->max_rows,
                   "markdown: changed images listed before \"and N more\"")
      ->capture_default_str();
  add_protect_option(*command, options->protect);
  command->add_flag("--fail-on-new-expirations", options->fail_on_new_expirations,
                    "exit 1 when NEW expires an image that OLD does not");
  command->callback([options, &context] { context.exit_code = run_diff(*options, context); });
}

}  // namespace ecrlc::cli
