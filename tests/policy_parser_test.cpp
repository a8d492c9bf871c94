// policy_parser: every validation rule with its exact diagnostic, wrapper offsets, locations.
#include "ecrlc/policy_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ecrlc {

// Readable failures: `line:column: code pointer: message`.
void PrintTo(const Diagnostic& d, std::ostream* out) {
  *out << d.line << ':' << d.column << ": " << d.code << ' ' << d.pointer << ": " << d.message;
}

namespace {

// A valid rule with one field replaced by `field` (the JSON text after the key).
std::string policy_with(std::string selection, std::string action = R"({"type": "expire"})",
                        std::string priority = "1") {
  return "{\"rules\": [{\"rulePriority\": " + priority +
         ", \"description\": \"a description long enough for the 100 character minimum\", "
         "\"selection\": " +
         selection + ", \"action\": " + action + "}]}";
}

const std::string k_untagged =
    R"({"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14})";

struct Expected {
  std::string code;
  std::string pointer;
  std::string marker;  // the diagnostic is at the first occurrence of this text (line 1)
  std::string message;
  std::size_t column = 0;  // when set, overrides the marker
};

struct ParseCase {
  const char* name;
  std::string text;
  std::vector<Expected> expected;
};

// Single-line texts: the column is where `marker` first occurs, found independently of the
// parser; an empty marker means 1:1.
const std::vector<ParseCase> k_cases = {
    {"Valid", policy_with(k_untagged), {}},
    {"PriorityString",
     policy_with(k_untagged, R"({"type": "expire"})", "\"one\""),
     {{"E0102", "/rules/0/rulePriority", "\"one\"", "expected an integer, got a string"}}},
    {"PriorityFloat",
     policy_with(k_untagged, R"({"type": "expire"})", "1.0"),
     {{"E0106", "/rules/0/rulePriority", "1.0", "expected an integer, got 1.0"}}},
    {"PriorityZero",
     policy_with(k_untagged, R"({"type": "expire"})", "0"),
     {{"E0107", "/rules/0/rulePriority", "0,", "expected an integer from 1 to 2147483647, got 0"}}},
    {"PriorityNegativeZero",
     policy_with(k_untagged, R"({"type": "expire"})", "-0"),
     {{"E0107", "/rules/0/rulePriority", "-0",
       "expected an integer from 1 to 2147483647, got -0"}}},
    {"PriorityHuge",
     policy_with(k_untagged, R"({"type": "expire"})", "18446744073709551617"),
     {{"E0107", "/rules/0/rulePriority", "1844",
       "expected an integer from 1 to 2147483647, got 18446744073709551617"}}},
    {"ExponentOverflow",
     policy_with(k_untagged, R"({"type": "expire"})", "1e400"),
     {{"E0106", "/rules/0/rulePriority", "1e400", "expected an integer, got 1e400"}}},
    {"NullAction",
     policy_with(k_untagged, "null"),
     {{"E0103", "/rules/0/action", "null", "expected an object, got null"}}},
    {"UnknownActionKey",
     policy_with(k_untagged, R"({"type": "expire", "when": 1})"),
     {{"E0101", "/rules/0/action/when", "\"when\"",
       R"(expected one of "type", "targetStorageClass", got unknown key "when")"}}},
    {"DuplicateKey",
     policy_with(k_untagged, R"({"type": "expire", "type": "expire"})"),
     {{"E0104", "/rules/0/action/type", "\"type\": \"expire\"}",
       R"(expected each key once in an object, got "type" again)"}}},
    {"MissingActionType",
     policy_with(k_untagged, "{}"),
     {{"E0105", "/rules/0/action", "{}", R"(expected required key "type", got none)"}}},
    {"WrongTypeInList",
     policy_with(
         R"({"tagStatus": "tagged", "tagPrefixList": ["a", false], "countType": "imageCountMoreThan", "countNumber": 1})"),
     {{"E0102", "/rules/0/selection/tagPrefixList/1", "false",
       "expected a string, got a boolean"}}},
    {"BadEnum",
     policy_with(R"({"tagStatus": "all", "countType": "imageCountMoreThan", "countNumber": 1})"),
     {{"E0108", "/rules/0/selection/tagStatus", "\"all\"",
       R"(expected one of "tagged", "untagged", "any", got "all")"}}},
    {"TaggedWithoutList",
     policy_with(R"({"tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1})"),
     {{"E0202", "/rules/0/selection", "{\"tagStatus",
       R"(expected tagPrefixList or tagPatternList with tagStatus "tagged", got neither)"}}},
    {"UntaggedWithPrefixes",
     policy_with(
         R"({"tagStatus": "untagged", "tagPrefixList": ["a"], "countType": "imageCountMoreThan", "countNumber": 1})"),
     {{"E0203", "/rules/0/selection/tagPrefixList", "[\"a\"]",
       R"(expected no tagPrefixList with tagStatus "untagged", got one)"}}},
    {"BothLists",
     policy_with(
         R"({"tagStatus": "tagged", "tagPrefixList": ["a"], "tagPatternList": ["a*"], "countType": "imageCountMoreThan", "countNumber": 1})"),
     {{"E0204", "/rules/0/selection/tagPatternList", "[\"a*\"]",
       "expected only one of tagPrefixList and tagPatternList in a rule, got both"}}},
    {"FiveWildcards",
     policy_with(
         R"({"tagStatus": "tagged", "tagPatternList": ["*a*b*c*d*"], "countType": "imageCountMoreThan", "countNumber": 1})"),
     {{"E0205", "/rules/0/selection/tagPatternList/0", "\"*a*",
       "expected at most 4 '*' wildcards in a pattern, got 5"}}},
    {"CountUnitMissing",
     policy_with(R"({"tagStatus": "any", "countType": "sinceImagePushed", "countNumber": 1})"),
     {{"E0209", "/rules/0/selection", "{\"tagStatus",
       R"(expected required key "countUnit" with countType "sinceImagePushed", got none)"}}},
    {"PulledWithExpire",
     policy_with(
         R"({"tagStatus": "any", "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 1})"),
     {{"E0211", "/rules/0/selection/countType", "\"sinceImagePulled",
       R"(expected action type "transition" with countType "sinceImagePulled", got "expire")"}}},
    {"TransitionedUnder90Days",
     policy_with(
         R"({"tagStatus": "any", "storageClass": "archive", "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 89})"),
     {{"E0212", "/rules/0/selection/countNumber", "89",
       R"(expected a countNumber of at least 90 with countType "sinceImageTransitioned", got 89)"}}},
    {"TransitionWithoutTarget",
     policy_with(
         R"({"tagStatus": "any", "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 1})",
         R"({"type": "transition"})"),
     {{"E0213", "/rules/0/action", "{\"type\": \"transition",
       R"(expected required key "targetStorageClass" with action type "transition", got none)"}}},
    // A text under 100 characters always has another fault: its length is no second error.
    {"TooShort",
     R"({"rules": []})",
     {{"E0109", "/rules", "[]", "expected at least one rule, got an empty array"}}},
    {"NullDocumentIsOneError", "null", {{"E0103", "", "", "expected an object, got null"}}},
    // The tie is E0201's fault; E0206 (the any rule is not last) would only repeat it.
    {"TiedPriorityWithAnyRule",
     R"({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 9}, "action": {"type": "expire"}}, {"rulePriority": 1, "selection": )" +
         k_untagged + R"(, "action": {"type": "expire"}}]})",
     {{"E0201", "/rules/1/rulePriority", "1, \"selection\": {\"tagStatus\": \"untagged",
       "expected a rulePriority unique in the policy, got 1 as in /rules/0"}}},
    {"UnknownKeyNamesTheClosest",
     policy_with(
         R"({"tagStatus": "tagged", "tagPrefixlist": ["v"], "countType": "imageCountMoreThan", "countNumbr": 5})"),
     {{"E0101", "/rules/0/selection/tagPrefixlist", "\"tagPrefixlist",
       R"(expected one of "tagStatus", "tagPrefixList", "tagPatternList", "storageClass", "countType", "countUnit", "countNumber", got unknown key "tagPrefixlist" (did you mean tagPrefixList?))"},
      {"E0101", "/rules/0/selection/countNumbr", "\"countNumbr",
       R"(expected one of "tagStatus", "tagPrefixList", "tagPatternList", "storageClass", "countType", "countUnit", "countNumber", got unknown key "countNumbr" (did you mean countNumber?))"}}},
    {"UnknownEnumValueNamesTheClosest",
     policy_with(R"({"tagStatus": "untaged", "countType": "imageCountMoreThan", "countNumber": 5})",
                 R"({"type": "expires"})"),
     {{"E0108", "/rules/0/selection/tagStatus", "\"untaged",
       R"(expected one of "tagged", "untagged", "any", got "untaged" (did you mean untagged?))"},
      {"E0108", "/rules/0/action/type", "\"expires",
       R"(expected one of "expire", "transition", got "expires" (did you mean expire?))"}}},
    {"SyntaxStopsEarly",
     policy_with(k_untagged, R"({"type": "expire",})", "\"one\""),
     {{"E0001", "", "}}]}", "expected a string key, got '}'"}}},
    {"InvalidUtf8",
     policy_with(k_untagged) + "\xFF",
     {{"E0002", "", "\xFF", "expected UTF-8 text, got byte 0xff"}}},
    {"NulByte",
     std::string("{\"rules\": \0", 11) + std::string(100, ' '),
     {{"E0001", "", std::string(1, '\0'), "expected a JSON value, got a NUL byte"}}},
    {"Empty", "", {{"E0001", "", "", "expected a JSON value, got end of input"}}},
    {"DeepNesting",
     std::string(1000, '['),
     {{"E0003", "", "", "expected at most 64 nested arrays and objects, got deeper nesting", 65}}},
};

