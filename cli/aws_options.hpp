// The options of the commands that talk to AWS through the user's AWS CLI
// (../shared/spec/cli.md, Registry I/O): --aws-cli, --region, --profile, --endpoint-url, --jobs.
#pragma once

#include "io/aws_cli.hpp"

namespace CLI {
class App;
}

namespace ecrlc::cli {

// Adds the four AWS CLI options (into `options`) and `--jobs N` (into `jobs`, 1 to 256,
// default as `jobs` is set, 8 by the spec) to `command`.
void add_aws_options(CLI::App& command, io::AwsCliOptions& options, unsigned& jobs);

}  // namespace ecrlc::cli
