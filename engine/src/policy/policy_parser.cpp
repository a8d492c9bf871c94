// Policy parser and validator: strict syntax pass, then simdjson On-Demand for the values,
// then the cross-field and cross-rule rules V1 to V15 of semantics.md section 1.
#include "ecrlc/policy_parser.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "json/syntax_check.hpp"
#include "json/type_name.hpp"

namespace ecrlc {
namespace {

namespace od = simdjson::ondemand;

// Real policies nest 5 levels; anything much deeper is an attack or an accident.
constexpr std::size_t k_max_depth = 64;
constexpr std::size_t k_min_text_chars = 100;
constexpr std::size_t k_max_text_chars = 30'720;
constexpr std::size_t k_max_rules = 50;
// Inputs larger than this cannot hold a policy of 30,720 characters even fully escaped inside
// a get-lifecycle-policy wrapper (6 bytes per escaped character), so they are refused unread.
constexpr std::size_t k_max_input_bytes = 1 << 20;
// **CHOICE**: ECR's API integers are 32-bit; this also keeps day arithmetic from overflowing.
constexpr std::int64_t k_max_integer = 2'147'483'647;
constexpr std::int64_t k_min_archive_days = 90;
constexpr std::size_t k_max_wildcards = 4;
constexpr std::size_t k_max_quoted = 60;

std::string pointer_token(std::string_view key) {
  std::string token;
  for (char c : key) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

std::string child(const std::string& pointer, std::string_view key) {
  return pointer + "/" + pointer_token(key);
}

std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

// A string value for a message: JSON-quoted, cut after k_max_quoted bytes.
std::string quote(std::string_view text) {
  std::string quoted = "\"";
  std::size_t shown = 0;
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    if (shown >= k_max_quoted && (c & 0xC0) != 0x80) {
      quoted += "...";
      break;
    }
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += static_cast<char>(c);
    } else if (c < 0x20) {
      quoted += c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\u00";
      if (c != '\n' && c != '\t') {
        quoted += "0123456789abcdef"[c >> 4];
        quoted += "0123456789abcdef"[c & 0xF];
      }
    } else {
      quoted += static_cast<char>(c);
    }
    ++shown;
  }
  return quoted + "\"";
}

std::string one_of(const std::vector<std::string_view>& names) {
  std::string text = names.size() == 1 ? "" : "one of ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : ", ") + quote(names[i]);
  }
  return text;
}

// The number token at `raw` (raw_json_token may carry trailing whitespace).
std::string_view number_token(std::string_view raw) {
  std::size_t end = 0;
  while (end < raw.size() && raw[end] != ' ' && raw[end] != '\t' && raw[end] != '\n' &&
         raw[end] != '\r' && raw[end] != ',' && raw[end] != '}' && raw[end] != ']') {
    ++end;
  }
  return raw.substr(0, end);
}

// The end (one past the closing quote) of the syntax-checked string token at `begin`.
std::size_t string_token_end(std::string_view text, std::size_t begin) {
  std::size_t i = begin + 1;
  while (i < text.size() && text[i] != '"') {
    i += text[i] == '\\' ? 2 : 1;
  }
  return std::min(i + 1, text.size());
}

