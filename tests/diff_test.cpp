// Tests of policy diffs: change classification, totals, the three formats and exit codes.
#include "ecrlc/diff.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/policy_parser.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;
using test::CliRun;
using test::load_policy;
using test::read_file;
using test::run_cli;

const std::string k_fixtures = std::string(ECRLC_FIXTURES_DIR) + "/ops/";

std::string rule(int priority, const std::string& selection, const std::string& action) {
  return "{\"rulePriority\": " + std::to_string(priority) + ", \"selection\": {" + selection +
         "}, \"action\": " + action + "}";
}

const std::string k_expire = R"({"type": "expire"})";
const std::string k_archive = R"({"type": "transition", "targetStorageClass": "archive"})";

std::string policy(const std::vector<std::string>& rules) {
  std::string out = "{\"rules\": [";
  for (std::size_t k = 0; k < rules.size(); ++k) {
    out += (k == 0 ? "" : ", ") + rules[k];
  }
  return out + "]}";
}

std::string tagged(const std::string& prefix, int days) {
  return "\"tagStatus\": \"tagged\", \"tagPrefixList\": [\"" + prefix +
         "\"], \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": " +
         std::to_string(days);
}

// Each image ends in a different change kind between OLD and NEW.
TEST(DiffReports, ClassifiesEveryKind) {
  constexpr std::int64_t k_now_seconds = 1'748'736'000;
  std::string json = "[";
  const char* tags[] = {"a", "b", "c", "d", "e", "f"};
  for (int i = 0; i < 6; ++i) {
    char digest[65];
    std::snprintf(digest, sizeof digest, "%064x", i + 1);
    json += std::string(i == 0 ? "" : ",") +
            "{\"repositoryName\": \"app\", \"imageDigest\": " + "\"sha256:" + digest +
            "\", \"imageTags\": [\"" + tags[i] +
            "\"], \"imageSizeInBytes\": " + std::to_string(100 * (i + 1)) +
            ", \"imagePushedAt\": " + std::to_string(k_now_seconds - 40 * 86400) + "}";
  }
  json += "]";
  InventoryBuilder builder;
  ASSERT_TRUE(builder.add("inventory.json", json));
  const Inventory inventory = builder.finish();
  // a: newly expiring; b: no longer expiring; c: newly transitioning; d: no longer
  // transitioning; e: different rule; f: unchanged (expired by the same rule).
  const PolicySet old_set = PolicySet::single(
      "old.json", load_policy(policy(
                      {rule(1, tagged("b", 30), k_expire), rule(2, tagged("d", 30), k_archive),
                       rule(3, tagged("e", 30), k_expire), rule(4, tagged("f", 30), k_expire)})));
  const PolicySet new_set = PolicySet::single(
      "new.json",
      load_policy(policy({rule(1, tagged("a", 30), k_expire), rule(2, tagged("c", 30), k_archive),
                          rule(3, tagged("z", 30), k_expire), rule(4, tagged("f", 30), k_expire),
                          rule(5, tagged("e", 30), k_expire)})));
  const EvalContext context{k_now_seconds * k_micros_per_second};
  const Preview old_report = build_preview(old_set, inventory, context);
  const Preview new_report = build_preview(new_set, inventory, context);
  const PolicyDiff diff = diff_reports(old_report, new_report);
  std::vector<std::string> seen;
  for (const ImageChange& change : diff.changes) {
    seen.push_back(std::string(change.repository->images[change.image].tags[0]) + " " +
                   std::string(to_json(change.kind)));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a newly_expiring", "b no_longer_expiring",
                                            "c newly_transitioning", "d no_longer_transitioning",
                                            "e different_rule"}));
  EXPECT_EQ(diff.count(ChangeKind::newly_expiring), 1U);
  EXPECT_EQ(diff.bytes[static_cast<int>(ChangeKind::no_longer_expiring)], 200);
  EXPECT_EQ(diff.old_totals.expiring, 3U);  // b, e, f
  EXPECT_EQ(diff.old_totals.expiring_bytes, 200 + 500 + 600);
  EXPECT_EQ(diff.new_totals.transitioning, 1U);
  EXPECT_EQ(diff.new_totals.transitioning_bytes, 300);
  std::ostringstream table;
  render_diff(table, diff, DiffFormat::table, {"old.json", "new.json", 50});
  EXPECT_EQ(table.str(),
            "REPOSITORY  DIGEST        TAGS  PUSHED (UTC)         OLD                  "
            "NEW                  CHANGE\n"
            "app         000000000000  a     2025-04-22 00:00:00  keep                 "
            "expire (rule 1)      newly expiring\n"
            "app         000000000000  b     2025-04-22 00:00:00  expire (rule 1)      "
            "keep                 no longer expiring\n"
            "app         000000000000  c     2025-04-22 00:00:00  keep                 "
            "transition (rule 2)  newly transitioning\n"
            "app         000000000000  d     2025-04-22 00:00:00  transition (rule 2)  "
            "keep                 no longer transitioning\n"
            "app         000000000000  e     2025-04-22 00:00:00  expire (rule 3)      "
            "expire (rule 5)      different rule\n"
            "\n"
            "5 images change: 1 newly expiring (100 B), 1 no longer expiring (200 B), 1 newly "
            "transitioning (300 B), 1 no longer transitioning (400 B), 1 with a different rule\n"
            "OLD old.json: expires 3 images (1.3 KiB), transitions 1 image (400 B)\n"
            "NEW new.json: expires 3 images (1.2 KiB), transitions 1 image (300 B)\n");
}

