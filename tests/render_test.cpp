// Preview renderers on a hand-built preview: exact table, aws, json, csv and ndjson text.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "ecrlc/output.hpp"
#include "output/html.hpp"
#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc {
namespace {

constexpr Micros k_now = 1'742'000'000LL * k_micros_per_second;  // 2025-03-15T00:53:20Z

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(AppendJsonString, EscapesLikePythonJsonDumpsWithoutEnsureAscii) {
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  EXPECT_EQ(json_string("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(json_string(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\x7f\"");
  EXPECT_EQ(json_string("caf\u00e9 \u2192"), "\"caf\u00e9 \u2192\"");
  EXPECT_EQ(json_string(std::string("\0", 1)), "\"\\u0000\"");
}

TEST(FormatBytes, IecUnitsOneDecimal) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
  EXPECT_EQ(format_bytes(1024), "1.0 KiB");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(1288490189), "1.2 GiB");
  EXPECT_EQ(format_bytes(1048575), "1.0 MiB");  // 1023.999 KiB rounds up a unit
}

TEST(AppendTableTime, UtcSecondsTruncated) {
  std::string out;
  append_table_time(out, k_now + 999'999);
  EXPECT_EQ(out, "2025-03-15 00:53:20");
  out.clear();
  append_table_time(out, -1);
  EXPECT_EQ(out, "1969-12-31 23:59:59");
  out.clear();
  append_table_time(out, 951'782'400LL * k_micros_per_second);
  EXPECT_EQ(out, "2000-02-29 00:00:00");
}

TEST(AppendIsoTime, SameTextAsTheTimeFormatters) {
  const Micros samples[] = {0,
                            1,
                            -1,
                            k_now,
                            k_now + 153'000,
                            k_now + 999'999,
                            951'782'400LL * k_micros_per_second + 7,
                            -17'987'443'200LL * k_micros_per_second,
                            253'402'300'799LL * k_micros_per_second + 999'999,
                            -20'000'000'000LL * k_micros_per_second};
  for (Micros t : samples) {
    std::string utc;
    detail::append_iso_time(utc, t, "Z");
    EXPECT_EQ(utc, format_utc(t)) << t;
    std::string cli;
    detail::append_iso_time(cli, t, "+00:00");
    EXPECT_EQ(cli, format_cli_v2(t)) << t;
  }
}

// One repository "team/app" with five images (digests 1..5 repeated) and hand-made verdicts
// covering each kind of reason, plus a referrer consequence.
class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Rule keep;
    keep.priority = 1;
    keep.description = "keep prod";
    keep.tag_status = TagStatus::tagged;
    keep.tag_prefixes = {"prod"};
    keep.count_number = 9999;
    Rule count;
    count.priority = 2;
    count.tag_status = TagStatus::any;
    count.count_number = 2;
    Rule archive;
    archive.priority = 3;
    archive.tag_status = TagStatus::untagged;
    archive.count_type = CountType::since_image_pushed;
    archive.count_number = 14;
    archive.action = ActionType::transition;
    archive.target_storage_class = StorageClass::archive;
    m_policy.rules = {keep, count, archive};
    m_policy.text = "{\"rules\": []}\n";

    Repository& repository = m_inventory.repositories.emplace_back();
    repository.name = "team/app";
    repository.registry_id = "123456789012";
    add('1', {"v1.0", "latest"}, k_now - 40 * k_micros_per_day, 1536);
    add('2', {}, k_now - 20 * k_micros_per_day - 1, 2048);
    add('3', {"prod-7"}, k_now - 50 * k_micros_per_day, 100);
    add('4', {}, k_now - 2 * k_micros_per_day, 10);
    add('5', {}, k_now - 60 * k_micros_per_day, 5);
    repository.images[4].subject = repository.images[0].digest;
    repository.images[4].artifact_media_type = "application/vnd.dev.cosign.artifact.sig.v1+json";

    RepositoryPreview& r = m_report.repositories.emplace_back();
    r.repository = &repository;
    // {action, reason, rank, rule, protector, reference_time, parent}
    r.evaluation.verdicts = {
        {Action::expire, Reason::acted_on, 3, 2, 0, std::nullopt, std::nullopt},
        {Action::transition, Reason::acted_on, 0, 3, 0, k_now - 20 * k_micros_per_day - 1,
         std::nullopt},
        {Action::none, Reason::protected_by_rule, 4, 2, 1, std::nullopt, std::nullopt},
        {Action::none, Reason::within_count, 1, 2, 0, std::nullopt, std::nullopt},
        {Action::none, Reason::child_of_surviving_index, 5, 2, 0, std::nullopt, 2},
    };
    r.evaluation.consequences = {{4, 0, 2}};
    r.order = {0, 1, 4, 2, 3};
    r.acted_count = 2;
    r.rules = {{1, ActionType::expire, 0, 0, 0, 0, 0, 0, 0},
               {2, ActionType::expire, 1, 0, 1536, 0, 1, 1, 1},
               {3, ActionType::transition, 0, 1, 0, 2048, 0, 0, 0}};
    r.summary = {5, 1, 1, 3, 1536, 2048, 1, 5};
    m_source.file = "policy.json";
    m_source.policy = m_policy;
    PreviewPolicy& policy = m_report.policies.emplace_back();
    policy.source = &m_source;
    policy.repositories = {0};
    policy.rules = r.rules;
    policy.totals = r.summary;
    m_report.single_policy = true;
    m_report.now = k_now;
    m_report.totals = r.summary;
  }

  void add(char digit, std::vector<std::string> tags, Micros pushed, std::int64_t size) {
    ImageRecord image;
    image.digest = *Digest::parse("sha256:" + std::string(64, digit));
    auto views = m_inventory.arena.allocate_views(tags.size());
    for (std::size_t t = 0; t < tags.size(); ++t) {
      views[t] = m_inventory.arena.store(tags[t]);
    }
    image.tags = views;
    image.pushed_at = pushed;
    image.size_bytes = size;
    m_inventory.repositories.back().images.push_back(image);
  }

  std::string render(PreviewFormat format, bool all = false, TableWidth width = {}) {
    PreviewRenderOptions options;
    options.all = all;
    options.width = width;
    options.tool_version = "9.9.9";
    std::ostringstream out;
    render_preview(out, m_report, format, options);
    return out.str();
  }

  LifecyclePolicy m_policy;
  PolicySource m_source;
  Inventory m_inventory;
  Preview m_report;
};

