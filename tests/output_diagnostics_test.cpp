// diagnostic_render: exact text, JSON, SARIF and GitHub output for a small case.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ecrlc/diagnostic_render.hpp"

namespace ecrlc {
namespace {

const std::string k_policy =
    "{\n"
    "  \"rules\": [\n"
    "    {\"rulePriority\": \"one\", \"action\": {\"type\": \"expire\"}}\n"
    "  ]\n"
    "}\n";

std::vector<CheckedFile> sample_files() {
  return {
      {"policy.json",
       k_policy,
       {{Severity::error,
         "E0102",
         "/rules/0/rulePriority",
         3,
         22,
         "expected an integer, got a string",
         {}},
        {Severity::warning, "W0003", "/rules", 2, 12, "no rule selects \"untagged\" images", {}}}},
      {"ok.json", "{}", {}},
  };
}

TEST(RenderText, PrintsHeaderSourceLineAndCaret) {
  std::ostringstream out;
  render_text(out, sample_files()[0]);
  EXPECT_EQ(out.str(),
            "policy.json:3:22: error: /rules/0/rulePriority: expected an integer, got a string "
            "[E0102]\n"
            "    {\"rulePriority\": \"one\", \"action\": {\"type\": \"expire\"}}\n"
            "                     ^\n"
            "policy.json:2:12: warning: /rules: no rule selects \"untagged\" images [W0003]\n"
            "  \"rules\": [\n"
            "           ^\n");
}

TEST(RenderText, KeepsTabsAndMarksBadBytes) {
  std::ostringstream out;
  render_text(out, {"t.json",
                    "\t\x01\"a\"\xff",
                    {{Severity::error, "E0001", "", 1, 3, "bad", {}}},
                    SourceKind::lines});
  EXPECT_EQ(out.str(), "t.json:1:3: error: bad [E0001]\n\t?\"a\"?\n\t ^\n");
}

// A file that cannot be JSON at all (a password file, /proc/self/environ given as a policy)
// is never echoed; JSON that is merely wrong is, with control bytes shown as '?'.
TEST(RenderText, NeverEchoesAFileThatCannotBeJson) {
  const std::vector<Diagnostic> at_start{{Severity::error, "E0001", "", 1, 1, "bad", {}}};
  for (std::string text :
       {"password=hunter2\n", "\xEF\xBB\xBF  SHELL=/bin/sh\0SECRET=1", "nothing\n", "\x1b[2J{}"}) {
    std::ostringstream out;
    render_text(out, {"f.json", text, at_start});
    EXPECT_EQ(out.str(), "f.json:1:1: error: bad [E0001]\n") << text;
  }
  for (std::string text : {"{\x1b[2J", " [1,", "\"s\"", "-1", "null x", ""}) {
    std::ostringstream out;
    render_text(out, {"f.json", text, at_start});
    EXPECT_NE(out.str(), "f.json:1:1: error: bad [E0001]\n") << text;
    EXPECT_EQ(out.str().find('\x1b'), std::string::npos) << text;
  }
}

// Lines of a file of lines are shown unless they hold binary data.
TEST(RenderLocated, NeverEchoesALineWithANulByte) {
  std::ostringstream out;
  render_located(out, "map.txt", std::string("HOME=/root\0SECRET=1\n", 20), 1, 1, Severity::error,
                 "expected PATTERN POLICYFILE", "E0811");
  EXPECT_EQ(out.str(), "map.txt:1:1: error: expected PATTERN POLICYFILE [E0811]\n");
}

// A byte order mark is not part of line 1: the line is shown without it, the caret under the
// column counted from the byte after it.
TEST(RenderText, ByteOrderMarkIsNotPartOfLineOne) {
  std::ostringstream out;
  render_text(
      out,
      {"b.json", "\xEF\xBB\xBF{\"rules\": 1}", {{Severity::error, "E0102", "", 1, 11, "x", {}}}});
  EXPECT_EQ(out.str(), "b.json:1:11: error: x [E0102]\n{\"rules\": 1}\n          ^\n");
}

TEST(RenderText, ShowsAWindowOfLongLines) {
  // Appended piecewise: g++ 12 warns falsely (-Warray-bounds) on a chain of + here.
  std::string line(200, 'a');
  line += 'X';
  line.append(200, 'b');
  std::ostringstream out;
  render_text(
      out,
      {"long.txt", line, {{Severity::error, "E0001", "", 1, 201, "here", {}}}, SourceKind::lines});
  std::string expected = "long.txt:1:201: error: here [E0001]\n...";
  expected.append(60, 'a');
  expected += 'X';
  expected.append(59, 'b');
  expected += "...\n";
  expected.append(63, ' ');
  expected += "^\n";
  EXPECT_EQ(out.str(), expected);
}

TEST(RenderLocated, PrintsWithAndWithoutPosition) {
  std::ostringstream out;
  render_located(out, "inv.json", "[1,\n 2,]\n", 2, 4, Severity::error, "expected a value, got ']'",
                 "");
  render_located(out, "inv.json", "", 0, 0, Severity::warning, "no images", "W9");
  EXPECT_EQ(out.str(),
            "inv.json:2:4: error: expected a value, got ']'\n 2,]\n   ^\n"
            "inv.json: warning: no images [W9]\n");
}

TEST(RenderJson, ListsFilesDiagnosticsAndSummary) {
  std::ostringstream out;
  render_json(out, sample_files());
  EXPECT_EQ(out.str(), R"({
  "files": [
    {
      "file": "policy.json",
      "valid": false,
      "diagnostics": [
        {"severity": "error", "code": "E0102", "pointer": "/rules/0/rulePriority", "line": 3, "column": 22, "message": "expected an integer, got a string"},
        {"severity": "warning", "code": "W0003", "pointer": "/rules", "line": 2, "column": 12, "message": "no rule selects \"untagged\" images"}
      ]
    },
    {
      "file": "ok.json",
      "valid": true,
      "diagnostics": []
    }
  ],
  "summary": {"files": 2, "valid": 1, "invalid": 1, "errors": 1, "warnings": 1}
}
)");
}

TEST(RenderGithub, PrintsOneWorkflowCommandPerDiagnostic) {
  std::ostringstream out;
  auto files = sample_files();
  files[1].name = "dir,with:odd%name.json";
  files[1].diagnostics.push_back({Severity::error, "E0001", "", 0, 0, "line one\nline two", {}});
  render_github(out, files);
  EXPECT_EQ(out.str(),
            "::error file=policy.json,line=3,col=22,title=E0102::/rules/0/rulePriority: expected "
            "an integer, got a string\n"
            "::warning file=policy.json,line=2,col=12,title=W0003::/rules: no rule selects "
            "\"untagged\" images\n"
            "::error file=dir%2Cwith%3Aodd%25name.json,title=E0001::line one%0Aline two\n");
}

TEST(RenderSarif, PrintsRulesAndResults) {
  std::ostringstream out;
  render_sarif(out, sample_files(), "0.1.0");
  EXPECT_EQ(out.str(), R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "ecr-lifecycle",
          "version": "0.1.0",
          "informationUri": "https://github.com/ecrlc/ecr-lifecycle",
          "rules": [
            {"id": "E0102", "shortDescription": {"text": "value of the wrong JSON type"}},
            {"id": "W0003", "shortDescription": {"text": "no untagged or any rule: untagged images are never cleaned up"}}
          ]
        }
      },
      "columnKind": "utf16CodeUnits",
      "results": [
        {
          "ruleId": "E0102",
          "ruleIndex": 0,
          "level": "error",
          "message": {"text": "/rules/0/rulePriority: expected an integer, got a string"},
          "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": "policy.json"}, "region": {"startLine": 3, "startColumn": 22}}}
          ]
        },
        {
          "ruleId": "W0003",
          "ruleIndex": 1,
          "level": "warning",
          "message": {"text": "/rules: no rule selects \"untagged\" images"},
          "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": "policy.json"}, "region": {"startLine": 2, "startColumn": 12}}}
          ]
        }
      ]
    }
  ]
}
)");
}

