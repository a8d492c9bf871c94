// `--now`: the evaluation time of the commands. (Outputs are written by cli/outputs.hpp.)
#pragma once

#include <string>

#include "ecrlc/result.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc::cli {

// `--now` when given, else the current UTC time (the only clock read of the tool).
Result<Micros> resolve_now(const std::string& now_option);

}  // namespace ecrlc::cli
