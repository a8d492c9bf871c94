// Tests of io/output_file and io/folder_write ("Outputs that never destroy"): checked writes with
// their OS reason, an input never overwritten, regular files replaced through symbolic links, and
// the plan folder's marker, lock and names. tests/fail_closed_test.py runs the same rules on the
// binary (FIFOs, /dev/full as standard output, closed pipes, SIGTERM).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "io/folder_write.hpp"
#include "io/output_file.hpp"
#include "io/terminal_width.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;
using io::FdOutputBuffer;

class CliOutputs : public test::FolderTest {
 protected:
  std::string path(const std::string& name) const { return (m_dir / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
    return path(name);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(m_dir)) {
      found.push_back(entry.path().filename().string());
    }
    std::sort(found.begin(), found.end());
    return found;
  }
};

const auto k_hello = [](std::ostream& out) { out << "hello\n"; };

// COLUMNS is a width only when it is a whole number from 1 to 100000; anything else leaves
// the terminal's own width.
TEST(TerminalWidth, ColumnsFromTheEnvironment) {
  EXPECT_EQ(io::columns_from_environment("80"), 80U);
  EXPECT_EQ(io::columns_from_environment("100000"), 100000U);
  for (const char* bad : {"", "0", "-1", "80x", " 80", "abc", "100001", "99999999999999999999"}) {
    EXPECT_EQ(io::columns_from_environment(bad), std::nullopt) << bad;
  }
}

// A file or a pipe is no terminal: tables then keep the layout of old.
TEST(TerminalWidth, NotATerminalHasNoWidth) {
  std::array<int, 2> ends{};
  ASSERT_EQ(pipe(ends.data()), 0);
  EXPECT_EQ(io::terminal_columns(ends[1]), 0U);
  close(ends[0]);
  close(ends[1]);
  EXPECT_EQ(io::terminal_columns(-1), 0U);
}

TEST(CliOutputBuffer, KeepsTheReasonOfAFailedWrite) {
  const int fd = ::open("/dev/full", O_WRONLY);
  if (fd < 0) {
    GTEST_SKIP() << "no /dev/full";
  }
  FdOutputBuffer buffer(fd, 16);
  std::ostream out(&buffer);
  out << "more than sixteen bytes, so the buffer is written";
  EXPECT_FALSE(out);
  EXPECT_EQ(buffer.error(), ENOSPC);
  std::ostringstream err;
  EXPECT_EQ(io::finish_standard_output(out, err, "preview", 0), 2);
  EXPECT_EQ(err.str(),
            "ecr-lifecycle preview: error: standard output: cannot write: No space left on "
            "device\n");
  ::close(fd);
}

// The reader of a pipe went away: EPIPE, which ends the command quietly with its own status.
TEST(CliOutputBuffer, ClosedPipeIsQuiet) {
  std::signal(SIGPIPE, SIG_IGN);  // as main() does
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  FdOutputBuffer buffer(fds[1]);
  std::ostream out(&buffer);
  out << "nobody reads this\n";
  std::ostringstream err;
  EXPECT_EQ(io::finish_standard_output(out, err, "preview", 1), 1);
  EXPECT_EQ(buffer.error(), EPIPE);
  EXPECT_EQ(err.str(), "");
  ::close(fds[1]);
}

// In-process tests write into string streams: nothing to report.
TEST(CliOutputBuffer, StringStreamsNeverFail) {
  std::ostringstream out;
  std::ostringstream err;
  out << "text";
  EXPECT_EQ(io::finish_standard_output(out, err, "lint", 0), 0);
  EXPECT_EQ(err.str(), "");
}

TEST_F(CliOutputs, NeverOverwritesAnInput) {
  const std::string input = write("inventory.json", "{}");
  const std::string hard_link = path("same-inode.json");
  ASSERT_EQ(::link(input.c_str(), hard_link.c_str()), 0);
  std::ostringstream out;
  for (const std::string& output : {input, hard_link}) {
    auto written = io::write_output(output, {"-", input}, out, k_hello);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().message,
              output + ": is an input of this command (" + input + "); refusing to overwrite it");
  }
  EXPECT_EQ(test::read_file(input), "{}");
  EXPECT_EQ(names(), (std::vector<std::string>{"inventory.json", "same-inode.json"}));
}

