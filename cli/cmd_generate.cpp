// `ecr-lifecycle generate`: a synthetic, deterministic inventory for benchmarks and tests.
#include <CLI/CLI.hpp>
#include <ostream>
#include <string>

#include "app.hpp"
#include "generate/generate.hpp"
#include "io/now.hpp"
#include "io/output_file.hpp"
#include "options.hpp"

namespace ecrlc::cli {
namespace {

struct GenerateArguments {
  std::uint64_t images = 0;
  std::uint64_t repositories = 0;
  std::uint64_t seed = 1;
  std::string format = "json";
  std::string order = "grouped";
  std::string sizes = "zipf";
  std::string tag_anomalies = "0";
  io::NowOption now;
  std::string output = "-";
};

ExitCode run_generate(const GenerateArguments& arguments, CommandContext& context) {
  GenerateOptions options;
  options.images = arguments.images;
  options.repositories = arguments.repositories;
  options.seed = arguments.seed;
  options.format = arguments.format == "ndjson" ? GenerateFormat::ndjson : GenerateFormat::json;
  options.order = arguments.order == "interleaved" ? GenerateOrder::interleaved
                  : arguments.order == "random"    ? GenerateOrder::random
                                                   : GenerateOrder::grouped;
  options.sizes = arguments.sizes == "uniform" ? GenerateSizes::uniform : GenerateSizes::zipf;
  auto anomalies = parse_percent_ppm(arguments.tag_anomalies);
  if (!anomalies) {
    return fail(context, "generate", "--tag-anomalies: " + anomalies.error().message);
  }
  options.tag_anomaly_ppm = *anomalies;
  // The default `now` is fixed (not the clock) so that a seed alone fixes the output.
  if (arguments.now.given) {
    auto now = io::resolve_now(arguments.now);
    if (!now) {
      return fail(context, "generate", now.error().message);
    }
    options.now = *now;
  }
  auto sizes = repository_sizes(options);
  if (!sizes) {
    return fail(context, "generate", sizes.error().message);
  }

  GenerateProgress progress;
  if (context.err_is_terminal) {
    progress = [&context, total = options.images](std::uint64_t done) {
      context.err << "\rgenerate: " << done << " / " << total << " images" << std::flush;
    };
  }
  Result<GenerateSummary> summary = unexpected("not run");
  auto written = io::write_output(arguments.output, {}, context.out, [&](std::ostream& stream) {
    summary = write_inventory(options, stream, progress);
  });
  if (context.err_is_terminal) {
    context.err << "\n";
  }
  if (!written || !summary) {
    return fail(context, "generate", (!written ? written.error() : summary.error()).message);
  }
  return ExitCode::success;
}

}  // namespace

void add_generate_command(CLI::App& app, CommandContext& context) {
  auto arguments = std::make_shared<GenerateArguments>();
  auto* command = app.add_subcommand(
      "generate",
      "Write a synthetic, realistic inventory (describe-images shape), deterministic "
      "for a seed");
  command->add_option("--images", arguments->images, "Number of imageDetail records")->required();
  command->add_option("--repositories", arguments->repositories,
                      "Number of repositories (default: max(1, images / 1000))");
  command->add_option("--seed", arguments->seed, "Random seed (default: 1)");
  command->add_option("--format", arguments->format, "Json (describe-images) or ndjson")
      ->check(CLI::IsMember({"json", "ndjson"}));
  command
      ->add_option("--order", arguments->order,
                   "Grouped (repository by repository, the default), interleaved (one record "
                   "of each repository in turn) or random (each record from a repository drawn "
                   "at random); the same records in every order")
      ->check(CLI::IsMember({"grouped", "interleaved", "random"}));
  command
      ->add_option("--sizes", arguments->sizes,
                   "Repository sizes: zipf (a long tail, 1/rank; the default) or uniform")
      ->check(CLI::IsMember({"zipf", "uniform"}));
  command->add_option("--tag-anomalies", arguments->tag_anomalies,
                      "PERCENT of images that also list the last tag of a newer push of their "
                      "repository, as snapshot pages read while a tag moved show (default: 0)");
  add_now_option(*command, arguments->now,
                 "Images are pushed within the year before this time (ISO-8601 or epoch "
                 "seconds; default: 2026-01-01T00:00:00Z, for determinism)");
  command->add_option("--output,-o", arguments->output, "Output file (default: standard output)");
  command->callback(
      [arguments, &context] { context.exit_code = run_generate(*arguments, context); });
}

}  // namespace ecrlc::cli
