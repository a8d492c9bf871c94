// Tests of the inputs (io/text_input, io/inventory_input): inventories read once, from pipes and
// standard input, with the source line of an error shown from what was read (issue 10: `--images
// <(cat inventory.json)` used to print an empty source line and a lone caret, because the CLI
// opened the file again).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app.hpp"
#include "io/file_source.hpp"
#include "io/text_input.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

const std::string k_policy = std::string(ECRLC_FIXTURES_DIR) + "/examples/policy.json";

// The example inventory with one impossible timestamp on line 11.
std::string broken_inventory() {
  std::string text = test::read_file(std::string(ECRLC_FIXTURES_DIR) + "/examples/inventory.json");
  const std::string field = "\"imagePushedAt\": \"";
  const std::size_t value = text.find(field) + field.size();
  text.replace(value, text.find('"', value) - value, "nope");
  return text;
}

const std::string k_error =
    ":11:30: error: imagePushedAt: invalid timestamp \"nope\": expected a 4-digit year, got "
    "'n' [E0403]\n"
    "            \"imagePushedAt\": \"nope\",\n"
    "                             ^\n";

std::vector<std::string> preview_args(const std::string& images) {
  return {"ecr-lifecycle", "preview", "--policy", k_policy,
          "--images",      images,    "--now",    "2026-01-01T00:00:00Z"};
}

// What a shell's process substitution passes: /dev/fd/N of a pipe, readable once.
TEST(CliInputs, PipedInventoryErrorShowsItsSourceLine) {
  const std::string text = broken_inventory();
  ASSERT_LT(text.size(), 65536U);  // fits in the pipe, so no writer thread is needed
  int fds[2];
  ASSERT_EQ(0, ::pipe(fds));
  ASSERT_EQ(static_cast<ssize_t>(text.size()), ::write(fds[1], text.data(), text.size()));
  ::close(fds[1]);
  const std::string path = "/dev/fd/" + std::to_string(fds[0]);
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  const int status = cli::run_cli(preview_args(path), out, err, in);
  ::close(fds[0]);
  EXPECT_EQ(2, status);
  EXPECT_EQ(path + k_error, err.str());
  EXPECT_EQ("", out.str());
}

TEST(CliInputs, StandardInputInventoryErrorShowsItsSourceLine) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in(broken_inventory());
  const int status = cli::run_cli(preview_args("-"), out, err, in);
  EXPECT_EQ(2, status);
  EXPECT_EQ("-" + k_error, err.str());
}

TEST(CliInputs, UnreadableInventoryNamesTheReason) {
  test::CliRun run = test::run_cli(
      {"preview", "--policy", k_policy, "--images", "/", "--now", "2026-01-01T00:00:00Z"});
  EXPECT_EQ(2, run.status);
  EXPECT_EQ("/: error: is a directory\n", run.err);
}

TEST(CliInputs, ReadInputReadsFilesAndStandardInput) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in("from stdin");
  io::CommandContext context{out, err, in};
  Result<std::string> piped = io::read_input("-", io::policy_input(), context);
  ASSERT_TRUE(piped);
  EXPECT_EQ("from stdin", *piped);
  Result<std::string> file = io::read_input(k_policy, io::policy_input(), context);
  ASSERT_TRUE(file);
  EXPECT_EQ(test::read_file(k_policy), *file);
  Result<std::string> missing =
      io::read_input("/nonexistent/policy.json", io::policy_input(), context);
  ASSERT_FALSE(missing);
  EXPECT_EQ("/nonexistent/policy.json: cannot open: No such file or directory",
            missing.error().message);
}

// A directory is never an empty file, whatever reads it.
TEST(CliInputs, DirectoryIsNeverAnEmptyFile) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  io::CommandContext context{out, err, in};
  Result<std::string> text = io::read_input(ECRLC_FIXTURES_DIR, io::protect_input(), context);
  ASSERT_FALSE(text);
  EXPECT_EQ(std::string(ECRLC_FIXTURES_DIR) + ": is a directory", text.error().message);
  Result<io::FdSource> source = io::FdSource::open(ECRLC_FIXTURES_DIR);
  ASSERT_FALSE(source);
  EXPECT_EQ("is a directory", source.error().message);
}

