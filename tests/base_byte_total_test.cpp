// base/byte_total: sums of imageSizeInBytes at the documented maximum never overflow.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "ecrlc/byte_total.hpp"

namespace ecrlc {
namespace {

constexpr std::int64_t k_max_size = std::numeric_limits<std::int64_t>::max();  // 2^63-1

TEST(ByteTotal, SumsPastTwoToThe64AreExact) {
  ByteTotal total;
  EXPECT_EQ("0", total.to_string());
  total += std::int64_t{1} << 62;
  total += std::int64_t{1} << 62;
  EXPECT_EQ("9223372036854775808", total.to_string());  // 2^63: one past int64
  ByteTotal many;
  for (int i = 0; i < 1'000'000; ++i) {
    many += k_max_size;
  }
  EXPECT_EQ("9223372036854775807000000", many.to_string());
  // 2^64 images of the largest size still fit: (2^63-1) * 2^64 < 2^127.
  ByteTotal doubled = many;
  for (int i = 0; i < 64; ++i) {
    doubled += doubled;
  }
  EXPECT_GT(doubled, many);
}

TEST(ByteTotal, ComparesAndMeasuresDistance) {
  const ByteTotal a = k_max_size;
  const ByteTotal b = a + a;
  EXPECT_LT(a, b);
  EXPECT_EQ(distance(a, b), a);
  EXPECT_EQ(distance(b, a), a);
  EXPECT_EQ(ByteTotal(2100), ByteTotal(2000) + 100);
  EXPECT_EQ(ByteTotal(-5), ByteTotal());  // sizes are never negative: clamped, not wrapped
  EXPECT_DOUBLE_EQ(b.to_double(), 2.0 * 9223372036854775807.0);
}

}  // namespace
}  // namespace ecrlc
