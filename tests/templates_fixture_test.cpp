// Golden tests: `ecr-lifecycle lint` on every fixtures/templates/ file (CloudFormation, SAM and
// CDK templates, Terraform plans, AWS CLI files). Each fixture's `<stem>.expected` holds the
// exact stderr (source lines and carets, checked by hand) plus `exit: N`; with
// ECRLC_UPDATE_GOLDEN=1 the goldens are rewritten from the real output. The SARIF, JSON and
// GitHub formats are checked against the same positions by tests/templates_sarif_test.py.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;

// "cdk-service-stack.template.json" -> "cdk-service-stack"
std::string stem_of(const std::string& name) { return name.substr(0, name.find('.')); }

std::vector<std::string> find_fixtures() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(ECRLC_FIXTURES_DIR) / "templates")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".expected")) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string run(const std::vector<std::string>& args, std::string* out = nullptr) {
  std::ostringstream output;
  std::ostringstream err;
  std::istringstream in;
  int status = cli::run_cli(args, output, err, in);
  if (out != nullptr) {
    *out = output.str();
  }
  return err.str() + "exit: " + std::to_string(status) + "\n";
}

class TemplateFixture : public testing::TestWithParam<std::string> {};

TEST_P(TemplateFixture, MatchesGolden) {
  // Relative paths keep the goldens independent of where the tree is checked out.
  ASSERT_EQ(chdir(ECRLC_SOURCE_DIR), 0);
  const std::string& name = GetParam();
  std::string out;
  const std::string actual = run({"ecr-lifecycle", "lint", "fixtures/templates/" + name}, &out);
  const fs::path golden =
      fs::path(ECRLC_FIXTURES_DIR) / "templates" / (stem_of(name) + ".expected");
  const char* update = std::getenv("ECRLC_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
  }
  EXPECT_EQ(out, "");
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with ECRLC_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, read_file(golden));
}

INSTANTIATE_TEST_SUITE_P(Templates, TemplateFixture, testing::ValuesIn(find_fixtures()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = stem_of(info.param);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Two images in shop/api, one in each of two other repositories.
constexpr const char* k_inventory = R"([
  {"repositoryName": "shop/api", "imageDigest": "sha256:4444444444444444444444444444444444444444444444444444444444444444", "imageTags": ["old"], "imageSizeInBytes": 10, "imagePushedAt": "2024-12-01T00:00:00Z"},
  {"repositoryName": "shop/api", "imageDigest": "sha256:1111111111111111111111111111111111111111111111111111111111111111", "imageTags": ["a"], "imageSizeInBytes": 10, "imagePushedAt": "2025-01-01T00:00:00Z"},
  {"repositoryName": "shop/web", "imageDigest": "sha256:2222222222222222222222222222222222222222222222222222222222222222", "imageTags": ["b"], "imageSizeInBytes": 10, "imagePushedAt": "2025-01-01T00:00:00Z"},
  {"repositoryName": "team/x", "imageDigest": "sha256:3333333333333333333333333333333333333333333333333333333333333333", "imageTags": ["c"], "imageSizeInBytes": 10, "imagePushedAt": "2025-01-01T00:00:00Z"}
])";

// The description of the first rule applied to `repository` in a preview's JSON report.
std::string rule_of(const std::string& json, const std::string& repository) {
  const std::size_t at = json.find("\"repositoryName\": \"" + repository + "\"");
  if (at == std::string::npos) {
    return "(no repository)";
  }
  const std::size_t description = json.find("\"description\": \"", at);
  if (description == std::string::npos) {
    return "(no rule)";
  }
  const std::size_t begin = description + 16;
  return json.substr(begin, json.find('"', begin) - begin);
}

TEST(TemplatePolicies, ExplicitRepositoryThenLongestPrefixThenRoot) {
  ASSERT_EQ(chdir(ECRLC_SOURCE_DIR), 0);
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in(k_inventory);
  const int status = cli::run_cli(
      {"ecr-lifecycle", "preview", "--policies", "fixtures/templates/cfn-yaml-mapping.yaml",
       "--images", "-", "--format", "json", "--now", "2025-03-01T00:00:00Z"},
      out, err, in);
  ASSERT_EQ(status, 0) << err.str();
  EXPECT_EQ(rule_of(out.str(), "shop/api"), "api: keep one image");
  EXPECT_EQ(rule_of(out.str(), "shop/web"), "shop: keep two images");
  EXPECT_EQ(rule_of(out.str(), "team/x"), "root: keep three images");
  // The generated name is reported, not guessed.
  EXPECT_NE(err.str().find("Resource GeneratedRepository (AWS::ECR::Repository): mapped to no "
                           "repository: CloudFormation generates its name"),
            std::string::npos)
      << err.str();
}

TEST(TemplatePolicies, DiffOfTwoTemplates) {
  ASSERT_EQ(chdir(ECRLC_SOURCE_DIR), 0);
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in(k_inventory);
  const int status = cli::run_cli(
      {"ecr-lifecycle", "diff", "--policies", "fixtures/templates/cfn-yaml-no-policy.yaml",
       "--policies", "fixtures/templates/cfn-yaml-mapping.yaml", "--images", "-", "--format",
       "json", "--now", "2025-03-01T00:00:00Z"},
      out, err, in);
  EXPECT_EQ(status, 0) << err.str();
  // The old template has no policy; the new one keeps one image of shop/api.
  EXPECT_NE(out.str().find("\"newlyExpiring\": {\"images\": 1,"), std::string::npos) << out.str();
}

TEST(TemplatePolicies, PolicyOptionNeedsExactlyOnePolicy) {
  ASSERT_EQ(chdir(ECRLC_SOURCE_DIR), 0);
  const std::string several =
      run({"ecr-lifecycle", "preview", "--policy", "fixtures/templates/cfn-yaml-mapping.yaml",
           "--images", "fixtures/inventories/array.json"});
  EXPECT_NE(several.find("fixtures/templates/cfn-yaml-mapping.yaml: error: expected one "
                         "lifecycle policy that can be checked, got 4 of 4"),
            std::string::npos)
      << several;
  EXPECT_TRUE(several.ends_with("exit: 2\n")) << several;
  const std::string single =
      run({"ecr-lifecycle", "preview", "--policy", "fixtures/templates/sam-template.yaml",
           "--images", "fixtures/inventories/array.json", "--now", "2025-03-01T00:00:00Z"});
  EXPECT_NE(single.find("exit: 0"), std::string::npos) << single;
}

}  // namespace
}  // namespace ecrlc
