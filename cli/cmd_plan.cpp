// `ecr-lifecycle plan`: the request files, summary and apply script of a cleanup run, written
// atomically into a folder.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <system_error>
#include <thread>

#include "app.hpp"
#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/plan.hpp"
#include "inputs.hpp"
#include "io.hpp"

namespace ecrlc::cli {
namespace {

namespace fs = std::filesystem;

struct PlanOptions {
  PolicyScopeOptions scope;
  std::vector<std::string> images;
  std::vector<std::string> repositories;
  std::string out;
  std::string protect;
  std::string now;
  bool force = false;
  bool fail_on_unmatched_protect = false;
  // The contract has no --threads for plan: all cores, as preview's default. The result does
  // not depend on the number.
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
};

void fail(CommandContext& context, const std::string& message) {
  context.err << "ecr-lifecycle plan: error: " << message << "\n";
  context.exit_code = ExitCode::cannot_run;
}

// A folder that exists and holds anything is only replaced with --force.
bool check_out(const PlanOptions& options, CommandContext& context) {
  std::error_code error;
  const fs::path out(options.out);
  if (!fs::exists(out, error)) {
    return true;
  }
  if (!fs::is_directory(out, error)) {
    fail(context, options.out + " exists and is not a folder");
    return false;
  }
  if (!options.force && !fs::is_empty(out, error)) {
    fail(context, options.out + " is not empty (use --force to replace it)");
    return false;
  }
  return true;
}

bool write_file(const fs::path& path, const PlanFile& file) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(file.content.data(), static_cast<std::streamsize>(file.content.size()));
  stream.close();
  if (!stream) {
    return false;
  }
  if (file.executable) {
    fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, error);
  }
  return !error;
}

// Writes every file into a hidden folder beside `out`, then renames it into place: readers
// (and apply.sh) never see a half-written plan. An existing `out` is moved aside first and
// removed once the new plan is in place.
bool write_plan(const std::string& out_option, const std::vector<PlanFile>& files,
                CommandContext& context) {
  const fs::path out = fs::path(out_option).lexically_normal();
  fs::path parent = out.parent_path();
  if (parent.empty()) {
    parent = ".";
  }
  const std::string stem = out.filename().string();
  const std::string suffix = std::to_string(::getpid());
  const fs::path temporary = parent / ("." + stem + ".tmp-" + suffix);
  const fs::path old = parent / ("." + stem + ".old-" + suffix);
  std::error_code error;
  fs::remove_all(temporary, error);
  if (!fs::create_directories(temporary, error)) {
    fail(context, out_option + ": cannot create " + temporary.string() + ": " + error.message());
    return false;
  }
  for (const PlanFile& file : files) {
    if (!write_file(temporary / file.path, file)) {
      fs::remove_all(temporary, error);
      fail(context, out_option + ": cannot write " + file.path);
      return false;
    }
  }
  const bool replace = fs::exists(out, error) && !fs::is_empty(out, error);
  if (replace) {
    fs::rename(out, old, error);
    if (error) {
      fs::remove_all(temporary, error);
      fail(context, out_option + ": cannot move the old plan aside: " + error.message());
      return false;
    }
  }
  fs::rename(temporary, out, error);
  if (error) {
    const std::string reason = error.message();
    if (replace) {
      fs::rename(old, out, error);
    }
    fs::remove_all(temporary, error);
    fail(context, out_option + ": cannot rename the new plan into place: " + reason);
    return false;
  }
  if (replace) {
    fs::remove_all(old, error);
  }
  return true;
}

void run_plan(const PlanOptions& options, CommandContext& context) {
  auto specs = policy_scope_specs(options.scope, 1, "plan", context);
  if (!specs || !check_out(options, context)) {
    return;
  }
  auto now = load_now(options.now, "plan", context);
  if (!now) {
    return;
  }
  auto policies = load_policy_scope(specs->front(), context);
  if (!policies) {
    return;
  }
  auto inventory = load_inventory(options.images, context, options.threads);
  if (!inventory) {
    return;
  }
  std::unique_ptr<ProtectList> protect;
  std::optional<ResolvedProtection> resolved;
  if (!options.protect.empty()) {
    auto text = read_input(options.protect, context.in);
    if (!text) {
      fail(context, text.error().message);
      return;
    }
    protect = std::make_unique<ProtectList>(parse_protect_file(*text));
    render_text(context.err, {options.protect, *text, protect->diagnostics.items()});
    if (protect->diagnostics.has_error()) {
      context.exit_code = ExitCode::cannot_run;
      return;
    }
    resolved = resolve_protection(*protect, *inventory);
    render_text(context.err, {options.protect, *text, resolved->diagnostics.items()});
    if (options.fail_on_unmatched_protect && !resolved->unmatched.empty()) {
      fail(context, std::to_string(resolved->unmatched.size()) +
                        " protect reference(s) match no image (--fail-on-unmatched-protect); "
                        "nothing written");
      return;
    }
  }
  PreviewOptions report_options;
  report_options.repositories = options.repositories;
  report_options.threads = options.threads;
  const Preview report = build_preview(*policies, *inventory, EvalContext{*now}, report_options);
  warn_scope_gaps(report, "plan", context);
  Plan plan = build_plan(report, *inventory, resolved ? &*resolved : nullptr);
  plan.now = *now;
  if (protect) {
    plan.protect = protect.get();
    plan.protect_file = options.protect;
  }
  const std::vector<PlanFile> files = plan_files(plan);
  if (!write_plan(options.out, files, context)) {
    return;
  }
  context.out << plan_summary_text(plan) << "\nWrote " << files.size() << " files to "
              << options.out << " (apply with " << options.out << "/apply.sh)\n";
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<PlanOptions>();
  auto* command = app.add_subcommand(
      "plan",
      "write the batch-delete-image / update-image-storage-class requests of a cleanup run");
  add_policy_scope_options(*command, options->scope);
  command->add_option("--images", options->images, "inventory file(s); - for standard input")
      ->required();
  command->add_option("--out", options->out, "plan folder to write (replaced atomically)")
      ->required();
  command->add_option("--protect", options->protect,
                      "file of images that must survive (REPO:TAG, REPO@sha256:..., image URIs)");
  command->add_option("--repository", options->repositories, "only this repository (repeatable)");
  command->add_option("--now", options->now, "evaluation time (ISO-8601 or epoch seconds)");
  command->add_flag("--force", options->force, "replace a non-empty --out folder");
  command->add_flag("--fail-on-unmatched-protect", options->fail_on_unmatched_protect,
                    "exit 2, writing nothing, when a --protect reference matches no image (W0801); "
                    "references to another registry are ignored");
  command->callback([options, &context] { run_plan(*options, context); });
}

}  // namespace ecrlc::cli
