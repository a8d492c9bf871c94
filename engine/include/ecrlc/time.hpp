// Timestamps: microseconds since the Unix epoch (UTC), parsed and printed with Boost.DateTime.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "ecrlc/result.hpp"

namespace ecrlc {

// Microseconds since 1970-01-01T00:00:00Z. Every time in the engine is one of these.
using Micros = std::int64_t;

// An optional time in 8 bytes instead of std::optional's 16 (ten million images carry four of
// them): the empty state is the one value no timestamp can have (times are limited to the
// years 1400 to 9999). Reads like std::optional<Micros>; compares equal to a Micros only when
// it holds that value.
class OptionalMicros {
 public:
  constexpr OptionalMicros() = default;
  constexpr OptionalMicros(std::nullopt_t) {}                 // NOLINT(google-explicit-constructor)
  constexpr OptionalMicros(Micros value) : m_value(value) {}  // NOLINT(google-explicit-constructor)
  constexpr OptionalMicros(std::optional<Micros> value)       // NOLINT(google-explicit-constructor)
      : m_value(value.value_or(k_empty)) {}

  constexpr bool has_value() const { return m_value != k_empty; }
  constexpr explicit operator bool() const { return has_value(); }
  constexpr Micros operator*() const { return m_value; }
  constexpr Micros value() const { return m_value; }
  constexpr Micros value_or(Micros fallback) const { return has_value() ? m_value : fallback; }
  constexpr void reset() { m_value = k_empty; }
  constexpr std::optional<Micros> as_optional() const {
    return has_value() ? std::optional<Micros>(m_value) : std::nullopt;
  }

  friend constexpr bool operator==(OptionalMicros, OptionalMicros) = default;

 private:
  static constexpr Micros k_empty = std::numeric_limits<Micros>::min();
  Micros m_value = k_empty;
};

inline constexpr Micros k_micros_per_second = 1'000'000;
inline constexpr Micros k_micros_per_day = 86'400 * k_micros_per_second;

// Parses ISO-8601 as the AWS CLI v2 prints it: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`,
// 0 to 9 fraction digits (digits past the sixth are truncated), offsets within ±14:00.
// Fails with a message saying what was expected for anything else (impossible dates,
// leap seconds, missing offset). Years 1400 to 9999 (Boost.DateTime's calendar range).
Result<Micros> parse_iso8601(std::string_view text);

// Parses epoch seconds as the AWS CLI v1 prints them (`1565128275.0`, `1565128275`,
// `1565128275.123456`); the exact decimal text, not a double. Any JSON number form is
// accepted exactly, exponents included (`1.565128275E9`); digits below a microsecond are
// truncated toward zero. Range: years 1400 to 9999 (Boost.DateTime's calendar range).
Result<Micros> parse_epoch_seconds(std::string_view text);

// `--now` and other user-given times: ISO-8601, a date alone (`2025-03-15`, midnight UTC), or
// epoch seconds.
Result<Micros> parse_time_argument(std::string_view text);

// As AWS CLI v2 prints in UTC: `2025-03-15T16:47:53.153000+00:00`; the fraction (always six
// digits) only when non-zero.
std::string format_cli_v2(Micros t);

// RFC 3339 UTC for the tool's own outputs: `2025-03-15T16:47:53Z` or `...53.153000Z`.
// Times outside years 1400 to 9999 are clamped to that range by both formatters.
std::string format_utc(Micros t);

// Times in sentences for people: `2025-03-15 16:47:53 UTC` (seconds truncated). Tables show
// the same without " UTC" (their heading says it); machine outputs use format_utc.
std::string format_readable(Micros t);

// format_cli_v2 and format_utc appended to `out`, without allocating.
void append_cli_v2(std::string& out, Micros t);
void append_utc(std::string& out, Micros t);

// Whole days (floored) from t to now, for people: age columns.
std::int64_t age_in_days(Micros t, Micros now);

// a + b clamped to Micros' range: windows such as now + horizon stay ordered for any now,
// before 1970 too, instead of wrapping around.
constexpr Micros saturating_add(Micros a, Micros b) {
  Micros sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    return b > 0 ? std::numeric_limits<Micros>::max() : std::numeric_limits<Micros>::min();
  }
  return sum;
}

}  // namespace ecrlc
