// read_all: an input read whole stops at its limit at once, whatever the source.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "ecrlc/byte_source.hpp"

namespace ecrlc {
namespace {

// An endless input (`yes`, /dev/zero): every read fills the buffer; counts what it gave.
class EndlessSource final : public ByteSource {
 public:
  Result<std::size_t> read(std::span<char> buffer) override {
    std::memset(buffer.data(), 'y', buffer.size());
    given += buffer.size();
    return buffer.size();
  }
  std::size_t given = 0;
};

TEST(ReadAll, EndlessInputStopsOneBytePastTheLimit) {
  EndlessSource endless;
  Result<std::string> text = read_all(endless, std::size_t{1} << 20, "a policy file");
  ASSERT_FALSE(text);
  EXPECT_EQ("expected a policy file of at most 1 MiB (1048576 bytes), got more",
            text.error().message);
  EXPECT_EQ((std::size_t{1} << 20) + 1, endless.given);
}

TEST(ReadAll, KnownSizeOverTheLimitIsRefusedUnread) {
  const std::string text(1001, 'x');
  StringSource source(text, 7);  // in_memory off: size_hint decides
  Result<std::string> read = read_all(source, 1000);
  ASSERT_FALSE(read);
  EXPECT_EQ("expected an input of at most 1000 bytes, got more", read.error().message);
}

TEST(ReadAll, ReadsUpToTheLimit) {
  const std::string text(1000, 'x');
  for (std::size_t max_read : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
    StringSource source(text, max_read);
    Result<std::string> read = read_all(source, 1000);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(text, *read);
  }
  StringSource whole(text);
  EXPECT_FALSE(read_all(whole, 999));
}

}  // namespace
}  // namespace ecrlc
