// JsonWriter and the JSON string escapes.
#include "base/json_writer.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstring>
#include <initializer_list>
#include <utility>

#include "base/hex.hpp"
#include "base/text.hpp"

namespace ecrlc::detail {
namespace {

void append_u00(std::string& out, unsigned char c) {
  out.append("\\u00");
  append_hex_byte(out, c);
}

// What json.dumps writes for each byte it escapes ('"', '\\' and those below 0x20); empty for
// the others.
class EscapeTable {
 public:
  constexpr EscapeTable() {
    for (std::size_t c = 0; c < 0x20; ++c) {
      set(c, {'\\', 'u', '0', '0', k_lower_hex_digits[c >> 4], k_lower_hex_digits[c & 0xF]});
    }
    for (const auto& [byte, letter] : k_json_short_escapes) {
      set(static_cast<unsigned char>(byte), {'\\', letter});
    }
  }
  constexpr bool escaped(unsigned char c) const { return m_sizes[c] != 0; }
  std::string_view text(unsigned char c) const { return {m_texts[c].data(), m_sizes[c]}; }

 private:
  constexpr void set(std::size_t c, std::initializer_list<char> text) {
    std::copy(text.begin(), text.end(), m_texts[c].begin());
    m_sizes[c] = static_cast<std::uint8_t>(text.size());
  }
  std::array<std::array<char, 6>, 256> m_texts{};
  std::array<std::uint8_t, 256> m_sizes{};
};
constexpr EscapeTable k_escapes;

// Not zero when one of the eight bytes of `word` is one that json.dumps escapes (the "has less
// than" and "has zero byte" tests of Bit Twiddling Hacks, exact for "any").
std::uint64_t any_escaped(std::uint64_t word) {
  constexpr std::uint64_t k_ones = 0x0101010101010101;
  constexpr std::uint64_t k_high = 0x8080808080808080;
  const std::uint64_t quote = word ^ (k_ones * '"');
  const std::uint64_t backslash = word ^ (k_ones * '\\');
  return (((word - k_ones * 0x20) & ~word) | ((quote - k_ones) & ~quote) |
          ((backslash - k_ones) & ~backslash)) &
         k_high;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  // Most strings (tags, names, sentences) need no escape: a scan eight bytes at a time,
  // then one copy.
  std::size_t i = 0;
  for (std::uint64_t word = 0; i + 8 <= text.size(); i += 8) {
    std::memcpy(&word, text.data() + i, 8);
    if (any_escaped(word) != 0) {
      break;
    }
  }
  while (i < text.size() && !k_escapes.escaped(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escape
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!k_escapes.escaped(c)) {
      continue;
    }
    out.append(text.data() + run, i - run);
    run = i + 1;
    out.append(k_escapes.text(c));
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

void append_json_string_replacing_invalid(std::string& out, std::string_view text) {
  out.push_back('"');
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t length = utf8_sequence_length(text, i);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (length == 0) {
      // Invalid UTF-8 cannot go into JSON; U+FFFD keeps the output valid.
      out.append("\\ufffd");
      i += 1;
      continue;
    } else if (c < 0x20 || c == 0x7F) {
      append_u00(out, c);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  out.push_back('"');
}

void append_integer(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

void append_unsigned(std::string& out, std::uint64_t value) {
  std::array<char, 24> buffer{};
  auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

void append_integer(std::string& out, ByteTotal value) { value.append_to(out); }

void JsonWriter::long_newline(std::size_t spaces) {
  m_out.push_back('\n');
  m_out.append(spaces, ' ');
}

JsonWriter& JsonWriter::open(char bracket, Layout layout) {
  before_value();
  assert(m_depth < k_max_depth);
  m_outer[static_cast<std::size_t>(m_depth)] = Frame{m_place, m_empty};
  ++m_depth;
  ++m_level;
  m_place = layout == Layout::block ? Place::block : Place::line;
  m_empty = true;
  m_out.push_back(bracket);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  assert(m_depth > 0);
  --m_level;
  if (m_place == Place::block && !m_empty) {
    newline(m_level);
  }
  --m_depth;
  const Frame& outer = m_outer[static_cast<std::size_t>(m_depth)];
  m_place = outer.place;
  m_empty = outer.empty;
  m_out.push_back(bracket);
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  append_json_string(m_out, name);
  m_out.append(": ");
  m_after_key = true;
  return *this;
}

}  // namespace ecrlc::detail
