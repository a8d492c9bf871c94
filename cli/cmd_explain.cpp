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
#include "io/evaluation_inputs.hpp"
#include "options.hpp"

namespace ecrlc::cli {
namespace {

struct ExplainArguments {
  io::EvaluationOptions inputs;  // the policy scope, --images or --snapshot, --now, --protect
  std::string format = "text";
  WidthOptions width;
  std::string image;
  std::string repository;  // --repository: only images of this repository
};

ExitCode run_explain(const ExplainArguments& arguments, CommandContext& context) {
  auto inputs = io::resolve_inputs(arguments.inputs, 1, "explain", context);
  if (!inputs) {
    return inputs.failure();
  }
  auto now = io::load_now_or_taken_at(arguments.inputs.now, inputs->snapshot_or_null(), "explain",
                                      context);
  if (!now) {
    return now.failure();
  }
  auto loaded = io::load_inputs(*inputs, arguments.inputs, "explain", context, 1);
  if (!loaded) {
    return loaded.failure();
  }
  const std::vector<ImageRef> found =
      find_images(loaded->inventory, arguments.image, arguments.repository);
  if (found.size() != 1) {
    return fail(context, "explain", describe_image_matches(arguments.image, found));
  }
  const Repository& repository = *found.front().repository;
  const std::uint32_t index = found.front().index;
  const PolicySource* source = loaded->policies.front().find(repository.name);
  if (source == nullptr) {
    return fail(context, "explain", "no policy for repository " + repository.name);
  }
  const std::string_view policy_file =
      inputs->specs.front().kind == io::PolicyScopeKind::policy ? std::string_view() : source->file;
  const ImageExplanation explanation =
      explain_image(source->policy, repository, index, EvalContext{*now});
  const ExplainFormat format = parse_explain_format(arguments.format).value_or(ExplainFormat::text);
  ExplainSubject subject{source->policy, policy_file, repository, index, *now, nullptr, {}};
  if (loaded->protection) {
    subject.protect = &loaded->protection->list;
    subject.protection = loaded->protection->context(loaded->inventory).find(repository, index);
  }
  render_explanation(context.out, subject, explanation, format,
                     table_width(arguments.width, context, true));
  return ExitCode::success;
}

}  // namespace

void add_explain_command(CLI::App& app, CommandContext& context) {
  auto arguments = std::make_shared<ExplainArguments>();
  auto* command = app.add_subcommand(
      "explain", "Explain rule by rule what a lifecycle policy does to one image");
  add_input_options(*command, arguments->inputs, ImagesOption::one_per_use);
  add_now_option(*command, arguments->inputs.now, k_evaluation_time_help);
  add_protect_option(*command, arguments->inputs.protect);
  command->add_option("--repository", arguments->repository,
                      "Only an image of this repository (an untagged digest pushed to several)");
  add_width_options(*command, arguments->width);
  command->add_option("--format", arguments->format, "Output: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  command
      ->add_option("IMAGE", arguments->image,
                   "Digest (or unique prefix), TAG, or REPOSITORY:TAG of the image")
      ->required();
  command->callback(
      [arguments, &context] { context.exit_code = run_explain(*arguments, context); });
}

}  // namespace ecrlc::cli
