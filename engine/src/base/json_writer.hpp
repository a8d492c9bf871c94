// JsonWriter: JSON text appended to a std::string, in the layouts the tool prints.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "ecrlc/byte_total.hpp"

namespace ecrlc::detail {

// JSON's two-character escapes: each byte and the letter after its backslash (the writer
// writes them, the policy reader's unescape_json_string reads them).
inline constexpr std::array<std::pair<char, char>, 7> k_json_short_escapes = {
    {{'"', '"'}, {'\\', '\\'}, {'\b', 'b'}, {'\f', 'f'}, {'\n', 'n'}, {'\r', 'r'}, {'\t', 't'}}};

// Appends `text` as a JSON string as Python's json.dumps(ensure_ascii=False) writes it (what
// the AWS CLI prints): '"' '\' and \b \f \n \r \t escaped, other bytes below 0x20 as \u00XX,
// every other byte (non-ASCII UTF-8 included) as is.
void append_json_string(std::string& out, std::string_view text);

// Appends `text` as a JSON string that is valid even when `text` is not: \n \r \t short,
// other control bytes and DEL as \u00XX, each byte of invalid UTF-8 as \ufffd.
void append_json_string_replacing_invalid(std::string& out, std::string_view text);

void append_integer(std::string& out, std::int64_t value);
void append_unsigned(std::string& out, std::uint64_t value);
// A byte total as its exact decimal integer (JSON numbers have no size limit).
void append_integer(std::string& out, ByteTotal value);

// A key known when the program is compiled, written `"imageDigest"_key` (json_literals):
// checked at compile time to need no escape and stored as `, "imageDigest": `, so that the
// writer puts it out with one append. Other keys go through JsonWriter::key(string_view).
class JsonKey {
 public:
  // `, "name": `: the separator of a line-layout member, the quoted name and ": ".
  std::string_view with_comma() const { return m_text; }
  // `"name": `.
  std::string_view quoted() const { return m_text.substr(2); }

 private:
  template <std::size_t N>
  friend struct KeyText;
  constexpr explicit JsonKey(std::string_view text) : m_text(text) {}
  std::string_view m_text;
};

// The stored text of a literal key (the template parameter object of `_key`).
template <std::size_t N>
struct KeyText {
  std::array<char, N + 5> text{};  // N - 1 name bytes and `, "` `": `

  // consteval: a key that needs an escape does not compile (key_needs_no_escape is not
  // constexpr, so reaching it is an error). Implicit and from a C array: the parameter is
  // the string literal itself.
  // NOLINTNEXTLINE(google-explicit-constructor,modernize-avoid-c-arrays)
  consteval KeyText(const char (&name)[N]) {
    text[0] = ',';
    text[1] = ' ';
    text[2] = '"';
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const auto c = static_cast<unsigned char>(name[i]);
      if (c < 0x20 || c == '"' || c == '\\') {
        key_needs_no_escape();
      }
      text[3 + i] = name[i];
    }
    text[N + 2] = '"';
    text[N + 3] = ':';
    text[N + 4] = ' ';
  }
  constexpr JsonKey key() const { return JsonKey(std::string_view(text.data(), text.size())); }

  static void key_needs_no_escape();  // declared only: see the constructor
};

namespace json_literals {
template <KeyText K>
constexpr JsonKey operator""_key() {
  return K.key();
}
}  // namespace json_literals

// Writes JSON values into `out` with no allocation of its own. Containers are laid out one
// of two ways, chosen per container:
// - block: one member per line, indented `indent` spaces a level, as json.dump(indent=N)
//   prints (the "aws" style with indent 4: what the AWS CLI prints);
// - line: the whole container on one line, members after ", " (the "line" style of the json
//   and ndjson formats: `{"a": 1, "b": [1, 2]}`).
// Keys are followed by ": " in both. An empty container is `{}` or `[]`.
//
// Why the state of the open container sits in members and the separators are written
// inline: the json and ndjson formats write about twenty members per image, a million
// images for a large registry, and a lookup in the frame stack per member was a third of
// their run.
class JsonWriter {
 public:
  enum class Layout : std::uint8_t { block, line };

  // `level` is the nesting depth the first value starts at (for a value placed inside text
  // written by other means).
  explicit JsonWriter(std::string& out, int indent = 4, int level = 0)
      : m_out(out), m_indent(indent), m_level(level) {}

