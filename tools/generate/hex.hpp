// Lower-case hex digits, for the digests and git commits the generator writes.
#pragma once

#include <string_view>

namespace ecrlc::generate_detail {

inline constexpr std::string_view k_hex = "0123456789abcdef";

}  // namespace ecrlc::generate_detail
