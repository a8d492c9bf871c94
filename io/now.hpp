// `--now`: the evaluation time of a command, or the current UTC time (the only clock read of
// the tool).
#pragma once

#include <string>
#include <string_view>

#include "ecrlc/result.hpp"
#include "ecrlc/time.hpp"
#include "io/command_context.hpp"

namespace ecrlc::io {

// The option's value, and whether it was given: a given blank value (`--now ''`) is an error,
// an absent one the current time.
struct NowOption {
  std::string value;
  bool given = false;
};

// `--now` when given, else the current UTC time. Fails with "--now: expected a time, got an
// empty value" for a blank value, or the time parser's reason.
Result<Micros> resolve_now(const NowOption& now);

// resolve_now for a command: on a bad value prints "ecr-lifecycle COMMAND: error: --now: ..."
// and fails with cannot_run.
Outcome<Micros> load_now(const NowOption& now, std::string_view command, CommandContext& context);

}  // namespace ecrlc::io
