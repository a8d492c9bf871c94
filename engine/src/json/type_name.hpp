// The words messages use for a JSON value's type ("expected a string, got an array").
#pragma once

#include <simdjson.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace ecrlc::detail {

// "an array", "an object", "a number", "a string", "a boolean" or "null"; "a value" for a type
// simdjson may add later.
inline std::string describe_type(simdjson::ondemand::json_type type) {
  using simdjson::ondemand::json_type;
  static constexpr std::array<std::pair<json_type, std::string_view>, 6> k_names = {
      {{json_type::array, "an array"},
       {json_type::object, "an object"},
       {json_type::number, "a number"},
       {json_type::string, "a string"},
       {json_type::boolean, "a boolean"},
       {json_type::null, "null"}}};
  for (const auto& [known, name] : k_names) {
    if (known == type) {
      return std::string(name);
    }
  }
  return "a value";
}

}  // namespace ecrlc::detail