bool has_bom(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF"; }

// Where byte `local` of a JSON text is in the outer file: the text starts at `base` of the
// file, or (an unescaped wrapper string) its bytes come from `outer_offsets`.
SourceLocation locate_in_file(const SourceMap& map, std::size_t base,
                              const std::vector<std::size_t>* outer_offsets, std::size_t local) {
  std::size_t outer = base + local;
  if (outer_offsets != nullptr && !outer_offsets->empty()) {
    outer = (*outer_offsets)[std::min(local, outer_offsets->size() - 1)];
  }
  LineColumn lc = map.locate(outer);
  return {outer, lc.line, lc.column};
}

// What one rule's fields turned out to be; unset members were missing or invalid.
struct RuleDraft {
  std::size_t index = 0;
  std::string pointer;
  std::optional<std::int64_t> priority;
  std::optional<std::string> description;
  bool has_selection = false;
  bool has_action = false;
  std::optional<TagStatus> tag_status;
  bool prefixes_present = false;
  bool patterns_present = false;
  std::optional<std::vector<std::string>> prefixes;
  std::optional<std::vector<std::string>> patterns;
  bool storage_class_present = false;
  std::optional<StorageClass> storage_class;
  std::optional<CountType> count_type;
  bool count_unit_present = false;
  std::optional<std::int64_t> count_number;
  std::optional<ActionType> action;
  bool target_present = false;
  std::optional<StorageClass> target;
  bool complete = true;  // every required value read and valid
};

// Reads one JSON text (the file, or the unescaped lifecyclePolicyText of a wrapper) and
// reports every location in the outer file.
class Reader {
 public:
  Reader(ParsedPolicy& parsed, const SourceMap& map, std::string_view text, std::size_t base,
         const std::vector<std::size_t>* outer_offsets)
      : m_parsed(parsed),
        m_map(map),
        m_text(text),
        m_base(base),
        m_outer_offsets(outer_offsets),
        m_padded(text) {}

  // Runs the syntax pass and opens the document; false (with a diagnostic) when unusable.
  bool open();
  od::document& document() { return m_document; }

  SourceLocation locate_local(std::size_t local) const {
    return locate_in_file(m_map, m_base, m_outer_offsets, local);
  }
  SourceLocation locate(const char* p) const {
    return locate_local(static_cast<std::size_t>(p - m_padded.data()));
  }
  std::size_t local_offset(const char* p) const {
    return static_cast<std::size_t>(p - m_padded.data());
  }
  std::string_view padded_text() const { return {m_padded.data(), m_padded.size()}; }

  void report(std::string code, std::string pointer, SourceLocation at, std::string message) {
    m_parsed.diagnostics.error(std::move(code), std::move(pointer), at.line, at.column,
                               std::move(message));
  }
  void report(std::string code, std::string pointer, const char* at, std::string message) {
    report(std::move(code), std::move(pointer), locate(at), std::move(message));
  }
  // simdjson failed although the syntax pass accepted the text: stop reading.
  void internal_failure(simdjson::error_code error, const std::string& pointer, const char* at) {
    if (!m_failed) {
      report("E0001", pointer, at != nullptr ? locate(at) : locate_local(0),
             std::string("expected valid JSON, got a parser error: ") +
                 simdjson::error_message(error));
    }
    m_failed = true;
  }
  bool failed() const { return m_failed; }

 private:
  ParsedPolicy& m_parsed;
  const SourceMap& m_map;
  std::string_view m_text;
  std::size_t m_base;
  const std::vector<std::size_t>* m_outer_offsets;
  simdjson::padded_string m_padded;
  od::parser m_parser;
  od::document m_document;
  bool m_failed = false;
};

// Records `key` in `seen`, or reports it (at `key_at`) and returns false: a key given twice
// (E0104) or one not in `known` (E0101).
bool admit_key(Reader& reader, std::vector<std::string>& seen,
               const std::vector<std::string_view>& known, std::string_view key,
               const std::string& pointer, const char* key_at) {
  if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
    reader.report("E0104", pointer, key_at,
                  "expected each key once in an object, got " + quote(key) + " again");
    return false;
  }
  seen.emplace_back(key);
  if (std::find(known.begin(), known.end(), key) == known.end()) {
    reader.report("E0101", pointer, key_at,
                  "expected " + one_of(known) + ", got unknown key " + quote(key));
    return false;
  }
  return true;
}

bool Reader::open() {
  if (auto error = detail::check_json_syntax(m_text, k_max_depth)) {
    report(error->code, "", locate_local(error->offset), error->message);
    return false;
  }
  if (auto error = m_parser.iterate(m_padded).get(m_document)) {
    internal_failure(error, "", nullptr);
    return false;
  }
  return true;
}

// Walks the policy document of one Reader, filling ParsedPolicy.
class PolicyWalker {
 public:
  PolicyWalker(ParsedPolicy& parsed, Reader& reader) : m_parsed(parsed), m_reader(reader) {}

  // Reads the root of an opened document as a policy; drafts end up in m_rules.
  void walk_root();
  void check_rules();
  std::optional<LifecyclePolicy> build() const;

 private:
  using FieldHandler = bool (PolicyWalker::*)(od::value&, const std::string&, RuleDraft&);

  // Iterates an object's fields: records locations, reports duplicates and unknown keys, and
  // calls `handle(key, value, pointer)` for each known, first-seen key. Returns the keys seen.
  template <typename Handle>
  std::vector<std::string> walk_object(od::object& object, const std::string& pointer,
                                       const std::vector<std::string_view>& known, Handle handle);

  // Type gate: records the location, reports null/wrong type; true when `value` is `want`.
  bool expect(od::value& value, const std::string& pointer, od::json_type want,
              std::string_view expected);
  std::optional<std::int64_t> read_integer(od::value& value, const std::string& pointer);
  std::optional<std::string> read_string(od::value& value, const std::string& pointer);
  std::optional<std::size_t> read_enum(od::value& value, const std::string& pointer,
                                       const std::vector<std::string_view>& names);
  std::optional<std::vector<std::string>> read_string_list(od::value& value,
                                                           const std::string& pointer);
  void missing(const std::vector<std::string>& seen, std::string_view key,
               const std::string& pointer, const char* where);

  void read_rule(od::value& value, std::size_t index);
  void read_selection(od::value& value, RuleDraft& rule);
  void read_action(od::value& value, RuleDraft& rule);
  void check_rule(const RuleDraft& rule);

