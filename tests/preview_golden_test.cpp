// Golden scenarios: fixtures/cases/<name>/ run through `preview` in every format and through
// `explain`, compared byte for byte with expected.<format>. ECRLC_UPDATE_GOLDEN=1 rewrites
// the expectations from the real output (review the diff before committing it).
#include <gtest/gtest.h>
#include <simdjson.h>

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

struct GoldenCase {
  std::string name;
  fs::path dir;
  std::string now;
  std::vector<std::string> args;
  std::vector<std::string> explain;
  int exit_code = 0;
};

// Test names and failure messages show the case name, not the bytes of the struct.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<GoldenCase> load_cases() {
  std::vector<GoldenCase> cases;
  const fs::path root = fs::path(ECRLC_FIXTURES_DIR) / "cases";
  for (const auto& entry : fs::directory_iterator(root)) {
    const fs::path case_file = entry.path() / "case.json";
    if (!entry.is_directory() || !fs::exists(case_file)) {
      continue;
    }
    GoldenCase c;
    c.name = entry.path().filename().string();
    c.dir = entry.path();
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(simdjson::padded_string(read_file(case_file))).get(doc) != 0) {
      ADD_FAILURE() << case_file << ": not JSON";
      continue;
    }
    std::string_view text;
    if (doc["now"].get_string().get(text) == 0) {
      c.now = std::string(text);
    }
    simdjson::dom::array array;
    if (doc["args"].get_array().get(array) == 0) {
      for (auto value : array) {
        if (value.get_string().get(text) == 0) {
          c.args.emplace_back(text);
        }
      }
    }
    if (doc["explain"].get_array().get(array) == 0) {
      for (auto value : array) {
        if (value.get_string().get(text) == 0) {
          c.explain.emplace_back(text);
        }
      }
    }
    std::int64_t exit_code = 0;
    if (doc["exit"].get_int64().get(exit_code) == 0) {
      c.exit_code = static_cast<int>(exit_code);
    }
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase& a, const GoldenCase& b) { return a.name < b.name; });
  return cases;
}

class PreviewGolden : public ::testing::TestWithParam<GoldenCase> {
 protected:
  // Runs the CLI in the case directory so that file names in messages are stable.
  int run(std::vector<std::string> args, std::string& out, std::string& err) {
    const fs::path previous = fs::current_path();
    fs::current_path(GetParam().dir);
    std::ostringstream out_stream;
    std::ostringstream err_stream;
    std::istringstream in_stream;
    args.insert(args.begin(), "ecr-lifecycle");
    const int status = cli::run_cli(args, out_stream, err_stream, in_stream);
    fs::current_path(previous);
    out = out_stream.str();
    err = err_stream.str();
    return status;
  }

  void compare(const std::string& file, const std::string& actual) {
    const fs::path path = GetParam().dir / file;
    if (std::getenv("ECRLC_UPDATE_GOLDEN") != nullptr) {
      std::ofstream(path, std::ios::binary) << actual;
      return;
    }
    ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with ECRLC_UPDATE_GOLDEN=1";
    EXPECT_EQ(read_file(path), actual) << "in " << path;
  }
};

TEST_P(PreviewGolden, EveryFormat) {
  const GoldenCase& c = GetParam();
  std::string stderr_text;
  for (const char* format : {"table", "aws", "json", "csv", "ndjson"}) {
    std::vector<std::string> args = {"preview",  "--policy",       "policy.json",
                                     "--images", "inventory.json", "--now",
                                     c.now,      "--format",       format};
    args.insert(args.end(), c.args.begin(), c.args.end());
    std::string out;
    std::string err;
    EXPECT_EQ(run(args, out, err), c.exit_code) << format << ": " << err;
    compare(std::string("expected.") + format, out);
    if (std::string(format) == "table") {
      stderr_text = err;
    } else {
      EXPECT_EQ(err, stderr_text) << format;
    }
  }
  if (!stderr_text.empty() || fs::exists(c.dir / "expected.stderr")) {
    compare("expected.stderr", stderr_text);
  }
}

TEST_P(PreviewGolden, Explain) {
  const GoldenCase& c = GetParam();
  if (c.explain.empty()) {
    GTEST_SKIP() << "no explain images in case.json";
  }
  std::string transcript;
  for (const std::string& image : c.explain) {
    for (const char* format : {"text", "json"}) {
      std::string out;
      std::string err;
      const int status = run({"explain", "--policy", "policy.json", "--images", "inventory.json",
                              "--now", c.now, "--format", format, image},
                             out, err);
      transcript += "$ explain --format " + std::string(format) + " " + image + "\n";
      transcript += out;
      transcript += err;
      transcript += "[exit " + std::to_string(status) + "]\n\n";
    }
  }
  compare("expected.explain", transcript);
}

INSTANTIATE_TEST_SUITE_P(Cases, PreviewGolden, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           std::string name;
                           for (char ch : info.param.name) {
                             name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace ecrlc
