// The generator's own random numbers: the same seed means the same bytes with every standard
// library (std::mt19937 is portable, but its distributions are not).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace ecrlc::generate_detail {

// Exact 128-bit products keep the size distribution integer-only (floating point pow() may
// differ by an ulp between libm implementations, and the output must not).
__extension__ using Uint128 = unsigned __int128;

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// splitmix64's finaliser is a bijection of 64-bit words: distinct inputs, distinct outputs.
// Digests start with it applied to the image's global index, which makes them unique.
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256**.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : m_state) {
      word = splitmix64(seed);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
  }
  // Uniform in [0, n) (Lemire's multiply-shift; n == 0 gives 0).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((Uint128{next()} * n) >> 64);
  }
  std::int64_t below(std::int64_t n) {
    return n <= 0 ? 0 : static_cast<std::int64_t>(below(static_cast<std::uint64_t>(n)));
  }
  std::uint64_t between(std::uint64_t low, std::uint64_t high) {
    return low + below(high - low + 1);
  }
  bool per_mille(std::uint64_t chance) { return below(std::uint64_t{1000}) < chance; }
  template <typename T, std::size_t N>
  T pick(const std::array<T, N>& items) {
    return items[below(std::uint64_t{N})];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> m_state{};
};

}  // namespace ecrlc::generate_detail
