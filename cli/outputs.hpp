// The outputs of the commands beside io/: which files a command reads (so that its output is
// never one of them) and the end of standard output.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/policy_set.hpp"

namespace ecrlc::cli {

struct PolicyScopeOptions;

// The files a command reads, as named on the command line (and the policy files of a loaded
// set); "-" (standard input) is left out. An output is compared with them by device and inode.
std::vector<std::string> command_inputs(const PolicyScopeOptions& scope,
                                        const std::vector<std::string>& images,
                                        const PolicySet* policies = nullptr);

// At the end of a command: flushes `out` and turns a failed write into "ecr-lifecycle
// COMMAND: error: standard output: cannot write: REASON" on `err` and status 2. A reader that
// went away (EPIPE) ends the command quietly with its own status, as `git log | head` does.
int finish_standard_output(std::ostream& out, std::ostream& err, std::string_view command,
                           int status);

}  // namespace ecrlc::cli
