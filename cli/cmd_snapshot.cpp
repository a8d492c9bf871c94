// `ecr-lifecycle snapshot`: the registry as ECR's evaluator sees it, read through the user's
// AWS CLI into a folder written whole (io/snapshot.hpp does the work).
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "app.hpp"
#include "aws_options.hpp"
#include "io/snapshot.hpp"

namespace ecrlc::cli {
namespace {

ExitCode run_snapshot(io::SnapshotRequest request, CommandContext& context) {
  request.progress = context.err_is_terminal ? &context.err : nullptr;
  auto taken = io::take_snapshot(request);
  if (!taken) {
    return fail(context, "snapshot", taken.error().message + "; nothing written");
  }
  const SnapshotManifest& manifest = taken->manifest;
  for (const std::string& warning : manifest.warnings) {
    context.err << "ecr-lifecycle snapshot: warning: " << warning << "\n";
  }
  context.out << "Wrote " << request.out << ": " << manifest.repositories << " repositories, "
              << manifest.images << " images (" << taken->indexes << " image indexes), "
              << taken->policies << " lifecycle policies\n";
  for (const std::string& gap : manifest.gaps()) {
    context.out << "Incomplete: " << gap << "\n";
  }
  return ExitCode::success;
}

}  // namespace

void add_snapshot_command(CLI::App& app, CommandContext& context) {
  auto request = std::make_shared<io::SnapshotRequest>();
  auto* command = app.add_subcommand(
      "snapshot",
      "Read the registry through the AWS CLI into a folder: repositories, every image (index "
      "children and archived images included) and the lifecycle policies");
  command->add_option("--out", request->out, "Snapshot folder to write (replaced atomically)")
      ->required();
  command
      ->add_option("--repository", request->repositories,
                   "Only repositories matching this pattern ('*' wildcard); repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_flag("--force", request->force,
                    "Replace a non-empty --out folder that a previous snapshot wrote");
  add_aws_options(*command, request->cli, request->jobs);
  command->callback([request, &context] { context.exit_code = run_snapshot(*request, context); });
}

}  // namespace ecrlc::cli
