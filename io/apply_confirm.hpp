// apply's question before it sends anything: asked on a terminal, refused elsewhere.
#pragma once

#include "ecrlc/apply.hpp"
#include "io/command_context.hpp"

namespace ecrlc::io {

// Without --yes: asks "Delete N and archive M image(s) of R repositories (skipping S)? [y/N]"
// when standard input is a terminal and reads the answer; elsewhere, or on any answer but
// "y" or "yes", prints why nothing is sent and returns false.
bool confirm_apply(const ApplyDecision& decision, CommandContext& context);

}  // namespace ecrlc::io