  SourceLocation at(const std::string& pointer) const { return m_parsed.locate(pointer); }
  void report(std::string code, const std::string& pointer, std::string message) {
    m_reader.report(std::move(code), pointer, at(pointer), std::move(message));
  }

  ParsedPolicy& m_parsed;
  Reader& m_reader;
  std::vector<RuleDraft> m_rules;
  bool m_rules_valid = false;
};

template <typename Handle>
std::vector<std::string> PolicyWalker::walk_object(od::object& object, const std::string& pointer,
                                                   const std::vector<std::string_view>& known,
                                                   Handle handle) {
  std::vector<std::string> seen;
  for (auto field_result : object) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) {
      m_reader.internal_failure(error, pointer, nullptr);
      return seen;
    }
    // key() is only valid before unescaped_key() consumes it.
    const char* key_at = field.key().raw() - 1;
    std::string_view key_view;
    if (auto error = field.unescaped_key().get(key_view)) {
      m_reader.internal_failure(error, pointer, nullptr);
      return seen;
    }
    std::string key(key_view);
    std::string member = child(pointer, key);
    if (!admit_key(m_reader, seen, known, key, member, key_at)) {
      continue;
    }
    od::value value = field.value();
    handle(key, value, member);
    if (m_reader.failed()) {
      return seen;
    }
  }
  return seen;
}

bool PolicyWalker::expect(od::value& value, const std::string& pointer, od::json_type want,
                          std::string_view expected) {
  std::string_view raw = value.raw_json_token();
  SourceLocation location = m_reader.locate(raw.data());
  m_parsed.locations[pointer] = location;
  od::json_type type{};
  if (auto error = value.type().get(type)) {
    m_reader.internal_failure(error, pointer, raw.data());
    return false;
  }
  if (type == want) {
    return true;
  }
  m_reader.report(type == od::json_type::null ? "E0103" : "E0102", pointer, location,
                  "expected " + std::string(expected) + ", got " + detail::describe_type(type));
  return false;
}

std::optional<std::int64_t> PolicyWalker::read_integer(od::value& value,
                                                       const std::string& pointer) {
  if (!expect(value, pointer, od::json_type::number, "an integer")) {
    return std::nullopt;
  }
  std::string_view raw = value.raw_json_token();
  std::string_view token = number_token(raw);
  // The exact text decides, not a double: 1.0 and 1e0 are not integers for ECR (CHOICE).
  if (token.find_first_of(".eE") != std::string_view::npos) {
    report("E0106", pointer, "expected an integer, got " + std::string(token));
    return std::nullopt;
  }
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), number);
  bool in_range = error == std::errc() && end == token.data() + token.size() && number >= 1 &&
                  number <= k_max_integer && token != "-0";
  if (!in_range) {
    report("E0107", pointer,
           "expected an integer from 1 to " + std::to_string(k_max_integer) + ", got " +
               std::string(token));
    return std::nullopt;
  }
  return number;
}

std::optional<std::string> PolicyWalker::read_string(od::value& value, const std::string& pointer) {
  if (!expect(value, pointer, od::json_type::string, "a string")) {
    return std::nullopt;
  }
  std::string_view text;
  if (auto error = value.get_string().get(text)) {
    m_reader.internal_failure(error, pointer, nullptr);
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::size_t> PolicyWalker::read_enum(od::value& value, const std::string& pointer,
                                                   const std::vector<std::string_view>& names) {
  auto text = read_string(value, pointer);
  if (!text) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == *text) {
      return i;
    }
  }
  report("E0108", pointer, "expected " + one_of(names) + ", got " + quote(*text));
  return std::nullopt;
}

std::optional<std::vector<std::string>> PolicyWalker::read_string_list(od::value& value,
                                                                       const std::string& pointer) {
  if (!expect(value, pointer, od::json_type::array, "an array of strings")) {
    return std::nullopt;
  }
  od::array array;
  if (auto error = value.get_array().get(array)) {
    m_reader.internal_failure(error, pointer, nullptr);
    return std::nullopt;
  }
  std::vector<std::string> items;
  bool all_valid = true;
  std::size_t index = 0;
  for (auto element_result : array) {
    od::value element;
    // simdjson's get() is &&-qualified: the move selects it (clang-tidy 14 sees a trivially
    // copyable result and calls the move useless).
    // NOLINTNEXTLINE(performance-move-const-arg)
    if (auto error = std::move(element_result).get(element)) {
      m_reader.internal_failure(error, pointer, nullptr);
      return std::nullopt;
    }
    auto item = read_string(element, child(pointer, index));
    if (m_reader.failed()) {
      return std::nullopt;
    }
    if (item) {
      items.push_back(std::move(*item));
    } else {
      all_valid = false;
    }
    ++index;
  }
  if (!all_valid) {
    return std::nullopt;
  }
  return items;
}