const std::string k_d1 = "sha256:" + std::string(64, '1');
const std::string k_d2 = "sha256:" + std::string(64, '2');

TEST_F(RenderTest, ReasonSentences) {
  const Repository& repository = m_inventory.repositories[0];
  const auto& verdicts = m_report.repositories[0].evaluation.verdicts;
  auto reason = [&](std::uint32_t i) {
    return describe_reason(m_policy, repository, i, verdicts[i], k_now);
  };
  EXPECT_EQ(reason(0), "rule 2: beyond the newest 2 (#3)");
  EXPECT_EQ(reason(1), "rule 3: more than 14 days since pushed (20 days)");
  EXPECT_EQ(reason(2), "protected by rule 1's selection (rule 2 marked it)");
  EXPECT_EQ(reason(3), "within the newest 2 of rule 2 (#1)");
  EXPECT_EQ(reason(4), "child of surviving index 333333333333 (rule 2 withdrawn)");
  ImageVerdict young{Action::none, Reason::too_young, 0, 3, 0, k_now - k_micros_per_day,
                     std::nullopt};
  EXPECT_EQ(describe_reason(m_policy, repository, 3, young, k_now),
            "rule 3: not more than 14 days since pushed (1 day)");
  EXPECT_EQ(describe_reason(m_policy, repository, 3, ImageVerdict{}, k_now),
            "not selected by any rule");
}

