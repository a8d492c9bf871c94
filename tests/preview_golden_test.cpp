// Golden scenarios: every fixtures/cases/<name>/ directory with a case.json (one policy,
// `--policy policy.json`) or a scope-case.json (one policy per repository) is run through
// `preview` in every format and through `explain`, and compared byte for byte with
// expected.<format>, expected.stderr and expected.explain. Keys: `description`, `now`, `args`
// added to the command, optional `explain` images and `exit`; a scope-case.json adds
// `policyArgs` used in place of `--policy policy.json`; `"report": true` adds expected.markdown
// and expected.html (the report formats). ECRLC_UPDATE_GOLDEN=1 rewrites the
// expectations from the real output (review the diff before committing it).
//
// PreviewScopeSameAsSingle runs every case.json case again with a policy map `* policy.json`:
// the output must be the single-policy output plus the policy column, field or section, so the
// multi-policy renderers cannot drift from the single-policy ones.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;
using test::CliRun;
using test::read_file;

struct GoldenCase {
  std::string name;
  fs::path dir;
  std::string now;
  std::vector<std::string> policy_args;  // how the command is given its policy or policies
  std::vector<std::string> args;
  std::vector<std::string> explain;
  int exit_code = 0;
  bool report = false;  // "report": true: the html and markdown reports are golden too
};

// Test names and failure messages show the case name, not the bytes of the struct.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

std::vector<std::string> strings(simdjson::dom::element doc, const char* key) {
  std::vector<std::string> values;
  simdjson::dom::array array;
  if (doc[key].get_array().get(array) == 0) {
    for (auto value : array) {
      std::string_view text;
      if (value.get_string().get(text) == 0) {
        values.emplace_back(text);
      }
    }
  }
  return values;
}

// The case directories holding `file_name` (case.json or scope-case.json), sorted by name.
std::vector<GoldenCase> load_cases(const char* file_name) {
  std::vector<GoldenCase> cases;
  for (const auto& entry : fs::directory_iterator(fs::path(ECRLC_FIXTURES_DIR) / "cases")) {
    const fs::path case_file = entry.path() / file_name;
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
    c.policy_args = strings(doc, "policyArgs");
    if (c.policy_args.empty()) {
      c.policy_args = {"--policy", "policy.json"};
    }
    c.args = strings(doc, "args");
    c.explain = strings(doc, "explain");
    std::int64_t exit_code = 0;
    if (doc["exit"].get_int64().get(exit_code) == 0) {
      c.exit_code = static_cast<int>(exit_code);
    }
    bool report = false;
    if (doc["report"].get_bool().get(report) == 0) {
      c.report = report;
    }
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase& a, const GoldenCase& b) { return a.name < b.name; });
  return cases;
}

// Runs the CLI in `dir` so that file names in messages are stable.
CliRun run_in(const fs::path& dir, std::vector<std::string> args) {
  const fs::path previous = fs::current_path();
  fs::current_path(dir);
  CliRun run = test::run_cli(std::move(args));
  fs::current_path(previous);
  return run;
}

std::string case_name(const GoldenCase& c) {
  std::string name;
  for (char ch : c.name) {
    name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  }
  return name;
}

// `preview` of the case in `format`.
std::vector<std::string> preview_args(const GoldenCase& c, const char* format) {
  std::vector<std::string> args = {"preview"};
  args.insert(args.end(), c.policy_args.begin(), c.policy_args.end());
  args.insert(args.end(), {"--images", "inventory.json", "--now", c.now, "--format", format});
  args.insert(args.end(), c.args.begin(), c.args.end());
  return args;
}

constexpr const char* k_formats[] = {"table", "aws", "json", "csv", "ndjson"};

class PreviewGolden : public ::testing::TestWithParam<GoldenCase> {
 protected:
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
  for (const char* format : k_formats) {
    const CliRun run = run_in(c.dir, preview_args(c, format));
    EXPECT_EQ(run.status, c.exit_code) << format << ": " << run.err;
    compare(std::string("expected.") + format, run.out);
    if (std::string(format) == "table") {
      stderr_text = run.err;
    } else {
      EXPECT_EQ(run.err, stderr_text) << format;
    }
  }
  if (!stderr_text.empty() || fs::exists(c.dir / "expected.stderr")) {
    compare("expected.stderr", stderr_text);
  }
}

