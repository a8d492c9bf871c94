// The spellings of an enum as one table indexed by its enumerators.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace ecrlc::detail {

// names[value] for an enum whose enumerators are 0, 1, ..., N-1 in the order of `names`;
// names[0] for a value outside the enum (never produced by the engine).
template <typename Enum, std::size_t N>
constexpr std::string_view enum_name(Enum value, const std::array<std::string_view, N>& names) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : names[0];
}

// The enumerator `name` spells in `names` (as for enum_name); nullopt for any other name.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_name(std::string_view name,
                                             const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

}  // namespace ecrlc::detail
