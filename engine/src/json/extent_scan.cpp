// JSON extent scanning: a vector search for the next bracket or quote (AVX2 when the CPU has
// it, chosen at run time), a small bracket stack for nesting.
#include "json/extent_scan.hpp"

#include "base/simd.hpp"
#include "json/whitespace.hpp"

#if ECRLC_HAS_AVX2_PATH
#include <immintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

namespace ecrlc::detail {
namespace {

bool is_bracket_or_quote(char c) {
  return c == '"' || c == '{' || c == '}' || c == '[' || c == ']';
}

#if ECRLC_HAS_AVX2_PATH
// The AVX2 steps of the two searches below: 32 bytes at a time while 32 remain; the offset of
// the first hit, or the first offset with fewer than 32 bytes left.
ECRLC_TARGET_AVX2 std::size_t avx2_next_bracket_or_quote(const char* s, std::size_t p,
                                                         std::size_t size) {
  // '{' '}' '[' ']' are 0x7B 0x7D 0x5B 0x5D: with bit 0x20 set, two compares find all four.
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i open = _mm256_set1_epi8('{');
  const __m256i close = _mm256_set1_epi8('}');
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  while (p + 32 <= size) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + p));
    const __m256i folded = _mm256_or_si256(v, case_bit);
    const __m256i hits = _mm256_or_si256(
        _mm256_cmpeq_epi8(v, quote),
        _mm256_or_si256(_mm256_cmpeq_epi8(folded, open), _mm256_cmpeq_epi8(folded, close)));
    const auto mask = static_cast<unsigned>(_mm256_movemask_epi8(hits));
    if (mask != 0) {
      return p + static_cast<std::size_t>(__builtin_ctz(mask));
    }
    p += 32;
  }
  return p;
}

ECRLC_TARGET_AVX2 std::size_t avx2_next_quote(const char* s, std::size_t p, std::size_t size) {
  const __m256i quote = _mm256_set1_epi8('"');
  while (p + 32 <= size) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + p));
    const auto mask = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)));
    if (mask != 0) {
      return p + static_cast<std::size_t>(__builtin_ctz(mask));
    }
    p += 32;
  }
  return p;
}

// The number of '\n' in the first size / 32 * 32 bytes of `s`. Byte counters gain one per
// newline for up to 255 steps, then are summed: no per-step popcount.
ECRLC_TARGET_AVX2 std::uint64_t avx2_count_newlines(const char* s, std::size_t size) {
  const __m256i newline = _mm256_set1_epi8('\n');
  const __m256i zero = _mm256_setzero_si256();
  std::uint64_t total = 0;
  std::size_t p = 0;
  while (p + 32 <= size) {
    __m256i counts = zero;
    for (int step = 0; step < 255 && p + 32 <= size; ++step, p += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + p));
      counts = _mm256_sub_epi8(counts, _mm256_cmpeq_epi8(v, newline));
    }
    const __m256i sums = _mm256_sad_epu8(counts, zero);
    total += static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 0)) +
             static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 1)) +
             static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 2)) +
             static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 3));
  }
  return total;
}
#endif

// The searches below take `avx2` (avx2_allowed(), asked once per scan by their callers: they
// run tens of times per image). The AVX2 step stops at a hit, or with fewer than 32 bytes
// left for the portable step.

// Offset of the first of `{ } [ ] "` at or after `p`, or `size`. Indented describe-images
// output is mostly spaces between those: 32 bytes per step instead of one.
std::size_t next_bracket_or_quote(const char* s, std::size_t p, std::size_t size, bool avx2) {
#if ECRLC_HAS_AVX2_PATH
  if (avx2) {
    p = avx2_next_bracket_or_quote(s, p, size);
    if (p + 32 <= size) {
      return p;
    }
  }
#else
  (void)avx2;
#endif
  while (p < size && !is_bracket_or_quote(s[p])) {
    ++p;
  }
  return p;
}

// Offset of the first '"' at or after `p`, or npos.
std::size_t next_quote(const char* s, std::size_t p, std::size_t size, bool avx2) {
#if ECRLC_HAS_AVX2_PATH
  if (avx2) {
    p = avx2_next_quote(s, p, size);
    if (p + 32 <= size) {
      return p;
    }
  }
#else
  (void)avx2;
#endif
  const void* hit = std::memchr(s + p, '"', size - p);
  return hit == nullptr ? std::string_view::npos
                        : static_cast<std::size_t>(static_cast<const char*>(hit) - s);
}

