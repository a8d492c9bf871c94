// `ecr-lifecycle snapshot`: reads the registry through the AWS CLI (io/registry_reader) and
// writes the snapshot folder whole (io/folder_write), or nothing when any call fails.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "ecrlc/result.hpp"
#include "ecrlc/snapshot.hpp"
#include "io/aws_cli.hpp"

namespace ecrlc::io {

struct SnapshotRequest {
  std::string out;                        // --out DIR
  bool force = false;                     // --force
  std::vector<std::string> repositories;  // --repository PATTERN ('*'), repeatable
  unsigned jobs = 8;                      // --jobs
  AwsCliOptions cli;
  // Where progress goes (a terminal), or nullptr: none.
  std::ostream* progress = nullptr;
};

struct SnapshotResult {
  SnapshotManifest manifest;
  std::size_t indexes = 0;
  std::size_t policies = 0;
  std::size_t files = 0;
};

// Takes the snapshot. Fails, having written nothing, with the failed command and the head of
// its stderr (AwsCallFailure::message), a parse error of its output, or a folder error.
Result<SnapshotResult> take_snapshot(const SnapshotRequest& request);

}  // namespace ecrlc::io
