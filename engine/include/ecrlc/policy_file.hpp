// Policies where they live: a file given where a policy is expected may be a policy document,
// `aws ecr get-lifecycle-policy` output or a put-lifecycle-policy --cli-input-json file, a
// CloudFormation or SAM template (JSON or YAML, CDK's cdk.out included), a Terraform plan
// (`terraform show -json`), or `aws ecr describe-repository-creation-templates` output; it is
// recognised by its content, and every diagnostic is located in the file itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/diagnostic.hpp"
#include "ecrlc/policy_parser.hpp"

namespace ecrlc {

enum class PolicyFileKind {
  policy,              // a policy, or a get-lifecycle-policy / put-lifecycle-policy wrapper
  cloudformation,      // a CloudFormation, SAM or CDK template, JSON or YAML
  terraform_plan,      // `terraform show -json PLANFILE`
  creation_templates,  // describe-repository-creation-templates output or its --cli-input-json
};

std::string_view to_string(PolicyFileKind kind);

// One lifecycle policy of a template, plan or creation-template file.
struct EmbeddedPolicy {
  // What it belongs to, as diagnostics name it: "Resource MyRepo (AWS::ECR::Repository)",
  // "module.ecr.aws_ecr_lifecycle_policy.this", "Creation template prefix ROOT".
  std::string subject;
  // The repository it is for, when the file names it literally.
  std::optional<std::string> repository;
  // A repository creation template's prefix: the policy of every repository created under
  // PREFIX/ ("ROOT": every repository).
  std::optional<std::string> prefix;
  // Why neither is known before deployment ("CloudFormation generates its name"), else empty.
  std::string unnamed_reason;
  // The policy as parsed, diagnostics located in the file; nothing when its text is built at
  // deploy time (`deploy_time` says why).
  ParsedPolicy parsed;
  std::string deploy_time;
  std::size_t line = 0;  // where the policy text starts
  std::size_t column = 0;
};

struct PolicyFile {
  PolicyFileKind kind = PolicyFileKind::policy;
  bool yaml = false;
  // kind == policy: the file read as one policy (parse_policy).
  ParsedPolicy plain;
  // The other kinds: every policy found, in file order.
  std::vector<EmbeddedPolicy> embedded;
  // Every diagnostic, located in the file and sorted: for a policy, the plain policy's; else
  // the file's own (YAML errors, policies built at deploy time, no policy at all) and every
  // embedded policy's, with Diagnostic::subject naming its resource.
  Diagnostics diagnostics;
};

// Reads a file of any of the kinds above. Never throws; every problem is a diagnostic.
PolicyFile read_policy_file(std::string_view text);

// Adds the lint warnings of every valid policy of `file` to file.diagnostics (lint.hpp).
void lint_policy_file(PolicyFile& file);

}  // namespace ecrlc