// find_string_end with the AVX2 choice made.
std::size_t string_end(std::string_view text, std::size_t pos, bool avx2) {
  const char* begin = text.data();
  std::size_t from = pos + 1;
  while (from < text.size()) {
    const std::size_t quote = next_quote(begin, from, text.size(), avx2);
    if (quote == std::string_view::npos) {
      return std::string_view::npos;
    }
    // A quote preceded by an odd run of backslashes is escaped; the run cannot reach past the
    // opening quote, which is not a backslash.
    std::size_t backslashes = 0;
    while (quote - backslashes > pos + 1 && text[quote - backslashes - 1] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) {
      return quote;
    }
    from = quote + 1;
  }
  return std::string_view::npos;
}

bool ends_scalar(char c) {
  return is_json_space(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == ':' ||
         c == '"';
}

}  // namespace

std::size_t skip_whitespace(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_json_space(text[pos])) {
    ++pos;
  }
  return pos;
}

std::size_t find_string_end(std::string_view text, std::size_t pos) {
  return string_end(text, pos, avx2_allowed());
}

ScanOutcome scan_value(std::string_view text, std::size_t pos, bool eof) {
  const bool avx2 = avx2_allowed();
  char first = text[pos];
  if (first == '"') {
    std::size_t end = string_end(text, pos, avx2);
    if (end == std::string_view::npos) {
      return {ScanStatus::incomplete, text.size(), {}};
    }
    return {ScanStatus::complete, end + 1, {}};
  }
  if (first != '{' && first != '[') {
    std::size_t p = pos + 1;
    while (p < text.size() && !ends_scalar(text[p])) {
      ++p;
    }
    if (p == text.size() && !eof) {
      return {ScanStatus::incomplete, p, {}};
    }
    return {ScanStatus::complete, p, {}};
  }
  // Not zero-filled: only entries below `depth` are read, and filling 1 KB for each of a
  // million elements costs more than scanning them.
  std::array<char, k_max_json_depth> closers;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  std::size_t depth = 0;
  std::size_t p = pos;
  const std::size_t size = text.size();
  while (p < size) {
    p = next_bracket_or_quote(text.data(), p, size, avx2);
    if (p == size) {
      break;
    }
    char c = text[p];
    switch (c) {
      case '"': {
        std::size_t end = string_end(text, p, avx2);
        if (end == std::string_view::npos) {
          return {ScanStatus::incomplete, size, {}};
        }
        p = end + 1;
        continue;
      }
      case '{':
      case '[':
        if (depth == k_max_json_depth) {
          return {ScanStatus::error, p, "nesting deeper than 1024 levels"};
        }
        closers[depth++] = c == '{' ? '}' : ']';
        break;
      case '}':
      case ']':
        if (c != closers[depth - 1]) {
          return {ScanStatus::error, p,
                  std::string("expected '") + closers[depth - 1] + "' to close the " +
                      (closers[depth - 1] == '}' ? "object" : "array") + ", got '" + c + "'"};
        }
        if (--depth == 0) {
          return {ScanStatus::complete, p + 1, {}};
        }
        break;
      default:
        break;
    }
    ++p;
  }
  return {ScanStatus::incomplete, size, {}};
}

std::size_t find_control_in_string(std::string_view text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        return i;
      }
    } else if (c == '"') {
      in_string = true;
    }
  }
  return std::string_view::npos;
}

void LineCounter::advance(std::string_view window, std::uint64_t window_base,
                          std::uint64_t offset) {
  if (offset <= m_offset) {
    return;
  }
  const char* begin = window.data() + (m_offset - window_base);
  const char* end = window.data() + (offset - window_base);
  // Indented documents have a newline every 20-30 bytes: a vectorised count plus one search
  // for the last newline beats a memchr call per line.
  const auto length = static_cast<std::size_t>(end - begin);
  std::uint64_t newlines = 0;
  std::size_t counted = 0;
#if ECRLC_HAS_AVX2_PATH
  if (avx2_allowed()) {
    newlines = avx2_count_newlines(begin, length);
    counted = length / 32 * 32;
  }
#endif
  newlines += static_cast<std::uint64_t>(std::count(begin + counted, end, '\n'));
  if (newlines != 0) {
    m_line += newlines;
    const void* last = ::memrchr(begin, '\n', length);
    m_line_start = window_base +
                   static_cast<std::uint64_t>(static_cast<const char*>(last) - window.data()) + 1;
  }
  m_offset = offset;
}

void LineCounter::locate(std::string_view window, std::uint64_t window_base, std::uint64_t offset,
                         std::uint64_t& line, std::uint64_t& column) const {
  LineCounter copy = *this;
  std::uint64_t window_end = window_base + window.size();
  copy.advance(window, window_base, std::min(offset, window_end));
  line = copy.m_line;
  column = offset - copy.m_line_start + 1;
}

}  // namespace ecrlc::detail
