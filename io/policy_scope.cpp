// Loading a policy scope (io/policy_scope.hpp): one file, a folder of
// `aws ecr get-lifecycle-policy` outputs, or a policy map.
#include "io/policy_scope.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <utility>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/policy_parser.hpp"
#include "io/file_source.hpp"
#include "io/policy_file.hpp"
#include "io/policy_folder.hpp"
#include "io/policy_sources.hpp"
#include "io/text_input.hpp"

namespace ecrlc::io {

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

// One file of a --policies folder into `set`: its repository is the one its content names
// (`repositoryName`), whatever the file is called.
ExitCode add_folder_file(const std::string& file, PolicySet& set, CommandContext& context) {
  auto read = read_policy_source(file, "--policies", context);
  if (!read) {
    return read.failure();
  }
  if (is_blank(read->text)) {
    context.err << file
                << ": warning: empty file: no policy (get-lifecycle-policy of a repository "
                   "without one writes nothing)\n";
    return ExitCode::success;
  }
  auto checked = check_policy_source(std::move(*read), context);
  if (!checked) {
    return checked.failure();
  }
  auto loaded = policy_of_source(*checked, context);
  if (!loaded) {
    return loaded.failure();
  }
  if (!loaded->repository_name) {
    return scope_error(
        context, file,
        "no repositoryName: --policies expects `aws ecr get-lifecycle-policy` outputs");
  }
  auto added = set.add(*loaded->repository_name, file, std::move(loaded->policy),
                       loaded->registry_id.value_or(""));
  if (!added) {
    render_located(context.err, file, {}, 0, 0, Severity::error,
                   added.error().message.substr(file.size() + 2), "E0811");
    return ExitCode::cannot_run;
  }
  return ExitCode::success;
}

Outcome<PolicySet> load_directory(const std::string& directory, CommandContext& context) {
  // Every *.json entry below it is a policy: FdSource::open refuses anything that is not a
  // file rather than skipping it, so a policy is never silently missing.
  auto listed = list_policy_files(directory);
  if (!listed) {
    return scope_error(context, listed.error().file, listed.error().message);
  }
  const std::vector<std::string>& files = *listed;
  PolicySet set;
  ExitCode worst = ExitCode::success;
  for (const std::string& file : files) {
    worst = std::max(worst, add_folder_file(file, set, context));
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
    case PolicyScopeKind::policies: {
      std::error_code error;
      if (spec.path != "-" && std::filesystem::is_directory(spec.path, error)) {
        return load_directory(spec.path, context);
      }
      return load_policy_source_set(spec.path, context);  // a template or plan
    }
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
  report_missing_repositories(report, command, "warning", context);
}

void report_missing_repositories(const Preview& report, std::string_view command,
                                 std::string_view severity, CommandContext& context) {
  for (std::size_t i = 0; i < report.missing_repositories.size(); ++i) {
    context.err << "ecr-lifecycle " << command << ": " << severity << ": repository \""
                << report.missing_repositories[i] << "\" is not in the inventory";
    if (i < report.missing_closest.size() && !report.missing_closest[i].empty()) {
      context.err << " (did you mean " << report.missing_closest[i] << "?)";
    }
    context.err << "\n";
  }
}

}  // namespace ecrlc::io
