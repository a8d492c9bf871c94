// output/output_buffer: batches of items rendered on several threads come out in item order,
// as one thread writes them, whatever the batch sizes, including batches whose text is far
// longer than the buffer's chunk; an error in a batch reaches the caller.
#include "output/output_buffer.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ecrlc::detail {
namespace {

// Item i prints rows_of(i) lines "i.r", with a long line now and then, so that some batches
// write a megabyte or more (more than one chunk), one more than a batch may hold while it
// waits for its turn (about 11 MB), and others almost nothing.
std::size_t rows_of(std::size_t i) {
  if (i == 1501) {
    return 250000;
  }
  return i % 97 == 0 ? 20000 : i % 5;
}

void render_items(std::size_t first, std::size_t last, OutputBuffer& out) {
  for (std::size_t i = first; i < last; ++i) {
    for (std::size_t r = 0; r < rows_of(i); ++r) {
      out.text() += std::to_string(i) + "." + std::to_string(r);
      out.text().append(r % 1000 == 0 ? 300 : 40, 'x');
      out.text().push_back('\n');
      out.maybe_flush();
    }
    out.text() += "end " + std::to_string(i) + "\n";
  }
}

std::string rendered(std::size_t count, unsigned threads) {
  std::ostringstream stream;
  {
    OutputBuffer buffer(stream);
    buffer.text() = "before\n";
    const std::vector<std::size_t> starts = render_batches(count, rows_of);
    render_in_order(buffer, starts, threads, render_items);
    buffer.text() += "after\n";
  }
  return stream.str();
}

TEST(RenderInOrder, AnyThreadCountWritesWhatOneThreadWrites) {
  const std::size_t count = 3000;
  const std::vector<std::size_t> starts = render_batches(count, rows_of);
  ASSERT_GT(starts.size(), 20U);  // many batches to share out
  EXPECT_EQ(0U, starts.front());
  EXPECT_EQ(count, starts.back());
  std::string expected = "before\n";
  {
    std::ostringstream stream;
    OutputBuffer direct(stream);
    render_items(0, count, direct);
    direct.flush();
    expected += stream.str();
  }
  expected += "after\n";
  ASSERT_GT(expected.size(), std::size_t{10} << 20);  // several batches pass a chunk
  for (const unsigned threads : {1U, 2U, 3U, 8U}) {
    EXPECT_EQ(expected, rendered(count, threads)) << threads << " threads";
  }
}

TEST(RenderInOrder, BatchesGroupItemsUntilTheirRowsAddUp) {
  // 1,000 items of one row each: two rows apiece with their own line, 1,024 a batch.
  const std::vector<std::size_t> starts = render_batches(1000, [](std::size_t) { return 1; });
  EXPECT_EQ((std::vector<std::size_t>{0, 1000}), starts);
  const std::vector<std::size_t> more = render_batches(3000, [](std::size_t) { return 1; });
  EXPECT_EQ((std::vector<std::size_t>{0, 1024, 2048, 3000}), more);
  // An item with more rows than a batch ends its batch.
  const std::vector<std::size_t> big =
      render_batches(3, [](std::size_t i) { return i == 1 ? 5000 : 0; });
  EXPECT_EQ((std::vector<std::size_t>{0, 2, 3}), big);
  EXPECT_EQ((std::vector<std::size_t>{0, 0}), render_batches(0, rows_of));
}

TEST(RenderInOrder, AnErrorInABatchReachesTheCallerAndNothingAfterItIsWritten) {
  std::ostringstream stream;
  const std::vector<std::size_t> starts = render_batches(3000, rows_of);
  const std::size_t failing = starts[starts.size() / 2];
  OutputBuffer buffer(stream);
  EXPECT_THROW(render_in_order(buffer, starts, 2,
                               [&](std::size_t first, std::size_t last, OutputBuffer& out) {
                                 if (first == failing) {
                                   throw std::runtime_error("batch failed");
                                 }
                                 render_items(first, last, out);
                               }),
               std::runtime_error);
  const std::string written = stream.str();
  EXPECT_EQ(std::string::npos, written.find("end " + std::to_string(failing) + "\n"));
  EXPECT_EQ(std::string::npos, written.find("end " + std::to_string(starts.back() - 1) + "\n"));
}

}  // namespace
}  // namespace ecrlc::detail
