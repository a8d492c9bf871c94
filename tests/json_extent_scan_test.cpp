// The reader's extent scanner and line counter against byte-by-byte references, at every
// alignment, on both of their paths: the vector code (32 bytes per step with AVX2, chosen at
// run time) and the portable one must each find exactly what the simple loops find.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "base/simd.hpp"
#include "json/extent_scan.hpp"

namespace ecrlc::detail {
namespace {

// Reference: end of the value at text[pos] ('{', '[' or '"'), or npos when it does not close.
std::size_t reference_end(const std::string& text, std::size_t pos) {
  std::string stack;
  for (std::size_t p = pos; p < text.size(); ++p) {
    char c = text[p];
    if (c == '"') {
      ++p;
      while (p < text.size() && text[p] != '"') {
        p += text[p] == '\\' ? 2 : 1;
      }
      if (p >= text.size()) {
        return std::string::npos;
      }
      if (stack.empty()) {
        return p + 1;
      }
    } else if (c == '{' || c == '[') {
      stack.push_back(c == '{' ? '}' : ']');
    } else if (c == '}' || c == ']') {
      if (stack.empty() || stack.back() != c) {
        return std::string::npos - 1;  // mismatch
      }
      stack.pop_back();
      if (stack.empty()) {
        return p + 1;
      }
    }
  }
  return std::string::npos;
}

std::size_t scanned_end(const std::string& text, std::size_t pos) {
  ScanOutcome outcome = scan_value(text, pos, true);
  switch (outcome.status) {
    case ScanStatus::complete:
      return outcome.end;
    case ScanStatus::incomplete:
      return std::string::npos;
    case ScanStatus::error:
      return std::string::npos - 1;
  }
  return 0;
}

// Each test runs twice: AVX2 allowed (on a CPU that has it) and forbidden.
class JsonScan : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override { allow_avx2(GetParam()); }
  void TearDown() override { allow_avx2(true); }
};

INSTANTIATE_TEST_SUITE_P(Paths, JsonScan, testing::Values(true, false),
                         [](const testing::TestParamInfo<bool>& info) {
                           return std::string(info.param ? "Avx2WhenTheCpuHasIt" : "Portable");
                         });

TEST(JsonScanPaths, Avx2RunsExactlyWhenTheCpuHasItAndItIsAllowed) {
#if ECRLC_HAS_AVX2_PATH
  const bool cpu = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
#else
  const bool cpu = false;
#endif
  allow_avx2(true);
  EXPECT_EQ(cpu, avx2_allowed());
  allow_avx2(false);
  EXPECT_FALSE(avx2_allowed());
  allow_avx2(true);
  EXPECT_EQ(cpu, avx2_allowed());
}

TEST_P(JsonScan, BracketsAndQuotesInsideStringsAtEveryAlignment) {
  const std::string value = R"({"a": "x{y}[z]\"q\\", "b": [1, {"c": "]]]"}, "\\\\\""], "d": {}})";
  for (std::size_t pad = 0; pad < 70; ++pad) {
    std::string text(pad, ' ');
    text.append(value).append(pad % 37, ' ').append(1, ',');
    EXPECT_EQ(pad + value.size(), scanned_end(text, pad)) << "pad " << pad;
    // Cut anywhere inside: never complete.
    for (std::size_t cut = pad + 1; cut < pad + value.size(); cut += 7) {
      EXPECT_EQ(ScanStatus::incomplete, scan_value(text.substr(0, cut), pad, false).status);
    }
  }
}

TEST_P(JsonScan, StringEndsAfterLongRunsOfBackslashes) {
  for (std::size_t run = 0; run < 70; ++run) {
    // An even run escapes itself, so the quote after it closes the string.
    std::string text(1, '"');
    text.append(2 * run, '\\').append(1, '"').append(40, ' ');
    EXPECT_EQ(2 * run + 1, find_string_end(text, 0)) << "run " << run;
    std::string odd(1, '"');
    odd.append(2 * run + 1, '\\').append(1, '"').append(40, ' ').append(1, '"');
    EXPECT_EQ(odd.size() - 1, find_string_end(odd, 0)) << "run " << run;
  }
}

TEST_P(JsonScan, RandomValuesAgreeWithTheReference) {
  std::mt19937 rng(20261127);
  const std::string alphabet = "{}[]\"\\ ax,:\n";
  for (int round = 0; round < 20000; ++round) {
    std::string text = "{";
    std::size_t length = rng() % 120;
    for (std::size_t i = 0; i < length; ++i) {
      text.push_back(alphabet[rng() % alphabet.size()]);
    }
    EXPECT_EQ(reference_end(text, 0), scanned_end(text, 0)) << text;
  }
}

// Line and column by counting every byte up to `offset`.
std::pair<std::uint64_t, std::uint64_t> reference_position(const std::string& text,
                                                           std::size_t offset) {
  std::uint64_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

TEST_P(JsonScan, LineCounterAgreesWithTheReferenceOverLongAndShortSteps) {
  // Steps from 0 bytes to past 255 vector steps (8,160 bytes, where the counters are summed),
  // with newlines dense (every byte) and sparse; the window moves on halfway, as the reader's
  // does.
  std::mt19937 rng(20261202);
  std::string text;
  for (int block = 0; block < 12; ++block) {
    const std::size_t every = block % 3 == 0 ? 1 : block % 3 == 1 ? 23 : 5000;
    for (std::size_t i = 0; i < 9000; ++i) {
      text.push_back(rng() % every == 0 ? '\n' : 'x');
    }
  }
  LineCounter lines;
  std::size_t offset = 0;
  std::size_t base = 0;  // the window holds the text from `base` on
  while (offset < text.size()) {
    const std::size_t step = rng() % 3 == 0 ? rng() % 20000 : rng() % 64;
    offset = std::min(text.size(), offset + step);
    if (base == 0 && offset > text.size() / 2) {
      lines.advance(text, 0, text.size() / 2);
      base = text.size() / 2;
    }
    const std::string_view window = std::string_view(text).substr(base);
    std::uint64_t line = 0;
    std::uint64_t column = 0;
    lines.locate(window, base, offset, line, column);
    const auto [want_line, want_column] = reference_position(text, offset);
    ASSERT_EQ(want_line, line) << "offset " << offset;
    ASSERT_EQ(want_column, column) << "offset " << offset;
    lines.advance(window, base, offset);
  }
}

}  // namespace
}  // namespace ecrlc::detail
