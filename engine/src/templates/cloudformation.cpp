// CloudFormation templates (SAM and CDK output included): the lifecycle policies of
// AWS::ECR::Repository (Properties.LifecyclePolicy.LifecyclePolicyText) and
// AWS::ECR::RepositoryCreationTemplate (Properties.LifecyclePolicy), with the repository name
// or prefix each is for.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "templates/collector.hpp"

namespace ecrlc::detail {
namespace {

// The intrinsic function a node calls, as a template names it: "Fn::Sub" for both
// `{"Fn::Sub": ...}` and `!Sub ...`, "Ref" for `!Ref`; empty for a plain value.
std::string intrinsic_of(const TreeNode& node) {
  if (!node.tag.empty() && node.tag.front() == '!' && node.tag.size() > 1) {
    std::string name = node.tag.substr(1);
    return name == "Ref" || name == "Condition" ? name : "Fn::" + name;
  }
  if (node.is_mapping() && node.members.size() == 1) {
    const std::string& key = node.members.front().key;
    if (key == "Ref" || key == "Condition" || key.starts_with("Fn::")) {
      return key;
    }
  }
  return {};
}

// The argument of an intrinsic function call.
const TreeNode* argument_of(const TreeNode& node) {
  return node.tag.empty() && node.is_mapping() ? node.members.front().value : &node;
}

// A literal string, with its file offsets: a plain string, or an Fn::Sub whose string has no
// ${Variable} (only ${!Literal} escapes, which stand for ${Literal}).
struct Literal {
  std::string text;
  std::vector<std::size_t> offsets;
};

std::optional<Literal> literal_string(std::string_view file, const TreeNode& node,
                                      std::string* reason) {
  const std::string function = intrinsic_of(node);
  if (function.empty()) {
    if (node.is_scalar() && node.is_string) {
      return Literal{node.text, string_offsets(file, node)};
    }
    return std::nullopt;
  }
  const TreeNode* argument = argument_of(node);
  if (function == "Fn::Sub" && argument->is_sequence() && !argument->items.empty()) {
    argument = argument->items.front();  // [String, {Var: value}]
  }
  if (function != "Fn::Sub" || !argument->is_scalar() || !argument->is_string) {
    *reason = "built at deploy time with " + function;
    return std::nullopt;
  }
  Literal literal;
  const std::vector<std::size_t> offsets = string_offsets(file, *argument);
  const std::string& text = argument->text;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "${") == 0) {
      if (i + 2 >= text.size() || text[i + 2] != '!') {
        *reason = "built at deploy time with Fn::Sub variables";
        return std::nullopt;
      }
      literal.text += "${";
      literal.offsets.push_back(offsets[i]);
      literal.offsets.push_back(offsets[i + 1]);
      i += 2;  // the '!' is not part of the value
      continue;
    }
    literal.text += text[i];
    literal.offsets.push_back(offsets[i]);
  }
  literal.offsets.push_back(offsets.back());
  return literal;
}

std::string describe_node(const TreeNode& node) {
  if (node.is_mapping()) {
    return "a mapping";
  }
  if (node.is_sequence()) {
    return "a list";
  }
  return node.text.empty() ? "an empty value" : "the non-string value " + node.text;
}

class TemplateReader {
 public:
  TemplateReader(const Tree& tree, Collector& collector)
      : m_tree(tree), m_collector(collector), m_file(collector.file()) {}

  void run() {
    const TreeNode* resources = m_tree.root != nullptr && m_tree.root->is_mapping()
                                    ? m_tree.root->find("Resources")
                                    : nullptr;
    if (resources != nullptr && resources->is_mapping()) {
      for (const TreeNode::Member& member : resources->members) {
        if (member.value->is_mapping()) {
          read_resource(member.key, *member.value);
        }
      }
    }
    m_collector.finish(
        "AWS::ECR::Repository LifecyclePolicyText and AWS::ECR::RepositoryCreationTemplate "
        "LifecyclePolicy");
  }

 private:
  void read_resource(const std::string& id, const TreeNode& resource) {
    const TreeNode* type = resource.find("Type");
    const TreeNode* properties = resource.find("Properties");
    if (type == nullptr || !type->is_scalar() || properties == nullptr ||
        !properties->is_mapping()) {
      return;
    }
    EmbeddedPolicy policy;
    policy.subject = "Resource " + id + " (" + type->text + ")";
    const TreeNode* text = nullptr;
    if (type->text == "AWS::ECR::Repository") {
      const TreeNode* lifecycle = properties->find("LifecyclePolicy");
      if (lifecycle == nullptr) {
        return;
      }
      if (!intrinsic_of(*lifecycle).empty()) {
        text = lifecycle;  // the whole LifecyclePolicy chosen at deploy time (Fn::If)
      } else if (lifecycle->is_mapping()) {
        text = lifecycle->find("LifecyclePolicyText");
      }
      if (text == nullptr) {
        return;  // a LifecyclePolicy with only a RegistryId
      }
      name_from(policy, properties->find("RepositoryName"), "RepositoryName",
                "CloudFormation generates its name", policy.repository);
    } else if (type->text == "AWS::ECR::RepositoryCreationTemplate") {
      text = properties->find("LifecyclePolicy");
      if (text == nullptr) {
        return;
      }
      name_from(policy, properties->find("Prefix"), "Prefix", "it has no Prefix", policy.prefix);
    } else {
      return;
    }
    std::string reason;
    if (auto literal = literal_string(m_file, *text, &reason)) {
      m_collector.literal(std::move(policy), literal->text, literal->offsets);
    } else if (!reason.empty()) {
      m_collector.deploy_time(std::move(policy), text->start, reason);
    } else {
      m_collector.report(Severity::error, "E0302", text->begin,
                         "expected the policy text as a string (CloudFormation's type), got " +
                             describe_node(*text),
                         policy.subject);
    }
  }

  // The literal string of `node`, the property `key`, into `name` (the repository or the
  // creation template's prefix); else why the policy has none: `absent` without the property.
  void name_from(EmbeddedPolicy& policy, const TreeNode* node, std::string_view key,
                 std::string_view absent, std::optional<std::string>& name) {
    std::string reason;
    if (node == nullptr) {
      policy.unnamed_reason = absent;
    } else if (auto literal = literal_string(m_file, *node, &reason)) {
      name = literal->text;
    } else {
      policy.unnamed_reason =
          "its " + std::string(key) + " is " + (reason.empty() ? "not a string" : reason);
    }
  }

  const Tree& m_tree;
  Collector& m_collector;
  std::string_view m_file;
};

}  // namespace

void read_cloudformation(const Tree& tree, Collector& collector) {
  TemplateReader(tree, collector).run();
}

}  // namespace ecrlc::detail
