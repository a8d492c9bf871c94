// Reading policy files of every kind (policy_file.hpp) and mapping a template's policies to
// repositories for --policies FILE.
#include "io/policy_sources.hpp"

#include <algorithm>
#include <ostream>
#include <utility>
#include <vector>

#include "ecrlc/limits.hpp"
#include "io/text_input.hpp"

namespace ecrlc::io {

Outcome<PolicySourceFile> read_policy_source(const std::string& path, std::string_view option,
                                             CommandContext& context) {
  auto text = read_input(path, {option, k_max_template_file_bytes, "a template or plan"}, context);
  if (!text) {
    render_input_error(context, path, text.error());
    return ExitCode::cannot_run;
  }
  PolicySourceFile source{path, std::move(*text), {}};
  source.file = read_policy_file(source.text);
  if (source.file.kind == PolicyFileKind::policy && source.text.size() > k_max_policy_file_bytes) {
    // The policy limit of docs/diagnostics.md: a document that large is no policy.
    Error too_large;
    too_large.message = path + ": expected a policy file of at most 1 MiB (" +
                        std::to_string(k_max_policy_file_bytes) + " bytes), got more";
    render_input_error(context, path, too_large);
    return ExitCode::cannot_run;
  }
  return source;
}

Outcome<PolicySourceFile> load_policy_source(const std::string& path, std::string_view option,
                                             CommandContext& context) {
  auto source = read_policy_source(path, option, context);
  if (!source) {
    return source.failure();
  }
  return check_policy_source(std::move(*source), context);
}

Outcome<PolicySourceFile> check_policy_source(PolicySourceFile source, CommandContext& context) {
  if (!source.file.diagnostics.empty()) {
    render_text(context.err, checked_file(source));
  }
  if (source.file.diagnostics.has_error()) {
    return ExitCode::invalid_policy;
  }
  return source;
}

bool is_blank(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

CheckedFile checked_file(const PolicySourceFile& source) {
  return {source.path, source.text, source.file.diagnostics.items(),
          source.file.yaml ? SourceKind::lines : SourceKind::json};
}

namespace {

void warn(CommandContext& context, const std::string& path, const EmbeddedPolicy& policy,
          const std::string& why) {
  context.err << path << ':' << policy.line << ':' << policy.column
              << ": warning: " << policy.subject << ": " << why << '\n';
}

}  // namespace

Outcome<PolicySet> load_policy_source_set(const std::string& path, CommandContext& context) {
  auto source = load_policy_source(path, "--policies", context);
  if (!source) {
    return source.failure();
  }
  const PolicyFile& file = source->file;
  if (file.kind == PolicyFileKind::policy) {
    if (!file.plain.repository_name) {
      render_located(context.err, path, {}, 0, 0, Severity::error,
                     "no repositoryName: --policies FILE expects a template, a Terraform plan, "
                     "creation templates or an `aws ecr get-lifecycle-policy` output",
                     "");
      return ExitCode::cannot_run;
    }
    PolicySet set;
    (void)set.add(*file.plain.repository_name, path, *file.plain.policy,
                  file.plain.registry_id.value_or(""));
    return set;
  }
  PolicySet set;
  std::vector<const EmbeddedPolicy*> prefixes;
  for (const EmbeddedPolicy& policy : file.embedded) {
    if (!policy.parsed.policy) {
      continue;  // built at deploy time: its warning is printed
    }
    if (policy.repository) {
      if (auto added = set.add(*policy.repository, path, *policy.parsed.policy); !added) {
        render_located(context.err, path, source->text, policy.line, policy.column, Severity::error,
                       policy.subject + ": a second policy for repository " + *policy.repository,
                       "E0811");
        return ExitCode::cannot_run;
      }
    } else if (policy.prefix) {
      prefixes.push_back(&policy);
    } else {
      warn(context, path, policy, "mapped to no repository: " + policy.unnamed_reason);
    }
  }
  // The longest prefix is the most specific; ROOT (every repository) comes last.
  std::stable_sort(prefixes.begin(), prefixes.end(), [](const auto* a, const auto* b) {
    const std::size_t la = *a->prefix == "ROOT" ? 0 : a->prefix->size();
    const std::size_t lb = *b->prefix == "ROOT" ? 0 : b->prefix->size();
    return la > lb;
  });
  for (const EmbeddedPolicy* policy : prefixes) {
    const std::string pattern = *policy->prefix == "ROOT" ? "*" : *policy->prefix + "/*";
    if (auto added = set.add(pattern, path, *policy->parsed.policy); !added) {
      render_located(context.err, path, source->text, policy->line, policy->column, Severity::error,
                     policy->subject + ": a second creation template for prefix " + *policy->prefix,
                     "E0811");
      return ExitCode::cannot_run;
    }
  }
  return set;
}

}  // namespace ecrlc::io
