// A strict RFC 8259 syntax check with exact error positions, run before simdjson reads a text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"

namespace ecrlc::detail {

struct JsonSyntaxError {
  std::size_t offset = 0;  // byte offset of the offending byte in the checked text
  std::string code;        // E0001 syntax, E0002 UTF-8, E0003 depth
  std::string message;     // "expected X, got Y"
};

// Returns the first problem of `text` as one JSON document: invalid UTF-8, a nesting deeper
// than `max_depth` arrays/objects, or any syntax error (including raw control characters in
// strings, bad escapes, lone surrogates, number grammar, trailing content). Linear time,
// constant stack.
std::optional<JsonSyntaxError> check_json_syntax(std::string_view text, std::size_t max_depth);

// first_invalid_utf8 and utf8_sequence_length are in base/text.hpp.

// The value of a hexadecimal digit, or -1 (JSON's \u escapes, YAML's \x, \u and \U).
int hex_value(char c);

// Describes the input at `offset` for a message: `'x'`, `"é"`, `byte 0x01`, `end of input`.
std::string describe_at(std::string_view text, std::size_t offset);

// Unescapes the JSON string token `token` (with its quotes; already syntax-checked) into
// `out`, and appends to `offsets` the offset within `token` of the source of every output
// byte, plus one final entry for the closing quote.
void unescape_json_string(std::string_view token, std::string& out,
                          std::vector<std::size_t>& offsets);

}  // namespace ecrlc::detail
