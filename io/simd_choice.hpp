// ECRLC_SIMD: the run-time choice of vector code (ecrlc/simd.hpp), overridden from the
// environment.
#pragma once

#include <ostream>

namespace ecrlc::io {

// ECRLC_SIMD=portable turns every AVX2 path off for this process (what a CPU without AVX2
// runs); unset, empty or "auto" lets the CPU decide. Any other value prints
// "ecr-lifecycle: error: ECRLC_SIMD: ..." to `err` and returns false: a typo must not look
// like a tested portable run.
bool apply_simd_environment(std::ostream& err);

}  // namespace ecrlc::io