// Rule 3 is sinceImagePushed 14: "more than 14 days" is now - pushed > 14 x 24 h, so an age
// of 14 whole days is never shown as "(14 days)": what lies beyond them is said.
TEST_F(RenderTest, AgeAtTheThresholdIsExact) {
  const Repository& repository = m_inventory.repositories[0];
  auto reason = [&](Reason why, Micros age) {
    const ImageVerdict verdict{Action::none, why, 0, 3, 0, k_now - age, std::nullopt};
    return describe_reason(m_policy, repository, 1, verdict, k_now);
  };
  constexpr Micros k_day = k_micros_per_day;
  constexpr Micros k_hour = 3600 * k_micros_per_second;
  EXPECT_EQ(reason(Reason::acted_on, 14 * k_day + 6 * k_hour),
            "rule 3: more than 14 days since pushed (14 days 6 hours)");
  EXPECT_EQ(reason(Reason::acted_on, 14 * k_day + k_hour),
            "rule 3: more than 14 days since pushed (14 days 1 hour)");
  EXPECT_EQ(reason(Reason::acted_on, 14 * k_day + 30 * 60 * k_micros_per_second),
            "rule 3: more than 14 days since pushed (14 days 30 minutes)");
  EXPECT_EQ(reason(Reason::acted_on, 14 * k_day + 5 * k_micros_per_second),
            "rule 3: more than 14 days since pushed (14 days 5 seconds)");
  EXPECT_EQ(reason(Reason::acted_on, 14 * k_day + 1),
            "rule 3: more than 14 days since pushed (14 days and under a second)");
  EXPECT_EQ(reason(Reason::too_young, 14 * k_day),
            "rule 3: not more than 14 days since pushed (exactly 14 days)");
  // Away from the threshold, whole days say it all.
  EXPECT_EQ(reason(Reason::acted_on, 15 * k_day + 6 * k_hour),
            "rule 3: more than 14 days since pushed (15 days)");
  EXPECT_EQ(reason(Reason::too_young, 13 * k_day + 23 * k_hour),
            "rule 3: not more than 14 days since pushed (13 days)");
}

TEST_F(RenderTest, Table) {
  EXPECT_EQ(
      render(PreviewFormat::table),
      "Evaluated at 2025-03-15 00:53:20 UTC: 1 repository, 5 images.\n"
      "\n"
      "REPOSITORY  DIGEST        TAGS         PUSHED (UTC)         AGE  ACTION              "
      "RULE  REASON\n"
      "team/app    111111111111  v1.0,latest  2025-02-03 00:53:20  40d  expire              "
      "2     rule 2: beyond the newest 2 (#3)\n"
      "team/app    222222222222  <untagged>   2025-02-23 00:53:19  20d  transition\u2192archive  "
      "3     rule 3: more than 14 days since pushed (20 days)\n"
      "\n"
      "3 images kept, not listed (--all lists them).\n"
      "\n"
      "Referrers that ECR removes with their expiring subject (within 24 hours):\n"
      "REPOSITORY  REFERRER      SUBJECT       RULE  ARTIFACT TYPE\n"
      "team/app    555555555555  111111111111     2  "
      "application/vnd.dev.cosign.artifact.sig.v1+json\n"
      "\n"
      "Per rule:\n"
      "RULE  ACTION              IMAGES    BYTES  PROTECTED  WITHDRAWN  DESCRIPTION\n"
      "   1  expire                   0      0 B          0          0  keep prod\n"
      "   2  expire                   1  1.5 KiB          1          1\n"
      "   3  transition\u2192archive       1  2.0 KiB          0          0\n"
      "\n"
      "Per repository:\n"
      "REPOSITORY  IMAGES  EXPIRE  TRANSITION  KEEP  REFERRERS  RECLAIMED  TO ARCHIVE\n"
      "team/app         5       1           1     3          1    1.5 KiB     2.0 KiB\n"
      "\n"
      "Storage: 3.6 KiB before (standard 3.6 KiB, archive 0 B), 2.1 KiB after (standard 110 B, "
      "archive 2.0 KiB): 1.5 KiB freed (41.7%).\n"
      "Monthly storage cost: <$0.01 before, <$0.01 after (<$0.01 saved), at $0.10 (standard) "
      "and $0.10 (archive) per GB-month.\n"
      "Bytes freed are an upper bound: images that share layers free less.\n");
}

// The widest line of `text`, in code points (what a terminal shows).
std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    std::size_t width = 0;
    for (std::size_t i = start; i < end; ++i) {
      width += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 ? 1 : 0;
    }
    widest = std::max(widest, width);
    start = end + 1;
  }
  return widest;
}

TEST_F(RenderTest, TableFitsEightyAndHundredColumns) {
  const std::string natural = render(PreviewFormat::table, true);
  ASSERT_GT(widest_line(natural), 100U);
  for (const std::size_t columns : {80U, 100U}) {
    const std::string table = render(PreviewFormat::table, true, TableWidth{columns, false});
    // Every line of the tables fits; the sentences under them wrap as text does.
    const std::string tables = table.substr(0, table.find("\nStorage: "));
    EXPECT_LE(widest_line(tables), columns) << table;
    EXPECT_NE(table.find("11111111\u2026"), std::string::npos) << table;  // digest, 8 hex
    EXPECT_NE(table.find("rule 2: beyond"), std::string::npos) << table;  // reason, its head
    EXPECT_EQ(table.find("PUSHED"), std::string::npos) << table;          // AGE says it
  }
}

