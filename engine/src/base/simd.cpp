// The CPU's features, read once; simdjson's own choice, reported and overridable.
#include "base/simd.hpp"

#include <simdjson.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#endif

#include <atomic>
#include <string>

#include "ecrlc/simd.hpp"

namespace ecrlc {
namespace detail {
namespace {

bool cpu_has_avx2() {
#if ECRLC_HAS_AVX2_PATH
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
#else
  return false;
#endif
}

// From CPUID: clang 14's __builtin_cpu_supports has no "sha". Leaf 1: SSSE3 is ECX bit 9,
// SSE4.1 ECX bit 19; leaf 7: SHA is EBX bit 29.
bool cpu_has_sha() {
#if ECRLC_HAS_AVX2_PATH
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0 || (c & (1U << 9)) == 0 || (c & (1U << 19)) == 0) {
    return false;
  }
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) {
    return false;
  }
  return (b & (1U << 29)) != 0;
#else
  return false;
#endif
}

std::atomic<bool>& avx2_forbidden() {
  static std::atomic<bool> forbidden{false};
  return forbidden;
}

}  // namespace

bool avx2_allowed() {
  static const bool cpu = cpu_has_avx2();
  return cpu && !avx2_forbidden().load(std::memory_order_relaxed);
}

bool sha_ni_allowed() {
  static const bool cpu = cpu_has_sha();
  return cpu && !avx2_forbidden().load(std::memory_order_relaxed);
}

void allow_avx2(bool allowed) { avx2_forbidden().store(!allowed, std::memory_order_relaxed); }

}  // namespace detail

void use_portable_simd_only() {
  detail::allow_avx2(false);
  const simdjson::implementation* fallback = simdjson::get_available_implementations()["fallback"];
  if (fallback != nullptr) {
    simdjson::get_active_implementation() = fallback;
  }
}

std::string simd_summary() {
  std::string line = "simd: scanner ";
  line += detail::avx2_allowed() ? "avx2" : "portable";
  line += ", simdjson stage 1 ";
  line += simdjson::get_active_implementation()->name();
  line += ", stage 2 ";
  line += SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION);
  line += ", sha256 ";
  line += detail::sha_ni_allowed() ? "sha-ni" : "portable";
  return line;
}

}  // namespace ecrlc