TEST_F(CliOutputs, ReplacesTheTargetOfASymbolicLink) {
  const std::string target = write("target.txt", "old");
  ::chmod(target.c_str(), 0640);
  const std::string link = path("link.txt");
  fs::create_symlink(target, link);
  std::ostringstream out;
  ASSERT_TRUE(io::write_output(link, {}, out, k_hello));
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(test::read_file(target), "hello\n");
  struct stat info {};
  ASSERT_EQ(::stat(target.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640U);  // the replaced file's mode is kept
  EXPECT_EQ(names(), (std::vector<std::string>{"link.txt", "target.txt"}));
}

TEST_F(CliOutputs, RefusesFoldersAndDanglingLinks) {
  std::ostringstream out;
  auto folder = io::write_output(m_dir.string(), {}, out, k_hello);
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().message, m_dir.string() + ": cannot write: Is a directory");
  fs::create_symlink(path("missing"), path("dangling"));
  auto dangling = io::write_output(path("dangling"), {}, out, k_hello);
  ASSERT_FALSE(dangling);
  EXPECT_EQ(dangling.error().message,
            path("dangling") + ": cannot write: a symbolic link to a missing file");
  auto no_folder = io::write_output(path("no/such/file"), {}, out, k_hello);
  ASSERT_FALSE(no_folder);
  EXPECT_EQ(no_folder.error().message,
            path("no/such/file") + ": cannot write: No such file or directory");
}

TEST_F(CliOutputs, DeviceErrorsSayTheReason) {
  if (!fs::exists("/dev/full")) {
    GTEST_SKIP() << "no /dev/full";
  }
  std::ostringstream out;
  auto written = io::write_output("/dev/full", {}, out, k_hello);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message, "/dev/full: cannot write: No space left on device");
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

const std::vector<PlanFile> k_plan = {{"delete/a/0001.json", "{}\n", false},
                                      {"apply.sh", "#!/bin/sh\n", true}};

TEST_F(CliOutputs, PlanFolderHasItsMarkerAndNothingBeside) {
  ASSERT_TRUE(io::write_folder(path("plan") + "/", false, {}, k_plan, io::k_plan_folder));
  EXPECT_EQ(names(), std::vector<std::string>{"plan"});
  EXPECT_TRUE(fs::is_regular_file(path("plan/.ecr-lifecycle-plan")));
  EXPECT_EQ(test::read_file(path("plan/delete/a/0001.json")), "{}\n");
  EXPECT_NE(fs::status(path("plan/apply.sh")).permissions() & fs::perms::owner_exec,
            fs::perms::none);
  // Replaced whole with --force, in one step.
  const std::vector<PlanFile> next = {{"summary.json", "{}\n", false}};
  ASSERT_TRUE(io::write_folder(path("plan"), true, {}, next, io::k_plan_folder));
  EXPECT_FALSE(fs::exists(path("plan/delete")));
  EXPECT_TRUE(fs::exists(path("plan/summary.json")));
  EXPECT_EQ(names(), std::vector<std::string>{"plan"});
}

TEST_F(CliOutputs, AFolderWhoseFilesFailToBeMadeIsNotWrittenAndTheOldOneStays) {
  ASSERT_TRUE(io::write_folder(path("plan"), false, {}, k_plan, io::k_plan_folder));
  std::size_t made = 0;
  auto written = io::write_folder(
      path("plan"), true, {},
      [&](const std::function<Result<void>(const PlanFile&)>& emit) -> Result<void> {
        ECRLC_TRY(emit({"delete/b/0001.json", "{}\n", false}));
        ++made;
        return unexpected("plan.json: cannot render");
      },
      io::k_plan_folder);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message, "plan.json: cannot render");
  EXPECT_EQ(made, 1U);
  EXPECT_EQ(names(), std::vector<std::string>{"plan"});  // no temporary folder left
  EXPECT_TRUE(fs::exists(path("plan/delete/a/0001.json")));
  EXPECT_FALSE(fs::exists(path("plan/delete/b")));
  // Made one at a time, counted without the marker.
  auto counted = io::write_folder(
      path("plan"), true, {},
      [&](const std::function<Result<void>(const PlanFile&)>& emit) -> Result<void> {
        for (const PlanFile& file : k_plan) {
          ECRLC_TRY(emit(file));
        }
        return {};
      },
      io::k_plan_folder);
  ASSERT_TRUE(counted);
  EXPECT_EQ(*counted, k_plan.size());
}

