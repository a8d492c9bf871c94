// Reads ECRLC_SIMD once, at start-up, before any input is read.
#include "io/simd_choice.hpp"

#include <cstdlib>
#include <string_view>

#include "ecrlc/simd.hpp"

namespace ecrlc::io {

bool apply_simd_environment(std::ostream& err) {
  const char* value = std::getenv("ECRLC_SIMD");
  const std::string_view choice = value == nullptr ? std::string_view{} : value;
  if (choice.empty() || choice == "auto") {
    return true;
  }
  if (choice == "portable") {
    use_portable_simd_only();
    return true;
  }
  err << "ecr-lifecycle: error: ECRLC_SIMD: expected \"auto\" or \"portable\", got \"" << choice
      << "\"\n";
  return false;
}

}  // namespace ecrlc::io
