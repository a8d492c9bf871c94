// Invariant checks shared by the fuzz entry points: a failed check aborts, which libFuzzer
// and the replay driver both report as a finding.
#pragma once

#include <cstdio>
#include <cstdlib>

// Stops the run when an engine contract is broken. Unlike assert() this stays on in Release
// builds, which is how the fuzzers and the replay tests are compiled.
#define ECRLC_FUZZ_CHECK(condition)                                                           \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)
