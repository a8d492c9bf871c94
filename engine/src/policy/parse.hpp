// Private to policy/: the JSON walk that turns a policy text into rule drafts and locations
// (parse.cpp), the get-lifecycle-policy wrapper (wrapper.cpp) and the checks V1-V15
// (validate.cpp).
#pragma once

#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/policy_parser.hpp"

namespace ecrlc::detail {

namespace od = simdjson::ondemand;

// Real policies nest 5 levels; anything much deeper is an attack or an accident.
inline constexpr std::size_t k_max_policy_depth = 64;

// "/rules/0" + "/" + key, with '~' and '/' escaped (RFC 6901).
std::string child(const std::string& pointer, std::string_view key);
std::string child(const std::string& pointer, std::size_t index);
// A string value for a message: JSON-quoted, cut after 60 characters.
std::string quote(std::string_view text);
std::string one_of(const std::vector<std::string_view>& names);
// " (did you mean NAME?)" for the name of `names` closest to a mistyped `given`, or "".
std::string suggestion(std::string_view given, const std::vector<std::string_view>& names);
bool has_bom(std::string_view text);

// Where byte `local` of a JSON text is in the outer file: the text starts at `base` of the
// file, or (an unescaped wrapper string) its bytes come from `outer_offsets`.
SourceLocation locate_in_file(const SourceMap& map, std::size_t base,
                              const std::vector<std::size_t>* outer_offsets, std::size_t local);

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
// (E0104) or one not in `known` (E0101, naming the closest known key, which then joins
// `meant` when given).
bool admit_key(Reader& reader, std::vector<std::string>& seen,
               const std::vector<std::string_view>& known, std::string_view key,
               const std::string& pointer, const char* key_at,
               std::vector<std::string>* meant = nullptr);

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

  // The rule, selection and action objects: walks `value` as walk_object does, then reports
  // each key of `required` it lacks. False (reported) when `value` is not an object; after
  // an internal failure, m_reader.failed() says so.
  template <typename Handle>
  bool walk_member_object(od::value& value, const std::string& pointer,
                          const std::vector<std::string_view>& known,
                          const std::vector<std::string_view>& required, Handle handle);

  // Type gate: records the location, reports null/wrong type; true when `value` is `want`.
  bool expect(od::value& value, const std::string& pointer, od::json_type want,
              std::string_view expected);
  // `value` as a T (std::string_view, od::array, od::object) when it is `want`; nullopt when
  // it is not (reported by expect) or simdjson fails (an internal failure).
  template <typename T>
  std::optional<T> get_as(od::value& value, const std::string& pointer, od::json_type want,
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
  bool meant(std::string_view key) const {
    return std::find(m_meant.begin(), m_meant.end(), key) != m_meant.end();
  }
  void report(std::string code, const std::string& pointer, std::string message) {
    m_reader.report(std::move(code), pointer, at(pointer), std::move(message));
  }

  ParsedPolicy& m_parsed;
  Reader& m_reader;
  std::vector<RuleDraft> m_rules;
  bool m_rules_valid = false;
  // The keys that the current rule's misspelled keys were meant to be: the E0101 of
  // `countNumbr` says what an E0105 for `countNumber` would say again, so that one is not
  // reported (one fault, one error, at its cause).
  std::vector<std::string> m_meant;
};

// V15: the policy text ECR would store is 100 to 30,720 characters long. Reports a text too
// long, and one too short only when `report_short`.
void check_length(ParsedPolicy& parsed, std::string_view policy_text, SourceLocation where,
                  bool report_short);

// Reads and validates one policy text; `text` is what ECR would get. Sets parsed.policy when
// this text produced no error.
void read_policy_text(ParsedPolicy& parsed, const SourceMap& map, std::string_view text,
                      std::size_t base, const std::vector<std::size_t>* outer_offsets,
                      SourceLocation length_location);

// When `document` (the file from byte `base` on, after a byte order mark) is
// get-lifecycle-policy output, reads the wrapper and the policy text inside it and returns
// true; otherwise returns false and leaves `parsed` alone.
bool read_if_wrapper(ParsedPolicy& parsed, const SourceMap& map, std::string_view document,
                     std::size_t base);

}  // namespace ecrlc::detail
