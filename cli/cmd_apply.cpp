// `ecr-lifecycle apply PLAN_DIR`: carries out a plan only where the registry still agrees with
// it (docs/operations.md, "apply"): checks the folder, re-reads the plan's repositories,
// re-evaluates the plan's policies and protections now, asks, sends, journals, reports.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "app.hpp"
#include "aws_options.hpp"
#include "ecrlc/apply.hpp"
#include "ecrlc/apply_requests.hpp"
#include "ecrlc/forecast.hpp"
#include "ecrlc/output.hpp"
#include "io/apply_confirm.hpp"
#include "io/apply_journal.hpp"
#include "io/apply_requests.hpp"
#include "io/aws_cli.hpp"
#include "io/folder_write.hpp"
#include "io/live_registry.hpp"
#include "io/now.hpp"
#include "io/plan_folder_read.hpp"
#include "options.hpp"

namespace ecrlc::cli {
namespace {

constexpr std::string_view k_command = "apply";

struct ApplyOptions {
  std::string plan_dir;
  bool dry_run = false;
  bool yes = false;
  std::optional<std::uint64_t> max_deletes;
  std::string max_age = "24h";
  io::NowOption now;
  std::string format = "text";
  io::AwsCliOptions aws;
  unsigned jobs = 8;
};

ExitCode run_apply(const ApplyOptions& options, CommandContext& context) {
  const std::optional<ApplyFormat> format = parse_apply_format(options.format);
  if (!format) {
    return fail(context, k_command, "--format: expected text or json, got " + options.format);
  }
  auto max_age = parse_duration(options.max_age);
  if (!max_age) {
    return fail(context, k_command, "--max-age: " + max_age.error().message);
  }
  auto now = io::load_now(options.now, k_command, context);
  if (!now) {
    return now.failure();
  }
  // Held to the end: no plan --force replaces the folder, no second apply runs beside this one.
  auto lock = io::FolderLock::acquire(options.plan_dir, io::k_plan_folder);
  if (!lock) {
    return fail(context, k_command, lock.error().message);
  }
  auto folder = io::read_plan_folder(options.plan_dir);
  if (!folder) {
    return fail(context, k_command, folder.error().message + "; nothing done");
  }
  if (folder->journal.complete) {
    context.out << options.plan_dir << ": applied completely by an earlier run ("
                << io::journal_path(options.plan_dir) << "); nothing to do\n";
    return ExitCode::success;
  }
  if (auto refusal = plan_age_refusal(folder->record, *now, *max_age)) {
    fail(context, k_command, *refusal);
    context.err << "ecr-lifecycle apply: nothing done\n";
    return ExitCode::cannot_run;
  }
  std::vector<std::string> names;
  for (const PlannedRepository& repository : folder->record.repositories) {
    names.push_back(repository.name);
  }
  const io::AwsCli cli(options.aws);
  auto live = io::read_live_repositories(cli, names, options.jobs);
  if (!live) {
    return fail(context, k_command, live.error().message + "; nothing done");
  }
  for (const std::string& warning : live->warnings) {
    context.err << "ecr-lifecycle apply: warning: " << warning << "\n";
  }
  ApplyGuards guards;
  guards.max_age = *max_age;
  guards.max_deletes = options.max_deletes;
  auto decided = decide_apply(folder->record, live->inventory, *now, guards, live->registry,
                              folder->journal.applied());
  if (!decided) {
    return fail(context, k_command, decided.error().message + "; nothing done");
  }
  ApplyDecision& decision = *decided;
  for (const std::string& note : decision.notes) {
    context.err << "ecr-lifecycle apply: note: " << note << "\n";
  }
  if (!decision.refusals.empty()) {
    for (const std::string& refusal : decision.refusals) {
      fail(context, k_command, refusal);
    }
    context.err << "ecr-lifecycle apply: nothing done\n";
    return ExitCode::cannot_run;
  }
  const ApplyCounts counts = count_apply(decision);
  io::RequestRunOptions run;
  run.jobs = options.jobs;
  run.first_step = folder->journal.last_step + 1;
  run.progress = context.err_is_terminal;
  if (counts.transitions > 0) {
    if (const std::string unsupported = io::check_storage_class_support(cli);
        !unsupported.empty()) {
      context.err << "ecr-lifecycle apply: error: " << unsupported << ": skipping "
                  << counts.transitions << " transition(s)\n";
      fail_transitions(decision, unsupported);
    }
  }
  const ApplyRenderOptions render{options.dry_run};
  if (options.dry_run) {
    mark_dry_run(decision);
    context.out << render_apply(decision, *format, render);
    return count_apply(decision).failed > 0 ? ExitCode::cannot_run : ExitCode::success;
  }
  if (counts.deletions + counts.transitions > 0 && !options.yes &&
      !io::confirm_apply(decision, context)) {
    return ExitCode::cannot_run;
  }
  auto journal = io::JournalFile::open(options.plan_dir);
  if (!journal) {
    return fail(context, k_command, journal.error().message + "; nothing sent");
  }
  const io::RequestRunResult sent = io::run_requests(decision, cli, *journal, run, context.err);
  context.out << render_apply(decision, *format, render);
  if (sent.journal_failed) {
    return fail(context, k_command,
                sent.journal_error + ": stopped sending requests (run apply again to resume)");
  }
  if (!all_done(decision)) {
    return fail(context, k_command,
                std::to_string(count_apply(decision).failed) +
                    " image(s) failed (see above); run apply again to retry them");
  }
  if (auto written = journal->append(journal_complete_line(*now)); !written) {
    return fail(context, k_command, written.error().message);
  }
  return ExitCode::success;
}

}  // namespace

void add_apply_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ApplyOptions>();
  auto* command = app.add_subcommand(
      "apply",
      "carry out a plan folder where the registry still agrees with it: re-read, re-evaluate, "
      "then delete and archive only what the plan lists and a fresh evaluation still expires");
  command->add_option("PLAN_DIR", options->plan_dir, "the folder `plan --out` wrote")->required();
  command->add_flag("--dry-run", options->dry_run,
                    "re-read and re-check, print what would be done, send nothing");
  command->add_flag("--yes", options->yes,
                    "do not ask (needed when standard input is not a terminal)");
  command->add_option("--max-deletes", options->max_deletes,
                      "refuse the run (exit 2, nothing done) when it would delete more images");
  command->add_option("--max-age", options->max_age,
                      "refuse a plan evaluated longer ago than this (default 24h; e.g. 36h, 2d)");
  add_now_option(*command, options->now,
                 "evaluation time of the re-check (ISO-8601 or epoch seconds; default: now)");
  command->add_option("--format", options->format, "summary format: text (default) or json");
  add_aws_options(*command, options->aws, options->jobs);
  command->callback([options, &context] { context.exit_code = run_apply(*options, context); });
}

}  // namespace ecrlc::cli
