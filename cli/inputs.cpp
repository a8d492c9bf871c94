// Reading the inputs of the commands: sources over file descriptors and standard input,
// policies, policy scopes (--policy, --policies, --policy-map) and inventories, with their
// diagnostics.
#include "inputs.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <istream>
#include <ostream>
#include <utility>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/limits.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/policy_parser.hpp"
#include "io/file_source.hpp"
#include "io/read_progress.hpp"

namespace ecrlc::cli {

Result<void> claim_standard_input(std::string_view option, CommandContext& context) {
  if (context.stdin_option.empty()) {
    context.stdin_option = option;
    return {};
  }
  if (context.stdin_option == option) {
    return unexpected("-: standard input can be read once, and " + std::string(option) +
                      " names it twice");
  }
  return unexpected("-: " + std::string(option) +
                    " cannot read standard input: " + context.stdin_option + " reads it");
}

TextInput policy_input(std::string_view option) {
  return {option, k_max_policy_file_bytes, "a policy file"};
}

TextInput policy_map_input() { return {"--policy-map", k_max_policy_map_bytes, "a policy map"}; }

TextInput protect_input() { return {"--protect", k_max_protect_file_bytes, "a protect file"}; }

Result<std::string> read_input(const std::string& path, const TextInput& input,
                               CommandContext& context) {
  if (path == "-") {
    if (Result<void> claimed = claim_standard_input(input.option, context); !claimed) {
      return Unexpected{claimed.error()};
    }
    io::StreamSource source(context.in);
    return io::read_source(source, path, input.max_bytes, input.what);
  }
  return io::read_file(path, input.max_bytes, input.what);
}

namespace {

// Messages of read_input and of the reader start with "PATH: "; the renderers print the path
// themselves.
std::string without_path(const std::string& message, const std::string& path) {
  const std::string prefix = path + ": ";
  return message.compare(0, prefix.size(), prefix) == 0 ? message.substr(prefix.size()) : message;
}

// A reader's error or warning, with its source line when the reader kept it.
void render_reader_error(CommandContext& context, Error error, Severity severity) {
  if (error.file.empty()) {
    error.file = "-";
  }
  error.message = without_path(error.message, error.file);
  render_error(context.err, error, severity);
}

// Snapshot anomalies can repeat for every image of a repository (one tag pushed 50,000
// times): past a cap, one line counts the rest, so that stderr stays readable.
constexpr std::size_t k_max_shown_warnings = 20;

void render_warnings(CommandContext& context, const std::vector<Error>& warnings) {
  const std::size_t shown = std::min(warnings.size(), k_max_shown_warnings);
  for (std::size_t i = 0; i < shown; ++i) {
    render_reader_error(context, warnings[i], Severity::warning);
  }
  if (warnings.size() > shown) {
    context.err << "ecr-lifecycle: warning: " << warnings.size() - shown
                << " more inventory warnings not shown\n";
  }
}

}  // namespace

void render_input_error(CommandContext& context, const std::string& path, const Error& error) {
  // `--protect ''` names no file: say so rather than print an empty name.
  render_located(context.err, path.empty() ? "''" : path, {}, 0, 0, Severity::error,
                 without_path(error.message, path), "");
}

Outcome<LoadedPolicy> load_policy(const std::string& path, CommandContext& context,
                                  std::string_view option) {
  auto text = read_input(path, policy_input(option), context);
  if (!text) {
    render_input_error(context, path, text.error());
    return ExitCode::cannot_run;
  }
  ParsedPolicy parsed = parse_policy(*text);
  parsed.diagnostics.sort();
  if (!parsed.diagnostics.empty()) {
    render_text(context.err,
                CheckedFile{path, *text, parsed.diagnostics.items(), SourceKind::json});
  }
  if (!parsed.policy || parsed.diagnostics.has_error()) {
    return ExitCode::invalid_policy;
  }
  return LoadedPolicy{std::move(*parsed.policy), std::move(parsed.repository_name),
                      std::move(parsed.registry_id)};
}

Outcome<Inventory> load_inventory(const std::vector<std::string>& paths, CommandContext& context,
                                  unsigned threads) {
  ReaderOptions options;
  options.threads = std::max(threads, 1U);
  InventoryBuilder builder(options);
  for (const std::string& path : paths) {
    Result<void> added;
    if (path == "-") {
      // Streamed like a file: never held whole.
      if (Result<void> claimed = claim_standard_input("--images", context); !claimed) {
        render_input_error(context, path, claimed.error());
        return ExitCode::cannot_run;
      }
      io::StreamSource source(context.in);
      added = builder.add(path, source);
    } else {
      Result<io::FdSource> source = io::FdSource::open(path);
      if (!source) {
        render_input_error(context, path, source.error());
        return ExitCode::cannot_run;
      }
      io::ReadProgress progress(context.err, context.err_is_terminal, path, source->fd());
      added = builder.add(path, *source);
    }
    if (!added) {
      // Warnings so far still help to understand the error.
      render_warnings(context, builder.warnings());
      Error error = added.error();
      if (error.file.empty()) {
        error.file = path;
      }
      render_reader_error(context, std::move(error), Severity::error);
      return ExitCode::cannot_run;
    }
  }
  Inventory inventory = builder.finish();
  render_warnings(context, builder.warnings());
  return inventory;
}

bool NowOption::given() const { return option != nullptr && option->count() > 0; }

void warn_pushed_after_now(const Inventory& inventory, const NowOption& now_option, Micros now,
                           std::string_view command, CommandContext& context) {
  if (!now_option.given()) {
    return;
  }
  if (const std::string warning = describe_pushed_after_now(inventory.pushed_after(now), now);
      !warning.empty()) {
    context.err << "ecr-lifecycle " << command << ": warning: " << warning << "\n";
  }
}

void add_threads_option(CLI::App& command, unsigned& threads) {
  command
      .add_option("--threads", threads,
                  "Threads (output is identical for any number; default: all cores)")
      ->check(CLI::Range(1U, 256U));
}

void add_now_option(CLI::App& command, NowOption& now, const std::string& help) {
  now.option = command.add_option("--now", now.value, help);
}

Result<Micros> resolve_now(const NowOption& now) {
  if (now.given()) {
    // Given but blank (`--now "$UNSET"`) is a mistake, never "now".
    if (now.value.find_first_not_of(" \t\r\n") == std::string::npos) {
      return unexpected("--now: expected a time, got an empty value");
    }
    auto parsed = parse_time_argument(now.value);
    if (!parsed) {
      return unexpected("--now: " + parsed.error().message);
    }
    return *parsed;
  }
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<Micros>(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

Outcome<Micros> load_now(const NowOption& now_option, std::string_view command,
                         CommandContext& context) {
  auto now = resolve_now(now_option);
  if (!now) {
    return fail(context, command, now.error().message);
  }
  return *now;
}

void add_images_option(CLI::App& command, std::vector<std::string>& images) {
  command
      .add_option("--images", images,
                  "Inventory file (describe-images output, JSON array or NDJSON); repeatable "
                  "(or --snapshot DIR)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_policy_scope_options(CLI::App& command, PolicyScopeOptions& options) {
  command.add_option("--policy", options.policy, "lifecycle policy file for every repository");
  command.add_option("--policies", options.policies,
                     "folder of `aws ecr get-lifecycle-policy` outputs, one per repository");
  command.add_option("--policy-map", options.policy_map,
                     "file of `PATTERN POLICYFILE` lines ('*' wildcard, first match wins)");
}

Outcome<std::vector<PolicyScopeSpec>> policy_scope_specs(const PolicyScopeOptions& options,
                                                         std::size_t expected,
                                                         std::string_view command,
                                                         CommandContext& context) {
  const int kinds = static_cast<int>(!options.policy.empty()) +
                    static_cast<int>(!options.policies.empty()) +
                    static_cast<int>(!options.policy_map.empty());
  std::vector<PolicyScopeSpec> specs;
  for (const auto& path : options.policy) {
    specs.push_back({PolicyScopeKind::policy, path});
  }
  for (const auto& path : options.policies) {
    specs.push_back({PolicyScopeKind::policies, path});
  }
  for (const auto& path : options.policy_map) {
    specs.push_back({PolicyScopeKind::policy_map, path});
  }
  if (kinds > 1 || specs.size() != expected) {
    return fail(context, command,
                expected == 1 ? "expected one of --policy FILE, --policies DIR or --policy-map FILE"
                              : "expected two of --policy, two of --policies or two of "
                                "--policy-map (OLD then NEW)");
  }
  return specs;
}

namespace {

ExitCode scope_error(CommandContext& context, const std::string& file, const std::string& message) {
  render_located(context.err, file, {}, 0, 0, Severity::error, message, "");
  return ExitCode::cannot_run;
}

Outcome<PolicySet> load_directory(const std::string& directory, CommandContext& context) {
  // Every *.json entry is a policy: FdSource::open refuses a folder (or a link to one)
  // rather than skipping it, so a policy is never silently missing.
  auto listed = io::list_folder(directory, ".json");
  if (!listed) {
    return scope_error(context, directory, listed.error().message.substr(directory.size() + 2));
  }
  const std::vector<std::string>& files = *listed;
  PolicySet set;
  ExitCode worst = ExitCode::success;
  for (const std::string& file : files) {
    auto loaded = load_policy(file, context, "--policies");
    if (!loaded) {
      worst = std::max(worst, loaded.failure());
      continue;
    }
    if (!loaded->repository_name) {
      worst = scope_error(
          context, file,
          "no repositoryName: --policies expects `aws ecr get-lifecycle-policy` outputs");
      continue;
    }
    auto added = set.add(*loaded->repository_name, file, std::move(loaded->policy),
                         loaded->registry_id.value_or(""));
    if (!added) {
      worst = scope_error(context, file, added.error().message.substr(file.size() + 2));
    }
  }
  if (worst != ExitCode::success) {
    return worst;
  }
  if (files.empty()) {
    context.err << directory << ": warning: no *.json policy files\n";
  }
  return set;
}

Outcome<PolicySet> load_map(const std::string& map_file, CommandContext& context) {
  auto text = read_input(map_file, policy_map_input(), context);
  if (!text) {
    render_input_error(context, map_file, text.error());
    return ExitCode::cannot_run;
  }
  auto entries = parse_policy_map(*text);
  if (!entries) {
    const Error& e = entries.error();
    render_located(context.err, map_file, *text, e.line, e.column, Severity::error, e.message,
                   "E0811");
    return ExitCode::cannot_run;
  }
  const std::filesystem::path base =
      map_file == "-" ? std::filesystem::path() : std::filesystem::path(map_file).parent_path();
  PolicySet set;
  ExitCode worst = ExitCode::success;
  for (const PolicyMapEntry& entry : *entries) {
    std::filesystem::path file(entry.file);
    if (file.is_relative() && entry.file != "-") {
      file = base / file;
    }
    auto loaded = load_policy(file.string(), context, "a --policy-map line");
    if (!loaded) {
      worst = std::max(worst, loaded.failure());
      continue;
    }
    auto added = set.add(entry.pattern, file.string(), std::move(loaded->policy),
                         loaded->registry_id.value_or(""));
    if (!added) {
      render_located(context.err, map_file, *text, entry.line, entry.column, Severity::error,
                     "pattern " + entry.pattern + " appears twice", "E0811");
      worst = ExitCode::cannot_run;
    }
  }
  if (worst != ExitCode::success) {
    return worst;
  }
  return set;
}

}  // namespace

Outcome<PolicySet> load_policy_scope(const PolicyScopeSpec& spec, CommandContext& context) {
  switch (spec.kind) {
    case PolicyScopeKind::policy: {
      auto loaded = load_policy(spec.path, context);
      if (!loaded) {
        return loaded.failure();
      }
      return PolicySet::single(spec.path, std::move(loaded->policy),
                               loaded->registry_id.value_or(""));
    }
    case PolicyScopeKind::policies:
      return load_directory(spec.path, context);
    case PolicyScopeKind::policy_map:
      return load_map(spec.path, context);
  }
  return ExitCode::cannot_run;
}

void warn_scope_gaps(const Preview& report, std::string_view command, CommandContext& context) {
  for (const std::string& name : report.without_policy) {
    context.err << "ecr-lifecycle " << command << ": warning: no policy for repository " << name
                << "\n";
  }
  for (const std::string& name : report.missing_repositories) {
    context.err << "ecr-lifecycle " << command << ": warning: repository " << name
                << " is not in the inventory\n";
  }
}

}  // namespace ecrlc::cli
