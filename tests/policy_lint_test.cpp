// Lint warnings: one table row per warning, policy text in, exact diagnostics out.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "ecrlc/lint.hpp"
#include "ecrlc/policy_parser.hpp"

namespace ecrlc {
namespace {

struct Expected {
  std::string code;
  std::string pointer;
  std::size_t line;
  std::size_t column;
  std::string message;

  friend bool operator==(const Expected&, const Expected&) = default;
  friend std::ostream& operator<<(std::ostream& out, const Expected& e) {
    return out << e.line << ":" << e.column << " " << e.code << " " << e.pointer << " "
               << e.message;
  }
};

struct LintCase {
  std::string name;
  std::string policy;
  std::vector<Expected> expected;

  friend void PrintTo(const LintCase& c, std::ostream* out) { *out << c.name; }
};

std::vector<Expected> lint_text(const std::string& text) {
  const ParsedPolicy parsed = parse_policy(text);
  std::vector<Expected> actual;
  for (const auto& d : parsed.diagnostics.items()) {
    actual.push_back({d.code, d.pointer, d.line, d.column, "unexpected parse error: " + d.message});
  }
  Diagnostics warnings;
  lint_policy(parsed, warnings);
  warnings.sort();
  for (const auto& d : warnings.items()) {
    EXPECT_EQ(d.severity, Severity::warning);
    actual.push_back({d.code, d.pointer, d.line, d.column, d.message});
  }
  return actual;
}

class LintWarnings : public ::testing::TestWithParam<LintCase> {};

TEST_P(LintWarnings, ExactDiagnostics) {
  EXPECT_EQ(lint_text(GetParam().policy), GetParam().expected);
}

// A rule for untagged images, appended so that W0003 stays quiet where it is not the subject.
constexpr const char* k_untagged_rule =
    R"({"rulePriority": 90, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}})";

// Policy text with the rules given one per line (line 2 onwards).
std::string policy(const std::vector<std::string>& rules) {
  std::string text = "{\"rules\": [\n";
  for (std::size_t i = 0; i < rules.size(); ++i) {
    text += "  " + rules[i] + (i + 1 < rules.size() ? ",\n" : "\n");
  }
  return text + "]}\n";
}

std::string tagged(
    int priority, const std::string& list, const std::string& entries,
    const std::string& count = R"("countType": "imageCountMoreThan", "countNumber": 10)") {
  return R"({"rulePriority": )" + std::to_string(priority) +
         R"(, "selection": {"tagStatus": "tagged", ")" + list + R"(": [)" + entries + "], " +
         count + R"(}, "action": {"type": "expire"}})";
}

// W0009: a policy of `length` characters (a long description fills it up).
std::string long_policy(std::size_t length) {
  const std::string head = R"({"rules": [{"rulePriority": 1, "description": ")";
  const std::string tail =
      R"(", "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 100}, "action": {"type": "expire"}}]})";
  return head + std::string(length - head.size() - tail.size(), 'x') + tail;
}

// W0010: `count` rules with distinct prefixes and an untagged rule last.
std::string many_rules(int count) {
  std::vector<std::string> rules;
  for (int i = 1; i < count; ++i) {
    rules.push_back(tagged(i, "tagPrefixList", "\"r" + std::to_string(i) + "-\""));
  }
  rules.emplace_back(k_untagged_rule);
  return policy(rules);
}

const std::vector<LintCase>& lint_cases() {
  static const std::vector<LintCase> cases = {
      {"CleanPolicy", policy({tagged(1, "tagPrefixList", R"("prod")"), k_untagged_rule}), {}},
      {"ShadowedByShorterPrefix",
       policy({tagged(1, "tagPrefixList", R"("v")"),
               tagged(2, "tagPrefixList", R"("v1")",
                      R"("countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30)"),
               k_untagged_rule}),
       {{"W0001", "/rules/1", 3, 3,
         "this rule can never act: every image it selects is already selected by the rule with "
         "rulePriority 1, which is applied first"}}},
      {"ShadowedInDocumentOrder",
       policy({tagged(2, "tagPrefixList", R"("v1")"), tagged(1, "tagPrefixList", R"("v")"),
               k_untagged_rule}),
       {{"W0001", "/rules/0", 2, 3,
         "this rule can never act: every image it selects is already selected by the rule with "
         "rulePriority 1, which is applied first"}}},
      {"PatternShadowedByPrefix",
       policy({tagged(1, "tagPrefixList", R"("release-")"),
               tagged(2, "tagPatternList", R"("release-*-final")"), k_untagged_rule}),
       {{"W0001", "/rules/1", 3, 3,
         "this rule can never act: every image it selects is already selected by the rule with "
         "rulePriority 1, which is applied first"}}},
      {"AnyShadowedByTwoRules",
       policy(
           {R"({"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}})",
            tagged(2, "tagPatternList", R"("*")"),
            R"({"rulePriority": 3, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 500}, "action": {"type": "expire"}})"}),
       {{"W0001", "/rules/2", 4, 3,
         "this rule can never act: every image it selects is already selected by the rules with "
         "rulePriority 1 and 2, which are applied first"}}},
      {"AndedListNotShadowingSharedPrefix",
       policy({tagged(1, "tagPrefixList", R"("prod", "eu")"),
               tagged(2, "tagPrefixList", R"("prod")"), k_untagged_rule}),
       {{"W0002", "/rules/0/selection/tagPrefixList", 2, 77,
         "the entries of tagPrefixList are ANDed: this rule selects only images with a tag "
         "starting with \"prod\" and a tag starting with \"eu\"; use one rule per entry to select "
         "images with any of them"},
        {"W0007", "/rules/1/selection/tagPrefixList/0", 3, 78,
         "tag prefix \"prod\" is also in the tagPrefixList of the rule with rulePriority 1, which "
         "decides for the images that both rules select"}}},
      {"SharedPattern",
       policy({tagged(1, "tagPatternList", R"("*-rc*", "v2*")"),
               tagged(2, "tagPatternList", R"("*-rc*")"), k_untagged_rule}),
       {{"W0002", "/rules/0/selection/tagPatternList", 2, 78,
         "the entries of tagPatternList are ANDed: this rule selects only images with a tag "
         "matching \"*-rc*\" and a tag matching \"v2*\"; use one rule per entry to select images "
         "with any of them"},
        {"W0008", "/rules/1/selection/tagPatternList/0", 3, 79,
         "tag pattern \"*-rc*\" is also in the tagPatternList of the rule with rulePriority 1, "
         "which decides for the images that both rules select"}}},
      {"NoUntaggedRule",
       policy({tagged(1, "tagPrefixList", R"("prod")")}),
       {{"W0003", "/rules", 1, 11,
         "no rule selects untagged images, so this policy never cleans them up; add a rule with "
         "\"tagStatus\": \"untagged\""}}},
      {"AnyWithAge",
       policy(
           {R"({"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 90}, "action": {"type": "expire"}})"}),
       {{"W0004", "/rules/0/selection/tagStatus", 2, 50,
         "this rule expires every image pushed more than 90 days ago, tagged or not, including "
         "releases that may still be deployed; protect them with a higher-priority rule"}}},
      // The aws-cdk README's keep-prod example: rule 1 protects prod images from rule 2.
      {"AnyWithAgeAfterKeepRule",
       policy(
           {tagged(1, "tagPrefixList", R"("prod")",
                   R"("countType": "imageCountMoreThan", "countNumber": 9999)"),
            R"({"rulePriority": 2, "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30}, "action": {"type": "expire"}})"}),
       {{"W0004", "/rules/1/selection/tagStatus", 3, 50,
         "this rule expires every image pushed more than 30 days ago that no higher-priority "
         "rule selects: tagged images without a tag starting with \"prod\" (rulePriority 1) and "
         "untagged images, including releases that may still be deployed; protect them with a "
         "higher-priority rule"}}},
      {"AnyWithAgeAfterUntaggedAndTwoKeepRules",
       policy(
           {k_untagged_rule, tagged(91, "tagPrefixList", R"("prod", "eu")"),
            tagged(92, "tagPatternList", R"("v*")"),
            R"({"rulePriority": 93, "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30}, "action": {"type": "expire"}})"}),
       {{"W0002", "/rules/1/selection/tagPrefixList", 3, 78,
         "the entries of tagPrefixList are ANDed: this rule selects only images with a tag "
         "starting with \"prod\" and a tag starting with \"eu\"; use one rule per entry to "
         "select images with any of them"},
        {"W0004", "/rules/3/selection/tagStatus", 5, 51,
         "this rule expires every image pushed more than 30 days ago that no higher-priority "
         "rule selects: tagged images that the rules with rulePriority 91 and 92 do not select, "
         "including releases that may still be deployed; protect them with a higher-priority "
         "rule"}}},
      {"AnyWithAgeAfterEveryTaggedImage",
       policy(
           {tagged(1, "tagPatternList", R"("*")"),
            R"({"rulePriority": 2, "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30}, "action": {"type": "expire"}})"}),
       {}},
      // W0001 says the rule never acts; W0004 (what it would expire) would contradict it.
      {"ShadowedAnyWithAgeGetsOnlyW0001",
       policy(
           {R"({"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}})",
            tagged(2, "tagPatternList", R"("*")"),
            R"({"rulePriority": 3, "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30}, "action": {"type": "expire"}})"}),
       {{"W0001", "/rules/2", 4, 3,
         "this rule can never act: every image it selects is already selected by the rules "
         "with rulePriority 1 and 2, which are applied first"}}},
      {"ArchiveNeverExpired",
       policy(
           {R"({"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPrefixList": ["v"], "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 90}, "action": {"type": "transition", "targetStorageClass": "archive"}})",
            k_untagged_rule}),
       {{"W0017", "/rules/0/action/targetStorageClass", 2, 213,
         "no rule expires archived images, so the images this rule archives stay in the archive "
         "forever, billed for at least 90 days each time one is archived; add a rule with "
         "\"storageClass\": \"archive\" and \"countType\": \"sinceImageTransitioned\""}}},
      {"ArchiveByPushAge",
       policy(
           {R"({"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 90}, "action": {"type": "transition", "targetStorageClass": "archive"}})",
            R"({"rulePriority": 2, "selection": {"tagStatus": "any", "storageClass": "archive", "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 365}, "action": {"type": "expire"}})"}),
       {{"W0018", "/rules/0/selection/countType", 2, 70,
         "this rule archives every image pushed more than 90 days ago, even one that is still "
         "pulled, and an archived image cannot be pulled until it is restored; \"countType\": "
         "\"sinceImagePulled\" archives only images not pulled for 90 days"}}},
      {"UnmatchablePrefixAndPatterns",
       policy({tagged(1, "tagPrefixList", R"("v 1")"), tagged(2, "tagPrefixList", R"("-rc")"),
               tagged(3, "tagPatternList", R"("*/latest")"), k_untagged_rule}),
       {{"W0005", "/rules/0/selection/tagPrefixList/0", 2, 78,
         "tag prefix \"v 1\" can never match: ' ' is not allowed in a tag (letters, digits, '_', "
         "'.', '-'), so this rule selects no image"},
        {"W0005", "/rules/1/selection/tagPrefixList/0", 3, 78,
         "tag prefix \"-rc\" can never match: a tag cannot start with '-', so this rule selects "
         "no image"},
        {"W0005", "/rules/2/selection/tagPatternList/0", 4, 79,
         "tag pattern \"*/latest\" can never match: '/' is not allowed in a tag (letters, digits, "
         "'_', '.', '-'), so this rule selects no image"}}},
      {"EmptyPrefix",
       policy({tagged(1, "tagPrefixList", R"("")"), k_untagged_rule}),
       {{"W0006", "/rules/0/selection/tagPrefixList/0", 2, 78,
         "the empty tag prefix matches every tag; write \"tagPatternList\": [\"*\"] if this rule "
         "is meant to select every tagged image"}}},
      {"LongPolicy",
       long_policy(28'000),
       {{"W0009", "", 1, 1, "the policy is 28000 characters long, close to ECR's limit of 30720"}}},
      {"ManyRules",
       many_rules(45),
       {{"W0010", "/rules", 1, 11, "the policy has 45 rules, close to ECR's limit of 50"}}},
      {"DuplicateEntry",
       policy({tagged(1, "tagPrefixList", R"("prod", "prod")"), k_untagged_rule}),
       {{"W0011", "/rules/0/selection/tagPrefixList/1", 2, 86,
         "duplicate tag prefix \"prod\" (same as entry 0)"}}},
      {"RedundantEntry",
       policy({tagged(1, "tagPrefixList", R"("prod", "prod-eu")"), k_untagged_rule}),
       {{"W0002", "/rules/0/selection/tagPrefixList", 2, 77,
         "the entries of tagPrefixList are ANDed: this rule selects only images with a tag "
         "starting with \"prod\" and a tag starting with \"prod-eu\"; use one rule per entry to "
         "select images with any of them"},
        {"W0012", "/rules/0/selection/tagPrefixList/0", 2, 78,
         "tag prefix \"prod\" is redundant: a tag that starts with \"prod-eu\" (entry 1) also "
         "starts with \"prod\""}}},
      {"SmallAnyCount",
       policy(
           {R"({"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 3}, "action": {"type": "expire"}})"}),
       {{"W0013", "/rules/0/selection/countNumber", 2, 107,
         "this rule expires all but the 3 most recent images, and untagged images, image index "
         "children and signatures count toward that number, so fewer releases may be kept"}}},
      {"AgeBeyondTenYears",
       policy(
           {tagged(1, "tagPrefixList", R"("prod")",
                   R"("countType": "sinceImagePushed", "countUnit": "days", "countNumber": 5000)"),
            k_untagged_rule}),
       {{"W0014", "/rules/0/selection/countNumber", 2, 156,
         "countNumber 5000 is more than 10 years (3650 days), so this rule will practically never "
         "act"}}},
      {"BlankDescription",
       policy(
           {R"({"rulePriority": 1, "description": " ", "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 5}, "action": {"type": "expire"}})"}),
       {{"W0015", "/rules/0/description", 2, 38,
         "the description is blank; say what the rule is for (the ECR console shows it)"}}},
      {"QuickTransition",
       policy(
           {R"({"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPatternList": ["*"], "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 7}, "action": {"type": "transition", "targetStorageClass": "archive"}})",
            k_untagged_rule}),
       {{"W0016", "/rules/0/selection/countNumber", 2, 154,
         "this rule archives images not pulled for 7 days; an archived image cannot be pulled "
         "until it is restored, and images in use are not necessarily pulled often"},
        {"W0017", "/rules/0/action/targetStorageClass", 2, 213,
         "no rule expires archived images, so the images this rule archives stay in the archive "
         "forever, billed for at least 90 days each time one is archived; add a rule with "
         "\"storageClass\": \"archive\" and \"countType\": \"sinceImageTransitioned\""}}},
  };
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Rules, LintWarnings, ::testing::ValuesIn(lint_cases()),
                         [](const auto& info) { return info.param.name; });

