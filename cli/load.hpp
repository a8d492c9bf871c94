// Loading the inputs of the evaluating commands (preview, explain, diff, plan): a policy file
// and the inventory files, with their diagnostics printed to the command's stderr.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc::cli {

// A policy file that parsed and validated.
struct LoadedPolicy {
  LifecyclePolicy policy;
  // From an `aws ecr get-lifecycle-policy` wrapper, when present.
  std::optional<std::string> repository_name;
  std::optional<std::string> registry_id;
};

// Reads `path` ("-" is standard input), parses and validates it, and prints its diagnostics
// (warnings included) to context.err with render_text. Returns nullopt after setting
// context.exit_code: invalid_policy (1) for an invalid policy, cannot_run (2) for an
// unreadable file.
std::optional<LoadedPolicy> load_policy(const std::string& path, CommandContext& context);

// Reads every inventory file in order ("-" is standard input; files are streamed, not held in
// memory) into one Inventory. Reader warnings are printed as located warnings; the first
// error is printed as a located error and gives nullopt with context.exit_code cannot_run.
// `threads` is passed to the reader (ReaderOptions::threads).
std::optional<Inventory> load_inventory(const std::vector<std::string>& paths,
                                        CommandContext& context, unsigned threads = 1);

// `--now` (empty: the current UTC time). On a bad value prints
// "ecr-lifecycle COMMAND: error: --now: ..." and returns nullopt with cannot_run.
std::optional<Micros> load_now(const std::string& now_option, std::string_view command,
                               CommandContext& context);

}  // namespace ecrlc::cli
