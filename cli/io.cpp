// `--now`.
#include "io.hpp"

#include <chrono>

namespace ecrlc::cli {

Result<Micros> resolve_now(const std::string& now_option) {
  if (!now_option.empty()) {
    auto parsed = parse_time_argument(now_option);
    if (!parsed) {
      return unexpected("--now: " + parsed.error().message);
    }
    return *parsed;
  }
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<Micros>(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

}  // namespace ecrlc::cli
