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

}  // namespace
}  // namespace ecrlc
