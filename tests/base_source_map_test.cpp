// SourceMap: offsets to lines and columns.
#include <gtest/gtest.h>

#include "ecrlc/source_map.hpp"

namespace ecrlc {
namespace {

TEST(SourceMap, LocatesOffsets) {
  SourceMap map("ab\ncd\r\n\nxyz");
  EXPECT_EQ(map.locate(0).line, 1u);
  EXPECT_EQ(map.locate(0).column, 1u);
  EXPECT_EQ(map.locate(1).column, 2u);
  EXPECT_EQ(map.locate(3).line, 2u);
  EXPECT_EQ(map.locate(3).column, 1u);
  EXPECT_EQ(map.locate(8).line, 4u);
  EXPECT_EQ(map.locate(10).column, 3u);
  EXPECT_EQ(map.locate(1000).line, 4u);
  EXPECT_EQ(map.locate(1000).column, 4u);
}

TEST(SourceMap, ReturnsLineTextWithoutTerminators) {
  SourceMap map("ab\ncd\r\n\nxyz");
  EXPECT_EQ(map.line_text(1), "ab");
  EXPECT_EQ(map.line_text(2), "cd");
  EXPECT_EQ(map.line_text(3), "");
  EXPECT_EQ(map.line_text(4), "xyz");
  EXPECT_EQ(map.line_text(5), "");
  EXPECT_EQ(map.line_text(0), "");
}

TEST(SourceMap, SingleLookupMatchesTheMap) {
  for (std::string_view text : {"ab\ncd\r\n\nxyz", "", "\n", "one", "a\nb\n", "\r\n\r\n"}) {
    SourceMap map(text);
    for (std::size_t line = 0; line < 7; ++line) {
      EXPECT_EQ(map.line_text(line), SourceMap::line_text(text, line)) << text << " " << line;
    }
  }
}

}  // namespace
}  // namespace ecrlc
