// Tests of horizon forecasts and duration parsing.
#include <gtest/gtest.h>

#include "ecrlc/forecast.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/policy_parser.hpp"

namespace ecrlc {
namespace {

TEST(ParseDuration, AcceptsUnitsAndSums) {
  EXPECT_EQ(*parse_duration("14d"), 14 * k_micros_per_day);
  EXPECT_EQ(*parse_duration("36h"), 36 * 3600 * k_micros_per_second);
  EXPECT_EQ(*parse_duration("1d12h"), 36 * 3600 * k_micros_per_second);
  EXPECT_EQ(*parse_duration("2w"), 14 * k_micros_per_day);
  EXPECT_EQ(*parse_duration("90m"), 5400 * k_micros_per_second);
  EXPECT_EQ(*parse_duration("45s"), 45 * k_micros_per_second);
}

TEST(ParseDuration, RejectsMalformed) {
  const std::string expected =
      "expected a duration like 14d, 36h or 1d12h (units w, d, h, m, s), got ";
  EXPECT_EQ(parse_duration("").error().message,
            "expected a duration like 14d or 36h, got an empty string");
  for (const char* text : {"14", "d", "14x", "-1d", "1.5d", "14d "}) {
    EXPECT_EQ(parse_duration(text).error().message, expected + text) << text;
  }
  EXPECT_EQ(parse_duration("0d").error().message, "duration 0d is zero");
  EXPECT_EQ(parse_duration("99999w").error().message, "duration 99999w is longer than 100 years");
}

constexpr Micros k_now = 1'748'736'000 * k_micros_per_second;  // 2025-06-01T00:00:00Z

std::string image(unsigned id, const std::string& tags, const std::string& pushed,
                  const std::string& extra = "") {
  char digest[65];
  std::snprintf(digest, sizeof digest, "%064x", id);
  return "{\"repositoryName\": \"app\", \"imageDigest\": \"sha256:" + std::string(digest) +
         "\", \"imageTags\": [" + tags + "], \"imagePushedAt\": \"" + pushed +
         "\", \"imageSizeInBytes\": 1" + extra + "}";
}

std::string digest_text(unsigned id) {
  char digest[65];
  std::snprintf(digest, sizeof digest, "%064x", id);
  return "sha256:" + std::string(digest);
}

class Forecast : public testing::Test {
 protected:
  void SetUp() override {
    // Built with append(): GCC 12 reports a false -Wrestrict on `"[" + string`.
    const std::vector<std::string> images = {
        image(1, "\"multi-1\"", "2025-05-15T00:00:00Z",
              ", \"childImageDigests\": [\"" + digest_text(2) + "\"]"),
        image(2, "", "2025-05-15T00:00:00Z"),
        image(3, "\"sig\"", "2025-05-15T00:00:00Z",
              ", \"subjectManifestDigest\": \"" + digest_text(1) + "\""),
        image(4, "", "2025-05-28T12:00:00Z"),
        image(5, "", "2025-05-20T00:00:00Z"),
        image(6, "\"old-1\"", "2025-05-10T00:00:00Z"),
        image(7, "\"keep\"", "2025-01-01T00:00:00Z")};
    std::string json;
    json.append("[");
    for (std::size_t k = 0; k < images.size(); ++k) {
      json.append(k == 0 ? "" : ",").append(images[k]);
    }
    json.append("]");
    InventoryBuilder builder;
    ASSERT_TRUE(builder.add("inventory.json", json));
    m_inventory = builder.finish();
    ParsedPolicy parsed = parse_policy(R"({"rules": [
      {"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
       "countUnit": "days", "countNumber": 7}, "action": {"type": "expire"}},
      {"rulePriority": 2, "selection": {"tagStatus": "tagged", "tagPrefixList": ["old"],
       "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30},
       "action": {"type": "transition", "targetStorageClass": "archive"}},
      {"rulePriority": 3, "selection": {"tagStatus": "tagged", "tagPrefixList": ["multi"],
       "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 20},
       "action": {"type": "expire"}}]})");
    ASSERT_TRUE(parsed.policy);
    m_policy = *parsed.policy;
  }

  std::vector<std::string> forecast(const std::string& horizon) {
    const auto& repository = m_inventory.repositories.at(0);
    std::vector<std::string> lines;
    for (const ForecastEntry& e :
         forecast_repository(m_policy, repository, EvalContext{k_now}, *parse_duration(horizon))) {
      lines.push_back(repository.images[e.image].digest.to_string().substr(69) + " " +
                      format_utc(e.at) + " " + std::string(to_json(e.action)) + " rule " +
                      std::to_string(e.rule) + (e.referrer ? " referrer" : ""));
    }
    return lines;
  }

  Inventory m_inventory;
  LifecyclePolicy m_policy;
};

// Image 5 expires already (not listed). The child 2 is past its own threshold but its index
// 1 survives until 1 crosses 20 days: both go at that instant, with 1's referrer 3.
TEST_F(Forecast, ExactDates) {
  EXPECT_EQ(forecast("7d"),
            (std::vector<std::string>{"01 2025-06-04T00:00:00.000001Z expire rule 3",
                                      "02 2025-06-04T00:00:00.000001Z expire rule 1",
                                      "03 2025-06-04T00:00:00.000001Z expire rule 3 referrer",
                                      "04 2025-06-04T12:00:00.000001Z expire rule 1"}));
  EXPECT_EQ(forecast("9d").back(), "06 2025-06-09T00:00:00.000001Z transition rule 2");
  EXPECT_EQ(forecast("9d").size(), 5U);
  // The horizon end is inclusive: 3 days + 1 microsecond reaches the first crossing.
  EXPECT_TRUE(forecast("3d").empty());
  const auto& repository = m_inventory.repositories.at(0);
  EXPECT_EQ(forecast_repository(m_policy, repository, EvalContext{k_now}, 3 * k_micros_per_day + 1)
                .size(),
            3U);
}

}  // namespace
}  // namespace ecrlc
