// JSON's four whitespace bytes (RFC 8259, section 2), for the scanners that walk raw text.
#pragma once

namespace ecrlc::detail {

inline bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace ecrlc::detail
