// The JSON walk of a policy text: simdjson On-Demand over a syntax-checked text, every value
// located in the outer file, every field read into a RuleDraft; and parse_policy itself.
#include "policy/parse.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>
#include <vector>

#include "base/json_pointer.hpp"
#include "base/text.hpp"
#include "ecrlc/limits.hpp"
#include "ecrlc/suggest.hpp"
#include "json/syntax_check.hpp"
#include "json/type_name.hpp"

namespace ecrlc {
namespace detail {
namespace {

// Inputs larger than this cannot hold a policy of 30,720 characters even fully escaped inside
// a get-lifecycle-policy wrapper (6 bytes per escaped character), so they are refused unread.
constexpr std::size_t k_max_input_bytes = 1 << 20;
// **CHOICE**: ECR's API integers are 32-bit; this also keeps day arithmetic from overflowing.
constexpr std::int64_t k_max_integer = 2'147'483'647;

}  // namespace

std::string child(const std::string& pointer, std::string_view key) {
  return json_pointer_child(pointer, key);
}

std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

// A string value for a message: JSON-quoted, cut after 60 bytes (never inside a character).
std::string quote(std::string_view text) {
  return quote_for_message(text, {QuoteStyle::Escape::json, 60, true, false, true});
}

std::string one_of(const std::vector<std::string_view>& names) {
  std::string text = names.size() == 1 ? "" : "one of ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : ", ") + quote(names[i]);
  }
  return text;
}

std::string suggestion(std::string_view given, const std::vector<std::string_view>& names) {
  return did_you_mean(given, std::vector<std::string>(names.begin(), names.end()));
}

namespace {

// The number token at `raw` (raw_json_token may carry trailing whitespace).
std::string_view number_token(std::string_view raw) {
  std::size_t end = 0;
  while (end < raw.size() && raw[end] != ' ' && raw[end] != '\t' && raw[end] != '\n' &&
         raw[end] != '\r' && raw[end] != ',' && raw[end] != '}' && raw[end] != ']') {
    ++end;
  }
  return raw.substr(0, end);
}

}  // namespace

bool has_bom(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF"; }

SourceLocation locate_in_file(const SourceMap& map, std::size_t base,
                              const std::vector<std::size_t>* outer_offsets, std::size_t local) {
  std::size_t outer = base + local;
  if (outer_offsets != nullptr && !outer_offsets->empty()) {
    outer = (*outer_offsets)[std::min(local, outer_offsets->size() - 1)];
  }
  LineColumn lc = map.locate(outer);
  return {outer, lc.line, lc.column};
}

bool admit_key(Reader& reader, std::vector<std::string>& seen,
               const std::vector<std::string_view>& known, std::string_view key,
               const std::string& pointer, const char* key_at, std::vector<std::string>* meant) {
  if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
    reader.report("E0104", pointer, key_at,
                  "expected each key once in an object, got " + quote(key) + " again");
    return false;
  }
  seen.emplace_back(key);
  if (std::find(known.begin(), known.end(), key) == known.end()) {
    const std::optional<std::string> closest =
        closest_name(key, std::vector<std::string>(known.begin(), known.end()));
    reader.report("E0101", pointer, key_at,
                  "expected " + one_of(known) + ", got unknown key " + quote(key) +
                      (closest ? " (did you mean " + *closest + "?)" : std::string()));
    if (closest && meant != nullptr) {
      meant->push_back(*closest);
    }
    return false;
  }
  return true;
}

bool Reader::open() {
  if (auto error = check_json_syntax(m_text, k_max_policy_depth)) {
    report(error->code, "", locate_local(error->offset), error->message);
    return false;
  }
  if (auto error = m_parser.iterate(m_padded).get(m_document)) {
    internal_failure(error, "", nullptr);
    return false;
  }
  return true;
}

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
    if (!admit_key(m_reader, seen, known, key, member, key_at, &m_meant)) {
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

template <typename T>
std::optional<T> PolicyWalker::get_as(od::value& value, const std::string& pointer,
                                      od::json_type want, std::string_view expected) {
  if (!expect(value, pointer, want, expected)) {
    return std::nullopt;
  }
  T result;
  if (auto error = value.get(result)) {
    m_reader.internal_failure(error, pointer, nullptr);
    return std::nullopt;
  }
  return result;
}

std::optional<std::string> PolicyWalker::read_string(od::value& value, const std::string& pointer) {
  if (auto text = get_as<std::string_view>(value, pointer, od::json_type::string, "a string")) {
    return std::string(*text);
  }
  return std::nullopt;
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
  report("E0108", pointer,
         "expected " + one_of(names) + ", got " + quote(*text) + suggestion(*text, names));
  return std::nullopt;
}

std::optional<std::vector<std::string>> PolicyWalker::read_string_list(od::value& value,
                                                                       const std::string& pointer) {
  std::optional<od::array> array =
      get_as<od::array>(value, pointer, od::json_type::array, "an array of strings");
  if (!array) {
    return std::nullopt;
  }
  std::vector<std::string> items;
  bool all_valid = true;
  std::size_t index = 0;
  for (auto element_result : *array) {
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
  if (std::find(seen.begin(), seen.end(), key) == seen.end() && !meant(key)) {
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
        std::optional<od::array> rules =
            get_as<od::array>(value, pointer, od::json_type::array, "an array of rules");
        if (!rules) {
          return;
        }
        std::size_t index = 0;
        for (auto rule_result : *rules) {
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
        } else if (index > k_ecr_max_rules_per_policy) {
          report("E0215", pointer,
                 "expected at most " + std::to_string(k_ecr_max_rules_per_policy) + " rules, got " +
                     std::to_string(index));
        }
      });
  if (m_reader.failed()) {
    return;
  }
  missing(seen, "rules", "", nullptr);
  m_rules_valid = rules_ok;
}

template <typename Handle>
bool PolicyWalker::walk_member_object(od::value& value, const std::string& pointer,
                                      const std::vector<std::string_view>& known,
                                      const std::vector<std::string_view>& required,
                                      Handle handle) {
  std::optional<od::object> object =
      get_as<od::object>(value, pointer, od::json_type::object, "an object");
  if (!object) {
    return m_reader.failed();
  }
  const std::vector<std::string> seen = walk_object(*object, pointer, known, handle);
  if (m_reader.failed()) {
    return true;
  }
  for (const std::string_view key : required) {
    missing(seen, key, pointer, nullptr);
  }
  return true;
}

void PolicyWalker::read_rule(od::value& value, std::size_t index) {
  m_meant.clear();
  RuleDraft rule;
  rule.index = index;
  rule.pointer = "/rules/" + std::to_string(index);
  const bool is_object = walk_member_object(
      value, rule.pointer, {"rulePriority", "description", "selection", "action"},
      {"rulePriority", "selection", "action"},
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
  if (!is_object) {
    rule.complete = false;
  } else if (m_reader.failed()) {
    return;
  } else {
    check_rule(rule);
  }
  m_rules.push_back(std::move(rule));
}

void PolicyWalker::read_selection(od::value& value, RuleDraft& rule) {
  const bool is_object = walk_member_object(
      value, rule.pointer + "/selection",
      {"tagStatus", "tagPrefixList", "tagPatternList", "storageClass", "countType", "countUnit",
       "countNumber"},
      {"tagStatus", "countType", "countNumber"},
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
  rule.complete = rule.complete && is_object;
}

void PolicyWalker::read_action(od::value& value, RuleDraft& rule) {
  const bool is_object = walk_member_object(
      value, rule.pointer + "/action", {"type", "targetStorageClass"}, {"type"},
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
  rule.complete = rule.complete && is_object;
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

namespace {

// read_policy_text without the length check: builds the policy when no error was added since
// `errors_before`.
void read_policy_body(ParsedPolicy& parsed, const SourceMap& map, std::string_view text,
                      std::size_t base, const std::vector<std::size_t>* outer_offsets,
                      std::size_t errors_before) {
  std::size_t skip = 0;
  if (has_bom(text)) {
    // A BOM inside a wrapper's lifecyclePolicyText is what ECR would get, and it is not JSON
    // (RFC 8259 section 8.1): report it and read on behind it.
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
  }
}

}  // namespace

// Reads and validates one policy text; `text` is what ECR would get. Sets the policy when
// this text produced no error.
void read_policy_text(ParsedPolicy& parsed, const SourceMap& map, std::string_view text,
                      std::size_t base, const std::vector<std::size_t>* outer_offsets,
                      SourceLocation length_location) {
  const std::size_t errors_before = parsed.diagnostics.error_count();
  check_length(parsed, text, length_location, false);
  read_policy_body(parsed, map, text, base, outer_offsets, parsed.diagnostics.error_count());
  // No text under 100 characters is otherwise valid (the smallest policy has 138): a short
  // text is reported only when nothing else is wrong with it, so that one fault (`null`, `[]`,
  // an empty file) gives one error, at its cause.
  if (parsed.diagnostics.error_count() == errors_before) {
    check_length(parsed, text, length_location, true);
  }
  if (parsed.diagnostics.error_count() != errors_before) {
    parsed.policy.reset();
  }
  if (parsed.policy) {
    parsed.policy->text = std::string(text);
  }
}

}  // namespace detail

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
  if (text.size() > detail::k_max_input_bytes) {
    // Refused unread: no line map, no parse, whatever the size.
    parsed.diagnostics.error("E0004", "", 1, 1,
                             "expected a policy text of at most " +
                                 std::to_string(k_ecr_max_policy_characters) + " characters, got " +
                                 std::to_string(text.size()) + " bytes");
    return parsed;
  }
  SourceMap map(text);
  // A byte order mark before the document is accepted, as the AWS CLI accepts it in
  // `file://` arguments; ECR gets the text after it. SourceMap does not count it in line 1.
  const std::size_t base = detail::has_bom(text) ? 3 : 0;
  const std::string_view document = text.substr(base);
  // A wrapper is recognised on the outer document; anything else is read as a policy.
  if (!detail::read_if_wrapper(parsed, map, document, base)) {
    detail::read_policy_text(parsed, map, document, base, nullptr, {base, 1, 1});
  }
  parsed.diagnostics.sort();
  return parsed;
}

}  // namespace ecrlc

namespace ecrlc {

ParsedPolicy parse_embedded_policy(const SourceMap& map, std::string_view text,
                                   const std::vector<std::size_t>& offsets) {
  ParsedPolicy parsed;
  const std::size_t start = offsets.empty() ? 0 : offsets.front();
  const LineColumn at = map.locate(start);
  if (text.size() > detail::k_max_input_bytes || offsets.size() != text.size() + 1) {
    parsed.diagnostics.error("E0004", "", at.line, at.column,
                             "expected a policy text of at most " +
                                 std::to_string(k_ecr_max_policy_characters) + " characters, got " +
                                 std::to_string(text.size()) + " bytes");
    return parsed;
  }
  detail::read_policy_text(parsed, map, text, 0, &offsets, {start, at.line, at.column});
  parsed.diagnostics.sort();
  return parsed;
}

}  // namespace ecrlc
