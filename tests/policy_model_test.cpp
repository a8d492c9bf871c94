// Tag pattern matching and enum spellings of the policy model.
#include <gtest/gtest.h>

#include <string>

#include "ecrlc/policy.hpp"

namespace ecrlc {
namespace {

struct PatternCase {
  const char* pattern;
  const char* tag;
  bool matches;
};

class MatchesPattern : public ::testing::TestWithParam<PatternCase> {};

TEST_P(MatchesPattern, WholeTagMatch) {
  const auto& c = GetParam();
  EXPECT_EQ(matches_pattern(c.pattern, c.tag), c.matches) << c.pattern << " vs " << c.tag;
}

constexpr PatternCase k_pattern_cases[] = {
    {"prod", "prod", true},
    {"prod", "prod1", false},
    {"prod", "xprod", false},
    {"prod*", "prod", true},
    {"prod*", "production", true},
    {"*prod", "myprod", true},
    {"*prod", "prodx", false},
    {"*", "anything", true},
    {"*", "", true},
    {"v*.*.*", "v1.2.3", true},
    {"v*.*.*", "v1.2", false},
    {"*test*", "latest", true},
    {"a*b*c", "abc", true},
    {"a*b*c", "aXbYc", true},
    {"a*b*c", "acb", false},
    {"**", "x", true},
    {"Prod*", "prod", false},
    {"*-rc*", "v1-rc2", true},
    {"a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
};

INSTANTIATE_TEST_SUITE_P(Cases, MatchesPattern, ::testing::ValuesIn(k_pattern_cases));

TEST(PolicySpellings, MatchJsonAndApi) {
  EXPECT_EQ(to_json(CountType::since_image_transitioned), "sinceImageTransitioned");
  EXPECT_EQ(to_json(TagStatus::untagged), "untagged");
  EXPECT_EQ(to_api(ActionType::transition), "TRANSITION");
  EXPECT_EQ(to_api(StorageClass::archive), "ARCHIVE");
}

}  // namespace
}  // namespace ecrlc
