// Text for messages: quoting, describing a byte, UTF-8 checks, code points.
#include "base/text.hpp"

#include <simdjson.h>

#include <string_view>

#include "base/hex.hpp"

namespace ecrlc::detail {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

void append_quoted_byte(std::string& out, unsigned char c, const QuoteStyle& style) {
  const bool special = c == '"' || c == '\\';
  const bool control = c < 0x20 || (style.escape_delete && c == 0x7F);
  if (!special && !control) {
    out += static_cast<char>(c);
    return;
  }
  if (style.escape == QuoteStyle::Escape::hex_bytes) {
    out += "\\x";
    append_hex_byte(out, c, k_upper_hex_digits);
    return;
  }
  if (special) {
    out += '\\';
    out += static_cast<char>(c);
  } else if (style.short_escapes && c == '\n') {
    out += "\\n";
  } else if (style.short_escapes && c == '\t') {
    out += "\\t";
  } else {
    out += "\\u00";
    append_hex_byte(out, c);
  }
}

}  // namespace

std::string quote_for_message(std::string_view text, const QuoteStyle& style) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (i >= style.max_bytes && !(style.whole_characters && is_continuation(c))) {
      out += "...";
      break;
    }
    append_quoted_byte(out, c, style);
  }
  out += '"';
  return out;
}

std::string describe_byte_limit(std::size_t bytes) {
  constexpr std::size_t k_mib = std::size_t{1} << 20;
  if (bytes > 0 && bytes % k_mib == 0) {
    return std::to_string(bytes / k_mib) + " MiB (" + std::to_string(bytes) + " bytes)";
  }
  return std::to_string(bytes) + " bytes";
}

std::string describe_byte(std::string_view text, std::size_t pos, const ByteStyle& style) {
  if (pos >= text.size()) {
    return std::string(style.end);
  }
  const auto c = static_cast<unsigned char>(text[pos]);
  if (style.characters) {
    if (c == 0) {
      return "a NUL byte";
    }
    if (c == '\'') {
      return "\"'\"";
    }
    if (const std::size_t length = c >= 0x80 ? utf8_sequence_length(text, pos) : 0; length > 1) {
      std::string quoted(1, '\'');
      quoted.append(text.substr(pos, length));
      quoted += '\'';
      return quoted;
    }
  }
  if (c >= 0x20 && c < 0x7F) {
    return std::string("'") + static_cast<char>(c) + "'";
  }
  std::string out = "byte 0x";
  append_hex_byte(out, c, style.upper_hex ? k_upper_hex_digits : k_lower_hex_digits);
  return out;
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (!is_continuation(byte(i + k))) {
      return 0;
    }
  }
  // Overlong three- and four-byte forms, UTF-16 surrogates, code points past U+10FFFF.
  if ((lead == 0xE0 && byte(i + 1) < 0xA0) || (lead == 0xED && byte(i + 1) > 0x9F) ||
      (lead == 0xF0 && byte(i + 1) < 0x90) || (lead == 0xF4 && byte(i + 1) > 0x8F)) {
    return 0;
  }
  return length;
}

std::size_t first_invalid_utf8(std::string_view text) {
  // Nearly every input is valid: simdjson checks it at memory speed, and only a failure
  // pays for the byte-by-byte walk that finds the offset.
  if (simdjson::validate_utf8(text.data(), text.size())) {
    return std::string_view::npos;
  }
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    count += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  }
  return count;
}

std::size_t column_in(std::string_view line, std::size_t byte_column, ColumnUnit unit) {
  if (byte_column == 0) {
    return 0;
  }
  const std::size_t before = byte_column - 1;
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < before && i < line.size()) {
    std::size_t length = utf8_sequence_length(line, i);
    const bool astral = length == 4;
    length = length == 0 ? 1 : length;
    units += astral && unit == ColumnUnit::utf16_code_units ? 2 : 1;
    i += length;
  }
  return units + (before > i ? before - i : 0) + 1;
}

}  // namespace ecrlc::detail
