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
#include "snapshot_input.hpp"

namespace ecrlc::cli {
namespace {

struct PlanOptions {
  PolicyScopeOptions scope;
  std::vector<std::string> images;
  std::string snapshot;
  std::vector<std::string> repositories;
  std::string out;
  std::string protect;
  CLI::Option* protect_option = nullptr;  // count(): `--protect ''` is given, not absent
  NowOption now;
  bool force = false;
  bool fail_on_unmatched_protect = false;
  // The contract has no --threads for plan: all cores, as preview's default. The result does
  // not depend on the number.
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
};

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
  std::unique_ptr<ProtectList> protect;
  std::optional<ResolvedProtection> resolved;
  std::string protect_text;  // recorded in plan.json: apply resolves it again, live
  if (options.protect_option->count() > 0) {
    auto text = read_input(options.protect, protect_input(), context);
    if (!text) {
      render_input_error(context, options.protect, text.error());
      return ExitCode::cannot_run;
    }
    protect = std::make_unique<ProtectList>(parse_protect_file(*text));
    protect_text = *text;
    render_text(context.err,
                {options.protect, *text, protect->diagnostics.items(), SourceKind::lines});
    if (protect->diagnostics.has_error()) {
      return ExitCode::cannot_run;
    }
    resolved = resolve_protection(*protect, *inventory);
    render_text(context.err,
                {options.protect, *text, resolved->diagnostics.items(), SourceKind::lines});
    if (options.fail_on_unmatched_protect && !resolved->unmatched.empty()) {
      return fail(context, "plan",
                  std::to_string(resolved->unmatched.size()) +
                      " protect reference(s) match no image (--fail-on-unmatched-protect); "
                      "nothing written");
    }
  }
  PreviewOptions report_options;
  report_options.repositories = options.repositories;
  report_options.threads = options.threads;
  const Preview report = build_preview(*policies, *inventory, EvalContext{*now}, report_options);
  warn_scope_gaps(report, "plan", context);
  Plan plan = build_plan(report, *inventory, resolved ? &*resolved : nullptr);
  plan.now = *now;
  plan.incomplete = evaluated->incomplete();
  if (evaluated->snapshot) {
    plan.region = evaluated->snapshot->manifest.region;  // apply checks it against its re-read
  }
  if (protect) {
    plan.protect = protect.get();
    plan.protect_file = options.protect;
    plan.protect_text = std::move(protect_text);
  }
  const std::vector<PlanFile> files = plan_files(plan);
  std::vector<std::string> inputs =
      command_inputs(options.scope, evaluated->image_files(options.images), &*policies);
  if (!options.protect.empty() && options.protect != "-") {
    inputs.push_back(options.protect);
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
  options->protect_option = command->add_option(
      "--protect", options->protect,
      "file of images that must survive (REPO:TAG, REPO@sha256:..., image URIs)");
  command->add_option("--repository", options->repositories, "only this repository (repeatable)");
  add_now_option(*command, options->now, "evaluation time (ISO-8601 or epoch seconds)");
  command->add_flag("--force", options->force,
                    "replace a non-empty --out folder that a previous plan wrote");
  command->add_flag("--fail-on-unmatched-protect", options->fail_on_unmatched_protect,
                    "exit 2, writing nothing, when a --protect reference matches no image (W0801); "
                    "references to another registry are ignored");
  command->callback([options, &context] { context.exit_code = run_plan(*options, context); });
}

}  // namespace ecrlc::cli
