// apply's fresh read of the registry: the repositories of a plan as they are now, read through
// the AWS CLI, and the registry and region the CLI talks to (from the repositories' ARNs).
// Read through the registry reader that `snapshot` uses too (io/registry_reader.hpp).
#pragma once

#include <string>
#include <vector>

#include "ecrlc/apply.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/result.hpp"
#include "io/aws_cli.hpp"

namespace ecrlc::io {

struct LiveRead {
  Inventory inventory;  // the repositories that still exist (a deleted one is absent)
  LiveRegistry registry;
  std::vector<std::string> warnings;
};

// Reads `repositories` (names) with `jobs` AWS CLI processes at a time. Fails on any call
// that fails for another reason than the repository being gone, and on a response the
// inventory reader refuses; never returns a partial read.
Result<LiveRead> read_live_repositories(const AwsCli& cli,
                                        const std::vector<std::string>& repositories,
                                        unsigned jobs);

}  // namespace ecrlc::io