TEST_F(CliOutputs, AFileInPartsIsWrittenWholeAndCountedOnce) {
  auto written = io::write_folder(
      path("plan"), false, {},
      [&](const std::function<Result<void>(const PlanFile&)>& emit) -> Result<void> {
        ECRLC_TRY(emit({"plan.json", "{\"a\": ", false, true}));
        ECRLC_TRY(emit({"plan.json", std::string(3 << 20, '1'), false, true}));
        ECRLC_TRY(emit({"plan.json", "}\n", false, false}));
        return emit({"summary.txt", "done\n", false, false});
      },
      io::k_plan_folder);
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, 2U);
  EXPECT_EQ(test::read_file(path("plan/plan.json")),
            "{\"a\": " + std::string(3 << 20, '1') + "}\n");
  EXPECT_EQ(test::read_file(path("plan/summary.txt")), "done\n");
  // A part of another file while one is open is a maker's mistake: nothing is written.
  auto mixed = io::write_folder(
      path("other"), false, {},
      [&](const std::function<Result<void>(const PlanFile&)>& emit) -> Result<void> {
        ECRLC_TRY(emit({"plan.json", "{", false, true}));
        return emit({"summary.txt", "x", false, false});
      },
      io::k_plan_folder);
  ASSERT_FALSE(mixed);
  EXPECT_NE(mixed.error().message.find("is not complete"), std::string::npos)
      << mixed.error().message;
  EXPECT_FALSE(fs::exists(path("other")));
}

TEST_F(CliOutputs, PlanFolderNeedsAName) {
  for (const std::string& out :
       {std::string("."), std::string(".."), std::string("/"), path(".") + "/", path("..")}) {
    auto checked = io::check_folder(out, true, io::k_plan_folder);
    ASSERT_FALSE(checked) << out;
    EXPECT_EQ(checked.error().message,
              out + ": name the plan folder itself (not \".\", \"..\" or \"/\")");
  }
}

TEST_F(CliOutputs, PlanFolderIsLocked) {
  const std::string lock_path = path("plan.lock");
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0666);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  auto written = io::write_folder(path("plan"), false, {}, k_plan, io::k_plan_folder);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message,
            path("plan") + ": locked by another ecr-lifecycle plan run (" + lock_path + ")");
  EXPECT_EQ(names(), std::vector<std::string>{"plan.lock"});
  ::close(fd);
  ASSERT_TRUE(io::write_folder(path("plan"), false, {}, k_plan, io::k_plan_folder));
  EXPECT_EQ(names(), std::vector<std::string>{"plan"});  // the lock file is removed
}

TEST_F(CliOutputs, ForceNeverDeletesAnInput) {
  ASSERT_TRUE(io::write_folder(path("plan"), false, {}, k_plan, io::k_plan_folder));
  const std::string input = write("plan/inventory.json", "{}");
  auto written = io::write_folder(path("plan"), true, {input}, k_plan, io::k_plan_folder);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message, path("plan") + " holds an input of this command (" + input +
                                         "); refusing to replace it");
  EXPECT_TRUE(fs::exists(input));
}

TEST_F(CliOutputs, PlanFileErrorsSayTheReason) {
  const std::vector<PlanFile> too_long = {
      {"delete/" + std::string(300, 'a') + "/0001.json", "{}", false}};
  auto written = io::write_folder(path("plan"), false, {}, too_long, io::k_plan_folder);
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message.find(": File name too long"), std::string::npos)
      << written.error().message;
  EXPECT_EQ(names(), std::vector<std::string>{});
}

}  // namespace
}  // namespace ecrlc
