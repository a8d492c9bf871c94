// Loading --policy / --policies / --policy-map into a PolicySet.
#include "policy_scope.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <ostream>
#include <system_error>

#include "ecrlc/diagnostic_render.hpp"
#include "io.hpp"
#include "load.hpp"

namespace ecrlc::cli {

void add_images_option(CLI::App& command, std::vector<std::string>& images) {
  command
      .add_option("--images", images,
                  "Inventory file (describe-images output, JSON array or NDJSON); repeatable")
      ->required()
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

std::optional<std::vector<PolicyScopeSpec>> policy_scope_specs(const PolicyScopeOptions& options,
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
    context.err << "ecr-lifecycle " << command << ": error: expected "
                << (expected == 1 ? "one of --policy FILE, --policies DIR or --policy-map FILE"
                                  : "two of --policy, two of --policies or two of --policy-map "
                                    "(OLD then NEW)")
                << "\n";
    context.exit_code = ExitCode::cannot_run;
    return std::nullopt;
  }
  return specs;
}

namespace {

void scope_error(CommandContext& context, const std::string& file, const std::string& message) {
  render_located(context.err, file, {}, 0, 0, Severity::error, message, "");
  context.exit_code = ExitCode::cannot_run;
}

// Keeps the worse of two failures: cannot_run beats invalid_policy.
void note_failure(ExitCode& worst, ExitCode code) {
  if (code == ExitCode::cannot_run || worst == ExitCode::success) {
    worst = code;
  }
}

std::optional<PolicySet> load_directory(const std::string& directory, CommandContext& context) {
  std::error_code error;
  std::vector<std::string> files;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().extension() == ".json" && it->is_regular_file(error)) {
      files.push_back(it->path().string());
    }
  }
  if (error) {
    scope_error(context, directory, "cannot read folder: " + error.message());
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  PolicySet set;
  ExitCode worst = ExitCode::success;
  for (const std::string& file : files) {
    auto loaded = load_policy(file, context);
    if (!loaded) {
      note_failure(worst, context.exit_code);
      continue;
    }
    if (!loaded->repository_name) {
      scope_error(context, file,
                  "no repositoryName: --policies expects `aws ecr get-lifecycle-policy` outputs");
      note_failure(worst, ExitCode::cannot_run);
      continue;
    }
    auto added = set.add(*loaded->repository_name, file, std::move(loaded->policy),
                         loaded->registry_id.value_or(""));
    if (!added) {
      scope_error(context, file, added.error().message.substr(file.size() + 2));
      note_failure(worst, ExitCode::cannot_run);
    }
  }
  if (worst != ExitCode::success) {
    context.exit_code = worst;
    return std::nullopt;
  }
  if (files.empty()) {
    context.err << directory << ": warning: no *.json policy files\n";
  }
  return set;
}

std::optional<PolicySet> load_map(const std::string& map_file, CommandContext& context) {
  auto text = read_input(map_file, context.in);
  if (!text) {
    scope_error(context, map_file, text.error().message.substr(map_file.size() + 2));
    return std::nullopt;
  }
  auto entries = parse_policy_map(*text);
  if (!entries) {
    const Error& e = entries.error();
    render_located(context.err, map_file, *text, e.line, e.column, Severity::error, e.message,
                   "E0811");
    context.exit_code = ExitCode::cannot_run;
    return std::nullopt;
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
    auto loaded = load_policy(file.string(), context);
    if (!loaded) {
      note_failure(worst, context.exit_code);
      continue;
    }
    auto added = set.add(entry.pattern, file.string(), std::move(loaded->policy),
                         loaded->registry_id.value_or(""));
    if (!added) {
      render_located(context.err, map_file, *text, entry.line, entry.column, Severity::error,
                     "pattern " + entry.pattern + " appears twice", "E0811");
      note_failure(worst, ExitCode::cannot_run);
    }
  }
  if (worst != ExitCode::success) {
    context.exit_code = worst;
    return std::nullopt;
  }
  return set;
}

}  // namespace

std::optional<PolicySet> load_policy_scope(const PolicyScopeSpec& spec, CommandContext& context) {
  switch (spec.kind) {
    case PolicyScopeKind::policy: {
      auto loaded = load_policy(spec.path, context);
      if (!loaded) {
        return std::nullopt;
      }
      return PolicySet::single(spec.path, std::move(loaded->policy),
                               loaded->registry_id.value_or(""));
    }
    case PolicyScopeKind::policies:
      return load_directory(spec.path, context);
    case PolicyScopeKind::policy_map:
      return load_map(spec.path, context);
  }
  return std::nullopt;
}

void warn_scope_gaps(const PolicySetReport& report, std::string_view command,
                     CommandContext& context) {
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
