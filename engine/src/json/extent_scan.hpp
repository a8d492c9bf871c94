// A fast, string-aware JSON extent scanner and a forward-only line counter, for readers that
// split huge documents into elements before handing each element to simdjson.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ecrlc::detail {

// simdjson's default depth limit; deeper input is an error, never a stack overflow.
inline constexpr std::size_t k_max_json_depth = 1024;

enum class ScanStatus { complete, incomplete, error };

struct ScanOutcome {
  ScanStatus status = ScanStatus::complete;
  std::size_t end = 0;  // complete: one past the value; error: offset of the offending byte
  std::string message;  // error only
};

// Finds the end of the JSON value that starts at text[pos] (a non-space byte). Checks strings
// are closed and brackets balance and match; everything else is left to the real parser.
// `incomplete` when the text ends first; a scalar that runs to the end is complete when `eof`.
ScanOutcome scan_value(std::string_view text, std::size_t pos, bool eof);

// Offset of the closing quote of the string whose opening quote is at text[pos], or npos.
std::size_t find_string_end(std::string_view text, std::size_t pos);

std::size_t skip_whitespace(std::string_view text, std::size_t pos);

// Offset of the first raw control character (< 0x20) inside a string of a JSON text, or npos.
std::size_t find_control_in_string(std::string_view text);

// Line and column (1-based, column in bytes) of offsets that only move forward; counts the
// newlines between two queries once. Offsets are absolute (from the start of the input) and
// `window` holds the input bytes from `window_base` on.
class LineCounter {
 public:
  void start_line_at(std::uint64_t offset) { m_line_start = offset; }
  // Moves to `offset`, which must not be before the previous position and must be in window.
  void advance(std::string_view window, std::uint64_t window_base, std::uint64_t offset);
  // Position of an offset at or after the current one, without moving.
  void locate(std::string_view window, std::uint64_t window_base, std::uint64_t offset,
              std::uint64_t& line, std::uint64_t& column) const;

 private:
  std::uint64_t m_offset = 0;
  std::uint64_t m_line = 1;
  std::uint64_t m_line_start = 0;
};

}  // namespace ecrlc::detail