void PolicyWalker::missing(const std::vector<std::string>& seen, std::string_view key,
                           const std::string& pointer, const char* /*where*/) {
  if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
    report("E0105", pointer, "expected required key " + quote(key) + ", got none");
  }
}

void PolicyWalker::walk_root() {
  od::document& document = m_reader.document();
  std::string_view raw;
  od::json_type type{};
  if (auto error = document.raw_json_token().get(raw)) {
    m_reader.internal_failure(error, "", nullptr);
    return;
  }
  m_parsed.locations[""] = m_reader.locate(raw.data());
  if (auto error = document.type().get(type)) {
    m_reader.internal_failure(error, "", raw.data());
    return;
  }
  if (type != od::json_type::object) {
    m_reader.report(type == od::json_type::null ? "E0103" : "E0102", "", raw.data(),
                    "expected an object, got " + detail::describe_type(type));
    return;
  }
  od::object root;
  if (auto error = document.get_object().get(root)) {
    m_reader.internal_failure(error, "", raw.data());
    return;
  }
  bool rules_ok = false;
  auto seen = walk_object(
      root, "", {"rules"}, [&](const std::string&, od::value& value, const std::string& pointer) {
        if (!expect(value, pointer, od::json_type::array, "an array of rules")) {
          return;
        }
        od::array rules;
        if (auto error = value.get_array().get(rules)) {
          m_reader.internal_failure(error, pointer, nullptr);
          return;
        }
        std::size_t index = 0;
        for (auto rule_result : rules) {
          od::value rule;
          // simdjson's get() is &&-qualified: the move selects it (clang-tidy 14 sees a trivially
          // copyable result and calls the move useless).
          // NOLINTNEXTLINE(performance-move-const-arg)
          if (auto error = std::move(rule_result).get(rule)) {
            m_reader.internal_failure(error, pointer, nullptr);
            return;
          }
          read_rule(rule, index++);
          if (m_reader.failed()) {
            return;
          }
        }
        rules_ok = true;
        if (index == 0) {
          report("E0109", pointer, "expected at least one rule, got an empty array");
        } else if (index > k_max_rules) {
          report("E0215", pointer,
                 "expected at most " + std::to_string(k_max_rules) + " rules, got " +
                     std::to_string(index));
        }
      });
  if (m_reader.failed()) {
    return;
  }
  missing(seen, "rules", "", nullptr);
  m_rules_valid = rules_ok;
}

void PolicyWalker::read_rule(od::value& value, std::size_t index) {
  RuleDraft rule;
  rule.index = index;
  rule.pointer = "/rules/" + std::to_string(index);
  if (!expect(value, rule.pointer, od::json_type::object, "an object")) {
    rule.complete = false;
    m_rules.push_back(std::move(rule));
    return;
  }
  od::object object;
  if (auto error = value.get_object().get(object)) {
    m_reader.internal_failure(error, rule.pointer, nullptr);
    return;
  }
  auto seen =
      walk_object(object, rule.pointer, {"rulePriority", "description", "selection", "action"},
                  [&](const std::string& key, od::value& member, const std::string& pointer) {
                    if (key == "rulePriority") {
                      rule.priority = read_integer(member, pointer);
                    } else if (key == "description") {
                      rule.description = read_string(member, pointer);
                      rule.complete = rule.complete && rule.description.has_value();
                    } else if (key == "selection") {
                      rule.has_selection = true;
                      read_selection(member, rule);
                    } else {
                      rule.has_action = true;
                      read_action(member, rule);
                    }
                  });
  if (m_reader.failed()) {
    return;
  }
  missing(seen, "rulePriority", rule.pointer, nullptr);
  missing(seen, "selection", rule.pointer, nullptr);
  missing(seen, "action", rule.pointer, nullptr);
  check_rule(rule);
  m_rules.push_back(std::move(rule));
}

