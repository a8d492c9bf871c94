// Strict JSON syntax check. simdjson On-Demand validates lazily and reports errors without a
// position, so this pass finds the first problem and its exact byte first.
#include "json/syntax_check.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "base/json_writer.hpp"
#include "json/whitespace.hpp"

namespace ecrlc::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Four hex digits at text[i..i+4) as a code unit, or -1.
long hex4(std::string_view text, std::size_t i) {
  if (i + 4 > text.size()) {
    return -1;
  }
  long value = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    int digit = hex_value(text[i + k]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

class Checker {
 public:
  Checker(std::string_view text, std::size_t max_depth) : m_text(text), m_max_depth(max_depth) {}

  std::optional<JsonSyntaxError> run();

 private:
  enum class Want { value, value_or_close, key_or_close, key, after_value };

  JsonSyntaxError fail(std::size_t at, std::string expected) const {
    return {at, "E0001", "expected " + std::move(expected) + ", got " + describe_at(m_text, at)};
  }
  void skip_space() {
    while (m_pos < m_text.size() && is_json_space(m_text[m_pos])) {
      ++m_pos;
    }
  }
  std::optional<JsonSyntaxError> scan_string();
  std::optional<JsonSyntaxError> scan_number();
  std::optional<JsonSyntaxError> scan_literal();

  std::string_view m_text;
  std::size_t m_max_depth;
  std::size_t m_pos = 0;
  std::vector<char> m_stack;
};

std::optional<JsonSyntaxError> Checker::scan_string() {
  ++m_pos;  // opening quote
  while (true) {
    if (m_pos >= m_text.size()) {
      return fail(m_pos, "'\"' to close the string");
    }
    char c = m_text[m_pos];
    if (c == '"') {
      ++m_pos;
      return std::nullopt;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      return fail(m_pos, "an escape sequence for a control character in a string");
    }
    if (c != '\\') {
      ++m_pos;
      continue;
    }
    std::size_t escape = m_pos;
    if (m_pos + 1 >= m_text.size()) {
      return fail(m_pos + 1, "an escape sequence after '\\'");
    }
    char kind = m_text[m_pos + 1];
    if (kind == '"' || kind == '\\' || kind == '/' || kind == 'b' || kind == 'f' || kind == 'n' ||
        kind == 'r' || kind == 't') {
      m_pos += 2;
      continue;
    }
    if (kind != 'u') {
      return fail(m_pos + 1, "one of '\"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u' after '\\'");
    }
    long unit = hex4(m_text, m_pos + 2);
    if (unit < 0) {
      return fail(escape, "four hex digits after '\\u'");
    }
    m_pos += 6;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return {{escape, "E0001",
               "expected a high surrogate before a low surrogate, got a lone "
               "low surrogate \\u" +
                   std::string(m_text.substr(escape + 2, 4))}};
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      long low = -1;
      if (m_pos + 1 < m_text.size() && m_text[m_pos] == '\\' && m_text[m_pos + 1] == 'u') {
        low = hex4(m_text, m_pos + 2);
      }
      if (low < 0xDC00 || low > 0xDFFF) {
        return {{escape, "E0001",
                 "expected a low surrogate \\uDC00-\\uDFFF after \\u" +
                     std::string(m_text.substr(escape + 2, 4)) + ", got a lone high surrogate"}};
      }
      m_pos += 6;
    }
  }
}

std::optional<JsonSyntaxError> Checker::scan_number() {
  if (m_text[m_pos] == '-') {
    ++m_pos;
  }
  if (m_pos >= m_text.size() || !is_digit(m_text[m_pos])) {
    return fail(m_pos, "a digit");
  }
  if (m_text[m_pos] == '0') {
    ++m_pos;
    if (m_pos < m_text.size() && is_digit(m_text[m_pos])) {
      return fail(m_pos, "no digit after a leading 0");
    }
  } else {
    while (m_pos < m_text.size() && is_digit(m_text[m_pos])) {
      ++m_pos;
    }
  }
  if (m_pos < m_text.size() && m_text[m_pos] == '.') {
    ++m_pos;
    if (m_pos >= m_text.size() || !is_digit(m_text[m_pos])) {
      return fail(m_pos, "a digit after '.'");
    }
    while (m_pos < m_text.size() && is_digit(m_text[m_pos])) {
      ++m_pos;
    }
  }
  if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
    ++m_pos;
    if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
      ++m_pos;
    }
    if (m_pos >= m_text.size() || !is_digit(m_text[m_pos])) {
      return fail(m_pos, "a digit in the exponent");
    }
    while (m_pos < m_text.size() && is_digit(m_text[m_pos])) {
      ++m_pos;
    }
  }
  return std::nullopt;
}

