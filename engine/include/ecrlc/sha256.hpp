// SHA-256 (FIPS 180-4) of bytes in memory: the checksums of a plan folder's files, in the
// format `sha256sum` prints and checks.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ecrlc {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // The digest of everything given to update(); the object must not be used afterwards.
  std::array<std::uint8_t, 32> finish();

 private:
  // Hashes `count` 64-byte blocks: with the CPU's SHA extensions when allowed
  // (detail::sha_ni_allowed), else in portable code; the same state either way.
  void blocks(const std::uint8_t* data, std::size_t count);

  std::array<std::uint32_t, 8> m_state{};
  std::array<std::uint8_t, 64> m_buffer{};
  std::size_t m_buffered = 0;
  std::uint64_t m_length = 0;  // bytes given so far
};

// The 64 lower-case hex digits of the SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);
// The same of a digest.
std::string sha256_hex(const std::array<std::uint8_t, 32>& digest);

}  // namespace ecrlc