class ParsePolicy : public testing::TestWithParam<ParseCase> {};

TEST_P(ParsePolicy, ReportsExactDiagnostics) {
  const ParseCase& c = GetParam();
  ParsedPolicy parsed = parse_policy(c.text);
  std::vector<Diagnostic> expected;
  for (const Expected& e : c.expected) {
    std::size_t column = e.column != 0      ? e.column
                         : e.marker.empty() ? 1
                                            : c.text.find(e.marker) + 1;
    expected.push_back({Severity::error, e.code, e.pointer, 1, column, e.message, {}});
  }
  EXPECT_EQ(parsed.diagnostics.items(), expected);
  EXPECT_EQ(parsed.policy.has_value(), c.expected.empty());
}

INSTANTIATE_TEST_SUITE_P(Rules, ParsePolicy, testing::ValuesIn(k_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ParsePolicyModel, SortsRulesByPriorityAndKeepsDocumentIndex) {
  std::string text = R"({"rules": [
  {"rulePriority": 20, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 100}, "action": {"type": "expire"}},
  {"rulePriority": 10, "description": "prod", "selection": {"tagStatus": "tagged", "tagPatternList": ["prod-*"], "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 30}, "action": {"type": "transition", "targetStorageClass": "archive"}}
]})";
  ParsedPolicy parsed = parse_policy(text);
  ASSERT_TRUE(parsed.policy) << parsed.diagnostics.items().front().message;
  const auto& rules = parsed.policy->rules;
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].priority, 10);
  EXPECT_EQ(rules[0].document_index, 1u);
  EXPECT_EQ(rules[0].description, "prod");
  EXPECT_EQ(rules[0].tag_status, TagStatus::tagged);
  EXPECT_EQ(rules[0].tag_patterns, std::vector<std::string>{"prod-*"});
  EXPECT_EQ(rules[0].count_type, CountType::since_image_pulled);
  EXPECT_EQ(rules[0].count_number, 30);
  EXPECT_EQ(rules[0].action, ActionType::transition);
  EXPECT_EQ(rules[0].target_storage_class, StorageClass::archive);
  EXPECT_EQ(rules[1].priority, 20);
  EXPECT_EQ(rules[1].document_index, 0u);
  EXPECT_EQ(rules[1].tag_status, TagStatus::any);
  EXPECT_FALSE(rules[1].target_storage_class);
  EXPECT_EQ(parsed.policy->text, text);
  EXPECT_FALSE(parsed.wrapped);
}

