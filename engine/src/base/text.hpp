// Text for messages: quoting, describing a byte, UTF-8 checks, code points, joining.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ecrlc::detail {

// How quote_for_message shows a string. Messages of different inputs have always quoted in
// slightly different ways (and tests pin them), so each caller names its style once.
struct QuoteStyle {
  enum class Escape {
    hex_bytes,  // control bytes, '"' and '\' as \xNN (upper-case hex)
    json,       // '"' and '\' as \" and \\, control bytes as \u00nn (lower-case hex)
  };
  Escape escape = Escape::json;
  // Bytes shown before the text is cut and "..." added; npos shows everything.
  std::size_t max_bytes = std::string_view::npos;
  // Cut only before a UTF-8 lead byte, so that no character is shown in half.
  bool whole_characters = false;
  // Escape DEL (0x7F) as well.
  bool escape_delete = false;
  // json: \n and \t instead of \u000a and \u0009.
  bool short_escapes = false;
};

// `text` between double quotes, with the bytes `style` escapes escaped, cut after
// `style.max_bytes` bytes with "..." before the closing quote.
std::string quote_for_message(std::string_view text, const QuoteStyle& style = {});

// How describe_byte names what it finds.
struct ByteStyle {
  std::string_view end = "end of input";  // at or past the end of the text
  bool upper_hex = true;                  // "byte 0x7F" rather than "byte 0x7f"
  // Also show a valid multi-byte UTF-8 character as 'é', a NUL as "a NUL byte" and a single
  // quote as "'" (in double quotes).
  bool characters = false;
};

// What a message says was found at text[pos]: "'x'" for printable ASCII, "byte 0x00" for
// other bytes, `style.end` past the end.
std::string describe_byte(std::string_view text, std::size_t pos, const ByteStyle& style = {});

// A size limit for a message: "1 MiB (1048576 bytes)" for whole MiB, else "1000 bytes".
std::string describe_byte_limit(std::size_t bytes);

// Length of the valid UTF-8 sequence at text[i] (1 to 4), or 0 when it is not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// The offset of the first byte of `text` that is not part of valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text);

// Number of code points of UTF-8 `text` (bytes that are not continuation bytes): the width
// the tables give a cell.
std::size_t code_points(std::string_view text);

// The unit a column is counted in. Diagnostics are located in bytes; people count characters
// (code points), and SARIF consumers such as GitHub code scanning count UTF-16 code units.
enum class ColumnUnit { code_points, utf16_code_units };

// The 1-based column, in `unit`, of the 1-based byte column `byte_column` of `line`: each
// valid UTF-8 sequence before it is one code point (two UTF-16 code units above U+FFFF), each
// byte that is not valid UTF-8 one (shown as U+FFFD). Bytes past the end count one each.
std::size_t column_in(std::string_view line, std::size_t byte_column, ColumnUnit unit);

// The parts with `separator` between them.
template <typename Range>
std::string join(const Range& parts, std::string_view separator) {
  std::string out;
  bool first = true;
  for (const auto& part : parts) {
    if (!first) {
      out.append(separator);
    }
    first = false;
    out.append(std::string_view(part));
  }
  return out;
}

// The lines of a line-oriented file (protect files, policy maps), split at '\n' with 1-based
// numbers; a last line without '\n' counts. A leading UTF-8 byte order mark is accepted, as
// the AWS CLI does, and is not part of line 1 (columns count from the character after it, as
// SourceMap counts them).
class LineReader {
 public:
  explicit LineReader(std::string_view text)
      : m_text(text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text) {}

  // The next line into `line` (without its '\n'); false when there is none.
  bool next(std::string_view& line) {
    if (m_start >= m_text.size()) {
      return false;
    }
    std::size_t end = m_text.find('\n', m_start);
    if (end == std::string_view::npos) {
      end = m_text.size();
    }
    line = m_text.substr(m_start, end - m_start);
    m_start = end + 1;
    ++m_number;
    return true;
  }

  std::size_t number() const { return m_number; }  // of the line `next` gave last

 private:
  std::string_view m_text;
  std::size_t m_start = 0;
  std::size_t m_number = 0;
};

}  // namespace ecrlc::detail
