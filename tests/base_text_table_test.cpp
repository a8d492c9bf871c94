// base/text_table: column widths, alignment, no trailing blanks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "base/text.hpp"
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

// ---- fitting to a width (--width, a terminal's columns)

// The widest line of `text`, in code points (what a terminal shows).
std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    widest = std::max(widest, code_points(std::string_view(text).substr(start, end - start)));
    start = end + 1;
  }
  return widest;
}

// A table as preview lists images: repository, digest, tags, pushed, action, reason.
TextTable image_table(std::size_t limit) {
  TextTable table;
  table.set_limit(limit);
  table.set_fit(0, {10, false, 1});
  table.set_fit(1, {9, false, 0});
  table.set_fit(2, {8, false, 1});
  table.set_fit(3, {0, true, 0});
  table.set_fit(5, {12, false, 2});
  table.add_row({"REPOSITORY", "DIGEST", "TAGS", "PUSHED (UTC)", "ACTION", "REASON"});
  table.add_row({"shop/payments-api", "3f2a9c1b2d4e", "v1.2.3,latest,release-2025-03",
                 "2025-02-13 11:05:00", "expire",
                 "rule 2: more than 14 days since pushed (40 days)"});
  table.add_row({"web", "0123456789ab", "<untagged>", "2025-03-01 00:00:00", "keep",
                 "protected by rule 1's selection (rule 2 marked it)"});
  return table;
}

TEST(TextTable, FitsEightyAndHundredColumnsKeepingDigestsIdentifiable) {
  for (const std::size_t limit : {80U, 100U}) {
    const std::string text = image_table(limit).render();
    EXPECT_LE(widest_line(text), limit) << text;
    // 8 hex digits at least: what identifies an image in a repository.
    EXPECT_NE(text.find("3f2a9c1b"), std::string::npos) << text;
    EXPECT_NE(text.find("01234567"), std::string::npos) << text;
    EXPECT_NE(text.find("\u2026"), std::string::npos) << text;  // something was shortened
    EXPECT_NE(text.find("rule 2: more than"), std::string::npos) << text;
  }
}

TEST(TextTable, DropsADroppableColumnBeforeCuttingTheMostNeededOne) {
  const std::string text = image_table(100).render();
  EXPECT_EQ(text.find("PUSHED"), std::string::npos) << text;
  EXPECT_EQ(text.find("2025-02-13"), std::string::npos) << text;
  // Dropping PUSHED leaves room for most of the reason.
  EXPECT_NE(text.find("rule 2: more than 14 days since"), std::string::npos) << text;
}

TEST(TextTable, NoLimitAndAWideEnoughLimitChangeNothing) {
  const std::string natural = image_table(0).render();
  EXPECT_EQ(natural.find("\u2026"), std::string::npos);
  EXPECT_NE(natural.find("rule 2: more than 14 days since pushed (40 days)"), std::string::npos);
  EXPECT_EQ(natural, image_table(widest_line(natural)).render());
  EXPECT_NE(natural, image_table(widest_line(natural) - 1).render());
}

TEST(TextTable, AFixedTableWiderThanTheLimitStaysWhole) {
  TextTable table;
  table.set_limit(5);
  table.add_row({"abcdef", "ghijkl"});
  EXPECT_EQ("abcdef  ghijkl\n", table.render());
}

TEST(TextTable, ALimitCountsCodePointsEvenInAByteTable) {
  TextTable table(TextTable::Width::bytes);
  table.set_limit(12);
  table.set_fit(1, {3});
  table.add_row({"\u2192", "abcdefghijkl"});
  EXPECT_EQ("\u2192  abcdefgh\u2026\n", table.render());  // 1 + 2 + 9 columns
}

TEST(FitColumns, LowerRanksGiveFirstAndTheWidestGivesWithinARank) {
  const std::vector<std::size_t> natural = {20, 10, 30};
  const std::vector<ColumnFit> fits = {{5, false, 0}, {5, false, 0}, {5, false, 1}};
  // 64 columns, 10 over: column 0 (the widest of rank 0) gives them all.
  FittedColumns fitted = fit_columns(natural, fits, 54);
  EXPECT_EQ(fitted.widths, (std::vector<std::size_t>{10, 10, 30}));
  // 20 over: columns 0 and 1 evenly, down to 5 each... then column 2.
  fitted = fit_columns(natural, fits, 34);
  EXPECT_EQ(fitted.widths, (std::vector<std::size_t>{5, 5, 20}));
  // Below every minimum: the minimums.
  fitted = fit_columns(natural, fits, 1);
  EXPECT_EQ(fitted.widths, (std::vector<std::size_t>{5, 5, 5}));
  EXPECT_EQ(fitted.shown, (std::vector<bool>{true, true, true}));
}

TEST(ElideToWidth, CutsWholeCodePointsAndEndsWithAnEllipsis) {
  std::string text = "keep:caf\u00e9-bar";
  elide_to_width(text, 5, 5);
  EXPECT_EQ(text, "keep:caf\u00e9\u2026");
  text = "short";
  elide_to_width(text, 0, 5);
  EXPECT_EQ(text, "short");
  elide_to_width(text, 0, 0);
  EXPECT_EQ(text, "");
}

}  // namespace
}  // namespace ecrlc::detail
