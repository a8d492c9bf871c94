// The template readers: YAML scalars mapped back to the file byte by byte, recognition of
// each kind of file by its content, and what a template's policies are for.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/policy_file.hpp"
#include "templates/tree.hpp"

namespace ecrlc {
namespace {

using detail::ScalarStyle;

// The value of key `key` of the root mapping of a YAML text.
const detail::TreeNode* yaml_value(const detail::Tree& tree, std::string_view key) {
  return tree.root != nullptr ? tree.root->find(key) : nullptr;
}

// Every byte of the scalar's text that is not made by folding or an escape is the file's
// byte at its offset; the offsets never go backwards.
void expect_mapped(std::string_view yaml, std::string_view key, std::string_view expected,
                   ScalarStyle style) {
  detail::YamlResult result = detail::read_yaml_tree(yaml, 16);
  ASSERT_FALSE(result.error) << result.error->message;
  const detail::TreeNode* node = yaml_value(result.tree, key);
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->style, style);
  EXPECT_EQ(node->text, expected);
  const std::vector<std::size_t> offsets = detail::string_offsets(yaml, *node);
  ASSERT_EQ(offsets.size(), node->text.size() + 1);
  std::size_t exact = 0;
  for (std::size_t i = 0; i < node->text.size(); ++i) {
    ASSERT_LT(offsets[i], yaml.size());
    if (i > 0) {
      EXPECT_GE(offsets[i], offsets[i - 1]) << "byte " << i;
    }
    if (yaml[offsets[i]] == node->text[i]) {
      ++exact;
    } else {
      // Folded breaks, escapes and quotes: a line break or a backslash in the file.
      EXPECT_TRUE(yaml[offsets[i]] == '\n' || yaml[offsets[i]] == '\r' ||
                  yaml[offsets[i]] == '\\' || yaml[offsets[i]] == '\'')
          << "byte " << i << " of " << node->text;
    }
  }
  EXPECT_GT(exact, 0U);
}

TEST(TemplatesYamlScalar, LiteralKeepsLinesAndDropsIndentation) {
  expect_mapped("k: |\n  {\"a\":\n    1}\n", "k", "{\"a\":\n  1}\n", ScalarStyle::literal);
}

TEST(TemplatesYamlScalar, LiteralStripAndKeepChomping) {
  expect_mapped("k: |-\n  ab\n  cd\n\nx: 1\n", "k", "ab\ncd", ScalarStyle::literal);
  expect_mapped("k: |+\n  ab\n\n\nx: 1\n", "k", "ab\n\n\n", ScalarStyle::literal);
}

TEST(TemplatesYamlScalar, LiteralWithIndentationIndicator) {
  expect_mapped("k: |2\n     ab\n   cd\n", "k", "   ab\n cd\n", ScalarStyle::literal);
}

TEST(TemplatesYamlScalar, FoldedJoinsLinesWithSpaces) {
  expect_mapped("k: >-\n  ab\n  cd\n\n  ef\n", "k", "ab cd\nef", ScalarStyle::folded);
  expect_mapped("k: >\n  ab\n    more\n  cd\n", "k", "ab\n  more\ncd\n", ScalarStyle::folded);
}

TEST(TemplatesYamlScalar, DoubleQuotedEscapesAndFolding) {
  expect_mapped("k: \"a\\\"b\\u00e9\n  c\\\n  \\ d\"\n", "k", "a\"b\xC3\xA9 c d",
                ScalarStyle::double_quoted);
}

TEST(TemplatesYamlScalar, SingleQuotedDoubledQuote) {
  expect_mapped("k: 'it''s\n\n  x'\n", "k", "it's\nx", ScalarStyle::single_quoted);
}

TEST(TemplatesYamlScalar, PlainMultiLine) {
  expect_mapped("k: ab\n  cd\n", "k", "ab cd", ScalarStyle::plain);
}

TEST(TemplatesYamlScalar, CrlfAndUtf8) {
  expect_mapped(
      "k: |\r\n  \xC3\xA9"
      "a\r\n  b\r\n",
      "k",
      "\xC3\xA9"
      "a\nb\n",
      ScalarStyle::literal);
}

TEST(TemplatesYamlTree, TagsAnchorsAndAliases) {
  detail::YamlResult result = detail::read_yaml_tree("a: &x !Sub 'v'\nb: *x\nc: !Ref d\n", 16);
  ASSERT_FALSE(result.error);
  EXPECT_EQ(yaml_value(result.tree, "a"), yaml_value(result.tree, "b"));
  EXPECT_EQ(yaml_value(result.tree, "a")->tag, "!Sub");
  EXPECT_EQ(yaml_value(result.tree, "c")->tag, "!Ref");
}

TEST(TemplatesYamlTree, SelfReferenceAndDepthAreErrors) {
  EXPECT_TRUE(detail::read_yaml_tree("a: &x [*x]\n", 16).error);
  std::string deep(100, '[');
  EXPECT_TRUE(detail::read_yaml_tree("a: " + deep + "\n", 16).error);
  detail::YamlResult bad = detail::read_yaml_tree("a: \"open\nb: 1\n", 16);
  ASSERT_TRUE(bad.error);
  EXPECT_NE(bad.error->message.find("quoted scalar"), std::string::npos);
}

constexpr std::string_view k_policy =
    R"({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", )"
    R"("countType": "imageCountMoreThan", "countNumber": 5}, "action": {"type": "expire"}}]})";