TEST(ParsePolicyLocations, RecordsEveryValueRead) {
  std::string text =
      "{\"rules\": [\n  {\"rulePriority\": 1,\n   \"selection\": {\"tagStatus\": "
      "\"tagged\", \"tagPrefixList\": [\"a\", \"b\"], \"countType\": "
      "\"imageCountMoreThan\", \"countNumber\": 5},\n   \"action\": {\"type\": "
      "\"expire\"}}\n]}";
  ParsedPolicy parsed = parse_policy(text);
  ASSERT_TRUE(parsed.policy);
  auto at = [&](const std::string& pointer) {
    auto it = parsed.locations.find(pointer);
    return it == parsed.locations.end()
               ? std::string("missing")
               : std::to_string(it->second.line) + ":" + std::to_string(it->second.column);
  };
  EXPECT_EQ(at(""), "1:1");
  EXPECT_EQ(at("/rules"), "1:11");
  EXPECT_EQ(at("/rules/0"), "2:3");
  EXPECT_EQ(at("/rules/0/rulePriority"), "2:20");
  EXPECT_EQ(at("/rules/0/selection"), "3:17");
  EXPECT_EQ(at("/rules/0/selection/tagStatus"), "3:31");
  EXPECT_EQ(at("/rules/0/selection/tagPrefixList"), "3:58");
  EXPECT_EQ(at("/rules/0/selection/tagPrefixList/1"), "3:64");
  EXPECT_EQ(at("/rules/0/selection/countNumber"), "3:120");
  EXPECT_EQ(at("/rules/0/action/type"), "4:23");
  EXPECT_EQ(parsed.locations.size(), 13u);  // every value, containers included
  // locate() falls back to the closest recorded ancestor.
  EXPECT_EQ(parsed.locate("/rules/0/selection/countUnit").column, 17u);
  EXPECT_EQ(parsed.locate("/nothing").line, 1u);
}

