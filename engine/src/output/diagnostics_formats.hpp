// Pieces shared by the diagnostic formats for programs (JSON, SARIF, GitHub).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "base/json_writer.hpp"
#include "ecrlc/diagnostic_render.hpp"

namespace ecrlc::detail {

// `text` as a JSON string that stays valid for any bytes (invalid UTF-8 as U+FFFD).
inline void write_json_string(std::ostream& out, std::string_view text) {
  std::string json;
  append_json_string_replacing_invalid(json, text);
  out << json;
}

// `POINTER: message`, or the message alone when there is no pointer.
inline std::string full_message(const Diagnostic& d) {
  return d.pointer.empty() ? d.message : d.pointer + ": " + d.message;
}

}  // namespace ecrlc::detail
