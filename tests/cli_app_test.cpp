// Usage errors: every message starts `ecr-lifecycle[ COMMAND]: error:`, names the closest
// valid word, and exits 2; help and version are successes.
#include <gtest/gtest.h>

#include <cctype>
#include <regex>
#include <sstream>
#include <string>

#include "ecrlc/suggest.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

using test::run_cli;

TEST(ClosestName, FindsTyposAndNothingElse) {
  const std::vector<std::string> commands{"lint", "preview", "explain", "diff", "plan"};
  EXPECT_EQ(closest_name("prevew", commands), "preview");
  EXPECT_EQ(closest_name("perview", commands), "preview");  // one swap
  EXPECT_EQ(closest_name("PLAN", commands), "plan");        // case only
  EXPECT_EQ(closest_name("tagPrefixlist", {"tagPrefixList", "tagPatternList"}), "tagPrefixList");
  EXPECT_EQ(closest_name("plan", commands), std::nullopt);        // a name is no typo
  EXPECT_EQ(closest_name("kubernetes", commands), std::nullopt);  // nothing close
  EXPECT_EQ(closest_name("", commands), std::nullopt);
  EXPECT_EQ(did_you_mean("lnit", commands), " (did you mean lint?)");
  EXPECT_EQ(did_you_mean("xyz", commands), "");
}

TEST(BracedValues, SplitsCli11sListsOfAllowedValues) {
  EXPECT_EQ(braced_values("{table,json}"), (std::vector<std::string>{"table", "json"}));
  EXPECT_EQ(braced_values("{aws}"), (std::vector<std::string>{"aws"}));
  EXPECT_EQ(braced_values("{a,,b}"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(braced_values("table,json").empty());
  EXPECT_TRUE(braced_values("{table,json").empty());
  EXPECT_TRUE(braced_values("}").empty());
}

TEST(UsageErrors, UnknownSubcommandNamesTheClosest) {
  const auto run = run_cli({"prevew"});
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(run.err,
            "ecr-lifecycle: error: unknown subcommand prevew (did you mean preview?)\n"
            "Run 'ecr-lifecycle --help' for more information.\n");
}

TEST(UsageErrors, UnknownOptionComesBeforeMissingOnes) {
  const auto run = run_cli({"preview", "--polcy", "p.json", "--images", "i.json"});
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(run.err,
            "ecr-lifecycle preview: error: unknown option --polcy (did you mean --policy?)\n"
            "Run 'ecr-lifecycle preview --help' for more information.\n");
  EXPECT_EQ(run_cli({"-V"}).err,
            "ecr-lifecycle: error: unknown option -V\n"
            "Run 'ecr-lifecycle --help' for more information.\n");
}

TEST(UsageErrors, CliElevenMessagesTakeTheToolsForm) {
  const auto none = run_cli({});
  EXPECT_EQ(none.status, 2);
  EXPECT_EQ(none.err,
            "ecr-lifecycle: error: a subcommand is required\n"
            "Run 'ecr-lifecycle --help' for more information.\n");
  const auto value = run_cli({"preview", "--format", "tabel", "--policy", "p", "--images", "i"});
  EXPECT_EQ(value.status, 2);
  EXPECT_EQ(value.err,
            "ecr-lifecycle preview: error: --format: tabel not in "
            "{table,json,aws,csv,ndjson,markdown,html} (did you mean table?)\nRun 'ecr-lifecycle "
            "preview --help' for more information.\n");
  const auto missing = run_cli({"lint"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err.rfind("ecr-lifecycle lint: error: POLICY is required\n", 0), 0U);
}

TEST(UsageErrors, PricesAreFiniteAndNotNegative) {
  for (const char* price : {"-0.1", "nan", "inf", "ten"}) {
    const auto run =
        run_cli({"preview", "--policy", "p", "--images", "i", "--price-per-gb-month", price});
    EXPECT_EQ(run.status, 2) << price;
    EXPECT_NE(run.err.find("expected a price in USD per GB-month (0 or more), got"),
              std::string::npos)
        << run.err;
  }
  const auto archive = run_cli({"diff", "--policy", "a", "--policy", "b", "--images", "i",
                                "--archive-price-per-gb-month", "-1"});
  EXPECT_EQ(archive.status, 2);
  EXPECT_NE(archive.err.find("--archive-price-per-gb-month"), std::string::npos) << archive.err;
}

TEST(UsageErrors, HelpAndVersionSucceed) {
  EXPECT_EQ(run_cli({"--help"}).status, 0);
  EXPECT_EQ(run_cli({"--version"}).status, 0);
  const auto help = run_cli({"help", "plan"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("Usage: ecr-lifecycle plan"), std::string::npos);
  EXPECT_NE(run_cli({"help"}).out.find("Subcommands:"), std::string::npos);
}

// Every description in every help page starts with a capital (or a non-letter), as CLI11's own
// "Print this help message and exit" does.
TEST(UsageErrors, HelpDescriptionsStartWithACapital) {
  const std::regex option_line(R"(^  (\S.*?)\s{2,}(\S.*)$)");
  const std::regex continuation(R"(^\s{20,}(\S.*)$)");
  for (const char* command : {"", "lint", "preview", "explain", "diff", "plan", "apply", "snapshot",
                              "generate", "completion"}) {
    std::vector<std::string> args;
    if (*command != '\0') {
      args.emplace_back(command);
    }
    args.emplace_back("--help");
    const auto help = run_cli(args);
    ASSERT_EQ(help.status, 0) << command;
    std::istringstream lines(help.out);
    std::string line;
    std::smatch match;
    int descriptions = 0;
    while (std::getline(lines, line)) {
      if (std::regex_match(line, match, option_line) ||
          std::regex_match(line, match, continuation)) {
        const std::string description = match[match.size() - 1];
        ++descriptions;
        EXPECT_FALSE(std::islower(static_cast<unsigned char>(description[0])) != 0)
            << command << ": " << line;
      }
    }
    EXPECT_GE(descriptions, 2) << command << " help has no descriptions:\n" << help.out;
  }
}

}  // namespace
}  // namespace ecrlc
