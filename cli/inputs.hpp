// Reading the inputs of the commands, the one place cli/ reads files: policy files, folders
// and maps, inventories (streamed through an FdSource), standard input, and `--now`.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "command.hpp"
#include "ecrlc/byte_source.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/policy_set.hpp"
#include "ecrlc/preview.hpp"
#include "ecrlc/result.hpp"
#include "ecrlc/time.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace ecrlc::cli {

// Standard input is one stream: the first option that reads it ("-") takes it, and any other
// is refused, "-: --images cannot read standard input: --policy reads it" (exit 2), rather
// than reading what is left of it (nothing).
Result<void> claim_standard_input(std::string_view option, CommandContext& context);

// A text input read whole: the option that names it (for claim_standard_input) and the size
// at which reading stops (limits.hpp) with "expected WHAT of at most N MiB, got more".
struct TextInput {
  std::string_view option;
  std::size_t max_bytes;
  std::string_view what;
};
TextInput policy_input(std::string_view option = "--policy");
TextInput policy_map_input();
TextInput protect_input();

// Reads a whole file, or standard input for "-", through FdSource::open, stopping at the
// input's limit. Fails with "FILE: <reason>".
Result<std::string> read_input(const std::string& path, const TextInput& input,
                               CommandContext& context);

// Prints a failure of read_input or FdSource::open: "FILE: error: REASON".
void render_input_error(CommandContext& context, const std::string& path, const Error& error);

// A policy file that parsed and validated.
struct LoadedPolicy {
  LifecyclePolicy policy;
  // From an `aws ecr get-lifecycle-policy` wrapper, when present.
  std::optional<std::string> repository_name;
  std::optional<std::string> registry_id;
};

// Reads `path` ("-" is standard input, for `option`), parses and validates it, and prints its
// diagnostics (warnings included) to context.err with render_text. Fails with invalid_policy
// (1) for an invalid policy, cannot_run (2) for an unreadable file.
Outcome<LoadedPolicy> load_policy(const std::string& path, CommandContext& context,
                                  std::string_view option = "--policy");

// Reads every inventory file in order ("-" is standard input; files are streamed, not held in
// memory) into one Inventory. Reader warnings are printed as located warnings; the first
// error is printed as a located error and fails with cannot_run.
// `threads` is passed to the reader (ReaderOptions::threads).
Outcome<Inventory> load_inventory(const std::vector<std::string>& paths, CommandContext& context,
                                  unsigned threads = 1);

// `--now`: its value, and the option, which tells a given value (`--now ''` is an error) from
// an absent one (the current UTC time).
struct NowOption {
  std::string value;
  CLI::Option* option = nullptr;  // set by add_now_option
  bool given() const;
};

// Prints "ecr-lifecycle COMMAND: warning: N images pushed after --now TIME: ..." when --now
// was given and is earlier than some images' push times.
void warn_pushed_after_now(const Inventory& inventory, const NowOption& now_option, Micros now,
                           std::string_view command, CommandContext& context);

// Adds `--threads N` (1 to 256) to `command`; `threads` keeps its default (all cores).
void add_threads_option(CLI::App& command, unsigned& threads);

// Adds `--now TIME` to `command`.
void add_now_option(CLI::App& command, NowOption& now, const std::string& help);

// `--now` when given, else the current UTC time (the only clock read of the tool). Fails with
// "--now: expected a time, got an empty value" for a blank value, or the time parser's reason.
Result<Micros> resolve_now(const NowOption& now);

// resolve_now for a command: on a bad value prints "ecr-lifecycle COMMAND: error: --now: ..."
// and fails with cannot_run.
Outcome<Micros> load_now(const NowOption& now, std::string_view command, CommandContext& context);

// The values of the three options, as CLI11 fills them.
struct PolicyScopeOptions {
  std::vector<std::string> policy;      // --policy FILE
  std::vector<std::string> policies;    // --policies DIR
  std::vector<std::string> policy_map;  // --policy-map FILE
};

// Adds --policy, --policies and --policy-map to `command`. `what` completes their help.
void add_policy_scope_options(CLI::App& command, PolicyScopeOptions& options);

// Adds the required, repeatable `--images FILE` of preview and explain (one file per use).
void add_images_option(CLI::App& command, std::vector<std::string>& images);

enum class PolicyScopeKind { policy, policies, policy_map };

// One policy scope as given on the command line.
struct PolicyScopeSpec {
  PolicyScopeKind kind = PolicyScopeKind::policy;
  std::string path;
};

// The scopes given, all of one kind, in command-line order. Fails (prints
// "ecr-lifecycle COMMAND: error: ...", cannot_run) when the kinds are mixed or the count is
// not `expected`.
Outcome<std::vector<PolicyScopeSpec>> policy_scope_specs(const PolicyScopeOptions& options,
                                                         std::size_t expected,
                                                         std::string_view command,
                                                         CommandContext& context);

// Loads one scope into a PolicySet, printing every diagnostic:
// - policy: the file, for every repository (pattern "*");
// - policies: every `*.json` file of DIR (sorted by name), each an `aws ecr
//   get-lifecycle-policy` output naming its repository (exact-name patterns);
// - policy_map: lines `PATTERN POLICYFILE` (policy_set.hpp), files relative to the map's
//   folder, first matching pattern wins.
// Fails with invalid_policy (1) when a policy is invalid (after loading every file, so all
// diagnostics show), or cannot_run (2) for unreadable files, a malformed map (E0811,
// located), a policies file without repositoryName, or two policies for one repository.
Outcome<PolicySet> load_policy_scope(const PolicyScopeSpec& spec, CommandContext& context);

// Prints a warning per repository that no policy applies to, and per --repository name that
// the inventory does not hold: "ecr-lifecycle COMMAND: warning: ...".
void warn_scope_gaps(const Preview& report, std::string_view command, CommandContext& context);

}  // namespace ecrlc::cli