// `diff` reads the inventory and evaluates repositories with every core: no format may depend
// on the number of threads.
TEST(DiffThreads, SameOutputForAnyThreadCount) {
  const std::string json = test::generated_inventory(20'000, 40, 5);
  const std::string any_200_days =
      R"("tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days",)"
      R"( "countNumber": 200)";
  const std::string untagged_100_days =
      R"("tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",)"
      R"( "countNumber": 100)";
  // v* from 30 to 60 days and dev-* from 30 to 45 days: newly and no longer expiring; older
  // dev-* and untagged images: another rule; untagged from 100 to 200 days: newly
  // transitioning; feature-* over 200 days: no longer transitioning.
  const PolicySet old_set = PolicySet::single(
      "old.json",
      load_policy(policy({rule(1, tagged("v", 60), k_expire), rule(2, tagged("dev-", 30), k_expire),
                          rule(3, any_200_days, k_archive)})));
  const PolicySet new_set = PolicySet::single(
      "new.json",
      load_policy(policy({rule(1, tagged("v", 30), k_expire), rule(2, untagged_100_days, k_archive),
                          rule(3, tagged("dev-", 45), k_expire)})));
  const std::string text = test::same_for_1_2_3_threads([&](unsigned threads) {
    const Inventory inventory = test::load_inventory(json, threads);
    PreviewOptions options;
    options.threads = threads;
    const EvalContext context{k_generate_default_now};
    PolicyDiff diff = diff_reports(build_preview(old_set, inventory, context, options),
                                   build_preview(new_set, inventory, context, options));
    diff.now = k_generate_default_now;
    std::ostringstream out;
    for (const DiffFormat format : {DiffFormat::table, DiffFormat::json, DiffFormat::markdown}) {
      render_diff(out, diff, format, {"old.json", "new.json", 50});
    }
    return out.str();
  });
  // Every kind of change occurs, so every part of each format is compared.
  EXPECT_NE(text.find("\n11725 images change: 146 newly expiring (31.9 GiB), 135 no longer "
                      "expiring (20.7 GiB), 1442 newly transitioning (229.4 GiB), 3975 no longer "
                      "transitioning (621.7 GiB), 6027 with a different rule\n"),
            std::string::npos);
}

class DiffCommand : public testing::Test {
 protected:
  void SetUp() override {
    m_previous = fs::current_path();
    fs::current_path(k_fixtures);
  }
  void TearDown() override { fs::current_path(m_previous); }

  static std::vector<std::string> args(const std::string& old_policy, const std::string& new_policy,
                                       std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"diff",           "--policy", old_policy,
                                  "--policy",       new_policy, "--images",
                                  "inventory.json", "--now",    "2025-06-01T00:00:00Z"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }

  // Compares with fixtures/ops/diff-golden/NAME (ECRLC_UPDATE_GOLDEN=1 rewrites it).
  static void expect_golden(const std::string& name, const std::string& text) {
    const fs::path path = fs::path("diff-golden") / name;
    if (std::getenv("ECRLC_UPDATE_GOLDEN") != nullptr) {
      fs::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary) << text;
    }
    EXPECT_EQ(text, read_file(path)) << name;
  }

  fs::path m_previous;
};