void PolicyWalker::read_selection(od::value& value, RuleDraft& rule) {
  std::string pointer = rule.pointer + "/selection";
  if (!expect(value, pointer, od::json_type::object, "an object")) {
    rule.complete = false;
    return;
  }
  od::object object;
  if (auto error = value.get_object().get(object)) {
    m_reader.internal_failure(error, pointer, nullptr);
    return;
  }
  auto seen = walk_object(
      object, pointer,
      {"tagStatus", "tagPrefixList", "tagPatternList", "storageClass", "countType", "countUnit",
       "countNumber"},
      [&](const std::string& key, od::value& member, const std::string& member_pointer) {
        if (key == "tagStatus") {
          if (auto i = read_enum(member, member_pointer, {"tagged", "untagged", "any"})) {
            rule.tag_status = static_cast<TagStatus>(*i);
          }
        } else if (key == "tagPrefixList") {
          rule.prefixes_present = true;
          rule.prefixes = read_string_list(member, member_pointer);
          rule.complete = rule.complete && rule.prefixes.has_value();
        } else if (key == "tagPatternList") {
          rule.patterns_present = true;
          rule.patterns = read_string_list(member, member_pointer);
          rule.complete = rule.complete && rule.patterns.has_value();
        } else if (key == "storageClass") {
          rule.storage_class_present = true;
          if (auto i = read_enum(member, member_pointer, {"standard", "archive"})) {
            rule.storage_class = static_cast<StorageClass>(*i);
          } else {
            rule.complete = false;
          }
        } else if (key == "countType") {
          if (auto i = read_enum(member, member_pointer,
                                 {"imageCountMoreThan", "sinceImagePushed", "sinceImagePulled",
                                  "sinceImageTransitioned"})) {
            rule.count_type = static_cast<CountType>(*i);
          }
        } else if (key == "countUnit") {
          rule.count_unit_present = true;
          rule.complete = read_enum(member, member_pointer, {"days"}).has_value() && rule.complete;
        } else {
          rule.count_number = read_integer(member, member_pointer);
        }
      });
  if (m_reader.failed()) {
    return;
  }
  missing(seen, "tagStatus", pointer, nullptr);
  missing(seen, "countType", pointer, nullptr);
  missing(seen, "countNumber", pointer, nullptr);
}

void PolicyWalker::read_action(od::value& value, RuleDraft& rule) {
  std::string pointer = rule.pointer + "/action";
  if (!expect(value, pointer, od::json_type::object, "an object")) {
    rule.complete = false;
    return;
  }
  od::object object;
  if (auto error = value.get_object().get(object)) {
    m_reader.internal_failure(error, pointer, nullptr);
    return;
  }
  auto seen = walk_object(
      object, pointer, {"type", "targetStorageClass"},
      [&](const std::string& key, od::value& member, const std::string& member_pointer) {
        if (key == "type") {
          if (auto i = read_enum(member, member_pointer, {"expire", "transition"})) {
            rule.action = static_cast<ActionType>(*i);
          }
        } else {
          rule.target_present = true;
          if (read_enum(member, member_pointer, {"archive"})) {
            rule.target = StorageClass::archive;
          } else {
            rule.complete = false;
          }
        }
      });
  if (m_reader.failed()) {
    return;
  }
  missing(seen, "type", pointer, nullptr);
}

std::string_view json_name(CountType type) { return to_json(type); }