// Standard input is read by one option only: a second one is refused, not given what is left.
TEST(CliInputs, StandardInputIsReadOnce) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in(test::read_file(k_policy));
  io::CommandContext context{out, err, in};
  ASSERT_TRUE(io::read_input("-", io::policy_input(), context));
  Result<std::string> again = io::read_input("-", io::protect_input(), context);
  ASSERT_FALSE(again);
  EXPECT_EQ("-: --protect cannot read standard input: --policy reads it", again.error().message);
  Result<std::string> twice = io::read_input("-", io::policy_input(), context);
  ASSERT_FALSE(twice);
  EXPECT_EQ("-: standard input can be read once, and --policy names it twice",
            twice.error().message);
}

// An endless input stops at its limit, with the limit in the message.
TEST(CliInputs, EndlessInputStopsAtItsLimit) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  io::CommandContext context{out, err, in};
  Result<std::string> zero = io::read_input("/dev/zero", io::policy_input(), context);
  ASSERT_FALSE(zero);
  EXPECT_EQ("/dev/zero: expected a policy file of at most 1 MiB (1048576 bytes), got more",
            zero.error().message);
}

TEST(CliInputs, BlankNowIsAnError) {
  for (const char* value : {"", "  "}) {
    test::CliRun run = test::run_cli({"preview", "--policy", k_policy, "--images",
                                      std::string(ECRLC_FIXTURES_DIR) + "/examples/inventory.json",
                                      "--now", value});
    EXPECT_EQ(2, run.status) << value;
    EXPECT_EQ("ecr-lifecycle preview: error: --now: expected a time, got an empty value\n",
              run.err);
  }
}

// A --now before some push times is a mistake the output would hide: those images are
// simply never old enough.
TEST(CliInputs, NowBeforePushTimesWarns) {
  const std::string images = std::string(ECRLC_FIXTURES_DIR) + "/examples/inventory.json";
  test::CliRun one = test::run_cli(
      {"preview", "--policy", k_policy, "--images", images, "--now", "2025-03-13T00:00:00Z"});
  EXPECT_EQ(0, one.status);
  EXPECT_EQ(
      "ecr-lifecycle preview: warning: 1 image pushed after --now 2025-03-13 00:00:00 UTC: its "
      "age is negative, so no age rule selects it\n",
      one.err);
  test::CliRun all = test::run_cli({"diff", "--policy", k_policy, "--policy", k_policy, "--images",
                                    images, "--now", "2000-01-01T00:00:00Z"});
  EXPECT_EQ(0, all.status);
  EXPECT_EQ(
      "ecr-lifecycle diff: warning: 31 images pushed after --now 2000-01-01 00:00:00 UTC: "
      "their age is negative, so no age rule selects them\n",
      all.err);
  test::CliRun later = test::run_cli(
      {"preview", "--policy", k_policy, "--images", images, "--now", "2026-01-01T00:00:00Z"});
  EXPECT_EQ("", later.err);
}

// An untagged digest pushed to two repositories is named by REPOSITORY@DIGEST or by the digest
// with --repository; the digest alone is ambiguous and lists both.
TEST(CliInputs, ExplainRepositoryPicksOneOfTwoEqualDigests) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  const std::string images = ::testing::TempDir() + "/explain_two_repositories.json";
  {
    std::ofstream file(images);
    file << R"({"imageDetails": [)";
    for (const char* repository : {"shop/api", "shop/web"}) {
      file << (repository[5] == 'a' ? "" : ",") << R"({"repositoryName": ")" << repository
           << R"(", "imageDigest": ")" << digest
           << R"(", "imagePushedAt": "2025-01-01T00:00:00Z", "imageSizeInBytes": 1})";
    }
    file << "]}";
  }
  const std::vector<std::string> common{
      "explain", "--policy", k_policy, "--images", images, "--now", "2026-01-01T00:00:00Z"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run_cli(args);
  };
  const test::CliRun ambiguous = with({digest});
  EXPECT_EQ(2, ambiguous.status);
  EXPECT_NE(ambiguous.err.find("shop/api@" + digest), std::string::npos) << ambiguous.err;
  EXPECT_NE(ambiguous.err.find("shop/web@" + digest), std::string::npos) << ambiguous.err;
  const test::CliRun chosen = with({"--repository", "shop/web", digest});
  EXPECT_EQ(0, chosen.status) << chosen.err;
  EXPECT_NE(chosen.out.find("shop/web"), std::string::npos) << chosen.out;
  EXPECT_EQ(chosen.out.find("shop/api"), std::string::npos) << chosen.out;
  EXPECT_EQ(with({"shop/web@" + digest}).out, chosen.out);
  EXPECT_EQ(2, with({"--repository", "shop/none", digest}).status);
}

}  // namespace
}  // namespace ecrlc
