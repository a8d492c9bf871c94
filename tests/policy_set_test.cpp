// Tests of policy sets, policy maps and the --policy / --policies / --policy-map loader.
#include "ecrlc/policy_set.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/policy_parser.hpp"
#include "io/policy_scope.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;

const std::string k_fixtures = std::string(ECRLC_FIXTURES_DIR) + "/ops/";

LifecyclePolicy policy_keeping(int count) {
  ParsedPolicy parsed = parse_policy(
      R"({"rules": [{"rulePriority": 1, "description": "keep the newest images of any kind",)"
      R"( "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": )" +
      std::to_string(count) + R"(}, "action": {"type": "expire"}}]})");
  EXPECT_TRUE(parsed.policy);
  return parsed.policy.value_or(LifecyclePolicy{});
}

TEST(PolicySetLookup, FirstMatchWins) {
  PolicySet set;
  ASSERT_TRUE(set.add("team/app", "exact.json", policy_keeping(1)));
  ASSERT_TRUE(set.add("team/*", "team.json", policy_keeping(2)));
  ASSERT_TRUE(set.add("*", "default.json", policy_keeping(3)));
  EXPECT_EQ(set.find("team/app")->file, "exact.json");
  EXPECT_EQ(set.find("team/web/api")->file, "team.json");
  EXPECT_EQ(set.find("teams")->file, "default.json");
  auto duplicate = set.add("team/*", "other.json", policy_keeping(4));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().message,
            "other.json: repository team/* already has a policy (team.json)");
  PolicySet only_team;
  ASSERT_TRUE(only_team.add("team/*", "team.json", policy_keeping(2)));
  EXPECT_EQ(only_team.find("web"), nullptr);
}

TEST(PolicyMap, ParsesLinesAndComments) {
  auto entries = parse_policy_map("# comment\n\n  team/*   policies/team.json \r\n* all.json\n");
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2U);
  EXPECT_EQ((*entries)[0].pattern, "team/*");
  EXPECT_EQ((*entries)[0].file, "policies/team.json");
  EXPECT_EQ((*entries)[0].line, 3U);
  EXPECT_EQ((*entries)[0].column, 3U);
  EXPECT_EQ((*entries)[0].file_column, 12U);
  EXPECT_EQ((*entries)[1].pattern, "*");
}

TEST(PolicyMap, RejectsMalformedLines) {
  auto one = parse_policy_map("ok a.json\nteam/*\n");
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().line, 2U);
  EXPECT_EQ(one.error().column, 7U);
  EXPECT_EQ(one.error().message, "expected `PATTERN POLICYFILE`, got 1 field");
  auto three = parse_policy_map("a b.json c\n");
  ASSERT_FALSE(three);
  EXPECT_EQ(three.error().column, 10U);
  EXPECT_EQ(three.error().message, "expected `PATTERN POLICYFILE`, got 3 fields");
  auto upper = parse_policy_map("Team/* a.json\n");
  ASSERT_FALSE(upper);
  EXPECT_EQ(upper.error().column, 1U);
  EXPECT_EQ(upper.error().message,
            "unexpected character 'T' in repository pattern (expected a-z, 0-9, . _ - / or *)");
}