TEST_F(RenderTest, TableWideShowsEverythingWhole) {
  const std::string table = render(PreviewFormat::table, true, TableWidth{0, true});
  EXPECT_EQ(table.find("\u2026"), std::string::npos) << table;
  EXPECT_NE(table.find("team/app    " + k_d1 + "  v1.0,latest  2025-02-03 00:53:20"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("rule 3: more than 14 days since pushed (20 days)"), std::string::npos);
  // Without a width, the layout of old: 12 hex digits.
  EXPECT_NE(render(PreviewFormat::table, true).find("111111111111  v1.0"), std::string::npos);
}

TEST_F(RenderTest, TableAllListsKeptImages) {
  const std::string table = render(PreviewFormat::table, true);
  EXPECT_NE(table.find("team/app    555555555555  <untagged>   2025-01-14 00:53:20  60d  keep   "
                       "             2     child of surviving index 333333333333 (rule 2 "
                       "withdrawn)\n"),
            std::string::npos)
      << table;
  EXPECT_EQ(table.find("not listed"), std::string::npos);
}

TEST_F(RenderTest, Aws) {
  EXPECT_EQ(render(PreviewFormat::aws),
            "{\n"
            "    \"previewResults\": [\n"
            "        {\n"
            "            \"imageTags\": [\n"
            "                \"v1.0\",\n"
            "                \"latest\"\n"
            "            ],\n"
            "            \"imageDigest\": \"" +
                k_d1 +
                "\",\n"
                "            \"imagePushedAt\": \"2025-02-03T00:53:20+00:00\",\n"
                "            \"action\": {\n"
                "                \"type\": \"EXPIRE\"\n"
                "            },\n"
                "            \"appliedRulePriority\": 2,\n"
                "            \"storageClass\": \"STANDARD\"\n"
                "        },\n"
                "        {\n"
                "            \"imageDigest\": \"" +
                k_d2 +
                "\",\n"
                "            \"imagePushedAt\": \"2025-02-23T00:53:19.999999+00:00\",\n"
                "            \"action\": {\n"
                "                \"type\": \"TRANSITION\",\n"
                "                \"targetStorageClass\": \"ARCHIVE\"\n"
                "            },\n"
                "            \"appliedRulePriority\": 3,\n"
                "            \"storageClass\": \"STANDARD\"\n"
                "        }\n"
                "    ],\n"
                "    \"registryId\": \"123456789012\",\n"
                "    \"repositoryName\": \"team/app\",\n"
                "    \"lifecyclePolicyText\": \"{\\\"rules\\\": []}\\n\",\n"
                "    \"status\": \"COMPLETE\",\n"
                "    \"summary\": {\n"
                "        \"expiringImageTotalCount\": 1,\n"
                "        \"transitioningImageTotalCounts\": [\n"
                "            {\n"
                "                \"targetStorageClass\": \"ARCHIVE\",\n"
                "                \"imageTotalCount\": 1\n"
                "            }\n"
                "        ]\n"
                "    }\n"
                "}\n");
}

TEST_F(RenderTest, AwsSeveralRepositoriesIsAnArrayAndNoneIsEmpty) {
  m_report.repositories.push_back(m_report.repositories[0]);
  const std::string two = render(PreviewFormat::aws);
  EXPECT_EQ(two.substr(0, 35), "[\n    {\n        \"previewResults\": [");
  EXPECT_EQ(two.substr(two.size() - 8), "    }\n]\n");
  m_report.repositories.clear();
  EXPECT_EQ(render(PreviewFormat::aws), "[]\n");
}

TEST_F(RenderTest, Csv) {
  EXPECT_EQ(render(PreviewFormat::csv),
            "repository,image_digest,image_tags,image_pushed_at,image_size_bytes,image_status,"
            "action,target_storage_class,rule,reason,reason_text\r\n"
            "team/app," +
                k_d1 +
                ",\"v1.0,latest\",2025-02-03T00:53:20Z,1536,ACTIVE,expire,,2,acted_on,rule 2: "
                "beyond the newest 2 (#3)\r\n"
                "team/app," +
                k_d2 +
                ",,2025-02-23T00:53:19.999999Z,2048,ACTIVE,transition,archive,3,acted_on,rule 3: "
                "more than 14 days since pushed (20 days)\r\n");
}

TEST_F(RenderTest, Ndjson) {
  EXPECT_EQ(render(PreviewFormat::ndjson),
            "{\"repositoryName\": \"team/app\", \"imageDigest\": \"" + k_d1 +
                "\", \"imageTags\": [\"v1.0\", \"latest\"], \"imagePushedAt\": "
                "\"2025-02-03T00:53:20Z\", \"imageStatus\": \"ACTIVE\", \"imageSizeInBytes\": "
                "1536, \"action\": \"expire\", \"rule\": 2, \"reason\": \"acted_on\", "
                "\"reasonText\": \"rule 2: beyond the newest 2 (#3)\", \"rank\": 3}\n"
                "{\"repositoryName\": \"team/app\", \"imageDigest\": \"" +
                k_d2 +
                "\", \"imageTags\": [], \"imagePushedAt\": \"2025-02-23T00:53:19.999999Z\", "
                "\"imageStatus\": \"ACTIVE\", \"imageSizeInBytes\": 2048, \"action\": "
                "\"transition\", \"targetStorageClass\": \"archive\", \"rule\": 3, \"reason\": "
                "\"acted_on\", \"reasonText\": \"rule 3: more than 14 days since pushed (20 "
                "days)\", \"referenceTime\": \"2025-02-23T00:53:19.999999Z\"}\n");
  const std::string all = render(PreviewFormat::ndjson, true);
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 5);
}

