// JsonWriter and the JSON string escapes.
#include "base/json_writer.hpp"

#include <cassert>
#include <charconv>

#include "base/text.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::string_view k_hex = "0123456789abcdef";

void append_u00(std::string& out, unsigned char c) {
  out.append("\\u00");
  out.push_back(k_hex[c >> 4]);
  out.push_back(k_hex[c & 0xF]);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        append_u00(out, c);
        break;
    }
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

void JsonWriter::newline(int level) {
  out().push_back('\n');
  out().append(static_cast<std::size_t>(level) * static_cast<std::size_t>(m_indent), ' ');
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_depth == 0) {
    return;
  }
  Frame& frame = m_frames[static_cast<std::size_t>(m_depth - 1)];
  if (frame.has_members) {
    m_out.push_back(',');
  }
  if (frame.layout == Layout::block) {
    newline(m_base_level + m_depth);
  } else if (frame.has_members) {
    m_out.push_back(' ');
  }
  frame.has_members = true;
}

void JsonWriter::open(char bracket, Layout layout) {
  before_value();
  assert(m_depth < k_max_depth);
  m_frames[static_cast<std::size_t>(m_depth)] = Frame{layout, false};
  ++m_depth;
  m_out.push_back(bracket);
}

void JsonWriter::close(char bracket) {
  assert(m_depth > 0);
  const Frame& frame = m_frames[static_cast<std::size_t>(m_depth - 1)];
  --m_depth;
  if (frame.layout == Layout::block && frame.has_members) {
    newline(m_base_level + m_depth);
  }
  m_out.push_back(bracket);
}

JsonWriter& JsonWriter::begin_object(Layout layout) {
  open('{', layout);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  close('}');
  return *this;
}

JsonWriter& JsonWriter::begin_array(Layout layout) {
  open('[', layout);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close(']');
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(m_out, name);
  m_out.append(": ");
  m_after_key = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  append_json_string(m_out, text);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  append_integer(m_out, number);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  append_unsigned(m_out, number);
  return *this;
}

void append_integer(std::string& out, ByteTotal value) { value.append_to(out); }

JsonWriter& JsonWriter::value(ByteTotal bytes) {
  before_value();
  bytes.append_to(m_out);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  m_out.append(flag ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  m_out.append("null");
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  m_out.append(json);
  return *this;
}

std::string& JsonWriter::raw_value() {
  before_value();
  return m_out;
}

}  // namespace ecrlc::detail