std::optional<JsonSyntaxError> Checker::scan_literal() {
  for (std::string_view word :
       {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
    if (m_text.substr(m_pos, word.size()) == word) {
      m_pos += word.size();
      return std::nullopt;
    }
  }
  return fail(m_pos, "a JSON value");
}

std::optional<JsonSyntaxError> Checker::run() {
  Want want = Want::value;
  while (true) {
    skip_space();
    bool at_end = m_pos >= m_text.size();
    char c = at_end ? '\0' : m_text[m_pos];
    switch (want) {
      case Want::value:
      case Want::value_or_close: {
        if (want == Want::value_or_close && !at_end && c == ']') {
          m_stack.pop_back();
          ++m_pos;
          want = Want::after_value;
          break;
        }
        if (at_end) {
          return fail(m_pos, "a JSON value");
        }
        if (c == '{' || c == '[') {
          if (m_stack.size() >= m_max_depth) {
            return {{m_pos, "E0003",
                     "expected at most " + std::to_string(m_max_depth) +
                         " nested arrays and objects, got deeper nesting"}};
          }
          m_stack.push_back(c);
          ++m_pos;
          want = c == '{' ? Want::key_or_close : Want::value_or_close;
          break;
        }
        std::optional<JsonSyntaxError> error;
        if (c == '"') {
          error = scan_string();
        } else if (c == '-' || is_digit(c)) {
          error = scan_number();
        } else {
          error = scan_literal();
        }
        if (error) {
          return error;
        }
        want = Want::after_value;
        break;
      }
      case Want::key_or_close:
      case Want::key: {
        if (want == Want::key_or_close && !at_end && c == '}') {
          m_stack.pop_back();
          ++m_pos;
          want = Want::after_value;
          break;
        }
        if (at_end || c != '"') {
          return fail(m_pos, want == Want::key ? "a string key" : "a string key or '}'");
        }
        if (auto error = scan_string()) {
          return error;
        }
        skip_space();
        if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
          return fail(m_pos, "':' after the key");
        }
        ++m_pos;
        want = Want::value;
        break;
      }
      case Want::after_value: {
        if (m_stack.empty()) {
          if (at_end) {
            return std::nullopt;
          }
          return fail(m_pos, "end of input after the JSON value");
        }
        char close = m_stack.back() == '{' ? '}' : ']';
        if (!at_end && c == ',') {
          ++m_pos;
          want = m_stack.back() == '{' ? Want::key : Want::value;
        } else if (!at_end && c == close) {
          m_stack.pop_back();
          ++m_pos;
        } else {
          return fail(m_pos, close == '}' ? "',' or '}'" : "',' or ']'");
        }
        break;
      }
    }
  }
}

// The byte that a backslash and `letter` stand for (\n a newline); a letter without a short
// escape stands for itself (\/, and what the syntax check has already refused).
char unescaped(char letter) {
  for (const auto& [byte, escape] : k_json_short_escapes) {
    if (escape == letter) {
      return byte;
    }
  }
  return letter;
}

}  // namespace

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::string describe_at(std::string_view text, std::size_t offset) {
  return describe_byte(text, offset, {"end of input", false, true});
}

std::optional<JsonSyntaxError> check_json_syntax(std::string_view text, std::size_t max_depth) {
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    return {{bad, "E0002", "expected UTF-8 text, got " + describe_at(text, bad)}};
  }
  return Checker(text, max_depth).run();
}

void unescape_json_string(std::string_view token, std::string& out,
                          std::vector<std::size_t>& offsets) {
  auto append = [&](std::uint32_t code_point, std::size_t source) {
    std::array<char, 4> bytes{};
    std::size_t length = 0;
    if (code_point < 0x80) {
      bytes[0] = static_cast<char>(code_point);
      length = 1;
    } else if (code_point < 0x800) {
      bytes[0] = static_cast<char>(0xC0 | (code_point >> 6));
      bytes[1] = static_cast<char>(0x80 | (code_point & 0x3F));
      length = 2;
    } else if (code_point < 0x10000) {
      bytes[0] = static_cast<char>(0xE0 | (code_point >> 12));
      bytes[1] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      bytes[2] = static_cast<char>(0x80 | (code_point & 0x3F));
      length = 3;
    } else {
      bytes[0] = static_cast<char>(0xF0 | (code_point >> 18));
      bytes[1] = static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
      bytes[2] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      bytes[3] = static_cast<char>(0x80 | (code_point & 0x3F));
      length = 4;
    }
    for (std::size_t k = 0; k < length; ++k) {
      out += bytes[k];
      offsets.push_back(source);
    }
  };
  std::size_t i = 1;
  std::size_t end = token.empty() ? 0 : token.size() - 1;
  while (i < end) {
    char c = token[i];
    if (c != '\\') {
      out += c;
      offsets.push_back(i);
      ++i;
      continue;
    }
    const char kind = i + 1 < end ? token[i + 1] : '\\';
    if (kind == 'u') {
      long unit = hex4(token, i + 2);
      std::uint32_t code_point = unit < 0 ? 0xFFFD : static_cast<std::uint32_t>(unit);
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        long low = hex4(token, i + 8);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          code_point = 0x10000 + ((static_cast<std::uint32_t>(unit) - 0xD800) << 10) +
                       (static_cast<std::uint32_t>(low) - 0xDC00);
          append(code_point, i);
          i += 12;
          continue;
        }
      }
      append(code_point, i);
      i += 6;
      continue;
    }
    append(static_cast<unsigned char>(unescaped(kind)), i);
    i += 2;
  }
  offsets.push_back(end);
}

}  // namespace ecrlc::detail