// Rules about one rule's own fields: V2-V5 and V9-V13.
void PolicyWalker::check_rule(const RuleDraft& rule) {
  std::string selection = rule.pointer + "/selection";
  std::string prefixes = selection + "/tagPrefixList";
  std::string patterns = selection + "/tagPatternList";
  if (rule.tag_status == TagStatus::tagged) {
    if (rule.prefixes_present && rule.patterns_present) {
      report("E0204", patterns,
             "expected only one of tagPrefixList and tagPatternList in a rule, got both");
    } else if (!rule.prefixes_present && !rule.patterns_present) {
      report("E0202", selection,
             "expected tagPrefixList or tagPatternList with tagStatus \"tagged\", got neither");
    } else {
      const auto& list = rule.prefixes_present ? rule.prefixes : rule.patterns;
      if (list && list->empty()) {
        report("E0202", rule.prefixes_present ? prefixes : patterns,
               "expected a non-empty list with tagStatus \"tagged\", got an empty list");
      }
    }
  } else if (rule.tag_status) {
    std::string status = quote(to_json(*rule.tag_status));
    if (rule.prefixes_present) {
      report("E0203", prefixes, "expected no tagPrefixList with tagStatus " + status + ", got one");
    }
    if (rule.patterns_present) {
      report("E0203", patterns,
             "expected no tagPatternList with tagStatus " + status + ", got one");
    }
  }
  if (rule.patterns) {
    for (std::size_t i = 0; i < rule.patterns->size(); ++i) {
      auto stars = static_cast<std::size_t>(
          std::count((*rule.patterns)[i].begin(), (*rule.patterns)[i].end(), '*'));
      if (stars > k_max_wildcards) {
        report("E0205", child(patterns, i),
               "expected at most 4 '*' wildcards in a pattern, got " + std::to_string(stars));
      }
    }
  }
  std::string count_type_pointer = selection + "/countType";
  std::string storage_pointer = selection + "/storageClass";
  if (rule.count_type) {
    std::string count_type = quote(json_name(*rule.count_type));
    bool age = *rule.count_type != CountType::image_count_more_than;
    if (age && rule.has_selection && !rule.count_unit_present) {
      report("E0209", selection,
             "expected required key \"countUnit\" with countType " + count_type + ", got none");
    }
    if (!age && rule.count_unit_present) {
      report("E0209", selection + "/countUnit",
             "expected no countUnit with countType " + count_type + ", got one");
    }
    bool transitioned = *rule.count_type == CountType::since_image_transitioned;
    if (rule.storage_class == StorageClass::archive && !transitioned) {
      report("E0210", storage_pointer,
             "expected countType \"sinceImageTransitioned\" with storageClass \"archive\", got " +
                 count_type);
    }
    if (transitioned && !rule.storage_class_present) {
      report("E0210", count_type_pointer,
             "expected storageClass \"archive\" with countType \"sinceImageTransitioned\", got "
             "no storageClass");
    } else if (transitioned && rule.storage_class == StorageClass::standard) {
      report("E0210", count_type_pointer,
             "expected storageClass \"archive\" with countType \"sinceImageTransitioned\", got "
             "\"standard\"");
    }
    if (*rule.count_type == CountType::since_image_pulled && rule.action == ActionType::expire) {
      report("E0211", count_type_pointer,
             "expected action type \"transition\" with countType \"sinceImagePulled\", got "
             "\"expire\"");
    }
    if (transitioned && rule.action == ActionType::transition) {
      report("E0212", count_type_pointer,
             "expected action type \"expire\" with countType \"sinceImageTransitioned\", got "
             "\"transition\"");
    }
    if (transitioned && rule.count_number && *rule.count_number < k_min_archive_days) {
      report("E0212", selection + "/countNumber",
             "expected a countNumber of at least 90 with countType \"sinceImageTransitioned\", "
             "got " +
                 std::to_string(*rule.count_number));
    }
  }
  std::string action = rule.pointer + "/action";
  if (rule.action == ActionType::transition) {
    if (!rule.target_present) {
      report("E0213", action,
             "expected required key \"targetStorageClass\" with action type \"transition\", got "
             "none");
    }
    if (rule.storage_class == StorageClass::archive) {
      report("E0213", storage_pointer,
             "expected storageClass \"standard\" with action type \"transition\", got "
             "\"archive\"");
    }
  } else if (rule.action == ActionType::expire && rule.target_present) {
    report("E0213", action + "/targetStorageClass",
           "expected no targetStorageClass with action type \"expire\", got one");
  }
}

// Rules across rules: V1, V6, V7, V8.
void PolicyWalker::check_rules() {
  std::map<std::int64_t, const RuleDraft*> priorities;
  for (const RuleDraft& rule : m_rules) {
    if (!rule.priority) {
      continue;
    }
    auto [it, inserted] = priorities.emplace(*rule.priority, &rule);
    if (!inserted) {
      report("E0201", rule.pointer + "/rulePriority",
             "expected a rulePriority unique in the policy, got " + std::to_string(*rule.priority) +
                 " as in " + it->second->pointer);
    }
  }
  for (StorageClass storage : {StorageClass::standard, StorageClass::archive}) {
    std::string storage_name = quote(to_json(storage));
    std::vector<const RuleDraft*> members;
    for (const RuleDraft& rule : m_rules) {
      bool storage_known = rule.storage_class || !rule.storage_class_present;
      if (storage_known && rule.storage_class.value_or(StorageClass::standard) == storage &&
          rule.tag_status) {
        members.push_back(&rule);
      }
    }
    const RuleDraft* first_untagged = nullptr;
    for (const RuleDraft* rule : members) {
      if (*rule->tag_status == TagStatus::any && rule->priority) {
        const RuleDraft* above = nullptr;
        for (const RuleDraft* other : members) {
          if (other != rule && other->priority && *other->priority >= *rule->priority &&
              (above == nullptr || *other->priority > *above->priority)) {
            above = other;
          }
        }
        if (above != nullptr) {
          report("E0206", rule->pointer + "/rulePriority",
                 "expected the highest rulePriority of the " + storage_name +
                     " rules for a tagStatus \"any\" rule, got " + std::to_string(*rule->priority) +
                     " while " + above->pointer + " has " + std::to_string(*above->priority));
        }
      }
      if (*rule->tag_status == TagStatus::untagged) {
        if (first_untagged == nullptr) {
          first_untagged = rule;
        } else {
          report("E0207", rule->pointer + "/selection/tagStatus",
                 "expected at most one tagStatus \"untagged\" rule for storage class " +
                     storage_name + ", got another one after " + first_untagged->pointer);
        }
      }
    }
    // V8: identical sets (order and repetition do not matter) within one storage class.
    auto check_sets = [&](bool prefixes) {
      std::vector<std::pair<std::vector<std::string>, const RuleDraft*>> sets;
      for (const RuleDraft* rule : members) {
        const auto& list = prefixes ? rule->prefixes : rule->patterns;
        if (*rule->tag_status != TagStatus::tagged || !list || list->empty()) {
          continue;
        }
        std::vector<std::string> set = *list;
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        auto same = std::find_if(sets.begin(), sets.end(),
                                 [&](const auto& entry) { return entry.first == set; });
        std::string name = prefixes ? "tagPrefixList" : "tagPatternList";
        if (same != sets.end()) {
          std::string message = "expected a " + name + " different from that of ";
          message += same->second->pointer;
          message += " (storage class ";
          message += storage_name;
          message += "), got the same set";
          report("E0208", rule->pointer + "/selection/" + name, std::move(message));
        } else {
          sets.emplace_back(std::move(set), rule);
        }
      }
    };
    check_sets(true);
    check_sets(false);
  }
}

