// `ecr-lifecycle preview`: which images the policy expires or archives, in five formats.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "app.hpp"
#include "ecrlc/render.hpp"
#include "ecrlc/report.hpp"
#include "io.hpp"
#include "load.hpp"

namespace ecrlc::cli {
namespace {

struct PreviewArguments {
  std::string policy;
  std::vector<std::string> images;
  std::vector<std::string> repositories;
  std::string format = "table";
  std::string output = "-";
  std::string now;
  std::string registry_id;
  bool all = false;
  unsigned threads = 1;
};

void run_preview(const PreviewArguments& arguments, CommandContext& context) {
  const auto format = parse_report_format(arguments.format);
  auto now = load_now(arguments.now, "preview", context);
  if (!now || !format) {
    return;
  }
  auto loaded = load_policy(arguments.policy, context);
  if (!loaded) {
    return;
  }
  auto inventory = load_inventory(arguments.images, context, arguments.threads);
  if (!inventory) {
    return;
  }

  ReportOptions report_options;
  report_options.repositories = arguments.repositories;
  report_options.threads = arguments.threads;
  const Report report = build_report(loaded->policy, *inventory, EvalContext{*now}, report_options);
  for (const std::string& name : report.missing_repositories) {
    context.err << "ecr-lifecycle preview: warning: repository \"" << name
                << "\" is not in the inventory\n";
  }

  RenderOptions render_options;
  render_options.all = arguments.all;
  render_options.registry_id = arguments.registry_id;
  render_options.default_registry_id = loaded->registry_id.value_or("");
  render_options.tool_version = ECRLC_VERSION;
  auto written = write_output(arguments.output, context.out, [&](std::ostream& stream) {
    render_report(stream, report, *format, render_options);
  });
  if (!written) {
    context.err << "ecr-lifecycle preview: error: " << written.error().message << "\n";
    context.exit_code = ExitCode::cannot_run;
  }
}

}  // namespace

void add_preview_command(CLI::App& app, CommandContext& context) {
  auto arguments = std::make_shared<PreviewArguments>();
  auto* command = app.add_subcommand(
      "preview", "Show which images a lifecycle policy expires or archives, and why");
  command->add_option("--policy", arguments->policy, "Lifecycle policy file; - reads stdin")
      ->required();
  command
      ->add_option("--images", arguments->images,
                   "Inventory file (describe-images output, JSON array or NDJSON); repeatable")
      ->required()
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      ->add_option("--repository", arguments->repositories,
                   "Only this repository; repeatable (default: every repository)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_option("--format", arguments->format, "table (default), json, aws, csv or ndjson")
      ->check(CLI::IsMember({"table", "json", "aws", "csv", "ndjson"}));
  command->add_option("--output,-o", arguments->output,
                      "Write to this file atomically (default: standard output)");
  command->add_option("--now", arguments->now,
                      "Evaluation time, ISO-8601 or epoch seconds (default: current UTC time)");
  command->add_flag("--all", arguments->all, "List kept images too (table, csv, ndjson)");
  command->add_option("--registry-id", arguments->registry_id,
                      "registryId for --format aws (default: from the inventory)");
  command
      ->add_option("--threads", arguments->threads,
                   "Threads for reading and evaluating (output is identical; default: 1)")
      ->check(CLI::Range(1U, 256U));
  command->callback([arguments, &context] { run_preview(*arguments, context); });
}

}  // namespace ecrlc::cli