TEST_F(DiffCommand, TableJsonMarkdownMatchGolden) {
  CliRun table = run_cli(args("policy-old.json", "policy-new.json"));
  EXPECT_EQ(table.status, 0);
  EXPECT_EQ(table.err, "");
  expect_golden("table.txt", table.out);
  CliRun json = run_cli(args("policy-new.json", "policy-old.json", {"--format", "json"}));
  EXPECT_EQ(json.status, 0);
  expect_golden("reverse.json", json.out);
  CliRun markdown = run_cli(
      args("policy-old.json", "policy-new.json", {"--format", "markdown", "--max-rows", "3"}));
  EXPECT_EQ(markdown.status, 0);
  expect_golden("markdown-3-rows.md", markdown.out);
  EXPECT_NE(markdown.out.find("\nand 2 more\n\n</details>\n"), std::string::npos);
}

TEST_F(DiffCommand, FailOnNewExpirations) {
  CliRun more = run_cli(args("policy-old.json", "policy-new.json", {"--fail-on-new-expirations"}));
  EXPECT_EQ(more.status, 1);
  EXPECT_EQ(more.err, "ecr-lifecycle diff: 5 image(s) newly expiring under policy-new.json\n");
  CliRun fewer = run_cli(args("policy-new.json", "policy-old.json", {"--fail-on-new-expirations"}));
  EXPECT_EQ(fewer.status, 0);
  EXPECT_EQ(fewer.err, "");
  CliRun same = run_cli(args("policy-old.json", "policy-old.json", {"--fail-on-new-expirations"}));
  EXPECT_EQ(same.status, 0);
  EXPECT_NE(same.out.find("No image changes outcome.\n"), std::string::npos);
}

TEST_F(DiffCommand, InvalidPolicyOrUsage) {
  const fs::path bad =
      fs::temp_directory_path() / ("ecrlc-diff-bad-" + std::to_string(::getpid()) + ".json");
  std::ofstream(bad) << "{\"rules\": []}\n";
  CliRun invalid = run_cli(args("policy-old.json", bad.string()));
  fs::remove(bad);
  EXPECT_EQ(invalid.status, 1);
  EXPECT_EQ(invalid.out, "");
  EXPECT_EQ(invalid.err.rfind(bad.string() + ":1:", 0), 0U) << invalid.err;
  CliRun one = run_cli({"diff", "--policy", "policy-old.json", "--images", "inventory.json"});
  EXPECT_EQ(one.status, 2);
  EXPECT_EQ(one.err,
            "ecr-lifecycle diff: error: expected two of --policy, two of --policies or two of "
            "--policy-map (OLD then NEW)\n");
  CliRun format = run_cli(args("policy-old.json", "policy-new.json", {"--format", "svg"}));
  EXPECT_EQ(format.status, 2);
  EXPECT_EQ(format.err,
            "ecr-lifecycle diff: error: --format: expected table, json, markdown or html, got "
            "svg\n");
}

TEST_F(DiffCommand, PolicySetsPerRepository) {
  // OLD: one policy for all; NEW: per-repository policies (web keeps 3, team/app new).
  CliRun r =
      run_cli({"diff", "--policy-map", "policy-map-old.txt", "--policy-map", "policy-map.txt",
               "--images", "inventory.json", "--now", "2025-06-01T00:00:00Z", "--format", "json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "ecr-lifecycle diff: warning: no policy for repository legacy\n");
  expect_golden("policy-map.json", r.out);
}

}  // namespace
}  // namespace ecrlc