std::optional<LifecyclePolicy> PolicyWalker::build() const {
  if (!m_rules_valid) {
    return std::nullopt;
  }
  LifecyclePolicy policy;
  for (const RuleDraft& draft : m_rules) {
    if (!draft.complete || !draft.priority || !draft.tag_status || !draft.count_type ||
        !draft.count_number || !draft.action) {
      return std::nullopt;
    }
    Rule rule;
    rule.priority = *draft.priority;
    rule.description = draft.description;
    rule.tag_status = *draft.tag_status;
    rule.tag_prefixes = draft.prefixes.value_or(std::vector<std::string>{});
    rule.tag_patterns = draft.patterns.value_or(std::vector<std::string>{});
    rule.storage_class = draft.storage_class.value_or(StorageClass::standard);
    rule.count_type = *draft.count_type;
    rule.count_number = *draft.count_number;
    rule.action = *draft.action;
    rule.target_storage_class = draft.target;
    rule.document_index = draft.index;
    policy.rules.push_back(std::move(rule));
  }
  std::stable_sort(policy.rules.begin(), policy.rules.end(),
                   [](const Rule& a, const Rule& b) { return a.priority < b.priority; });
  return policy;
}

void check_length(ParsedPolicy& parsed, std::string_view policy_text, SourceLocation where) {
  std::size_t characters = detail::count_code_points(policy_text);
  if (characters < k_min_text_chars) {
    parsed.diagnostics.error("E0004", "", where.line, where.column,
                             "expected a policy text of at least " +
                                 std::to_string(k_min_text_chars) + " characters, got " +
                                 std::to_string(characters));
  } else if (characters > k_max_text_chars) {
    parsed.diagnostics.error("E0004", "", where.line, where.column,
                             "expected a policy text of at most " +
                                 std::to_string(k_max_text_chars) + " characters, got " +
                                 std::to_string(characters));
  }
}

// Reads and validates one policy text; `text` is what ECR would get. Returns the policy when
// this text produced no error.
void read_policy_text(ParsedPolicy& parsed, const SourceMap& map, std::string_view text,
                      std::size_t base, const std::vector<std::size_t>* outer_offsets,
                      SourceLocation length_location) {
  std::size_t errors_before = parsed.diagnostics.error_count();
  check_length(parsed, text, length_location);
  std::size_t skip = 0;
  if (has_bom(text)) {
    // A BOM is not JSON (RFC 8259 section 8.1); report it and read on behind it.
    const SourceLocation at = locate_in_file(map, base, outer_offsets, 0);
    parsed.diagnostics.error("E0005", "", at.line, at.column,
                             "expected a JSON value, got a UTF-8 byte order mark");
    skip = 3;
  }
  std::vector<std::size_t> shifted;
  const std::vector<std::size_t>* offsets = outer_offsets;
  if (skip > 0 && outer_offsets != nullptr) {
    shifted.assign(outer_offsets->begin() + static_cast<std::ptrdiff_t>(skip),
                   outer_offsets->end());
    offsets = &shifted;
  }
  Reader reader(parsed, map, text.substr(skip), base + skip, offsets);
  if (!reader.open()) {
    return;
  }
  PolicyWalker walker(parsed, reader);
  walker.walk_root();
  if (reader.failed()) {
    return;
  }
  walker.check_rules();
  if (parsed.diagnostics.error_count() == errors_before) {
    parsed.policy = walker.build();
    if (parsed.policy) {
      parsed.policy->text = std::string(text);
    }
  }
}

// True when the document's root object has a lifecyclePolicyText key: get-lifecycle-policy
// output rather than a policy.
bool is_wrapper(od::document& document) {
  od::object root;
  if (document.get_object().get(root)) {
    return false;
  }
  bool found = false;
  for (auto field_result : root) {
    od::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || field.unescaped_key().get(key)) {
      return false;
    }
    found = found || key == "lifecyclePolicyText";
  }
  return found;
}