TEST_F(RenderTest, JsonListsEveryImageAndTheSummaries) {
  const std::string json = render(PreviewFormat::json);
  EXPECT_EQ(json.substr(0, 414),
            "{\n"
            "  \"tool\": \"ecr-lifecycle\",\n"
            "  \"version\": \"9.9.9\",\n"
            "  \"now\": \"2025-03-15T00:53:20Z\",\n"
            "  \"totals\": {\"images\": 5, \"expiring\": 1, \"transitioning\": 1, \"kept\": 3, "
            "\"bytesReclaimed\": 1536, \"bytesTransitioned\": 2048, \"referrersRemoved\": 1, "
            "\"referrerBytes\": 5},\n"
            "  \"storage\": {\"standardBytesBefore\": 3699, \"archiveBytesBefore\": 0, "
            "\"standardBytesAfter\": 110, \"archiveBytesAfter\": 2048, \"bytesFreed\": 1541, "
            "\"upperBound\": true},\n");
  // The cost of a few KiB: fractions of a cent, written with six decimals.
  EXPECT_NE(json.find("  \"cost\": {\"currency\": \"USD\", \"pricePerGbMonth\": 0.1, "
                      "\"archivePricePerGbMonth\": 0.1, \"standardBefore\": 0, "),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\n  \"rules\": [\n"), std::string::npos);
  EXPECT_NE(json.find("\n    {\"rulePriority\": 1, \"description\": \"keep prod\", \"action\": "
                      "\"expire\", \"expiring\": 0,"),
            std::string::npos);
  EXPECT_NE(json.find("\"reason\": \"child_of_surviving_index\", \"reasonText\": \"child of "
                      "surviving index 333333333333 (rule 2 withdrawn)\", \"rank\": 5, "
                      "\"parentIndex\": \"sha256:3333"),
            std::string::npos);
  EXPECT_NE(json.find("\"consequences\": [\n        {\"referrer\": \"sha256:5555"),
            std::string::npos);
  EXPECT_EQ(std::count(json.begin(), json.end(), '\n'), 36) << json;
  EXPECT_EQ(json.substr(json.size() - 21), "\n      ]\n    }\n  ]\n}\n");
}

// ---- the report formats: html, markdown, and their figures ----------------------------------