// Policies built by hand (no parser): entries that are awkward to write as JSON text. With no
// recorded locations every warning is at 1:1.
Rule tagged_rule(std::int64_t priority, std::vector<std::string> patterns, std::size_t index) {
  Rule rule;
  rule.priority = priority;
  rule.tag_status = TagStatus::tagged;
  rule.tag_patterns = std::move(patterns);
  rule.count_number = 10;
  rule.document_index = index;
  return rule;
}

std::vector<Expected> lint_rules(std::vector<Rule> rules) {
  Rule untagged;
  untagged.priority = 100;
  untagged.tag_status = TagStatus::untagged;
  untagged.document_index = rules.size();
  rules.push_back(untagged);
  ParsedPolicy parsed;
  parsed.policy = LifecyclePolicy{std::move(rules), std::string(200, ' ')};
  Diagnostics warnings;
  lint_policy(parsed, warnings);
  std::vector<Expected> actual;
  for (const auto& d : warnings.items()) {
    actual.push_back({d.code, d.pointer, d.line, d.column, d.message});
  }
  return actual;
}

TEST(LintHandBuilt, PatternLongerThanAnyTag) {
  const std::string pattern = "*" + std::string(301, 'a') + "*";
  const std::vector<Expected> expected = {
      {"W0005", "/rules/0/selection/tagPatternList/0", 1, 1,
       "tag pattern \"" + pattern +
           "\" can never match: it needs 301 characters and ECR tags have at most 300, so this "
           "rule selects no image"}};
  EXPECT_EQ(lint_rules({tagged_rule(1, {pattern}, 0)}), expected);
}

