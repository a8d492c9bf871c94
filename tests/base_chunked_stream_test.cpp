// base/chunked_stream: appends across chunks, truncation, and consumption in order.
#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

#include "base/chunked_stream.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::size_t k_per_chunk = ChunkedStream<int>::k_chunk_items;

TEST(ChunkedStream, TruncateAcrossChunksDropsTheLastItemsLastFirst) {
  ChunkedStream<int> stream;
  const int total = static_cast<int>(3 * k_per_chunk + 5);
  for (int i = 0; i < total; ++i) {
    stream.push_back(i);
  }
  ASSERT_EQ(static_cast<std::size_t>(total), stream.size());
  const std::size_t keep = k_per_chunk - 2;
  std::vector<int> dropped;
  stream.for_each_after(keep, [&](int v) { dropped.push_back(v); });
  ASSERT_EQ(static_cast<std::size_t>(total) - keep, dropped.size());
  EXPECT_EQ(total - 1, dropped.front());
  EXPECT_EQ(static_cast<int>(keep), dropped.back());
  stream.truncate(keep);
  EXPECT_EQ(keep, stream.size());
  EXPECT_EQ(static_cast<int>(keep) - 1, stream.back());
  stream.push_back(-1);  // appends after a truncation go where the truncation ended
  std::vector<int> seen;
  stream.consume([&](int v) { seen.push_back(v); });
  ASSERT_EQ(keep + 1, seen.size());
  for (std::size_t i = 0; i < keep; ++i) {
    ASSERT_EQ(static_cast<int>(i), seen[i]);
  }
  EXPECT_EQ(-1, seen.back());
  EXPECT_TRUE(stream.empty());
}

TEST(ChunkedStream, TruncateToZeroAndToTheSizeItHas) {
  ChunkedStream<int> stream;
  stream.truncate(0);
  EXPECT_TRUE(stream.empty());
  for (int i = 0; i < 10; ++i) {
    stream.push_back(i);
  }
  stream.truncate(10);
  EXPECT_EQ(10u, stream.size());
  stream.truncate(0);
  EXPECT_TRUE(stream.empty());
  int calls = 0;
  stream.consume([&](int) { ++calls; });
  EXPECT_EQ(0, calls);
}

}  // namespace
}  // namespace ecrlc::detail