TEST(HtmlEscaped, EveryMarkupCharacter) {
  EXPECT_EQ(detail::html_escaped("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(detail::html_escaped("caf\u00e9 \u2192"), "caf\u00e9 \u2192");
  EXPECT_EQ(detail::html_escaped(""), "");
}

TEST(ReportFigures, DollarsSharesAndDecimals) {
  EXPECT_EQ(detail::format_usd(0), "$0.00");
  EXPECT_EQ(detail::format_usd(0.004), "<$0.01");
  EXPECT_EQ(detail::format_usd(0.125), "$0.13");
  EXPECT_EQ(detail::format_usd(1234567.891), "$1,234,567.89");
  EXPECT_EQ(detail::format_usd(-12.5), "-$12.50");
  EXPECT_EQ(detail::format_share(1, 3), "33.3%");
  EXPECT_EQ(detail::format_share(1, 0), "0.0%");
  std::string out;
  detail::append_json_decimal(out, 0.1);
  out += ' ';
  detail::append_json_decimal(out, 12);
  out += ' ';
  detail::append_json_decimal(out, 0.0000001);
  EXPECT_EQ(out, "0.1 12 0");
  // 1 GiB at $0.10 a month.
  EXPECT_DOUBLE_EQ(detail::monthly_cost(ByteTotal(1073741824), 0.10), 0.10);
}

TEST_F(RenderTest, HtmlIsOnePageThatFetchesNothing) {
  const std::string html = render(PreviewFormat::html);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0U);
  EXPECT_TRUE(html.ends_with("</html>\n"));
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  for (const char* outside : {"http:", "https:", "src=", "href=", "url(", "@import", "<link"}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  // Charts with text alternatives, the headline, the tables, the listing with reasons.
  EXPECT_NE(html.find("<svg role=\"img\""), std::string::npos);
  EXPECT_NE(html.find("<desc id=\"chart-age-d\">"), std::string::npos);
  EXPECT_NE(html.find("<dt>Bytes freed</dt>"), std::string::npos);
  EXPECT_NE(html.find("rule 2: beyond the newest 2 (#3)"), std::string::npos);
  EXPECT_NE(html.find("<table class=\"sortable\">"), std::string::npos);
  // Tags are escaped: "<untagged>" never becomes an element.
  EXPECT_EQ(html.find("<untagged>"), std::string::npos);
  EXPECT_NE(html.find("&lt;untagged&gt;"), std::string::npos);
  EXPECT_EQ(render(PreviewFormat::html), html);  // deterministic
}

TEST_F(RenderTest, MarkdownHeadlineAndTables) {
  const std::string markdown = render(PreviewFormat::markdown);
  EXPECT_EQ(markdown.rfind("### ecr-lifecycle preview\n", 0), 0U);
  EXPECT_NE(markdown.find("| Images | 5 | 3 | -2 |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("#### Per repository"), std::string::npos);
  EXPECT_NE(markdown.find("| `team/app` | 5 | 1 | 1 | 3 |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("#### Per rule"), std::string::npos);
}

TEST_F(RenderTest, MarkdownStaysUnderTheCommentLimit) {
  // 3,000 repositories: the table stops early and says how many it left out.
  std::vector<RepositoryPreview> many(3000, m_report.repositories[0]);
  m_report.repositories = many;
  const std::string markdown = render(PreviewFormat::markdown);
  EXPECT_LE(markdown.size(), 65536U);
  EXPECT_NE(markdown.find("repositories not listed"), std::string::npos);
  EXPECT_NE(markdown.find("| **total** |"), std::string::npos);
}

TEST(DiffHtml, OldAndNewSideBySideOnTheSamePage) {
  PolicyDiff diff;
  diff.old_totals = {2, 2048, 0, 0};
  diff.new_totals = {3, 1073741824, 1, 1024};
  diff.repositories = 1;
  DiffRenderOptions options;
  options.old_name = "old.json";
  options.new_name = "new<1>.json";
  std::ostringstream out;
  render_diff(out, diff, DiffFormat::html, options);
  const std::string html = out.str();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0U);
  EXPECT_NE(html.find("Old and new side by side"), std::string::npos);
  EXPECT_NE(html.find("<code>new&lt;1&gt;.json</code>"), std::string::npos);
  // 1 GiB freed at $0.10: the new policy saves $0.10 a month.
  EXPECT_NE(html.find("<dt>Monthly saving</dt><dd>$0.10"), std::string::npos) << html;
  EXPECT_NE(html.find("No image changes outcome."), std::string::npos);
  EXPECT_EQ(html.find("http:"), std::string::npos);
  EXPECT_EQ(html.find("https:"), std::string::npos);
  EXPECT_EQ(parse_diff_format("html"), DiffFormat::html);
}

}  // namespace
}  // namespace ecrlc
