// Policies where they live (policy_file.hpp) on the command line: any file a policy option
// takes is read as a policy, a template, a plan or creation templates, recognised by content.
#pragma once

#include <string>
#include <string_view>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/policy_file.hpp"
#include "ecrlc/policy_set.hpp"
#include "io/command_context.hpp"

namespace ecrlc::io {

// A file read whole and recognised; diagnostics not yet printed.
struct PolicySourceFile {
  std::string path;
  std::string text;
  PolicyFile file;
};

// Reads `path` ("-": standard input, for `option`) up to the template limit (limits.hpp) and
// recognises it. A policy document above the policy limit is refused as before (exit 2,
// "expected a policy file of at most 1 MiB"); an unreadable file prints its error.
Outcome<PolicySourceFile> read_policy_source(const std::string& path, std::string_view option,
                                             CommandContext& context);

// read_policy_source, then the file's diagnostics printed to context.err; fails with
// invalid_policy when one is an error.
Outcome<PolicySourceFile> load_policy_source(const std::string& path, std::string_view option,
                                             CommandContext& context);
// The second half of load_policy_source, for a file already read.
Outcome<PolicySourceFile> check_policy_source(PolicySourceFile source, CommandContext& context);

// Nothing but JSON whitespace (and a byte order mark): what `aws ecr get-lifecycle-policy >
// FILE` leaves for a repository without a policy (the CLI prints its error to stderr only).
bool is_blank(std::string_view text);

// The file with its diagnostics, for the renderers: a YAML template's lines are shown
// (SourceKind::lines), a JSON file's as for a policy.
CheckedFile checked_file(const PolicySourceFile& source);

// `--policies FILE` with a template, plan or creation templates: each policy for the
// repository its resource names literally, then each creation template's prefix (longest
// first; ROOT matches every repository), so an explicit repository policy wins. Prints the
// file's diagnostics and a warning per policy that maps to no repository (a generated name, a
// text built at deploy time). Fails with invalid_policy when a policy is invalid, cannot_run
// when two policies name one repository.
Outcome<PolicySet> load_policy_source_set(const std::string& path, CommandContext& context);

}  // namespace ecrlc::io
