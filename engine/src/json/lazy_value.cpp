// LazyValue: members, elements and strings of a syntax-checked JSON text, found with the
// extent scanner.
#include "json/lazy_value.hpp"

#include "json/extent_scan.hpp"
#include "json/syntax_check.hpp"

namespace ecrlc::detail {

LazyValue::Type LazyValue::type() const {
  switch (m_text[m_offset]) {
    case '{':
      return Type::object;
    case '[':
      return Type::array;
    case '"':
      return Type::string;
    case 't':
    case 'f':
      return Type::boolean;
    case 'n':
      return Type::null;
    default:
      return Type::number;
  }
}

std::size_t LazyValue::end() const { return scan_value(m_text, m_offset, true).end; }

std::vector<LazyValue::Member> LazyValue::members() const {
  std::vector<Member> result;
  if (type() != Type::object) {
    return result;
  }
  std::size_t p = skip_whitespace(m_text, m_offset + 1);
  while (p < m_text.size() && m_text[p] == '"') {
    const std::size_t key_end = find_string_end(m_text, p);
    const LazyValue key(m_text, p);
    std::size_t value_at = skip_whitespace(m_text, key_end + 1);
    value_at = skip_whitespace(m_text, value_at + 1);  // past ':'
    const LazyValue value(m_text, value_at);
    result.push_back({key.string().value_or(""), value});
    p = skip_whitespace(m_text, value.end());
    if (p < m_text.size() && m_text[p] == ',') {
      p = skip_whitespace(m_text, p + 1);
    }
  }
  return result;
}

std::vector<LazyValue> LazyValue::elements() const {
  std::vector<LazyValue> result;
  if (type() != Type::array) {
    return result;
  }
  std::size_t p = skip_whitespace(m_text, m_offset + 1);
  while (p < m_text.size() && m_text[p] != ']') {
    const LazyValue element(m_text, p);
    result.push_back(element);
    p = skip_whitespace(m_text, element.end());
    if (p < m_text.size() && m_text[p] == ',') {
      p = skip_whitespace(m_text, p + 1);
    }
  }
  return result;
}

std::optional<LazyValue> LazyValue::find(std::string_view key) const {
  for (Member& member : members()) {
    if (member.key == key) {
      return member.value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> LazyValue::string(std::vector<std::size_t>* offsets) const {
  if (type() != Type::string) {
    return std::nullopt;
  }
  const std::size_t close = find_string_end(m_text, m_offset);
  const std::string_view token = m_text.substr(m_offset, close + 1 - m_offset);
  std::string out;
  std::vector<std::size_t> local;
  unescape_json_string(token, out, local);
  if (offsets != nullptr) {
    offsets->clear();
    for (const std::size_t k : local) {
      offsets->push_back(m_offset + k);
    }
  }
  return out;
}

std::optional<std::string> LazyValue::string_member(std::string_view key) const {
  if (auto value = find(key)) {
    return value->string();
  }
  return std::nullopt;
}

}  // namespace ecrlc::detail