// The shape GitHub code scanning needs, checked by Python's json module when available.
TEST(RenderSarif, IsWellFormedForCodeScanning) {
  if (std::system("python3 -c 'import json' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 not available";
  }
  std::string path = testing::TempDir() + "ecrlc_render_test.sarif";
  {
    std::ofstream file(path);
    render_sarif(file, sample_files(), "0.1.0");
  }
  std::string check =
      "python3 -c \"import json,sys; d=json.load(open(sys.argv[1])); r=d['runs'][0]; "
      "ids=[x['id'] for x in r['tool']['driver']['rules']]; "
      "assert d['version']=='2.1.0' and r['tool']['driver']['name']=='ecr-lifecycle'; "
      "assert all(x['shortDescription']['text'] for x in r['tool']['driver']['rules']); "
      "assert all(x['ruleId'] in ids and x['level'] in ('error','warning','note') and "
      "x['message']['text'] and x['locations'][0]['physicalLocation']['region']['startLine']>=1 "
      "for x in r['results'])\" " +
      path;
  EXPECT_EQ(std::system(check.c_str()), 0);
  std::remove(path.c_str());
}

// A minified policy with a Japanese description and an emoji: the diagnostic is located in
// bytes (byte 77); text and GitHub count characters (code points), SARIF UTF-16 code units.
TEST(RenderColumns, CountCharactersForPeopleAndUtf16CodeUnitsInSarif) {
  const std::string text =
      "{\"rules\":[{\"description\":\"\u672c\u756a\u30a4\u30e1\u30fc\u30b8 "
      "\U0001F680\",\"selection\":{\"tagStatus\":\"any\"}}]}";
  const std::size_t byte_column = text.find("\"any\"") + 1;
  ASSERT_EQ(byte_column, 77U);  // after 6 characters of 3 bytes and one of 4
  const std::vector<CheckedFile> files = {
      {"p.json",
       text,
       {{Severity::warning, "W0004", "/rules/0/selection/tagStatus", 1, byte_column, "m", ""}}}};
  std::ostringstream plain;
  render_text(plain, files[0]);
  EXPECT_TRUE(plain.str().starts_with("p.json:1:62: warning: ")) << plain.str();
  std::ostringstream github;
  render_github(github, files);
  EXPECT_TRUE(github.str().starts_with("::warning file=p.json,line=1,col=62,")) << github.str();
  std::ostringstream sarif;
  render_sarif(sarif, files, "0");
  EXPECT_NE(sarif.str().find("\"startLine\": 1, \"startColumn\": 63}"), std::string::npos)
      << sarif.str();
  std::ostringstream json;
  render_json(json, files);
  EXPECT_NE(json.str().find("\"column\": 77"), std::string::npos) << json.str();
}

TEST(DescribeCode, KnowsEveryCode) {
  EXPECT_EQ(describe_code("E0201"), "rulePriority values must be unique (V1)");
  EXPECT_EQ(describe_code("W0006"), "the empty prefix matches every tagged image");
  EXPECT_EQ(describe_code("E0801"), "malformed line in a protect file");
  EXPECT_EQ(describe_code("W9999"), "");
}

}  // namespace
}  // namespace ecrlc