TEST(TemplatesPolicyFile, PlainPolicyAndWrapperStayPolicies) {
  PolicyFile plain = read_policy_file(k_policy);
  EXPECT_EQ(plain.kind, PolicyFileKind::policy);
  EXPECT_TRUE(plain.plain.policy);
  PolicyFile broken = read_policy_file("{\"rules\": [}");
  EXPECT_EQ(broken.kind, PolicyFileKind::policy);
  ASSERT_TRUE(broken.diagnostics.has_error());
  EXPECT_EQ(broken.diagnostics.items().back().code, "E0001");
  EXPECT_EQ(broken.diagnostics.items().back().column, 12U);
}

TEST(TemplatesPolicyFile, YamlTemplateNamesRepositoriesAndLocatesErrors) {
  const std::string yaml = std::string("Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n") +
                           "    Properties:\n      RepositoryName: team/app\n" +
                           "      LifecyclePolicy:\n        LifecyclePolicyText: '" +
                           std::string(k_policy.substr(0, k_policy.size() - 3)) +
                           ", \"x\": 1}]}'\n";
  PolicyFile file = read_policy_file(yaml);
  EXPECT_EQ(file.kind, PolicyFileKind::cloudformation);
  ASSERT_EQ(file.embedded.size(), 1U);
  EXPECT_EQ(file.embedded[0].repository, "team/app");
  ASSERT_EQ(file.diagnostics.items().size(), 1U);
  const Diagnostic& d = file.diagnostics.items()[0];
  EXPECT_EQ(d.code, "E0101");
  EXPECT_EQ(d.subject, "Resource Repo (AWS::ECR::Repository)");
  EXPECT_EQ(d.line, 7U);
  // The column of `"x"` on line 7, counted in the file.
  const std::size_t line_start = yaml.rfind('\n', yaml.find("\"x\"")) + 1;
  EXPECT_EQ(d.column, yaml.find("\"x\"") - line_start + 1);
}

TEST(TemplatesPolicyFile, TerraformUnknownIsAWarning) {
  const std::string plan =
      R"({"format_version": "1.2", "terraform_version": "1.9.0", "resource_changes": [)"
      R"({"address": "aws_ecr_lifecycle_policy.x", "mode": "managed", "type": )"
      R"("aws_ecr_lifecycle_policy", "change": {"actions": ["create"], "after": {}, )"
      R"("after_unknown": {"policy": true, "repository": true}}}]})";
  PolicyFile file = read_policy_file(plan);
  EXPECT_EQ(file.kind, PolicyFileKind::terraform_plan);
  ASSERT_EQ(file.embedded.size(), 1U);
  EXPECT_FALSE(file.embedded[0].deploy_time.empty());
  EXPECT_FALSE(file.embedded[0].unnamed_reason.empty());
  ASSERT_EQ(file.diagnostics.items().size(), 1U);
  EXPECT_EQ(file.diagnostics.items()[0].code, "W0302");
  EXPECT_EQ(file.diagnostics.items()[0].subject, "aws_ecr_lifecycle_policy.x");
}

TEST(TemplatesPolicyFile, TemplateWithoutPolicyIsANote) {
  PolicyFile file = read_policy_file("Resources:\n  B:\n    Type: AWS::S3::Bucket\n");
  ASSERT_EQ(file.diagnostics.items().size(), 1U);
  EXPECT_EQ(file.diagnostics.items()[0].severity, Severity::note);
  EXPECT_FALSE(file.diagnostics.has_error());
}

TEST(TemplatesPolicyFile, EveryPrefixOfATemplateIsSafe) {
  const std::string yaml =
      "Resources:\n  R:\n    Type: AWS::ECR::Repository\n    Properties:\n"
      "      LifecyclePolicy:\n        LifecyclePolicyText: !Sub |\n          " +
      std::string(k_policy) + "\n";
  for (std::size_t n = 0; n <= yaml.size(); ++n) {
    PolicyFile file = read_policy_file(yaml.substr(0, n));
    for (const Diagnostic& d : file.diagnostics.items()) {
      EXPECT_LE(d.line, 8U);
    }
  }
}

}  // namespace
}  // namespace ecrlc
