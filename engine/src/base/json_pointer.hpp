// RFC 6901 JSON pointers, as diagnostics name the place of a value ("/rules/0/selection").
#pragma once

#include <string>
#include <string_view>

namespace ecrlc::detail {

// `pointer` + "/" + `key`, with '~' and '/' escaped: one step down a JSON pointer.
inline std::string json_pointer_child(const std::string& pointer, std::string_view key) {
  std::string out = pointer + "/";
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace ecrlc::detail
