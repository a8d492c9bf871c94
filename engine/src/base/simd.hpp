// The run-time choice between our AVX2 code and the portable code (ecrlc/simd.hpp).
#pragma once

namespace ecrlc::detail {

// True when the CPU has AVX2 and BMI1 and use_portable_simd_only() has not been called: the
// functions marked ECRLC_TARGET_AVX2 may run.
bool avx2_allowed();

// Allows or forbids the AVX2 functions from now on (allowing has no effect on a CPU without
// AVX2): use_portable_simd_only() forbids them; tests compare both paths with it.
void allow_avx2(bool allowed);

}  // namespace ecrlc::detail

// Compiles one function for AVX2 and BMI1 whatever the build's flags. Such a function may only
// be called after avx2_allowed(), and may contain only its own code and intrinsics: an inline
// function defined inside it would be AVX2 code that other files share.
#if defined(__x86_64__) && defined(__GNUC__)
#define ECRLC_HAS_AVX2_PATH 1
#define ECRLC_TARGET_AVX2 __attribute__((target("avx2,bmi")))
#else
#define ECRLC_HAS_AVX2_PATH 0
#define ECRLC_TARGET_AVX2
#endif
