// The one calendar: Micros as civil dates and times (UTC), through Boost.DateTime.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ecrlc/time.hpp"

namespace ecrlc::detail {

struct CivilDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};

// The Gregorian date `days` days after 1970-01-01, clamped to Boost's range (1400-01-01 to
// 9999-12-31, the range every parsed time is in).
CivilDate civil_date(std::int64_t days);

// `YYYY-MM-DD HH:MM:SS` (seconds truncated), for tables: "2025-02-13 11:05:00".
void append_table_time(std::string& out, Micros t);

// ISO 8601: `YYYY-MM-DDTHH:MM:SS`, then `.ffffff` when the microseconds are not zero, then
// `zone` ("Z" or "+00:00"). Both functions clamp times outside years 1400 to 9999 to that
// range, and append without allocating (the renderers print a few times per image).
void append_iso_time(std::string& out, Micros t, std::string_view zone);

}  // namespace ecrlc::detail
