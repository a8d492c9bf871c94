// base/civil_time: the calendar and the two printed forms of a time.
#include <gtest/gtest.h>

#include <string>

#include "base/civil_time.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc::detail {
namespace {

std::string table(Micros t) {
  std::string out;
  append_table_time(out, t);
  return out;
}

std::string iso(Micros t, std::string_view zone = "Z") {
  std::string out;
  append_iso_time(out, t, zone);
  return out;
}

Micros at(std::string_view text) { return parse_iso8601(text).value(); }

TEST(CivilDate, FromDays) {
  const CivilDate epoch = civil_date(0);
  EXPECT_EQ(1970, epoch.year);
  EXPECT_EQ(1U, epoch.month);
  EXPECT_EQ(1U, epoch.day);
  const CivilDate before = civil_date(-1);
  EXPECT_EQ(1969, before.year);
  EXPECT_EQ(12U, before.month);
  EXPECT_EQ(31U, before.day);
  const CivilDate leap = civil_date(at("2024-02-29T00:00:00Z") / k_micros_per_day);
  EXPECT_EQ(2024, leap.year);
  EXPECT_EQ(2U, leap.month);
  EXPECT_EQ(29U, leap.day);
}

TEST(CivilTime, TableForm) {
  EXPECT_EQ("1970-01-01 00:00:00", table(0));
  EXPECT_EQ("1969-12-31 23:59:59", table(-1));  // floored, not truncated toward zero
  EXPECT_EQ("2025-02-13 11:05:00", table(at("2025-02-13T11:05:00.999999Z")));
  EXPECT_EQ("2000-02-29 12:00:00", table(at("2000-02-29T12:00:00Z")));
  EXPECT_EQ("1900-03-01 00:00:00", table(at("1900-03-01T00:00:00Z")));
  EXPECT_EQ("1400-01-01 00:00:00", table(at("1400-01-01T00:00:00Z")));
  EXPECT_EQ("9999-12-31 23:59:59", table(at("9999-12-31T23:59:59.999999Z")));
}

TEST(CivilTime, IsoForms) {
  EXPECT_EQ("1970-01-01T00:00:00Z", iso(0));
  EXPECT_EQ("1969-12-31T23:59:59.999999Z", iso(-1));
  EXPECT_EQ("1970-01-01T00:00:00.000001+00:00", iso(1, "+00:00"));
  EXPECT_EQ("2025-03-15T16:47:53.153000+00:00", iso(at("2025-03-15T16:47:53.153Z"), "+00:00"));
  EXPECT_EQ("2024-12-31T23:59:59Z", iso(at("2024-12-31T23:59:59Z")));
  EXPECT_EQ("9999-12-31T23:59:59.999999Z", iso(at("9999-12-31T23:59:59.999999Z")));
}

TEST(CivilTime, ClampsOutsideTheCalendar) {
  const Micros first = at("1400-01-01T00:00:00Z");
  const Micros last = at("9999-12-31T23:59:59.999999Z");
  EXPECT_EQ("1400-01-01T00:00:00Z", iso(first - k_micros_per_day * 400));
  EXPECT_EQ("9999-12-31T23:59:59.999999Z", iso(last + k_micros_per_day * 400));
  EXPECT_EQ("9999-12-31 23:59:59", table(last + 1));
}

TEST(CivilTime, AgreesWithTheFormatters) {
  for (Micros t : {Micros{0}, Micros{-1}, at("2025-03-15T16:47:53.153Z"),
                   at("1600-02-29T01:02:03Z"), at("9999-12-31T23:59:59Z")}) {
    EXPECT_EQ(format_utc(t), iso(t, "Z"));
    EXPECT_EQ(format_cli_v2(t), iso(t, "+00:00"));
    std::string appended = "x";
    append_cli_v2(appended, t);
    std::string expected = "x";  // built with append(): GCC 12 warns falsely on "x" + string
    expected.append(format_cli_v2(t));
    EXPECT_EQ(expected, appended);
  }
}

// Every day of four centuries (a whole Gregorian cycle) round-trips through the parser.
TEST(CivilTime, EveryDayOfACycleRoundTrips) {
  const Micros start = at("1999-01-01T00:00:00Z");
  for (int d = 0; d < 146'097; ++d) {
    const Micros t = start + d * k_micros_per_day + 3'723 * k_micros_per_second;
    const std::string text = iso(t);
    ASSERT_EQ(t, at(text)) << text;
  }
}

}  // namespace
}  // namespace ecrlc::detail
