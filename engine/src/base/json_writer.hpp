// JsonWriter: JSON text appended to a std::string, in the layouts the tool prints.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "ecrlc/byte_total.hpp"

namespace ecrlc::detail {

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

// Writes JSON values into `out` with no allocation of its own. Containers are laid out one
// of two ways, chosen per container:
// - block: one member per line, indented `indent` spaces a level, as json.dump(indent=N)
//   prints (the "aws" style with indent 4: what the AWS CLI prints);
// - line: the whole container on one line, members after ", " (the "line" style of the json
//   and ndjson formats: `{"a": 1, "b": [1, 2]}`).
// Keys are followed by ": " in both. An empty container is `{}` or `[]`.
class JsonWriter {
 public:
  enum class Layout { block, line };

  // `level` is the nesting depth the first value starts at (for a value placed inside text
  // written by other means).
  explicit JsonWriter(std::string& out, int indent = 4, int level = 0)
      : m_out(out), m_indent(indent), m_base_level(level) {}

  JsonWriter& begin_object(Layout layout = Layout::block);
  JsonWriter& end_object();
  JsonWriter& begin_array(Layout layout = Layout::block);
  JsonWriter& end_array();

  // The key of the next member of the current object.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
  JsonWriter& value(ByteTotal bytes);
  JsonWriter& value(bool flag);
  JsonWriter& null();
  // Text that is already JSON (a number, a quoted string written by hand).
  JsonWriter& raw(std::string_view json);
  // Starts a value whose text the caller then appends to out() (e.g. a time or a digest).
  std::string& raw_value();

  // key(name) then value(v).
  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  std::string& out() { return m_out; }
  // True when every container begun has been ended.
  bool closed() const { return m_depth == 0; }

 private:
  struct Frame {
    Layout layout = Layout::block;
    bool has_members = false;
  };
  static constexpr int k_max_depth = 32;

  void before_value();
  void open(char bracket, Layout layout);
  void close(char bracket);
  void newline(int level);

  std::string& m_out;
  int m_indent;
  int m_base_level;
  int m_depth = 0;
  bool m_after_key = false;
  std::array<Frame, k_max_depth> m_frames{};
};

}  // namespace ecrlc::detail
