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

// `SUBJECT: POINTER: message`, without the parts a diagnostic does not have.
inline std::string full_message(const Diagnostic& d) {
  std::string text = d.subject.empty() ? std::string() : d.subject + ": ";
  return text + (d.pointer.empty() ? d.message : d.pointer + ": " + d.message);
}

}  // namespace ecrlc::detail