TEST(LintHandBuilt, EmptyPatternAndControlCharacter) {
  const std::vector<Expected> expected = {
      {"W0005", "/rules/0/selection/tagPatternList/0", 1, 1,
       "tag pattern \"\" can never match: it matches only the empty tag, so this rule selects no "
       "image"},
      {"W0005", "/rules/1/selection/tagPatternList/0", 1, 1,
       "tag pattern \"v\\u0009*\" can never match: byte 0x09 is not allowed in a tag (letters, "
       "digits, '_', '.', '-'), so this rule selects no image"}};
  EXPECT_EQ(lint_rules({tagged_rule(1, {""}, 0), tagged_rule(2, {"v\t*"}, 1)}), expected);
}

TEST(LintHandBuilt, EquivalentPatternsReportOnlyTheLaterOne) {
  const std::vector<Expected> expected = {
      {"W0012", "/rules/0/selection/tagPatternList/1", 1, 1,
       "tag pattern \"v**\" is redundant: a tag that matches \"v*\" (entry 0) also matches "
       "\"v**\""},
      {"W0002", "/rules/0/selection/tagPatternList", 1, 1,
       "the entries of tagPatternList are ANDed: this rule selects only images with a tag "
       "matching \"v*\" and a tag matching \"v**\"; use one rule per entry to select images "
       "with any of them"}};
  EXPECT_EQ(lint_rules({tagged_rule(1, {"v*", "v**"}, 0)}), expected);
}

TEST(LintHandBuilt, DifferentStorageClassesDoNotShadow) {
  Rule archive = tagged_rule(2, {"*"}, 1);
  archive.storage_class = StorageClass::archive;
  archive.count_type = CountType::since_image_transitioned;
  archive.count_number = 90;
  EXPECT_EQ(lint_rules({tagged_rule(1, {"*"}, 0), archive}), std::vector<Expected>{});
}

TEST(LintHandBuilt, InvalidPolicyGetsNoWarnings) {
  ParsedPolicy parsed;
  Diagnostics warnings;
  lint_policy(parsed, warnings);
  EXPECT_TRUE(warnings.empty());
}

}  // namespace
}  // namespace ecrlc