  JsonWriter& begin_object(Layout layout = Layout::block) { return open('{', layout); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array(Layout layout = Layout::block) { return open('[', layout); }
  JsonWriter& end_array() { return close(']'); }

  // The key of the next member of the current object.
  JsonWriter& key(JsonKey name) {
    put_key(name);
    m_after_key = true;
    return *this;
  }
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text) {
    before_value();
    append_json_string(m_out, text);
    return *this;
  }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number) {
    before_value();
    append_integer(m_out, number);
    return *this;
  }
  JsonWriter& value(std::uint64_t number) {
    before_value();
    append_unsigned(m_out, number);
    return *this;
  }
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
  JsonWriter& value(ByteTotal bytes) {
    before_value();
    append_integer(m_out, bytes);
    return *this;
  }
  JsonWriter& value(bool flag) {
    before_value();
    m_out.append(flag ? std::string_view("true") : std::string_view("false"));
    return *this;
  }
  JsonWriter& null() {
    before_value();
    m_out.append(std::string_view("null"));
    return *this;
  }
  // Text that is already JSON (a number, a quoted string written by hand).
  JsonWriter& raw(std::string_view json) {
    before_value();
    m_out.append(json);
    return *this;
  }
  // Starts a value whose text the caller then appends to out() (e.g. a time or a digest).
  std::string& raw_value() {
    before_value();
    return m_out;
  }

  // key(name) then value(v).
  template <typename T>
  JsonWriter& member(JsonKey name, const T& v) {
    put_key(name);
    m_after_key = true;
    return value(v);
  }
  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  // For a block container whose members are written into other texts (batches rendered
  // on other threads, render_in_order): appends to `out` what goes before a member (`,`
  // unless it is the first, a line break, the indentation) and returns a writer for that
  // member alone, which writes it as this writer would.
  JsonWriter member_writer(std::string& out, bool first) const {
    JsonWriter member(out, m_indent, m_level);
    if (!first) {
      out.push_back(',');
    }
    member.newline(m_level);
    return member;
  }
  // Says the open container got members through member_writer, so that it closes on a line
  // of its own.
  void members_written_elsewhere() { m_empty = false; }

  std::string& out() { return m_out; }
  // True when every container begun has been ended.
  bool closed() const { return m_depth == 0; }

 private:
  // Where the next value goes: at the top (nothing before it), or into an open container.
  enum class Place : std::uint8_t { top, block, line };
  struct Frame {
    Place place = Place::top;
    bool empty = true;
  };
  static constexpr int k_max_depth = 32;

  // What goes before a value or a key in the open container: ", " or ",\n" and indentation.
  void separate() {
    if (m_place == Place::line) {
      if (!m_empty) {
        m_out.append(", ", 2);
      }
    } else if (m_place == Place::block) {
      if (!m_empty) {
        m_out.push_back(',');
      }
      newline(m_level);
    }
    m_empty = false;
  }
  void before_value() {
    if (m_after_key) {
      m_after_key = false;
    } else {
      separate();
    }
  }
  void put_key(JsonKey name) {
    if (m_place == Place::line) {
      m_out.append(m_empty ? name.quoted() : name.with_comma());
      m_empty = false;
    } else {
      separate();
      m_out.append(name.quoted());
    }
  }
  JsonWriter& open(char bracket, Layout layout);
  JsonWriter& close(char bracket);
  // A line break and the indentation of `level`: one append from k_breaks for any level the
  // tool prints.
  void newline(int level) {
    const std::size_t spaces = static_cast<std::size_t>(level) * static_cast<std::size_t>(m_indent);
    if (spaces < k_breaks.size()) {
      m_out.append(k_breaks.data(), 1 + spaces);
    } else {
      long_newline(spaces);
    }
  }
  void long_newline(std::size_t spaces);

  static constexpr std::array<char, 129> k_breaks = [] {
    std::array<char, 129> breaks{};
    breaks.fill(' ');
    breaks[0] = '\n';
    return breaks;
  }();

  std::string& m_out;
  int m_indent;
  int m_level;  // of the open container's members (the first value's level at the top)
  int m_depth = 0;
  Place m_place = Place::top;  // the open container
  bool m_empty = true;         // it has no member yet
  bool m_after_key = false;
  std::array<Frame, k_max_depth> m_outer{};  // the containers around it, innermost last
};

}  // namespace ecrlc::detail
