// The AWS CLI options shared by the commands that talk to AWS.
#include "aws_options.hpp"

#include <CLI/CLI.hpp>

namespace ecrlc::cli {

void add_aws_options(CLI::App& command, io::AwsCliOptions& options, unsigned& jobs) {
  command.add_option("--aws-cli", options.program,
                     "AWS CLI program, v1 or v2 (default: $AWS_CLI, else aws on PATH)");
  command.add_option("--region", options.region, "AWS region (default: the CLI's own)");
  command.add_option("--profile", options.profile, "AWS CLI profile");
  command.add_option("--endpoint-url", options.endpoint_url,
                     "ECR endpoint URL (e.g. a local moto server)");
  command.add_option("--jobs", jobs, "AWS CLI processes at once (default: 8)")
      ->check(CLI::Range(1U, 256U));
}

}  // namespace ecrlc::cli
