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
#include "ecrlc/byte_source.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/policy_set.hpp"
#include "ecrlc/preview.hpp"
#include "ecrlc/result.hpp"
#include "ecrlc/time.hpp"

namespace CLI {
class App;
}

namespace ecrlc::cli {

// A ByteSource over a file descriptor (a file, a pipe, /dev/fd/N of a process substitution).
class FdSource final : public ByteSource {
 public:
  // Opens `path` read-only; fails with "cannot open: REASON".
  static Result<FdSource> open(const std::string& path);
  FdSource(FdSource&& other) noexcept;
  FdSource& operator=(FdSource&&) = delete;
  ~FdSource() override;

  // Fails with the system's reason ("Is a directory").
  Result<std::size_t> read(std::span<char> buffer) override;
  // Bytes left of a regular file; nullopt for pipes and terminals.
  std::optional<std::uint64_t> size_hint() const override;
  // For ReadProgress, which polls the file offset.
  int fd() const { return m_fd; }

 private:
  explicit FdSource(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

// A ByteSource over a std::istream (standard input as CommandContext::in gives it).
class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : m_in(in) {}
  // Fails with "cannot read standard input".
  Result<std::size_t> read(std::span<char> buffer) override;

 private:
  std::istream& m_in;
};

// Reads a whole file, or standard input for "-". Fails with "FILE: <reason>".
Result<std::string> read_input(const std::string& path, std::istream& in);

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
// "ecr-lifecycle COMMAND: error: ..." and sets cannot_run) when the kinds are mixed or the
// count is not `expected`.
std::optional<std::vector<PolicyScopeSpec>> policy_scope_specs(const PolicyScopeOptions& options,
                                                               std::size_t expected,
                                                               std::string_view command,
                                                               CommandContext& context);

// Loads one scope into a PolicySet, printing every diagnostic:
// - policy: the file, for every repository (pattern "*");
// - policies: every `*.json` file of DIR (sorted by name), each an `aws ecr
//   get-lifecycle-policy` output naming its repository (exact-name patterns);
// - policy_map: lines `PATTERN POLICYFILE` (policy_set.hpp), files relative to the map's
//   folder, first matching pattern wins.
// Returns nullopt with exit code invalid_policy (1) when a policy is invalid (after loading
// every file, so all diagnostics show), or cannot_run (2) for unreadable files, a malformed
// map (E0811, located), a policies file without repositoryName, or two policies for one
// repository.
std::optional<PolicySet> load_policy_scope(const PolicyScopeSpec& spec, CommandContext& context);

// Prints a warning per repository that no policy applies to, and per --repository name that
// the inventory does not hold: "ecr-lifecycle COMMAND: warning: ...".
void warn_scope_gaps(const Preview& report, std::string_view command, CommandContext& context);

}  // namespace ecrlc::cli
