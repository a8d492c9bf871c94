// io/process and io/aws_cli against small shell scripts that stand in for the AWS CLI: what
// the program receives (arguments, environment, standard input) and how failures read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/aws_cli.hpp"
#include "io/process.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;

class IoProcess : public test::FolderTest {
 protected:
  // An executable script named `name` with `body` after the shebang line.
  std::string script(const std::string& name, const std::string& body) {
    const std::string path = (m_dir / name).string();
    std::ofstream(path) << "#!/bin/sh\n" << body;
    ::chmod(path.c_str(), 0755);
    return path;
  }
};

TEST_F(IoProcess, PassesArgumentsAsTheyAreWithoutAShell) {
  const std::string program = script("args", "for a in \"$@\"; do printf '[%s]' \"$a\"; done\n");
  auto ran = io::run_process({program, "a b", "$HOME", "'; rm -rf /", ""});
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(ran->exit_status, 0);
  EXPECT_EQ(ran->out, "[a b][$HOME]['; rm -rf /][]");
}

TEST_F(IoProcess, CapturesBothStreamsAndTheExitStatus) {
  // More than a pipe's buffer on both streams: a reader of one stream only would deadlock.
  const std::string program = script(
      "both",
      "head -c 300000 /dev/zero | tr '\\0' o; head -c 300000 /dev/zero | tr '\\0' e >&2; exit 3\n");
  auto ran = io::run_process({program});
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->exit_status, 3);
  EXPECT_EQ(ran->out, std::string(300000, 'o'));
  EXPECT_EQ(ran->err, std::string(300000, 'e'));
}

TEST_F(IoProcess, StandardInputIsEmptyAndEnvironmentIsAdded) {
  const std::string program = script("env", "cat; printf '%s|%s' \"$ECRLC_A\" \"${HOME:+home}\"\n");
  auto ran = io::run_process({program}, {"ECRLC_A=1"});
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->out, "1|home");
}

TEST_F(IoProcess, KilledProgramsReportTheSignalAsAShellDoes) {
  auto ran = io::run_process({script("killed", "kill -9 $$\n")});
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->exit_status, 128 + 9);
}

TEST_F(IoProcess, AMissingProgramIsAnError) {
  auto ran = io::run_process({(m_dir / "no-such-aws").string()});
  ASSERT_FALSE(ran);
  EXPECT_NE(ran.error().message.find("cannot run "), std::string::npos);
  EXPECT_NE(ran.error().message.find("No such file"), std::string::npos);
  auto not_executable = io::run_process({m_dir.string()});
  ASSERT_FALSE(not_executable);
}

TEST_F(IoProcess, AwsCliAddsTheCommonOptionsAndNoPager) {
  const std::string program =
      script("aws", "printf '%s ' \"$@\"; printf 'pager=[%s]' \"${AWS_PAGER-unset}\"\n");
  io::AwsCli cli({program, "eu-west-1", "dev", "http://127.0.0.1:5000"});
  auto called = cli.call("ecr", "describe-images", {"--repository-name", "shop/api"});
  ASSERT_TRUE(called);
  ASSERT_TRUE(called->ok());
  EXPECT_EQ(called->out,
            "ecr describe-images --repository-name shop/api --output json --region eu-west-1 "
            "--profile dev --endpoint-url http://127.0.0.1:5000 pager=[]");
  io::AwsCli plain({program, "", "", ""});
  auto bare = plain.call("ecr", "describe-repositories", {});
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->out, "ecr describe-repositories --output json pager=[]");
}

TEST_F(IoProcess, AwsCliFailuresNameTheCommandTheStatusAndTheErrorCode) {
  const std::string program =
      script("aws",
             "printf '\\nAn error occurred (LifecyclePolicyNotFoundException) when calling the "
             "GetLifecyclePolicy operation: no policy\\n' >&2; exit 254\n");
  io::AwsCli cli({program, "", "", ""});
  auto called = cli.call("ecr", "get-lifecycle-policy", {"--repository-name", "team a/x"});
  ASSERT_TRUE(called);
  ASSERT_FALSE(called->ok());
  EXPECT_EQ(called->failure->exit_status, 254);
  EXPECT_EQ(called->failure->error_code, "LifecyclePolicyNotFoundException");
  EXPECT_EQ(called->failure->message(),
            "`" + program +
                " ecr get-lifecycle-policy --repository-name 'team a/x' --output json` failed "
                "(exit status 254): An error occurred (LifecyclePolicyNotFoundException) when "
                "calling the GetLifecyclePolicy operation: no policy");
}

TEST_F(IoProcess, AwsCliVersionIsItsFirstLineOnEitherStream) {
  io::AwsCli v2({script("aws2", "echo 'aws-cli/2.9.19 Python/3.11.2 Linux'\n"), "", "", ""});
  io::AwsCli v1({script("aws1", "echo 'aws-cli/1.36.0 Python/3.11.7 Linux' >&2\n"), "", "", ""});
  ASSERT_TRUE(v2.version());
  EXPECT_EQ(*v2.version(), "aws-cli/2.9.19 Python/3.11.2 Linux");
  EXPECT_EQ(*v1.version(), "aws-cli/1.36.0 Python/3.11.7 Linux");
}

}  // namespace
}  // namespace ecrlc
