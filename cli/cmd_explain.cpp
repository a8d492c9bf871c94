// `ecr-lifecycle explain`: rule by rule, why one image ends as it does.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "app.hpp"
#include "ecrlc/explain.hpp"
#include "ecrlc/find_image.hpp"
#include "ecrlc/output.hpp"
#include "inputs.hpp"
#include "protect_inputs.hpp"
#include "snapshot_input.hpp"

namespace ecrlc::cli {
namespace {

struct ExplainArguments {
  PolicyScopeOptions scope;  // --policy, --policies or --policy-map
  std::vector<std::string> images;
  std::string snapshot;
  NowOption now;
  std::string format = "text";
  std::string image;
  ProtectOptions protect;
};

ExitCode run_explain(const ExplainArguments& arguments, CommandContext& context) {
  auto inputs =
      resolve_inputs(arguments.images, arguments.snapshot, arguments.scope, 1, "explain", context);
  if (!inputs) {
    return inputs.failure();
  }
  const std::vector<PolicyScopeSpec>* specs = &inputs->specs;
  auto now = load_now_or_taken_at(arguments.now, inputs->snapshot_or_null(), "explain", context);
  if (!now) {
    return now.failure();
  }
  auto policies = load_policy_scope(specs->front(), context);
  if (!policies) {
    return policies.failure();
  }
  auto inventory = load_evaluated_inventory(*inputs, arguments.images, context, 1);
  if (!inventory) {
    return inventory.failure();
  }
  warn_pushed_after_now(*inventory, arguments.now, *now, "explain", context);
  auto protection = load_protection(arguments.protect, *inventory, "explain", context);
  if (!protection) {
    return protection.failure();
  }
  const std::vector<ImageRef> found = find_images(*inventory, arguments.image);
  if (found.size() != 1) {
    return fail(context, "explain", describe_image_matches(arguments.image, found));
  }
  const Repository& repository = *found.front().repository;
  const std::uint32_t index = found.front().index;
  const PolicySource* source = policies->find(repository.name);
  if (source == nullptr) {
    return fail(context, "explain", "no policy for repository " + repository.name);
  }
  const std::string_view policy_file =
      specs->front().kind == PolicyScopeKind::policy ? std::string_view() : source->file;
  const ImageExplanation explanation =
      explain_image(source->policy, repository, index, EvalContext{*now});
  const ExplainFormat format = parse_explain_format(arguments.format).value_or(ExplainFormat::text);
  ExplainSubject subject{source->policy, policy_file, repository, index, *now, nullptr, {}};
  if (*protection) {
    subject.protect = &(*protection)->list;
    subject.protection = (*protection)->context(*inventory).find(repository, index);
  }
  render_explanation(context.out, subject, explanation, format);
  return ExitCode::success;
}

}  // namespace

void add_explain_command(CLI::App& app, CommandContext& context) {
  auto arguments = std::make_shared<ExplainArguments>();
  auto* command = app.add_subcommand(
      "explain", "Explain rule by rule what a lifecycle policy does to one image");
  add_policy_scope_options(*command, arguments->scope);
  add_images_option(*command, arguments->images);
  add_snapshot_option(*command, arguments->snapshot);
  add_now_option(*command, arguments->now,
                 "Evaluation time, ISO-8601 or epoch seconds (default: current UTC time)");
  add_protect_option(*command, arguments->protect);
  command->add_option("--format", arguments->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  command
      ->add_option("IMAGE", arguments->image,
                   "Digest (or unique prefix), TAG, or REPOSITORY:TAG of the image")
      ->required();
  command->callback(
      [arguments, &context] { context.exit_code = run_explain(*arguments, context); });
}

}  // namespace ecrlc::cli
