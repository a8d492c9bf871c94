// `ecr-lifecycle apply PLAN_DIR`: its options; io/apply_run.hpp does the work.
#include <CLI/CLI.hpp>
#include <memory>

#include "app.hpp"
#include "aws_options.hpp"
#include "io/apply_run.hpp"
#include "options.hpp"

namespace ecrlc::cli {
namespace {

struct ApplyArguments {
  io::ApplyRequest request;
  WidthOptions width;  // resolved into request.width once the terminal is known
};

}  // namespace

void add_apply_command(CLI::App& app, CommandContext& context) {
  auto arguments = std::make_shared<ApplyArguments>();
  io::ApplyRequest& options = arguments->request;
  auto* command = app.add_subcommand(
      "apply",
      "Carry out a plan folder where the registry still agrees with it: re-read, re-evaluate, "
      "then delete and archive only what the plan lists and a fresh evaluation still expires");
  command->add_option("PLAN_DIR", options.plan_dir, "The folder `plan --out` wrote")->required();
  command->add_flag("--dry-run", options.dry_run,
                    "Re-read and re-check, print what would be done, send nothing");
  command->add_flag("--yes", options.yes,
                    "Do not ask (needed when standard input is not a terminal)");
  command->add_option("--max-deletes", options.max_deletes,
                      "Refuse the run (exit 2, nothing done) when it would delete more images");
  command->add_option("--max-age", options.max_age,
                      "Refuse a plan evaluated longer ago than this (default 24h; e.g. 36h, 2d)");
  add_now_option(*command, options.now,
                 "Evaluation time of the re-check (ISO-8601 or epoch seconds; default: now)");
  command->add_option("--format", options.format, "Summary format: text (default) or json");
  add_width_options(*command, arguments->width);
  add_aws_options(*command, options.aws, options.jobs);
  command->callback([arguments, &context] {
    arguments->request.width = table_width(arguments->width, context, true);
    context.exit_code = io::run_apply(arguments->request, context);
  });
}

}  // namespace ecrlc::cli
