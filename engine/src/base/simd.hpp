// The run-time choice between our AVX2 code and the portable code (ecrlc/simd.hpp).
#pragma once

namespace ecrlc::detail {

// True when the CPU has AVX2 and BMI1 and use_portable_simd_only() has not been called: the
// functions marked ECRLC_TARGET_AVX2 may run.
bool avx2_allowed();

// True when the CPU has the SHA extensions (with SSSE3 and SSE4.1) and use_portable_simd_only()
// has not been called: the functions marked ECRLC_TARGET_SHA may run.
bool sha_ni_allowed();

// Allows or forbids the AVX2 (and SHA) functions from now on (allowing has no effect on a CPU
// without AVX2): use_portable_simd_only() forbids them; tests compare both paths with it.
void allow_avx2(bool allowed);

}  // namespace ecrlc::detail

// Compiles one function for AVX2 and BMI1 whatever the build's flags. Such a function may only
// be called after avx2_allowed(), and may contain only its own code and intrinsics: an inline
// function defined inside it would be AVX2 code that other files share.
#if defined(__x86_64__) && defined(__GNUC__)
#define ECRLC_HAS_AVX2_PATH 1
#define ECRLC_TARGET_AVX2 __attribute__((target("avx2,bmi")))
// The same for the SHA extensions (named sha_ni_*): only after sha_ni_allowed().
#define ECRLC_TARGET_SHA __attribute__((target("sha,sse4.1,ssse3")))
#else
#define ECRLC_HAS_AVX2_PATH 0
#define ECRLC_TARGET_AVX2
#define ECRLC_TARGET_SHA
#endif
