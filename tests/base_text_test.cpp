// base/text: quoting for messages, byte descriptions, UTF-8 checks, code points, join.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/text.hpp"

namespace ecrlc::detail {
namespace {

using Escape = QuoteStyle::Escape;

// The styles the engine's messages have used, each pinned by the messages' tests.
constexpr QuoteStyle k_time_style{Escape::hex_bytes, 60, false, true, false};
constexpr QuoteStyle k_inventory_style{Escape::hex_bytes, 80, false, false, false};
constexpr QuoteStyle k_lint_style{};
constexpr QuoteStyle k_policy_style{Escape::json, 60, true, false, true};

TEST(QuoteForMessage, JsonStyleEscapesQuotesBackslashesAndControlBytes) {
  EXPECT_EQ("\"\"", quote_for_message(""));
  EXPECT_EQ("\"a\\\"b\\\\c\"", quote_for_message("a\"b\\c"));
  EXPECT_EQ("\"\\u0001\\u000a\\u0009\\u001f\x7f\"", quote_for_message("\x01\n\t\x1f\x7f"));
  EXPECT_EQ("\"caf\xc3\xa9\"", quote_for_message("caf\xc3\xa9", k_lint_style));
}

TEST(QuoteForMessage, ShortEscapesAndCutAtWholeCharacters) {
  EXPECT_EQ("\"a\\nb\\tc\\u0000\"", quote_for_message(std::string("a\nb\tc\0", 6), k_policy_style));
  // 59 ASCII bytes then a two-byte character: the character is kept whole, then "...".
  const std::string text = std::string(59, 'x') + "\xc3\xa9" + "tail";
  EXPECT_EQ("\"" + std::string(59, 'x') + "\xc3\xa9...\"", quote_for_message(text, k_policy_style));
  EXPECT_EQ("\"" + std::string(60, 'y') + "\"",
            quote_for_message(std::string(60, 'y'), k_policy_style));
}

TEST(QuoteForMessage, HexBytesStyle) {
  EXPECT_EQ("\"a\\x22b\\x5Cc\\x0A\\x7F\"", quote_for_message("a\"b\\c\n\x7f", k_time_style));
  EXPECT_EQ("\"\\x0A\x7f\"", quote_for_message("\n\x7f", k_inventory_style));
  EXPECT_EQ("\"" + std::string(60, 'z') + "...\"",
            quote_for_message(std::string(61, 'z'), k_time_style));
  EXPECT_EQ("\"" + std::string(80, 'z') + "\"",
            quote_for_message(std::string(80, 'z'), k_inventory_style));
  // A byte cut stops inside a character when whole characters are not asked for.
  const std::string text = std::string(59, 'x') + "\xc3\xa9";
  EXPECT_EQ("\"" + std::string(59, 'x') + "\xc3...\"", quote_for_message(text, k_time_style));
}

TEST(DescribeByte, DefaultStyle) {
  EXPECT_EQ("'a'", describe_byte("a", 0));
  EXPECT_EQ("byte 0x00", describe_byte(std::string("\0", 1), 0));
  EXPECT_EQ("byte 0x7F", describe_byte("\x7f", 0));
  EXPECT_EQ("byte 0xC3", describe_byte("\xc3\xa9", 0));
  EXPECT_EQ("end of input", describe_byte("a", 1));
  EXPECT_EQ("end of text", describe_byte("", 0, {"end of text"}));
}

TEST(DescribeByte, LowerHexAndCharacters) {
  const ByteStyle lower{"end of input", false, false};
  EXPECT_EQ("byte 0xfe", describe_byte("\xfe", 0, lower));
  const ByteStyle characters{"end of input", false, true};
  EXPECT_EQ("'\xc3\xa9'", describe_byte("\xc3\xa9", 0, characters));
  EXPECT_EQ("'\xe2\x86\x92'", describe_byte("x\xe2\x86\x92", 1, characters));
  EXPECT_EQ("a NUL byte", describe_byte(std::string("\0", 1), 0, characters));
  EXPECT_EQ("\"'\"", describe_byte("'", 0, characters));
  EXPECT_EQ("byte 0xc3", describe_byte("\xc3(", 0, characters));
  EXPECT_EQ("byte 0x01", describe_byte("\x01", 0, characters));
  EXPECT_EQ("end of input", describe_byte("", 0, characters));
}

TEST(Utf8, SequenceLength) {
  EXPECT_EQ(1U, utf8_sequence_length("a", 0));
  EXPECT_EQ(2U, utf8_sequence_length("\xc3\xa9", 0));
  EXPECT_EQ(3U, utf8_sequence_length("\xe2\x86\x92", 0));
  EXPECT_EQ(4U, utf8_sequence_length("\xf0\x9f\x98\x80", 0));
  EXPECT_EQ(0U, utf8_sequence_length("\xc0\x80", 0));          // overlong
  EXPECT_EQ(0U, utf8_sequence_length("\xe0\x80\x80", 0));      // overlong
  EXPECT_EQ(0U, utf8_sequence_length("\xed\xa0\x80", 0));      // surrogate
  EXPECT_EQ(0U, utf8_sequence_length("\xf4\x90\x80\x80", 0));  // above U+10FFFF
  EXPECT_EQ(0U, utf8_sequence_length("\xe2\x86", 0));          // truncated
  EXPECT_EQ(0U, utf8_sequence_length("\x80", 0));              // lone continuation
}

TEST(Utf8, FirstInvalid) {
  EXPECT_EQ(std::string_view::npos, first_invalid_utf8(""));
  EXPECT_EQ(std::string_view::npos,
            first_invalid_utf8("plain \xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80"));
  EXPECT_EQ(3U, first_invalid_utf8("abc\xff"));
  EXPECT_EQ(1U, first_invalid_utf8("a\xe2\x86"));
  EXPECT_EQ(2U, first_invalid_utf8("\xc3\xa9\xed\xa0\x80z"));
  // Past simdjson's blocks: the offset is still exact.
  const std::string long_text =
      std::string(1000, 'x') + "\xc3\xa9" + std::string(500, 'y') + "\xc3";
  EXPECT_EQ(1502U, first_invalid_utf8(long_text));
}

TEST(CodePoints, CountsLeadBytes) {
  EXPECT_EQ(0U, code_points(""));
  EXPECT_EQ(18U, code_points("transition\xe2\x86\x92"
                             "archive"));
  EXPECT_EQ(4U, code_points("ab\xe2\x80\xa6\xc3\xa9"));
}

TEST(Join, WithSeparator) {
  EXPECT_EQ("", join(std::vector<std::string>{}, ", "));
  EXPECT_EQ("a", join(std::vector<std::string>{"a"}, ", "));
  EXPECT_EQ("a, b, c", join(std::vector<std::string>{"a", "b", "c"}, ", "));
  EXPECT_EQ("x,y", join(std::vector<std::string_view>{"x", "y"}, ","));
}

}  // namespace
}  // namespace ecrlc::detail
