// Hexadecimal digits: the one table every writer of hex (digests, escapes, hashes) uses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ecrlc::detail {

inline constexpr std::string_view k_lower_hex_digits = "0123456789abcdef";
inline constexpr std::string_view k_upper_hex_digits = "0123456789ABCDEF";

// Appends the two digits of `byte`, most significant first (lower case unless `digits` says).
inline void append_hex_byte(std::string& out, std::uint8_t byte,
                            std::string_view digits = k_lower_hex_digits) {
  out += digits[byte >> 4];
  out += digits[byte & 0xF];
}

}  // namespace ecrlc::detail
