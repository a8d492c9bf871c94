// Which vector code reads the inputs. It is chosen at run time from the CPU, so one binary
// runs on any x86-64 (and on arm64): the build never requires AVX2.
#pragma once

#include <string>

namespace ecrlc {

// Turns every AVX2 (and SHA extensions) path off for the rest of the process, ours and
// simdjson's (its "fallback" kernel then runs): the portable path that an x86-64 CPU without
// them takes. For tests (ECRLC_SIMD=portable) and for ruling out a CPU problem. Call it
// before reading anything.
void use_portable_simd_only();

// One line for --version, e.g. "simd: scanner avx2, simdjson stage 1 haswell, stage 2
// fallback, sha256 sha-ni": what this process runs on this CPU.
std::string simd_summary();

}  // namespace ecrlc
