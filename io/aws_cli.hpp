// The user's AWS CLI (v1 or v2), the only way the tool reaches AWS: it already knows the
// user's credentials, profiles, SSO, regions, retries and proxies. Every call runs without a
// shell, with `--output json`, AWS_PAGER="" and no standard input.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ecrlc/result.hpp"

namespace ecrlc::io {

// The common options of the commands that talk to AWS (../shared/spec/cli.md, Registry I/O).
struct AwsCliOptions {
  std::string program;       // --aws-cli; empty: $AWS_CLI, else "aws" on PATH
  std::string region;        // --region; empty: the CLI's own default
  std::string profile;       // --profile
  std::string endpoint_url;  // --endpoint-url (tests point it at moto)
};

// A call that ran and failed: what the user needs to see, and the AWS error code when the
// CLI printed one ("An error occurred (CODE) when calling ..."), so that callers can tell
// LifecyclePolicyNotFoundException or an unknown filter from a real failure.
struct AwsCallFailure {
  std::string command;  // the command line as shown to the user: `aws ecr describe-images ...`
  int exit_status = 0;
  std::string error_code;   // e.g. "LifecyclePolicyNotFoundException"; empty when none printed
  std::string stderr_head;  // the first lines of its standard error (at most 10 lines)

  // "`aws ecr describe-images --repository-name shop/api ...` failed (exit status 254): ..."
  std::string message() const;
};

struct AwsCallResult {
  std::string out;  // standard output (JSON) when the call succeeded
  std::optional<AwsCallFailure> failure;
  bool ok() const { return !failure.has_value(); }
};

class AwsCli {
 public:
  explicit AwsCli(AwsCliOptions options);

  // Runs `PROGRAM SERVICE OPERATION ARGS... --output json` plus --region, --profile and
  // --endpoint-url when set. Fails (the Result) only when the program cannot be started.
  // Safe to call from several threads at once (each call is its own process).
  Result<AwsCallResult> call(const std::string& service, const std::string& operation,
                             const std::vector<std::string>& arguments) const;

  // The first line of `PROGRAM --version` ("aws-cli/2.9.19 Python/3.11.2 ..."), for
  // snapshot.json and for messages that name the CLI version.
  Result<std::string> version() const;

  // The program that is run (after the $AWS_CLI / "aws" default).
  const std::string& program() const { return m_program; }

 private:
  std::vector<std::string> common_arguments() const;

  AwsCliOptions m_options;
  std::string m_program;
};

}  // namespace ecrlc::io
