// `ecr-lifecycle plan`: the request files, summary and apply script of a cleanup run, written
// atomically into a folder (cli/outputs_plan_folder.cpp).
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
#include "inputs.hpp"
#include "io/folder_write.hpp"
#include "outputs.hpp"
#include "protect_inputs.hpp"
#include "snapshot_input.hpp"

namespace ecrlc::cli {
namespace {

struct PlanOptions {
  PolicyScopeOptions scope;
  std::vector<std::string> images;
  std::string snapshot;
  std::vector<std::string> repositories;
  std::string out;
  ProtectOptions protect;
  NowOption now;
  bool force = false;
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
  auto evaluated =
      resolve_inputs(options.images, options.snapshot, options.scope, 1, "plan", context);
  if (!evaluated) {
    return evaluated.failure();
  }
  const std::vector<PolicyScopeSpec>* specs = &evaluated->specs;
  // Before reading anything: a folder plan may not replace fails at once.
  if (auto out = io::check_folder(options.out, options.force, io::k_plan_folder); !out) {
    return fail(context, "plan", out.error().message);
  }
  auto now = load_now_or_taken_at(options.now, evaluated->snapshot_or_null(), "plan", context);
  if (!now) {
    return now.failure();
  }
  auto policies = load_policy_scope(specs->front(), context);
  if (!policies) {
    return policies.failure();
  }
  auto inventory = load_evaluated_inventory(*evaluated, options.images, context, options.threads);
  if (!inventory) {
    return inventory.failure();
  }
  warn_pushed_after_now(*inventory, options.now, *now, "plan", context);
  auto protection = load_protection(options.protect, *inventory, "plan", context);
  if (!protection) {
    return protection.failure();
  }
  PreviewOptions report_options;
  report_options.repositories = options.repositories;
  report_options.threads = options.threads;
  const Preview report = build_preview(*policies, *inventory, EvalContext{*now}, report_options);
  warn_scope_gaps(report, "plan", context);
  const LoadedProtection* loaded = protection->get();
  Plan plan = build_plan(report, *inventory, loaded != nullptr ? &loaded->resolved : nullptr);
  plan.now = *now;
  plan.incomplete = evaluated->incomplete();
  if (evaluated->snapshot) {
    plan.region = evaluated->snapshot->manifest.region;  // apply checks it against its re-read
  }
  if (loaded != nullptr) {
    plan.protect = &loaded->list;
    plan.protect_file = join_names(options.protect.files);
    for (std::size_t k = 0; k < loaded->texts.size(); ++k) {
      plan.protect_texts.emplace_back(options.protect.files[k], loaded->texts[k]);
    }
  }
  const std::vector<PlanFile> files = plan_files(plan);
  std::vector<std::string> inputs =
      command_inputs(options.scope, evaluated->image_files(options.images), &*policies);
  for (std::string& file : protect_inputs(options.protect)) {
    inputs.push_back(std::move(file));
  }
  if (auto written = io::write_folder(options.out, options.force, inputs, files, io::k_plan_folder);
      !written) {
    return fail(context, "plan", written.error().message);
  }
  context.out << plan_summary_text(plan) << "\nWrote " << files.size() << " files to "
              << options.out << " (apply with " << options.out << "/apply.sh)\n";
  return ExitCode::success;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<PlanOptions>();
  auto* command = app.add_subcommand(
      "plan",
      "write the batch-delete-image / update-image-storage-class requests of a cleanup run");
  add_policy_scope_options(*command, options->scope);
  command->add_option("--images", options->images, "inventory file(s); - for standard input");
  add_snapshot_option(*command, options->snapshot);
  command
      ->add_option("--out", options->out,
                   "plan folder to write (replaced atomically, locked by OUT.lock)")
      ->required();
  add_protect_option(*command, options->protect);
  command->add_option("--repository", options->repositories, "only this repository (repeatable)");
  add_now_option(*command, options->now, "evaluation time (ISO-8601 or epoch seconds)");
  add_threads_option(*command, options->threads);
  command->add_flag("--force", options->force,
                    "replace a non-empty --out folder that a previous plan wrote");
  command->add_flag("--fail-on-unmatched-protect", options->protect.fail_on_unmatched,
                    "exit 2, writing nothing, when a --protect reference matches no image (W0801); "
                    "references to another registry are ignored");
  command->callback([options, &context] { context.exit_code = run_plan(*options, context); });
}

}  // namespace ecrlc::cli
