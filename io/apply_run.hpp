// `ecr-lifecycle apply PLAN_DIR`: carries out a plan only where the registry still agrees with
// it (docs/operations.md, "apply"): checks the folder, re-reads the plan's repositories,
// re-evaluates the plan's policies and protections now, asks, sends, journals, reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ecrlc/output.hpp"
#include "io/aws_cli.hpp"
#include "io/command_context.hpp"
#include "io/now.hpp"

namespace ecrlc::io {

// apply's options as the command line gives them.
struct ApplyRequest {
  std::string plan_dir;                      // PLAN_DIR
  bool dry_run = false;                      // --dry-run
  bool yes = false;                          // --yes
  std::optional<std::uint64_t> max_deletes;  // --max-deletes
  std::string max_age = "24h";               // --max-age
  NowOption now;                             // --now
  std::string format = "text";               // --format
  TableWidth width{};                        // --width, --wide, or the terminal's
  AwsCliOptions aws;
  unsigned jobs = 8;  // --jobs
};

// Runs apply; prints its summary on context.out and its errors on context.err; returns the
// exit status (2, nothing done, whenever a check refuses).
ExitCode run_apply(const ApplyRequest& request, CommandContext& context);

}  // namespace ecrlc::io
