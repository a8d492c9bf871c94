// `ecr-lifecycle apply`: the checks, re-read, re-evaluation, question, requests and journal of
// io/apply_run.hpp, in the order docs/operations.md gives.
#include "io/apply_run.hpp"

#include <iostream>
#include <string>
#include <vector>

#include "ecrlc/apply.hpp"
#include "ecrlc/apply_requests.hpp"
#include "ecrlc/forecast.hpp"
#include "ecrlc/output.hpp"
#include "io/apply_confirm.hpp"
#include "io/apply_journal.hpp"
#include "io/apply_requests.hpp"
#include "io/folder_write.hpp"
#include "io/live_registry.hpp"
#include "io/plan_folder_read.hpp"

namespace ecrlc::io {
namespace {

constexpr std::string_view k_command = "apply";

}  // namespace

ExitCode run_apply(const ApplyRequest& options, CommandContext& context) {
  const std::optional<ApplyFormat> format = parse_apply_format(options.format);
  if (!format) {
    return fail(context, k_command, "--format: expected text or json, got " + options.format);
  }
  auto max_age = parse_duration(options.max_age);
  if (!max_age) {
    return fail(context, k_command, "--max-age: " + max_age.error().message);
  }
  auto now = load_now(options.now, k_command, context);
  if (!now) {
    return now.failure();
  }
  // Held to the end: no plan --force replaces the folder, no second apply runs beside this one.
  auto lock = FolderLock::acquire(options.plan_dir, k_plan_folder);
  if (!lock) {
    return fail(context, k_command, lock.error().message);
  }
  auto folder = read_plan_folder(options.plan_dir);
  if (!folder) {
    return fail(context, k_command, folder.error().message + "; nothing done");
  }
  if (folder->journal.complete) {
    context.out << options.plan_dir << ": applied completely by an earlier run ("
                << journal_path(options.plan_dir) << "); nothing to do\n";
    return ExitCode::success;
  }
  if (auto refusal = plan_age_refusal(folder->record, *now, *max_age)) {
    fail(context, k_command, apply_refusal_sentence(*refusal));
    context.err << "ecr-lifecycle apply: nothing done\n";
    return ExitCode::cannot_run;
  }
  std::vector<std::string> names;
  for (const PlannedRepository& repository : folder->record.repositories) {
    names.push_back(repository.name);
  }
  const AwsCli cli(options.aws);
  auto live = read_live_repositories(cli, names, options.jobs);
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
  for (const ApplyNote& note : decision.notes) {
    context.err << "ecr-lifecycle apply: note: " << apply_note_sentence(note) << "\n";
  }
  if (!decision.refusals.empty()) {
    for (const ApplyRefusal& refusal : decision.refusals) {
      fail(context, k_command, apply_refusal_sentence(refusal));
    }
    context.err << "ecr-lifecycle apply: nothing done\n";
    return ExitCode::cannot_run;
  }
  const ApplyCounts counts = count_apply(decision);
  RequestRunOptions run;
  run.jobs = options.jobs;
  run.first_step = folder->journal.last_step + 1;
  run.progress = context.err_is_terminal;
  if (counts.transitions > 0) {
    if (const std::string unsupported = check_storage_class_support(cli); !unsupported.empty()) {
      context.err << "ecr-lifecycle apply: error: " << unsupported << ": skipping "
                  << counts.transitions << " transition(s)\n";
      fail_transitions(decision, unsupported);
    }
  }
  const ApplyRenderOptions render{options.dry_run, options.width};
  if (options.dry_run) {
    mark_dry_run(decision);
    context.out << render_apply(decision, *format, render);
    return count_apply(decision).failed > 0 ? ExitCode::cannot_run : ExitCode::success;
  }
  if (counts.deletions + counts.transitions > 0 && !options.yes &&
      !confirm_apply(decision, context)) {
    return ExitCode::cannot_run;
  }
  auto journal = JournalFile::open(options.plan_dir);
  if (!journal) {
    return fail(context, k_command, journal.error().message + "; nothing sent");
  }
  const RequestRunResult sent = run_requests(decision, cli, *journal, run, context.err);
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

}  // namespace ecrlc::io
