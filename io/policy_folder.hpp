// The policy files of a `--policies DIR` folder: every `*.json` file below it, subfolders
// included, so that `policies/shop/api.json` is read like `policies/web.json`.
#pragma once

#include <string>
#include <vector>

#include "ecrlc/result.hpp"

namespace ecrlc::io {

// Every entry whose name ends with `.json` below `folder`, at any depth, as paths
// ("FOLDER/shop/api.json"), sorted by their path below `folder` in byte order (as
// `LC_ALL=C sort`). Entries whose name starts with '.' (.git, .terraform, editor files) are
// not read, nor is anything below them; other names (README.md) are not policies. Symbolic
// links are followed: a link to a file is read as that file, a link to a folder is walked.
// A folder reached twice (a link back to a folder above it, or a second link to one folder)
// fails (Error::file PATH, message "leads to FOLDER, already read"), so nothing is read twice
// or forever. A `*.json` entry is listed whatever it is (a broken link fails when opened,
// never skipped). An unreadable folder fails with "cannot read folder: REASON".
Result<std::vector<std::string>> list_policy_files(const std::string& folder);

}  // namespace ecrlc::io
