// Helpers shared by the test executables: the CLI run in-process, files, policies, inventories.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/policy_parser.hpp"
#include "generate/generate.hpp"

namespace ecrlc::test {

// A test with a fresh folder of its own (named after the suite, the test and the process),
// removed when the test ends.
class FolderTest : public testing::Test {
 protected:
  void SetUp() override {
    const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path() /
            ("ecrlc-" + std::string(test->test_suite_name()) + "-" + std::to_string(::getpid()) +
             "-" + test->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::filesystem::path m_dir;
};

// What one `ecr-lifecycle` run printed and returned.
struct CliRun {
  int status = 0;
  std::string out;
  std::string err;
};

// Runs `ecr-lifecycle ARGS...` in-process with an empty standard input.
inline CliRun run_cli(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  args.insert(args.begin(), "ecr-lifecycle");
  const int status = cli::run_cli(args, out, err, in);
  return {status, out.str(), err.str()};
}

// The whole file as bytes; empty when it cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The policy of a valid policy text; a test failure and an empty policy otherwise.
inline LifecyclePolicy load_policy(const std::string& json) {
  ParsedPolicy parsed = parse_policy(json);
  EXPECT_TRUE(parsed.policy.has_value()) << json;
  return parsed.policy.value_or(LifecyclePolicy{});
}

// The inventory of a valid inventory text, read with `threads` parser threads. The batches are
// small so that even a test-sized input is split into many parse tasks.
inline Inventory load_inventory(std::string_view json, unsigned threads = 1) {
  ReaderOptions options;
  options.threads = threads;
  options.batch_bytes = std::size_t{64} * 1024;
  InventoryBuilder builder(options);
  auto added = builder.add("inventory.json", json);
  EXPECT_TRUE(added) << (added ? "" : added.error().message);
  return builder.finish();
}

// A describe-images document of `images` images in `repositories` repositories from the
// generator, all pushed in the year before k_generate_default_now; the same for the same seed.
inline std::string generated_inventory(std::uint64_t images, std::uint64_t repositories,
                                       std::uint64_t seed) {
  GenerateOptions options;
  options.images = images;
  options.repositories = repositories;
  options.seed = seed;
  std::ostringstream out;
  EXPECT_TRUE(write_inventory(options, out));
  return out.str();
}

// Expects `output(threads)` to be the same text for 1, 2 and 3 threads, and returns it.
inline std::string same_for_1_2_3_threads(const std::function<std::string(unsigned)>& output) {
  const std::string single = output(1);
  for (unsigned threads : {2U, 3U}) {
    EXPECT_TRUE(output(threads) == single) << threads << " threads differ from 1";
  }
  return single;
}

}  // namespace ecrlc::test