void read_wrapper(ParsedPolicy& parsed, const SourceMap& map, Reader& reader) {
  parsed.wrapped = true;
  od::object root;
  if (auto error = reader.document().get_object().get(root)) {
    reader.internal_failure(error, "", nullptr);
    return;
  }
  const std::vector<std::string_view> known{"registryId", "repositoryName", "lifecyclePolicyText",
                                            "lastEvaluatedAt"};
  std::vector<std::string> seen;
  std::optional<std::pair<std::size_t, std::size_t>> policy_token;  // local begin, end
  for (auto field_result : root) {
    od::field field;
    std::string_view key;
    if (auto error = std::move(field_result).get(field)) {
      reader.internal_failure(error, "", nullptr);
      return;
    }
    const char* key_at = field.key().raw() - 1;
    if (auto error = field.unescaped_key().get(key)) {
      reader.internal_failure(error, "", nullptr);
      return;
    }
    std::string pointer = child(std::string(), key);
    if (!admit_key(reader, seen, known, key, pointer, key_at)) {
      continue;
    }
    od::value value = field.value();
    std::string_view raw = value.raw_json_token();
    od::json_type type{};
    if (auto error = value.type().get(type)) {
      reader.internal_failure(error, pointer, raw.data());
      return;
    }
    bool time_ok = key == "lastEvaluatedAt" && type == od::json_type::number;
    if (type != od::json_type::string && !time_ok) {
      std::string expected = key == "lastEvaluatedAt" ? "a string or a number" : "a string";
      reader.report(type == od::json_type::null ? "E0103" : "E0102", pointer, raw.data(),
                    "expected " + expected + ", got " + detail::describe_type(type));
      continue;
    }
    if (key == "lifecyclePolicyText") {
      std::size_t begin = reader.local_offset(raw.data());
      policy_token = {begin, string_token_end(reader.padded_text(), begin)};
    } else if (key != "lastEvaluatedAt") {
      std::string_view text;
      if (auto error = value.get_string().get(text)) {
        reader.internal_failure(error, pointer, raw.data());
        return;
      }
      (key == "registryId" ? parsed.registry_id : parsed.repository_name) = std::string(text);
    }
  }
  if (!policy_token) {
    return;  // lifecyclePolicyText was present (is_wrapper) but not a string: reported above
  }
  // Unescape the string and keep, for every byte of the policy text, the outer offset of the
  // character it came from, so that inner positions land on the right outer column.
  std::string_view token =
      reader.padded_text().substr(policy_token->first, policy_token->second - policy_token->first);
  std::string policy_text;
  std::vector<std::size_t> offsets;
  detail::unescape_json_string(token, policy_text, offsets);
  std::size_t token_outer = reader.locate_local(policy_token->first).offset;
  for (std::size_t& offset : offsets) {
    offset += token_outer;
  }
  LineColumn token_start = map.locate(token_outer);
  read_policy_text(parsed, map, policy_text, 0, &offsets,
                   {token_outer, token_start.line, token_start.column});
}

}  // namespace

SourceLocation ParsedPolicy::locate(std::string_view pointer) const {
  std::string key(pointer);
  while (true) {
    if (auto it = locations.find(key); it != locations.end()) {
      return it->second;
    }
    if (key.empty()) {
      return {0, 1, 1};
    }
    key.erase(key.rfind('/'));
  }
}

ParsedPolicy parse_policy(std::string_view text) {
  ParsedPolicy parsed;
  if (text.size() > k_max_input_bytes) {
    // Refused unread: no line map, no parse, whatever the size.
    parsed.diagnostics.error("E0004", "", 1, 1,
                             "expected a policy text of at most " +
                                 std::to_string(k_max_text_chars) + " characters, got " +
                                 std::to_string(text.size()) + " bytes");
    return parsed;
  }
  SourceMap map(text);
  // A wrapper is recognised on the outer document; anything else is read as a policy.
  {
    std::string_view body = has_bom(text) ? text.substr(3) : text;
    if (!detail::check_json_syntax(body, k_max_depth)) {
      ParsedPolicy scratch;
      Reader probe(scratch, map, body, text.size() - body.size(), nullptr);
      if (probe.open() && is_wrapper(probe.document())) {
        if (body.size() != text.size()) {
          parsed.diagnostics.error("E0005", "", 1, 1,
                                   "expected a JSON value, got a UTF-8 byte order mark");
        }
        Reader reader(parsed, map, body, text.size() - body.size(), nullptr);
        if (reader.open()) {
          read_wrapper(parsed, map, reader);
        }
        if (parsed.diagnostics.has_error()) {
          parsed.policy.reset();
        }
        parsed.diagnostics.sort();
        return parsed;
      }
    }
  }
  read_policy_text(parsed, map, text, 0, nullptr, {0, 1, 1});
  parsed.diagnostics.sort();
  return parsed;
}

}  // namespace ecrlc
