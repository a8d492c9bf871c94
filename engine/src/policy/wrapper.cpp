// get-lifecycle-policy output: the wrapper's fields, and the policy text unescaped with the
// outer offset of each of its bytes, so that positions inside it land on the outer file.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "json/syntax_check.hpp"
#include "json/type_name.hpp"
#include "policy/parse.hpp"

namespace ecrlc::detail {
namespace {

// The end (one past the closing quote) of the syntax-checked string token at `begin`.
std::size_t string_token_end(std::string_view text, std::size_t begin) {
  std::size_t i = begin + 1;
  while (i < text.size() && text[i] != '"') {
    i += text[i] == '\\' ? 2 : 1;
  }
  return std::min(i + 1, text.size());
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

bool read_if_wrapper(ParsedPolicy& parsed, const SourceMap& map, std::string_view document,
                     std::size_t base) {
  if (check_json_syntax(document, k_max_policy_depth)) {
    return false;
  }
  ParsedPolicy scratch;
  Reader probe(scratch, map, document, base, nullptr);
  if (!probe.open() || !is_wrapper(probe.document())) {
    return false;
  }
  Reader reader(parsed, map, document, base, nullptr);
  if (reader.open()) {
    read_wrapper(parsed, map, reader);
  }
  if (parsed.diagnostics.has_error()) {
    parsed.policy.reset();
  }
  return true;
}

}  // namespace ecrlc::detail
