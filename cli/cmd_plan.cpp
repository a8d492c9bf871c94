// `ecr-lifecycle plan`: the request files, summary and apply script of a cleanup run, written
// atomically into a folder (io/folder_write.hpp).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app.hpp"
#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/plan.hpp"
#include "io/evaluation_inputs.hpp"
#include "io/folder_write.hpp"
#include "options.hpp"

namespace ecrlc::cli {
namespace {

struct PlanOptions {
  io::EvaluationOptions inputs;  // the policy scope, --images or --snapshot, --now, --protect
  std::vector<std::string> repositories;
  std::string out;
  bool force = false;
  WidthOptions width;
  // --threads, all cores by default as in preview; the plan does not depend on the number.
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
};

// The --protect files as the summary names them: "a.txt", "a.txt, pods.json".
std::string join_names(const std::vector<std::string>& files) {
  std::string text;
  for (const std::string& file : files) {
    text += (text.empty() ? "" : ", ") + file;
  }
  return text;
}

ExitCode run_plan(const PlanOptions& options, CommandContext& context) {
  auto evaluated = io::resolve_inputs(options.inputs, 1, "plan", context);
  if (!evaluated) {
    return evaluated.failure();
  }
  // Before reading anything: a folder plan may not replace fails at once.
  if (auto out = io::check_folder(options.out, options.force, io::k_plan_folder); !out) {
    return fail(context, "plan", out.error().message);
  }
  auto now =
      io::load_now_or_taken_at(options.inputs.now, evaluated->snapshot_or_null(), "plan", context);
  if (!now) {
    return now.failure();
  }
  auto loaded_inputs =
      io::load_inputs(*evaluated, options.inputs, "plan", context, options.threads);
  if (!loaded_inputs) {
    return loaded_inputs.failure();
  }
  const Inventory& inventory = loaded_inputs->inventory;
  PreviewOptions report_options;
  report_options.repositories = options.repositories;
  report_options.threads = options.threads;
  const Preview report =
      build_preview(loaded_inputs->policies.front(), inventory, EvalContext{*now}, report_options);
  // A --repository that names nothing is a mistake (a typo): a plan of the rest would not be
  // the cleanup asked for.
  if (!report.missing_repositories.empty()) {
    io::report_missing_repositories(report, "plan", "error", context);
    return ExitCode::cannot_run;
  }
  io::warn_scope_gaps(report, "plan", context);
  const io::LoadedProtection* loaded = loaded_inputs->protection.get();
  Plan plan = build_plan(report, inventory, loaded != nullptr ? &loaded->resolved : nullptr);
  plan.now = *now;
  plan.incomplete = evaluated->incomplete();
  if (evaluated->snapshot) {
    plan.region = evaluated->snapshot->manifest.region;  // apply checks it against its re-read
  }
  if (loaded != nullptr) {
    plan.protect = &loaded->list;
    plan.protect_file = join_names(options.inputs.protect.files);
    for (std::size_t k = 0; k < loaded->texts.size(); ++k) {
      plan.protect_texts.emplace_back(options.inputs.protect.files[k], loaded->texts[k]);
    }
  }
  const std::vector<std::string> inputs =
      io::command_inputs(options.inputs, *evaluated, *loaded_inputs);
  const auto written = io::write_folder(
      options.out, options.force, inputs,
      [&](const std::function<Result<void>(const PlanFile&)>& emit) {
        return emit_plan_files(plan, emit);
      },
      io::k_plan_folder);
  if (!written) {
    return fail(context, "plan", written.error().message);
  }
  context.out << plan_summary_text(plan, table_width(options.width, context, true)) << "\nWrote "
              << *written << " files to " << options.out << " (apply with " << options.out
              << "/apply.sh)\n";
  return ExitCode::success;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<PlanOptions>();
  // A plan made from a partial listing could delete what the missing pages would keep.
  options->inputs.incomplete_pages = io::IncompletePages::refuse;
  auto* command = app.add_subcommand(
      "plan",
      "Write the batch-delete-image / update-image-storage-class requests of a cleanup run");
  add_input_options(*command, options->inputs, ImagesOption::files);
  command
      ->add_option("--out", options->out,
                   "Plan folder to write (replaced atomically, locked by OUT.lock)")
      ->required();
  add_protect_option(*command, options->inputs.protect);
  command->add_option("--repository", options->repositories, k_repository_filter_help);
  add_now_option(*command, options->inputs.now, k_evaluation_time_help);
  add_threads_option(*command, options->threads);
  add_width_options(*command, options->width);
  command->add_flag("--force", options->force,
                    "Replace a non-empty --out folder that a previous plan wrote");
  command->add_flag("--fail-on-unmatched-protect", options->inputs.protect.fail_on_unmatched,
                    "Exit 2, writing nothing, when a --protect reference matches no image (W0801); "
                    "references to another registry are ignored");
  command->callback([options, &context] { context.exit_code = run_plan(*options, context); });
}

}  // namespace ecrlc::cli