// get-lifecycle-policy output: positions inside lifecyclePolicyText are outer positions,
// with \n, \" and \u00e9 escapes before the offending value.
TEST(ParsePolicyWrapper, MapsInnerOffsetsThroughEscapes) {
  std::string inner_prefix =
      R"({\n\"rules\": [{\"rulePriority\": 1, \"description\": \"caf\u00e9 \\\"q\\\"\", )";
  std::string text =
      "{\n  \"repositoryName\": \"app\",\n  \"lifecyclePolicyText\": \"" + inner_prefix +
      R"(\"selection\": {\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countNumber\": \"5\"}, \"action\": {\"type\": \"expire\"}}]}"
})";
  ParsedPolicy parsed = parse_policy(text);
  EXPECT_TRUE(parsed.wrapped);
  EXPECT_EQ(parsed.repository_name, "app");
  ASSERT_EQ(parsed.diagnostics.items().size(), 1u);
  const Diagnostic& d = parsed.diagnostics.items()[0];
  EXPECT_EQ(d.code, "E0102");
  EXPECT_EQ(d.pointer, "/rules/0/selection/countNumber");
  EXPECT_EQ(d.line, 3u);
  // The outer column of the backslash that opens \"5\".
  std::string line3 = text.substr(text.find("  \"lifecyclePolicyText\""));
  std::size_t column = line3.find(R"(\"5\")") + 1;
  EXPECT_EQ(d.column, column);
  EXPECT_EQ(parsed.locate("/rules/0/description").column, line3.find(R"(\"caf)") + 1);
}

TEST(ParsePolicyWrapper, ReadsValidWrapper) {
  std::string policy =
      R"({\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":7},\"action\":{\"type\":\"expire\"}}]})";
  std::string text =
      R"({"registryId": "123456789012", "repositoryName": "r", "lifecyclePolicyText": ")" + policy +
      R"(", "lastEvaluatedAt": 1565128275.0})";
  ParsedPolicy parsed = parse_policy(text);
  ASSERT_TRUE(parsed.policy);
  EXPECT_EQ(parsed.registry_id, "123456789012");
  EXPECT_EQ(parsed.policy->rules.at(0).count_number, 7);
  EXPECT_EQ(parsed.policy->text.substr(0, 12), R"({"rules":[{")");
}