// The report formats of the cases that ask for them (two: a page is long): byte for byte,
// since nothing on the page depends on when or where it was made.
TEST_P(PreviewGolden, Report) {
  const GoldenCase& c = GetParam();
  if (!c.report) {
    GTEST_SKIP() << "the case file does not ask for the report formats";
  }
  for (const char* format : {"markdown", "html"}) {
    const CliRun run = run_in(c.dir, preview_args(c, format));
    EXPECT_EQ(run.status, c.exit_code) << format << ": " << run.err;
    compare(std::string("expected.") + format, run.out);
  }
}

TEST_P(PreviewGolden, Explain) {
  const GoldenCase& c = GetParam();
  if (c.explain.empty()) {
    GTEST_SKIP() << "no explain images in the case file";
  }
  std::string transcript;
  for (const std::string& image : c.explain) {
    for (const char* format : {"text", "json"}) {
      std::vector<std::string> args = {"explain"};
      args.insert(args.end(), c.policy_args.begin(), c.policy_args.end());
      args.insert(args.end(),
                  {"--images", "inventory.json", "--now", c.now, "--format", format, image});
      const CliRun run = run_in(c.dir, args);
      transcript += "$ explain --format " + std::string(format) + " " + image + "\n";
      transcript += run.out;
      transcript += run.err;
      transcript += "[exit " + std::to_string(run.status) + "]\n\n";
    }
  }
  compare("expected.explain", transcript);
}

// One policy: Cases/PreviewGolden.*/NAME; one policy per repository: Scope/PreviewGolden.*/NAME.
INSTANTIATE_TEST_SUITE_P(Cases, PreviewGolden, ::testing::ValuesIn(load_cases("case.json")),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           return case_name(info.param);
                         });
INSTANTIATE_TEST_SUITE_P(Scope, PreviewGolden, ::testing::ValuesIn(load_cases("scope-case.json")),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           return case_name(info.param);
                         });

// ---- A map of one `*` line prints the single-policy output plus the policy ---------------

std::string remove_all(std::string text, const std::string& what) {
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at)) {
    text.erase(at, what.size());
  }
  return text;
}

// Removes the table's storage and cost lines ("\nStorage: " to the upper-bound note) from
// `text` and returns them.
std::string take_cost_lines(std::string& text) {
  const auto start = text.find("\nStorage: ");
  const std::string last = "Bytes freed are an upper bound: images that share layers free less.\n";
  const auto end = text.find(last, start == std::string::npos ? 0 : start);
  if (start == std::string::npos || end == std::string::npos) {
    ADD_FAILURE() << "no cost lines in:\n" << text;
    return {};
  }
  std::string lines = text.substr(start, end + last.size() - start);
  text.erase(start, lines.size());
  return lines;
}

