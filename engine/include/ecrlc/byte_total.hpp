// Byte totals that cannot overflow. imageSizeInBytes is at most 2^63-1 (docs/inventory.md)
// and a run may add up millions of them: 128 bits hold the exact sum of 2^64 such sizes,
// more images than any inventory can list, so no total ever wraps or saturates.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace ecrlc {

class ByteTotal {
 public:
  constexpr ByteTotal() = default;
  // From a size: implicit, so that `total += image.size_bytes` and `total == 2100` read as
  // they would with an integer. Sizes are never negative (the reader refuses them).
  constexpr ByteTotal(std::int64_t bytes)  // NOLINT(google-explicit-constructor)
      : m_value(bytes < 0 ? 0 : static_cast<Value>(bytes)) {}

  constexpr ByteTotal& operator+=(ByteTotal other) {
    m_value += other.m_value;
    return *this;
  }
  friend constexpr ByteTotal operator+(ByteTotal a, ByteTotal b) { return a += b; }
  // |a - b|: how far two totals are apart (diff's changes).
  friend constexpr ByteTotal distance(ByteTotal a, ByteTotal b) {
    ByteTotal d;
    d.m_value = a.m_value > b.m_value ? a.m_value - b.m_value : b.m_value - a.m_value;
    return d;
  }
  friend constexpr bool operator==(ByteTotal a, ByteTotal b) { return a.m_value == b.m_value; }
  friend constexpr std::strong_ordering operator<=>(ByteTotal a, ByteTotal b) {
    return a.m_value < b.m_value   ? std::strong_ordering::less
           : a.m_value > b.m_value ? std::strong_ordering::greater
                                   : std::strong_ordering::equal;
  }

  // Appends the exact decimal value, e.g. "9223372036854775808" (no allocation of its own).
  void append_to(std::string& out) const;
  std::string to_string() const;
  // The nearest double, for human units (format_bytes).
  double to_double() const { return static_cast<double>(m_value); }

 private:
  // -Wpedantic does not know the GCC/Clang 128-bit integer: __extension__ says it is meant.
  __extension__ typedef unsigned __int128 Value;  // NOLINT(modernize-use-using)
  Value m_value = 0;
};

}  // namespace ecrlc
