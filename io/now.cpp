// The evaluation time (io/now.hpp).
#include "io/now.hpp"

#include <chrono>

namespace ecrlc::io {

Result<Micros> resolve_now(const NowOption& now) {
  if (now.given) {
    // Given but blank (`--now "$UNSET"`) is a mistake, never "now".
    if (now.value.find_first_not_of(" \t\r\n") == std::string::npos) {
      return unexpected("--now: expected a time, got an empty value");
    }
    auto parsed = parse_time_argument(now.value);
    if (!parsed) {
      return unexpected("--now: " + parsed.error().message);
    }
    return *parsed;
  }
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<Micros>(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

Outcome<Micros> load_now(const NowOption& now_option, std::string_view command,
                         CommandContext& context) {
  auto now = resolve_now(now_option);
  if (!now) {
    return fail(context, command, now.error().message);
  }
  return *now;
}

}  // namespace ecrlc::io
