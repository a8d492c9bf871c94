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
  for (std::string_view text : {"ab\ncd\r\n\nxyz", "", "\n", "one", "a\nb\n", "\r\n\r\n",
                                "\xEF\xBB\xBF{\n}", "\xEF\xBB\xBF"}) {
    SourceMap map(text);
    for (std::size_t line = 0; line < 7; ++line) {
      EXPECT_EQ(map.line_text(line), SourceMap::line_text(text, line)) << text << " " << line;
    }
  }
}

// A byte order mark is not part of line 1: columns there count from the byte after it (as
// the inventory reader's), and the line's text leaves it out.
TEST(SourceMap, ByteOrderMarkIsNotPartOfLineOne) {
  SourceMap map("\xEF\xBB\xBF{\"a\": 1}\nx");
  EXPECT_EQ(map.locate(0).column, 1u);  // inside the mark
  EXPECT_EQ(map.locate(3).column, 1u);  // '{'
  EXPECT_EQ(map.locate(4).column, 2u);
  EXPECT_EQ(map.locate(12).line, 2u);
  EXPECT_EQ(map.locate(12).column, 1u);
  EXPECT_EQ(map.line_text(1), "{\"a\": 1}");
  EXPECT_EQ(SourceMap::line_text("\xEF\xBB\xBF{\"a\": 1}\nx", 1), "{\"a\": 1}");
  EXPECT_EQ(SourceMap("\xEF\xBB").line_text(1), "\xEF\xBB");  // not a whole mark
}

}  // namespace
}  // namespace ecrlc
