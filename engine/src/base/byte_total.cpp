// ByteTotal's decimal text.
#include "ecrlc/byte_total.hpp"

#include <array>

namespace ecrlc {

void ByteTotal::append_to(std::string& out) const {
  std::array<char, 40> digits{};  // 2^128 has 39 decimal digits
  std::size_t n = 0;
  Value v = m_value;
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  while (n > 0) {
    out.push_back(digits[--n]);
  }
}

std::string ByteTotal::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

}  // namespace ecrlc
