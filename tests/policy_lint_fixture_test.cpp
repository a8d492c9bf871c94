// Golden tests: `ecr-lifecycle lint` on every fixtures/policies/{valid,invalid}/*.json file.
// Each fixture's `<name>.expected` holds the exact stderr plus `exit: N`; with
// ECRLC_UPDATE_GOLDEN=1 the goldens are rewritten from the real output.
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

struct Fixture {
  std::string kind;  // "valid" or "invalid"
  std::string name;  // file stem, kebab-case
  std::string relative_path() const { return "fixtures/policies/" + kind + "/" + name + ".json"; }
};

std::vector<Fixture> find_fixtures() {
  std::vector<Fixture> fixtures;
  for (std::string kind : {"valid", "invalid"}) {
    fs::path dir = fs::path(ECRLC_FIXTURES_DIR) / "policies" / kind;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      if (entry.path().extension() == ".json") {
        fixtures.push_back({kind, entry.path().stem().string()});
      }
    }
  }
  std::sort(fixtures.begin(), fixtures.end(), [](const Fixture& a, const Fixture& b) {
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  });
  return fixtures;
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class LintFixture : public testing::TestWithParam<Fixture> {};

TEST_P(LintFixture, MatchesGolden) {
  const Fixture& fixture = GetParam();
  // Relative paths keep the goldens independent of where the tree is checked out.
  ASSERT_EQ(chdir(ECRLC_SOURCE_DIR), 0);
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  int status = cli::run_cli({"ecr-lifecycle", "lint", fixture.relative_path()}, out, err, in);
  std::string actual = err.str() + "exit: " + std::to_string(status) + "\n";
  fs::path golden =
      fs::path(ECRLC_FIXTURES_DIR) / "policies" / fixture.kind / (fixture.name + ".expected");
  const char* update = std::getenv("ECRLC_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
  }
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(status, fixture.kind == "valid" ? 0 : 1) << err.str();
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with ECRLC_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, read_file(golden));
}

INSTANTIATE_TEST_SUITE_P(Policies, LintFixture, testing::ValuesIn(find_fixtures()),
                         [](const testing::TestParamInfo<Fixture>& info) {
                           std::string name = info.param.kind + "_" + info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(LintFixtures, HaveEnoughCoverage) {
  auto fixtures = find_fixtures();
  auto valid = std::count_if(fixtures.begin(), fixtures.end(),
                             [](const Fixture& f) { return f.kind == "valid"; });
  EXPECT_GE(valid, 25);
  EXPECT_GE(static_cast<long>(fixtures.size()) - valid, 60);
}

}  // namespace
}  // namespace ecrlc
