// base/text_table: column widths, alignment, no trailing blanks.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "base/text_table.hpp"

namespace ecrlc::detail {
namespace {

TEST(TextTable, EmptyTableAddsNothing) {
  TextTable table;
  EXPECT_TRUE(table.empty());
  EXPECT_EQ("", table.render());
  std::string out = "kept  ";
  table.render(out);
  EXPECT_EQ("kept  ", out);
}

TEST(TextTable, LeftAlignedColumnsTwoSpacesApart) {
  TextTable table;
  table.add_row({"RULE", "ACTION", "IMAGES"});
  table.add_row({"1", "expire", "12"});
  table.add_row({"10", "keep", ""});
  EXPECT_EQ(
      "RULE  ACTION  IMAGES\n"
      "1     expire  12\n"
      "10    keep\n",
      table.render());
}

TEST(TextTable, RightAlignedCellsAndNumbers) {
  TextTable table;
  table.add_row({"NAME", TextTable::Cell("COUNT").right_align(), "NOTE"});
  table.add_row({"a", std::uint64_t{5}, "x"});
  table.add_row({"bbb", std::uint64_t{1234}, ""});
  EXPECT_EQ(
      "NAME  COUNT  NOTE\n"
      "a         5  x\n"
      "bbb    1234\n",
      table.render());
}

TEST(TextTable, LastRightAlignedCellKeepsItsPadding) {
  TextTable table;
  table.add_row({"A", TextTable::Cell("TOTAL").right_align()});
  table.add_row({"b", TextTable::Cell("7").right_align()});
  EXPECT_EQ("A  TOTAL\nb      7\n", table.render());
}

TEST(TextTable, WidthsInCodePoints) {
  TextTable table;
  table.add_row({"ACTION", "RULE"});
  table.add_row({"transition\u2192archive", "2"});
  table.add_row({"v1,v2\u2026", "3"});
  EXPECT_EQ(
      "ACTION              RULE\n"
      "transition\u2192archive  2\n"
      "v1,v2\u2026              3\n",
      table.render());
}

TEST(TextTable, WidthsInBytes) {
  TextTable table(TextTable::Width::bytes);
  table.add_row({"\u2192", "x"});
  table.add_row({"abc", "y"});
  EXPECT_EQ("\u2192  x\nabc  y\n", table.render());
}

TEST(TextTable, RowsOfDifferentLengthsAndTrailingBlanks) {
  TextTable table;
  table.add_row({"Policy:", "p.json"});
  table.add_row({"Now:"});
  table.add_row({"a", "b  ", "c"});
  table.add_row({});
  EXPECT_EQ(
      "Policy:  p.json\n"
      "Now:\n"
      "a        b       c\n"
      "\n",
      table.render());
}

TEST(TextTable, AppendsToExistingText) {
  TextTable table;
  table.add_row({"a", "b"});
  std::string out = "head\n";
  table.render(out);
  EXPECT_EQ("head\na  b\n", out);
}

}  // namespace
}  // namespace ecrlc::detail