class PreviewScopeSameAsSingle : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(PreviewScopeSameAsSingle, EveryFormat) {
  const GoldenCase& c = GetParam();
  const fs::path map = fs::temp_directory_path() /
                       ("ecrlc-scope-" + case_name(c) + "-" + std::to_string(::getpid()) + ".map");
  const std::string policy = (c.dir / "policy.json").string();
  std::ofstream(map) << "* " << policy << "\n";
  for (const char* format : k_formats) {
    std::vector<std::string> tail = {"--images", "inventory.json", "--now",
                                     c.now,      "--format",       format};
    tail.insert(tail.end(), c.args.begin(), c.args.end());
    std::vector<std::string> single = {"preview", "--policy", "policy.json"};
    std::vector<std::string> mapped = {"preview", "--policy-map", map.string()};
    single.insert(single.end(), tail.begin(), tail.end());
    mapped.insert(mapped.end(), tail.begin(), tail.end());
    const CliRun single_run = run_in(c.dir, single);
    const CliRun mapped_run = run_in(c.dir, mapped);
    ASSERT_EQ(single_run.status, c.exit_code) << format;
    ASSERT_EQ(mapped_run.status, c.exit_code) << format;
    EXPECT_EQ(mapped_run.err, single_run.err) << format;
    std::string single_out = single_run.out;
    std::string mapped_out = mapped_run.out;
    const std::string f = format;
    if (f == "table") {
      // The storage and cost lines close the summaries of the whole run: after the
      // per-repository table with one policy, after "All repositories" with several.
      EXPECT_EQ(take_cost_lines(mapped_out), take_cost_lines(single_out));
      const std::string head = "== Policy " + policy + ": ";
      ASSERT_EQ(mapped_out.rfind(head, 0), 0U) << mapped_out;
      // The policy's section is the single-policy table up to the forecast, which (like the
      // forecast section) comes after the grand totals.
      const std::string body = mapped_out.substr(mapped_out.find(" ==\n") + 4);
      const std::string section = single_out.substr(0, single_out.find("\nForecast to "));
      EXPECT_EQ(body.substr(0, section.size()), section);
      EXPECT_EQ(body.find("\nAll repositories:\nREPOSITORY"), section.size()) << body;
      if (section.size() != single_out.size()) {
        EXPECT_EQ(body.substr(body.find("\nForecast to ")), single_out.substr(section.size()));
      }
    } else if (f == "aws") {
      EXPECT_EQ(mapped_out, single_out);
    } else if (f == "csv") {
      // The policy column comes before the forecast columns.
      std::string stripped = remove_all(mapped_out, "," + policy);
      ASSERT_LT(stripped.find(",policy"), stripped.find("\r\n"));
      stripped.erase(stripped.find(",policy"), 7);
      EXPECT_EQ(stripped, single_out);
    } else if (f == "ndjson") {
      EXPECT_EQ(remove_all(mapped_out, ", \"policy\": \"" + policy + "\""), single_out);
    } else {
      // Same repositories (less their "policy" member), same totals; "rules" is per policy.
      const std::string from = "  \"missingRepositories\"";
      const std::string without_policy =
          remove_all(mapped_out, ",\n      \"policy\": \"" + policy + "\"");
      ASSERT_NE(single_out.find(from), std::string::npos);
      EXPECT_EQ(without_policy.substr(without_policy.find(from)),
                single_out.substr(single_out.find(from)));
      const std::string totals = "  \"totals\"";
      EXPECT_EQ(without_policy.substr(
                    without_policy.find(totals),
                    without_policy.find(",\n  \"policies\"") - without_policy.find(totals)),
                single_out.substr(single_out.find(totals),
                                  single_out.find(",\n  \"rules\"") - single_out.find(totals)));
    }
  }
  fs::remove(map);
}

INSTANTIATE_TEST_SUITE_P(Cases, PreviewScopeSameAsSingle,
                         ::testing::ValuesIn(load_cases("case.json")),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           return case_name(info.param);
                         });

// --policies DIR and --policy-map keep the registryId of each get-lifecycle-policy output for
// --format aws, as --policy FILE does (docs/preview.md, --registry-id), when the inventory
// has none.
TEST(PreviewAws, PolicyFilesKeepTheirRegistryId) {
  const fs::path dir = fs::temp_directory_path() / ("ecrlc-registry-" + std::to_string(::getpid()));
  fs::create_directories(dir / "policies");
  std::ofstream(dir / "policies" / "svc.json")
      << R"({"registryId": "444455556666", "repositoryName": "svc", "lifecyclePolicyText": )"
      << R"("{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",)"
      << R"(\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}"})";
  std::ofstream(dir / "map.txt") << "svc policies/svc.json\n";
  const std::string inventory = std::string(ECRLC_FIXTURES_DIR) + "/inventories/array.json";
  const std::vector<std::string> tail = {"--images", inventory, "--repository",
                                         "svc",      "--now",   "2025-06-01T00:00:00Z",
                                         "--format", "aws"};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), tail.begin(), tail.end());
    return run_in(dir, std::move(args));
  };
  const CliRun single = run({"preview", "--policy", "policies/svc.json"});
  const CliRun directory = run({"preview", "--policies", "policies"});
  const CliRun mapped = run({"preview", "--policy-map", "map.txt"});
  ASSERT_EQ(single.status, 0) << single.err;
  EXPECT_NE(single.out.find("\n    \"registryId\": \"444455556666\",\n"), std::string::npos)
      << single.out;
  EXPECT_EQ(directory.out, single.out);
  EXPECT_EQ(mapped.out, single.out);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ecrlc
