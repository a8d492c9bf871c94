// Private to templates/: what the readers of templates, plans and creation templates share:
// turning each policy text they find into an EmbeddedPolicy with located diagnostics.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/policy_file.hpp"
#include "ecrlc/source_map.hpp"
#include "json/lazy_value.hpp"
#include "templates/tree.hpp"

namespace ecrlc::detail {

// W0301: a policy text built at deploy time; W0302: unknown until apply; E0302: a policy
// property that is no string; N0301: no lifecycle policy in the file.
class Collector {
 public:
  Collector(std::string_view file, PolicyFile& out) : m_file(file), m_map(file), m_out(out) {}

  std::string_view file() const { return m_file; }

  // A literal policy text: parsed with every byte located through `offsets`.
  void literal(EmbeddedPolicy policy, const std::string& text,
               const std::vector<std::size_t>& offsets);
  // A policy text that only deployment (or apply) makes: a warning, `code` W0301 or W0302.
  void deploy_time(EmbeddedPolicy policy, std::size_t at, const std::string& reason,
                   std::string_view code = "W0301");
  // A located problem of the file itself, about `subject` (empty: the file).
  void report(Severity severity, std::string code, std::size_t at, std::string message,
              std::string subject = {});
  // N0301 when nothing was found; `what` names what was looked for.
  void finish(std::string_view what);

 private:
  std::string_view m_file;
  SourceMap m_map;
  PolicyFile& m_out;
};

// CloudFormation (and SAM, CDK): AWS::ECR::Repository and AWS::ECR::RepositoryCreationTemplate
// resources of a template's tree.
void read_cloudformation(const Tree& tree, Collector& collector);

// `terraform show -json` output: resource_changes of aws_ecr_lifecycle_policy and
// aws_ecr_repository_creation_template.
void read_terraform_plan(const LazyValue& root, Collector& collector);

// describe-repository-creation-templates output (repositoryCreationTemplates[]) or one
// template (create-repository-creation-template --cli-input-json: prefix, lifecyclePolicy).
void read_creation_templates(const LazyValue& root, Collector& collector);

}  // namespace ecrlc::detail
