// libFuzzer entry point for the timestamp parsers and formatters (engine/src/base/time.cpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ecrlc/time.hpp"
#include "fuzz_check.hpp"

namespace {

// The formatters clamp to years 1400 to 9999; a parsed time is always inside that range, so
// printing and parsing again must give the same microsecond.
void check_round_trip(ecrlc::Micros t) {
  auto v2 = ecrlc::parse_iso8601(ecrlc::format_cli_v2(t));
  ECRLC_FUZZ_CHECK(v2.has_value() && *v2 == t);
  auto utc = ecrlc::parse_iso8601(ecrlc::format_utc(t));
  ECRLC_FUZZ_CHECK(utc.has_value() && *utc == t);
  auto argument = ecrlc::parse_time_argument(ecrlc::format_utc(t));
  ECRLC_FUZZ_CHECK(argument.has_value() && *argument == t);
  (void)ecrlc::age_in_days(t, 0);
  (void)ecrlc::age_in_days(0, t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto t = ecrlc::parse_iso8601(text)) {
    check_round_trip(*t);
  } else {
    ECRLC_FUZZ_CHECK(!t.error().message.empty());
  }
  if (auto t = ecrlc::parse_epoch_seconds(text)) {
    check_round_trip(*t);
  } else {
    ECRLC_FUZZ_CHECK(!t.error().message.empty());
  }
  if (auto t = ecrlc::parse_time_argument(text)) {
    check_round_trip(*t);
  } else {
    ECRLC_FUZZ_CHECK(!t.error().message.empty());
  }
  return 0;
}
