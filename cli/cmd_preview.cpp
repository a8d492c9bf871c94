// `ecr-lifecycle preview`: which images the policy expires or archives, in seven formats.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app.hpp"
#include "ecrlc/forecast.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/preview.hpp"
#include "io/evaluation_inputs.hpp"
#include "io/output_file.hpp"
#include "options.hpp"
#include "report_options.hpp"

namespace ecrlc::cli {
namespace {

struct PreviewArguments {
  io::EvaluationOptions inputs;  // the policy scope, --images or --snapshot, --now, --protect
  std::string horizon;
  std::vector<std::string> repositories;
  std::string format = "table";
  std::string output = "-";
  std::string registry_id;
  bool all = false;
  bool fail_on_protected = false;
  WidthOptions width;
  StoragePrices prices;
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());  // all cores
};

ExitCode run_preview(const PreviewArguments& arguments, CommandContext& context) {
  auto inputs = io::resolve_inputs(arguments.inputs, 1, "preview", context);
  if (!inputs) {
    return inputs.failure();
  }
  const PreviewFormat format =
      parse_preview_format(arguments.format).value_or(PreviewFormat::table);
  auto now = io::load_now_or_taken_at(arguments.inputs.now, inputs->snapshot_or_null(), "preview",
                                      context);
  if (!now) {
    return now.failure();
  }
  std::optional<Micros> horizon;
  if (!arguments.horizon.empty()) {
    auto parsed = parse_duration(arguments.horizon);
    if (!parsed) {
      return fail(context, "preview", "--horizon: " + parsed.error().message);
    }
    horizon = *parsed;
  }
  auto loaded = io::load_inputs(*inputs, arguments.inputs, "preview", context, arguments.threads);
  if (!loaded) {
    return loaded.failure();
  }
  const Inventory& inventory = loaded->inventory;

  PreviewOptions preview_options;
  preview_options.repositories = arguments.repositories;
  preview_options.threads = arguments.threads;
  preview_options.horizon = horizon;
  preview_options.horizon_text = arguments.horizon;
  preview_options.single_policy = inputs->specs.front().kind == io::PolicyScopeKind::policy;
  const Preview preview =
      build_preview(loaded->policies.front(), inventory, EvalContext{*now}, preview_options);
  // Repositories without a policy are reported, not evaluated.
  for (const std::string& name : preview.without_policy) {
    context.err << "ecr-lifecycle preview: warning: no policy for repository " << name << "\n";
  }
  io::report_missing_repositories(preview, "preview", "warning", context);

  PreviewRenderOptions render_options;
  render_options.all = arguments.all;
  render_options.registry_id = arguments.registry_id;
  render_options.tool_version = ECRLC_VERSION;
  render_options.incomplete = inputs->incomplete();
  render_options.prices = arguments.prices;
  render_options.threads = arguments.threads;
  render_options.inventory_source = inventory_source(*inputs, arguments.inputs.images);
  render_options.width =
      table_width(arguments.width, context, io::is_standard_output(arguments.output));
  std::vector<InUseImage> in_use;
  if (loaded->protection) {
    in_use = find_in_use(preview, loaded->protection->context(inventory));
    render_options.in_use = &in_use;
    render_options.protect = &loaded->protection->list;
  }
  auto written = io::write_output(
      arguments.output, io::command_inputs(arguments.inputs, *inputs, *loaded), context.out,
      [&](std::ostream& stream) { render_preview(stream, preview, format, render_options); });
  if (!written) {
    return fail(context, "preview", written.error().message);
  }
  if (arguments.fail_on_protected && !in_use.empty()) {
    context.err << "ecr-lifecycle preview: " << in_use.size()
                << " image(s) in use would be expired or archived (--fail-on-protected)\n";
    return ExitCode::invalid_policy;
  }
  return ExitCode::success;
}

}  // namespace

void add_preview_command(CLI::App& app, CommandContext& context) {
  auto arguments = std::make_shared<PreviewArguments>();
  auto* command = app.add_subcommand(
      "preview", "Show which images a lifecycle policy expires or archives, and why");
  add_input_options(*command, arguments->inputs, ImagesOption::one_per_use);
  command->add_option("--repository", arguments->repositories, k_repository_filter_help)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      ->add_option("--format", arguments->format,
                   "Table (default), json, aws, csv, ndjson, markdown or html")
      ->check(CLI::IsMember({"table", "json", "aws", "csv", "ndjson", "markdown", "html"}));
  command->add_option("--output,-o", arguments->output,
                      "Write to this file atomically (default: standard output)");
  add_now_option(*command, arguments->inputs.now, k_evaluation_time_help);
  command->add_option("--horizon", arguments->horizon,
                      "Also list what age rules will act on before now + DURATION (14d, 36h...)");
  command->add_flag("--all", arguments->all, "List kept images too (table, csv, ndjson)");
  add_width_options(*command, arguments->width);
  add_price_options(*command, arguments->prices);
  add_protect_option(*command, arguments->inputs.protect);
  command->add_flag("--fail-on-protected", arguments->fail_on_protected,
                    "Exit 1 when the policy expires or archives an image a --protect file says "
                    "is in use");
  command->add_option("--registry-id", arguments->registry_id,
                      "The registryId for --format aws (default: from the inventory)");
  add_threads_option(*command, arguments->threads);
  command->callback(
      [arguments, &context] { context.exit_code = run_preview(*arguments, context); });
}

}  // namespace ecrlc::cli