TEST(Preview, GroupsRepositoriesByPolicy) {
  InventoryBuilder builder;
  std::string json = "[";
  const char* repositories[] = {"team/app", "team/web", "other", "team/app"};
  for (unsigned i = 0; i < 4; ++i) {
    char digest[65];
    std::snprintf(digest, sizeof digest, "%064x", i + 1);
    json += std::string(i == 0 ? "" : ",") + "{\"repositoryName\": \"" + repositories[i] +
            "\", \"imageDigest\": \"sha256:" + digest +
            "\", \"imagePushedAt\": " + std::to_string(1'700'000'000 + i) +
            ", \"imageSizeInBytes\": 10}";
  }
  ASSERT_TRUE(builder.add("inventory.json", json + "]"));
  const Inventory inventory = builder.finish();
  PolicySet set;
  ASSERT_TRUE(set.add("team/app", "app.json", policy_keeping(1)));
  ASSERT_TRUE(set.add("team/*", "team.json", policy_keeping(5)));
  const Preview report = build_preview(set, inventory, EvalContext{0});
  ASSERT_EQ(report.policies.size(), 2U);
  EXPECT_EQ(report.policies[0].source->file, "app.json");
  ASSERT_EQ(report.repositories.size(), 2U);
  EXPECT_EQ(report.repositories[0].repository->name, "team/app");
  EXPECT_EQ(report.policy_of(report.repositories[0]).source->file, "app.json");
  EXPECT_EQ(report.repositories[0].summary.expiring, 1U);  // keeps 1 of 2
  EXPECT_EQ(report.repositories[1].repository->name, "team/web");
  EXPECT_EQ(report.policy_of(report.repositories[1]).source->file, "team.json");
  EXPECT_EQ(report.without_policy, (std::vector<std::string>{"other"}));

  PreviewOptions options;
  options.repositories = {"team/web", "missing", "other"};
  const Preview scoped = build_preview(set, inventory, EvalContext{0}, options);
  ASSERT_EQ(scoped.repositories.size(), 1U);
  EXPECT_EQ(scoped.repositories[0].repository->name, "team/web");
  EXPECT_EQ(scoped.missing_repositories, (std::vector<std::string>{"missing"}));
  EXPECT_EQ(scoped.without_policy, (std::vector<std::string>{"other"}));
}

struct Loaded {
  std::optional<PolicySet> set;
  io::ExitCode code = io::ExitCode::success;
  std::string err;
};

Loaded load(io::PolicyScopeKind kind, const std::string& path) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  io::CommandContext context{out, err, in};
  Loaded result;
  auto loaded = io::load_policy_scope({kind, path}, context);
  result.code = loaded.failure();
  if (loaded) {
    result.set = std::move(*loaded);
  }
  result.err = err.str();
  return result;
}

TEST(PolicyScope, LoadsPoliciesFolderAndMap) {
  Loaded folder = load(io::PolicyScopeKind::policies, k_fixtures + "policies");
  ASSERT_TRUE(folder.set) << folder.err;
  EXPECT_EQ(folder.err, "");
  ASSERT_EQ(folder.set->sources().size(), 2U);
  EXPECT_EQ(folder.set->sources()[0].pattern, "team/app");
  EXPECT_EQ(folder.set->sources()[0].file, k_fixtures + "policies/team-app.json");
  EXPECT_EQ(folder.set->sources()[1].pattern, "web");

  Loaded map = load(io::PolicyScopeKind::policy_map, k_fixtures + "policy-map.txt");
  ASSERT_TRUE(map.set) << map.err;
  ASSERT_EQ(map.set->sources().size(), 2U);
  EXPECT_EQ(map.set->sources()[0].pattern, "team/*");
  EXPECT_EQ(map.set->sources()[0].file, k_fixtures + "policy-new.json");
  EXPECT_EQ(map.set->find("web")->file, k_fixtures + "policies/web.json");
}

TEST(PolicyScope, ErrorsAndExitCodes) {
  const fs::path dir = fs::temp_directory_path() / ("ecrlc-scope-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "plain");
  fs::copy_file(k_fixtures + "policy-old.json", dir / "plain/a.json");
  Loaded plain = load(io::PolicyScopeKind::policies, (dir / "plain").string());
  EXPECT_FALSE(plain.set);
  EXPECT_EQ(plain.code, io::ExitCode::cannot_run);
  EXPECT_EQ(plain.err, (dir / "plain/a.json").string() +
                           ": error: no repositoryName: --policies expects `aws ecr "
                           "get-lifecycle-policy` outputs\n");

  std::ofstream(dir / "bad-map.txt") << "# map\nteam/* policy.json extra\n";
  Loaded bad_map = load(io::PolicyScopeKind::policy_map, (dir / "bad-map.txt").string());
  EXPECT_EQ(bad_map.code, io::ExitCode::cannot_run);
  EXPECT_EQ(bad_map.err, (dir / "bad-map.txt").string() +
                             ":2:20: error: expected `PATTERN POLICYFILE`, got 3 fields "
                             "[E0811]\nteam/* policy.json extra\n                   ^\n");

  std::ofstream(dir / "invalid.json") << "{\"rules\": []}\n";
  std::ofstream(dir / "map.txt") << "* invalid.json\n";
  Loaded invalid = load(io::PolicyScopeKind::policy_map, (dir / "map.txt").string());
  EXPECT_EQ(invalid.code, io::ExitCode::invalid_policy);
  EXPECT_EQ(invalid.err.rfind((dir / "invalid.json").string() + ":1:", 0), 0U) << invalid.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ecrlc