// A byte order mark before the document is accepted, as the AWS CLI accepts it, and is not
// part of line 1: columns are those of the same file without it (as the inventory reader's).
TEST(ParsePolicyByteOrderMark, IsAcceptedAndNotCountedInColumns) {
  const std::string bom = "\xEF\xBB\xBF";
  ParsedPolicy valid = parse_policy(bom + policy_with(k_untagged));
  EXPECT_TRUE(valid.diagnostics.empty());
  ASSERT_TRUE(valid.policy);
  EXPECT_EQ(valid.policy->text, policy_with(k_untagged));  // what ECR gets

  const std::string invalid = policy_with(k_untagged, R"({"type": "expire"})", "\"one\"");
  ParsedPolicy plain = parse_policy(invalid);
  ParsedPolicy marked = parse_policy(bom + invalid);
  ASSERT_EQ(plain.diagnostics.items().size(), 1u);
  EXPECT_EQ(plain.diagnostics.items()[0].column, invalid.find("\"one\"") + 1);
  EXPECT_EQ(marked.diagnostics.items(), plain.diagnostics.items());
  EXPECT_EQ(marked.locate("/rules/0/rulePriority").column,
            plain.locate("/rules/0/rulePriority").column);
}

TEST(ParsePolicyByteOrderMark, WrapperWithMarkIsReadButMarkInsidePolicyTextIsNot) {
  const std::string policy =
      R"({\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":7},\"action\":{\"type\":\"expire\"}}]})";
  auto wrapper = [](const std::string& text) {
    return R"({"repositoryName": "r", "lifecyclePolicyText": ")" + text + "\"}";
  };
  ParsedPolicy marked = parse_policy("\xEF\xBB\xBF" + wrapper(policy));
  EXPECT_TRUE(marked.diagnostics.empty());
  EXPECT_TRUE(marked.policy);
  EXPECT_EQ(marked.repository_name, "r");
  // ECR would get the mark inside the text: that is still an error.
  ParsedPolicy inner = parse_policy(wrapper("\\ufeff" + policy));
  ASSERT_FALSE(inner.diagnostics.empty());
  EXPECT_EQ(inner.diagnostics.items()[0].code, "E0005");
  EXPECT_FALSE(inner.policy);
}

TEST(ParsePolicyLimits, RejectsHugeInputUnread) {
  // Refused on its size alone (one diagnostic, nothing parsed); the hostile-input test bounds
  // the time of the whole command.
  std::string text(100u << 20, ' ');
  ParsedPolicy parsed = parse_policy(text);
  ASSERT_EQ(parsed.diagnostics.items().size(), 1u);
  EXPECT_EQ(parsed.diagnostics.items()[0].message,
            "expected a policy text of at most 30720 characters, got 104857600 bytes");
}

TEST(ParsePolicyLimits, CountsCharactersNotBytes) {
  // 30,720 characters but more bytes: each é is two bytes and one character.
  std::string text = policy_with(k_untagged);
  std::string description = "a description long enough for the 100 character minimum";
  std::size_t fixed = text.size() - description.size();
  std::string accents;
  for (std::size_t i = fixed; i < 30'720; ++i) {
    accents += "\xC3\xA9";
  }
  std::string exact = text;
  exact.replace(exact.find(description), description.size(), accents);
  ASSERT_GT(exact.size(), 30'720u);
  EXPECT_TRUE(parse_policy(exact).policy);
  std::string over = exact;
  over.replace(over.find("\xC3\xA9"), 0, "x");
  ParsedPolicy parsed = parse_policy(over);
  ASSERT_EQ(parsed.diagnostics.items().size(), 1u);
  EXPECT_EQ(parsed.diagnostics.items()[0].message,
            "expected a policy text of at most 30720 characters, got 30721");
}

}  // namespace
}  // namespace ecrlc
