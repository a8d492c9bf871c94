// Which kind of policy file a text is, by its content, and the reader for that kind.
#include "ecrlc/policy_file.hpp"

#include <array>
#include <utility>

#include "base/enum_names.hpp"
#include "ecrlc/limits.hpp"
#include "ecrlc/lint.hpp"
#include "json/lazy_value.hpp"
#include "json/syntax_check.hpp"
#include "templates/collector.hpp"

namespace ecrlc {
namespace detail {
namespace {

// Templates and plans nest deeper than policies (a plan's configuration block holds nested
// modules and expressions); no reader of templates recurses, so the bound only refuses
// inputs built to be deep.
constexpr std::size_t k_max_template_depth = 256;

std::size_t skip_bom(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

// A YAML CloudFormation template has a top-level Resources (or AWSTemplateFormatVersion)
// key at the start of a line: a plain policy with a syntax error has none, and keeps the
// JSON diagnostics (and the privacy of a file that is no policy at all).
bool looks_like_yaml_template(std::string_view text) {
  static constexpr std::array<std::string_view, 4> k_keys{
      "Resources:", "AWSTemplateFormatVersion:", "\"Resources\":", "'Resources':"};
  std::size_t at = skip_bom(text);
  while (at < text.size()) {
    for (std::string_view key : k_keys) {
      if (text.substr(at, key.size()) == key) {
        return true;
      }
    }
    const std::size_t next = text.find('\n', at);
    if (next == std::string_view::npos) {
      break;
    }
    at = next + 1;
  }
  return false;
}

bool has_member(const LazyValue& object, std::string_view key) {
  return object.find(key).has_value();
}

PolicyFileKind json_kind(const LazyValue& root) {
  if (!root.is_object()) {
    return PolicyFileKind::policy;
  }
  if (has_member(root, "Resources") || has_member(root, "AWSTemplateFormatVersion")) {
    return PolicyFileKind::cloudformation;
  }
  if (has_member(root, "resource_changes") ||
      (has_member(root, "format_version") && has_member(root, "terraform_version"))) {
    return PolicyFileKind::terraform_plan;
  }
  if (has_member(root, "repositoryCreationTemplates") ||
      (has_member(root, "prefix") && has_member(root, "lifecyclePolicy"))) {
    return PolicyFileKind::creation_templates;
  }
  return PolicyFileKind::policy;
}

void read_yaml(std::string_view text, PolicyFile& file) {
  file.kind = PolicyFileKind::cloudformation;
  file.yaml = true;
  Collector collector(text, file);
  YamlResult yaml = read_yaml_tree(text, k_max_template_depth);
  if (yaml.error) {
    collector.report(Severity::error, "E0301", yaml.error->offset, yaml.error->message);
    collector.finish("");
    return;
  }
  read_cloudformation(yaml.tree, collector);
}

}  // namespace
}  // namespace detail

std::string_view to_string(PolicyFileKind kind) {
  static constexpr std::array<std::string_view, 4> k_names{
      "policy", "CloudFormation template", "Terraform plan", "repository creation templates"};
  return detail::enum_name(kind, k_names);
}

PolicyFile read_policy_file(std::string_view text) {
  PolicyFile file;
  const std::size_t start = text.find_first_not_of(" \t\r\n", detail::skip_bom(text));
  const bool json_like =
      start != std::string_view::npos && text[start] == '{' &&
      !detail::check_json_syntax(text.substr(detail::skip_bom(text)), detail::k_max_template_depth);
  if (json_like && text.size() <= k_max_template_file_bytes) {
    const detail::LazyValue root(text, start);
    file.kind = detail::json_kind(root);
    detail::Collector collector(text, file);
    switch (file.kind) {
      case PolicyFileKind::cloudformation:
        detail::read_cloudformation(detail::read_json_tree(text), collector);
        return file;
      case PolicyFileKind::terraform_plan:
        detail::read_terraform_plan(root, collector);
        return file;
      case PolicyFileKind::creation_templates:
        detail::read_creation_templates(root, collector);
        return file;
      case PolicyFileKind::policy:
        break;
    }
  } else if (!json_like && text.size() <= k_max_template_file_bytes &&
             detail::looks_like_yaml_template(text)) {
    detail::read_yaml(text, file);
    return file;
  }
  file.plain = parse_policy(text);
  file.diagnostics = file.plain.diagnostics;
  return file;
}

void lint_policy_file(PolicyFile& file) {
  if (file.kind == PolicyFileKind::policy) {
    if (file.plain.policy) {
      lint_policy(file.plain, file.diagnostics);
    }
  } else {
    for (const EmbeddedPolicy& embedded : file.embedded) {
      if (!embedded.parsed.policy) {
        continue;
      }
      Diagnostics warnings;
      lint_policy(embedded.parsed, warnings);
      for (Diagnostic d : warnings.items()) {
        d.subject = embedded.subject;
        file.diagnostics.add(std::move(d));
      }
    }
  }
  file.diagnostics.sort();
}

}  // namespace ecrlc
