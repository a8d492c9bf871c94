// The spellings of an enum as one table indexed by its enumerators.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ecrlc::detail {

// names[value] for an enum whose enumerators are 0, 1, ..., N-1 in the order of `names`;
// names[0] for a value outside the enum (never produced by the engine).
template <typename Enum, std::size_t N>
constexpr std::string_view enum_name(Enum value, const std::array<std::string_view, N>& names) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : names[0];
}

}  // namespace ecrlc::detail
