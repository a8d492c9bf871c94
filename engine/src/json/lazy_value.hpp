// A read-only view of one value of a syntax-checked JSON text, by byte offset: objects and
// arrays are split into members on demand with the extent scanner, so a reader that walks a
// few paths of a large document (protect files: kubectl and AWS CLI output) builds no tree,
// and every value keeps its offset for located diagnostics.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecrlc::detail {

class LazyValue {
 public:
  enum class Type { object, array, string, number, boolean, null };

  // `text` must have passed check_json_syntax; `offset` is the first byte of a value.
  LazyValue(std::string_view text, std::size_t offset) : m_text(text), m_offset(offset) {}

  Type type() const;
  std::size_t offset() const { return m_offset; }
  bool is_object() const { return type() == Type::object; }
  bool is_array() const { return type() == Type::array; }
  bool is_string() const { return type() == Type::string; }

  struct Member;
  // object: its members in order (keys unescaped); anything else: none.
  std::vector<Member> members() const;
  // array: its elements in order; anything else: none.
  std::vector<LazyValue> elements() const;
  // object: the value of the first member named `key`.
  std::optional<LazyValue> find(std::string_view key) const;
  // string: its unescaped text; `offsets` (when given) gets, for every byte of the text, its
  // offset in the JSON text. nullopt for anything else.
  std::optional<std::string> string(std::vector<std::size_t>* offsets = nullptr) const;
  // find(key)->string(), or nullopt when absent or not a string.
  std::optional<std::string> string_member(std::string_view key) const;

 private:
  std::size_t end() const;  // one past the value

  std::string_view m_text;
  std::size_t m_offset;
};

struct LazyValue::Member {
  std::string key;
  LazyValue value;
};

}  // namespace ecrlc::detail
