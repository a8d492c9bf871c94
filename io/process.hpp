// Running another program (the user's AWS CLI) without a shell: arguments are passed as they
// are, standard input is /dev/null, standard output and standard error are captured whole.
#pragma once

#include <string>
#include <vector>

#include "ecrlc/result.hpp"

namespace ecrlc::io {

struct ProcessResult {
  // The exit status, or 128 + N when the program was killed by signal N (as a shell says).
  int exit_status = 0;
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up in PATH when it has no '/') with the current environment plus
// `environment` (NAME=VALUE entries, which replace variables of the same name). Waits for it
// to end. Fails only when it cannot run: "cannot run PROGRAM: REASON" (not found, not
// executable, no resources); a program that runs and fails is a ProcessResult.
Result<ProcessResult> run_process(const std::vector<std::string>& argv,
                                  const std::vector<std::string>& environment = {});

}  // namespace ecrlc::io
