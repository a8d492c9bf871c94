// Lint: warnings (W0xxx codes) for policies that are legal but surprising or dangerous.
#pragma once

#include "ecrlc/diagnostic.hpp"
#include "ecrlc/policy_parser.hpp"

namespace ecrlc {

// Adds every lint warning of a valid policy (parsed.policy set) to `out`, located with
// parsed.locations. Does nothing for an invalid policy.
void lint_policy(const ParsedPolicy& parsed, Diagnostics& out);

}  // namespace ecrlc
