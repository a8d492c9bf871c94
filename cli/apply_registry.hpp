// apply's fresh read of the registry: the repositories of a plan as they are now, read through
// the AWS CLI, and the registry and region the CLI talks to (from the repositories' ARNs).
// The one function apply calls, so that the shared registry reader (io/registry_reader.hpp,
// which `snapshot` uses too) can replace its body without touching the rest of apply.
#pragma once

#include <string>
#include <vector>

#include "ecrlc/apply.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/result.hpp"
#include "io/aws_cli.hpp"

namespace ecrlc::cli {

struct LiveRead {
  Inventory inventory;  // the repositories that still exist (a deleted one is absent)
  LiveRegistry registry;
  std::vector<std::string> warnings;
};

// Reads `repositories` (names) with `jobs` AWS CLI processes at a time. Fails on any call
// that fails for another reason than the repository being gone, and on a response the
// inventory reader refuses; never returns a partial read.
Result<LiveRead> read_live_repositories(const io::AwsCli& cli,
                                        const std::vector<std::string>& repositories,
                                        unsigned jobs);

}  // namespace ecrlc::cli
