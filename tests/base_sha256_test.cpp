// base/sha256: FIPS 180-4's test vectors, and the SHA extensions' path against the portable
// one on every length around the block size, whole and given in pieces.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>

#include "base/simd.hpp"
#include "ecrlc/sha256.hpp"

namespace ecrlc {
namespace {

// Restores the run-time choice when a test is done with it.
struct PortableOnly {
  PortableOnly() { detail::allow_avx2(false); }
  PortableOnly(const PortableOnly&) = delete;
  PortableOnly& operator=(const PortableOnly&) = delete;
  ~PortableOnly() { detail::allow_avx2(true); }
};

// Bytes that differ from position to position (a linear congruential sequence).
std::string varied_bytes(std::size_t size) {
  std::string bytes(size, '\0');
  std::uint32_t x = 12345;
  for (char& c : bytes) {
    x = x * 1103515245U + 12345U;
    c = static_cast<char>(x >> 24);
  }
  return bytes;
}

// The digest of `bytes` given to update() in pieces of `piece` bytes.
std::string in_pieces(std::string_view bytes, std::size_t piece) {
  Sha256 hash;
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    hash.update(bytes.substr(at, piece));
  }
  return sha256_hex(hash.finish());
}

void expect_fips_vectors() {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FipsVectorsOnThisCpusPath) { expect_fips_vectors(); }

TEST(Sha256, FipsVectorsOnThePortablePath) {
  const PortableOnly portable;
  expect_fips_vectors();
}

TEST(Sha256, BothPathsAgreeOnEveryLengthAndPieceSize) {
  const std::string bytes = varied_bytes(1200);
  std::size_t compared = 0;
  for (std::size_t size = 0; size <= bytes.size(); size += size < 300 ? 1 : 37) {
    const std::string_view part = std::string_view(bytes).substr(0, size);
    std::string portable;
    std::string chosen;
    {
      const PortableOnly only;
      portable = sha256_hex(part);
    }
    chosen = sha256_hex(part);
    ASSERT_EQ(portable, chosen) << size << " bytes";
    for (const std::size_t piece : {1U, 63U, 64U, 65U, 200U}) {
      ASSERT_EQ(portable, in_pieces(part, piece)) << size << " bytes in pieces of " << piece;
    }
    ++compared;
  }
  EXPECT_GT(compared, 300U);
  // What this CPU runs is said, so that a log shows which path the test compared.
  std::cout << "sha256 path: " << (detail::sha_ni_allowed() ? "sha-ni" : "portable") << "\n";
}

}  // namespace
}  // namespace ecrlc
