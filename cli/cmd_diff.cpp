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
#include "io/evaluation_inputs.hpp"
#include "io/output_file.hpp"
#include "options.hpp"
#include "report_options.hpp"

namespace ecrlc::cli {
namespace {

struct DiffOptions {
  io::EvaluationOptions inputs;  // two policy scopes, --images or --snapshot, --now, --protect
  std::vector<std::string> repositories;
  std::string format = "table";
  std::string output = "-";
  std::size_t max_rows = 50;
  WidthOptions width;
  bool fail_on_new_expirations = false;
  StoragePrices prices;
  // --threads, all cores by default as in preview; the result does not depend on the number.
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
};

ExitCode run_diff(const DiffOptions& options, CommandContext& context) {
  // With --snapshot, OLD is the snapshot's live policies and NEW the one scope given.
  auto inputs = io::resolve_inputs(options.inputs, 2, "diff", context);
  if (!inputs) {
    return inputs.failure();
  }
  const auto format = parse_diff_format(options.format);
  if (!format) {
    return fail(context, "diff",
                "--format: expected table, json, markdown or html, got " + options.format);
  }
  auto now =
      io::load_now_or_taken_at(options.inputs.now, inputs->snapshot_or_null(), "diff", context);
  if (!now) {
    return now.failure();
  }
  // Both policies are loaded before failing so that the diagnostics of both show.
  auto loaded = io::load_inputs(*inputs, options.inputs, "diff", context, options.threads);
  if (!loaded) {
    return loaded.failure();
  }
  const Inventory& inventory = loaded->inventory;
  PreviewOptions report_options;
  report_options.repositories = options.repositories;
  report_options.threads = options.threads;
  const EvalContext eval{*now};
  const Preview old_report = build_preview(loaded->policies[0], inventory, eval, report_options);
  const Preview new_report = build_preview(loaded->policies[1], inventory, eval, report_options);
  io::warn_scope_gaps(new_report, "diff", context);
  PolicyDiff diff = diff_reports(old_report, new_report);
  diff.now = *now;
  DiffRenderOptions render_options;
  render_options.old_name = inputs->specs[0].path;
  render_options.new_name = inputs->specs[1].path;
  render_options.max_rows = options.max_rows;
  render_options.prices = options.prices;
  render_options.tool_version = ECRLC_VERSION;
  render_options.width =
      table_width(options.width, context, io::is_standard_output(options.output));
  std::vector<InUseImage> in_use;
  if (loaded->protection) {
    in_use = find_in_use(diff, loaded->protection->context(inventory));
    render_options.in_use = &in_use;
    render_options.protect = &loaded->protection->list;
  }
  auto written = io::write_output(
      options.output, io::command_inputs(options.inputs, *inputs, *loaded), context.out,
      [&](std::ostream& stream) { render_diff(stream, diff, *format, render_options); });
  if (!written) {
    return fail(context, "diff", written.error().message);
  }
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
      app.add_subcommand("diff", "Images whose outcome changes between two policies (OLD, NEW)");
  add_input_options(*command, options->inputs, ImagesOption::files);
  command->add_option("--repository", options->repositories, k_repository_filter_help);
  add_now_option(*command, options->inputs.now, k_evaluation_time_help);
  add_threads_option(*command, options->threads);
  command
      ->add_option("--format", options->format, "Output: table (default), json, markdown or html")
      ->capture_default_str();
  command->add_option("--output,-o", options->output,
                      "Write to this file atomically (default: standard output)");
  add_width_options(*command, options->width);
  command
      ->add_option("--max-rows", options->max_rows,
                   "Markdown: changed images listed before \"and N more\"")
      ->capture_default_str();
  add_price_options(*command, options->prices);
  add_protect_option(*command, options->inputs.protect);
  command->add_flag("--fail-on-new-expirations", options->fail_on_new_expirations,
                    "Exit 1 when NEW expires an image that OLD does not");
  command->callback([options, &context] { context.exit_code = run_diff(*options, context); });
}

}  // namespace ecrlc::cli
