// Tests for engine/src/base/time.cpp: every accepted and rejected timestamp form, exact messages.
#include <gtest/gtest.h>

#include <array>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "ecrlc/time.hpp"

namespace ecrlc {
namespace {

struct AcceptCase {
  const char* name;
  const char* text;
  Micros expected;
};

// 2025-03-15T16:47:53Z is 1742057273 seconds after the epoch.
constexpr Micros k_t0 = 1742057273LL * k_micros_per_second;

const AcceptCase k_iso_accepted[] = {
    {"Zulu", "2025-03-15T16:47:53Z", k_t0},
    {"ZeroOffset", "2025-03-15T16:47:53+00:00", k_t0},
    {"NegativeZeroOffset", "2025-03-15T16:47:53-00:00", k_t0},
    {"CliV2Fraction", "2025-03-15T16:47:53.153000+00:00", k_t0 + 153000},
    {"PositiveOffset", "2025-03-15T17:47:53.153000+01:00", k_t0 + 153000},
    {"NegativeOffset", "2025-03-15T11:17:53-05:30", k_t0},
    {"MaxOffset", "2025-03-16T06:47:53+14:00", k_t0},
    {"MinOffset", "2025-03-15T02:47:53-14:00", k_t0},
    {"OneFractionDigit", "2025-03-15T16:47:53.1Z", k_t0 + 100000},
    {"NineFractionDigitsTruncated", "2025-03-15T16:47:53.123456789Z", k_t0 + 123456},
    {"SevenFractionDigits", "2025-03-15T16:47:53.9999999Z", k_t0 + 999999},
    {"Epoch", "1970-01-01T00:00:00Z", 0},
    {"BeforeEpoch", "1969-12-31T23:59:59.5Z", -500000},
    {"LeapDay", "2024-02-29T00:00:00Z", 1709164800LL * k_micros_per_second},
    {"LeapDay2000", "2000-02-29T12:00:00Z", 951825600LL * k_micros_per_second},
    {"EndOfDay", "2025-12-31T23:59:59Z", 1767225599LL * k_micros_per_second},
    {"FirstSupportedYear", "1400-01-01T00:00:00Z", -17987443200LL * k_micros_per_second},
    {"LastSupportedYear", "9999-12-31T23:59:59.999999Z", 253402300799999999LL},
    {"OffsetCrossesDay", "2025-01-01T00:30:00+01:00", 1735687800LL * k_micros_per_second},
};

class ParseIsoAccepted : public testing::TestWithParam<AcceptCase> {};

TEST_P(ParseIsoAccepted, Value) {
  Result<Micros> r = parse_iso8601(GetParam().text);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(GetParam().expected, *r);
}

INSTANTIATE_TEST_SUITE_P(Forms, ParseIsoAccepted, testing::ValuesIn(k_iso_accepted),
                         [](const auto& i) { return std::string(i.param.name); });

struct RejectCase {
  const char* name;
  const char* text;
  const char* message;
};

const RejectCase k_iso_rejected[] = {
    {"Empty", "", "invalid timestamp \"\": expected a 4-digit year, got end of text"},
    {"ZeroDate", "0000-00-00T00:00:00Z",
     "invalid timestamp \"0000-00-00T00:00:00Z\": year 0000 out of range 1400..9999"},
    {"Feb30", "2025-02-30T00:00:00Z",
     "invalid timestamp \"2025-02-30T00:00:00Z\": day 30 does not exist in 2025-02 (28 days)"},
    {"Feb29NonLeap", "2023-02-29T00:00:00Z",
     "invalid timestamp \"2023-02-29T00:00:00Z\": day 29 does not exist in 2023-02 (28 days)"},
    {"Feb29Year1900", "1900-02-29T00:00:00Z",
     "invalid timestamp \"1900-02-29T00:00:00Z\": day 29 does not exist in 1900-02 (28 days)"},
    {"April31", "2025-04-31T00:00:00Z",
     "invalid timestamp \"2025-04-31T00:00:00Z\": day 31 does not exist in 2025-04 (30 days)"},
    {"Day00", "2025-04-00T00:00:00Z",
     "invalid timestamp \"2025-04-00T00:00:00Z\": day 00 does not exist in 2025-04 (30 days)"},
    {"Month13", "2025-13-01T00:00:00Z",
     "invalid timestamp \"2025-13-01T00:00:00Z\": month 13 out of range 01..12"},
    {"LeapSecond", "2016-12-31T23:59:60Z",
     "invalid timestamp \"2016-12-31T23:59:60Z\": leap seconds (second 60) are not accepted; "
     "ECR never reports them"},
    {"Hour24", "2025-03-15T24:00:00Z",
     "invalid timestamp \"2025-03-15T24:00:00Z\": hour 24 out of range 00..23"},
    {"Minute60", "2025-03-15T23:60:00Z",
     "invalid timestamp \"2025-03-15T23:60:00Z\": minutes 60 out of range 00..59"},
    {"Second61", "2025-03-15T23:00:61Z",
     "invalid timestamp \"2025-03-15T23:00:61Z\": seconds 61 out of range 00..59"},
    {"OffsetTooBig", "2025-03-15T16:47:53+14:01",
     "invalid timestamp \"2025-03-15T16:47:53+14:01\": offset +14:01 is beyond +/-14:00"},
    {"OffsetMinutes", "2025-03-15T16:47:53+01:60",
     "invalid timestamp \"2025-03-15T16:47:53+01:60\": offset minutes 60 out of range 00..59"},
    {"NoOffset", "2025-03-15T16:47:53",
     "invalid timestamp \"2025-03-15T16:47:53\": expected a time zone (Z or +HH:MM or -HH:MM), "
     "got end of text"},
    {"TenFractionDigits", "2025-03-15T16:47:53.1234567890Z",
     "invalid timestamp \"2025-03-15T16:47:53.1234567890Z\": expected at most 9 fraction digits, "
     "got '0'"},
    {"EmptyFraction", "2025-03-15T16:47:53.Z",
     "invalid timestamp \"2025-03-15T16:47:53.Z\": expected fraction digits after '.', got 'Z'"},
    {"SpaceSeparator", "2025-03-15 16:47:53Z",
     "invalid timestamp \"2025-03-15 16:47:53Z\": expected 'T' between the date and the time, "
     "got ' '"},
    {"LowerCaseT", "2025-03-15t16:47:53Z",
     "invalid timestamp \"2025-03-15t16:47:53Z\": expected 'T' between the date and the time, "
     "got 't'"},
    {"CompactOffset", "2025-03-15T16:47:53+0100",
     "invalid timestamp \"2025-03-15T16:47:53+0100\": expected ':' in the offset (+HH:MM), got "
     "'0'"},
    {"ShortYear", "25-03-15T16:47:53Z",
     "invalid timestamp \"25-03-15T16:47:53Z\": expected a 4-digit year, got '-'"},
    {"OneDigitMonth", "2025-3-15T16:47:53Z",
     "invalid timestamp \"2025-3-15T16:47:53Z\": expected a 2-digit month, got '-'"},
    {"NoSeconds", "2025-03-15T16:47Z",
     "invalid timestamp \"2025-03-15T16:47Z\": expected ':' after the minutes, got 'Z'"},
    {"Trailing", "2025-03-15T16:47:53Zx",
     "invalid timestamp \"2025-03-15T16:47:53Zx\": expected end of timestamp, got 'x'"},
    {"DateOnly", "2025-03-15",
     "invalid timestamp \"2025-03-15\": expected 'T' between the date and the time, got end of "
     "text"},
    {"BeforeRange", "1399-12-31T23:59:59Z",
     "invalid timestamp \"1399-12-31T23:59:59Z\": year 1399 out of range 1400..9999"},
    {"AfterRangeByOffset", "9999-12-31T23:59:59-01:00",
     "invalid timestamp \"9999-12-31T23:59:59-01:00\": out of range (years 1400 to 9999)"},
};

class ParseIsoRejected : public testing::TestWithParam<RejectCase> {};

TEST_P(ParseIsoRejected, Message) {
  Result<Micros> r = parse_iso8601(GetParam().text);
  ASSERT_FALSE(r) << *r;
  EXPECT_EQ(GetParam().message, r.error().message);
}

INSTANTIATE_TEST_SUITE_P(Forms, ParseIsoRejected, testing::ValuesIn(k_iso_rejected),
                         [](const auto& i) { return std::string(i.param.name); });

const AcceptCase k_epoch_accepted[] = {
    {"CliV1", "1565128275.0", 1565128275LL * k_micros_per_second},
    {"Integer", "1565128275", 1565128275LL * k_micros_per_second},
    {"Micros", "1565128275.123456", 1565128275123456LL},
    {"NanosTruncated", "1565128275.123456789", 1565128275123456LL},
    {"Zero", "0", 0},
    {"NegativeZero", "-0", 0},
    {"Negative", "-1.5", -1500000},
    {"NegativeTruncatedTowardZero", "-0.0000019", -1},
    {"Exponent", "1.565128275E9", 1565128275LL * k_micros_per_second},
    {"ExponentFraction", "1.5651282751234e9", 1565128275123400LL},
    {"NegativeExponent", "15651282750e-1", 1565128275LL * k_micros_per_second},
    {"TinyExponent", "1e-7", 0},
    {"SmallFraction", "0.0001", 100},
    {"SmallExponent", "1.5e-3", 1500},
    {"MicroExponent", "1E-6", 1},
    {"LargeNegativeExponent", "5e-999999", 0},
    {"ZeroHugeExponent", "0e999999", 0},
    {"LastSupported", "253402300799.999999", 253402300799999999LL},
};

class ParseEpochAccepted : public testing::TestWithParam<AcceptCase> {};

TEST_P(ParseEpochAccepted, Value) {
  Result<Micros> r = parse_epoch_seconds(GetParam().text);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(GetParam().expected, *r);
}

INSTANTIATE_TEST_SUITE_P(Forms, ParseEpochAccepted, testing::ValuesIn(k_epoch_accepted),
                         [](const auto& i) { return std::string(i.param.name); });

const RejectCase k_epoch_rejected[] = {
    {"Empty", "", "invalid epoch seconds \"\": expected a digit, got end of text"},
    {"TrailingPoint", "1565128275.",
     "invalid epoch seconds \"1565128275.\": expected a digit after '.', got end of text"},
    {"LeadingPoint", ".5", "invalid epoch seconds \".5\": expected a digit, got '.'"},
    {"Plus", "+5", "invalid epoch seconds \"+5\": expected a digit, got '+'"},
    {"LeadingZero", "01", "invalid epoch seconds \"01\": expected no leading zeros, got '1'"},
    {"Huge", "1e20", "invalid epoch seconds \"1e20\": out of range (years 1400 to 9999)"},
    {"HugeNegative", "-1e20", "invalid epoch seconds \"-1e20\": out of range (years 1400 to 9999)"},
    {"Year10000", "253402300800",
     "invalid epoch seconds \"253402300800\": out of range (years "
     "1400 to 9999)"},
    {"BeforeRange", "-17987443201",
     "invalid epoch seconds \"-17987443201\": out of range (years 1400 to 9999)"},
    {"EmptyExponent", "1e",
     "invalid epoch seconds \"1e\": expected exponent digits, got end of "
     "text"},
    {"Letters", "12ab", "invalid epoch seconds \"12ab\": expected end of number, got 'a'"},
    {"Infinity", "inf", "invalid epoch seconds \"inf\": expected a digit, got 'i'"},
};

class ParseEpochRejected : public testing::TestWithParam<RejectCase> {};

TEST_P(ParseEpochRejected, Message) {
  Result<Micros> r = parse_epoch_seconds(GetParam().text);
  ASSERT_FALSE(r) << *r;
  EXPECT_EQ(GetParam().message, r.error().message);
}

INSTANTIATE_TEST_SUITE_P(Forms, ParseEpochRejected, testing::ValuesIn(k_epoch_rejected),
                         [](const auto& i) { return std::string(i.param.name); });

TEST(ParseIso, NulByteIsReportedAsAByte) {
  EXPECT_EQ(
      "invalid timestamp \"2025-03-15T16:47:53\\x00Z\": expected a time zone (Z or +HH:MM "
      "or -HH:MM), got byte 0x00",
      parse_iso8601(std::string_view("2025-03-15T16:47:53\0Z", 21)).error().message);
}

TEST(ParseTimeArgument, AcceptsEveryForm) {
  EXPECT_EQ(k_t0, *parse_time_argument("2025-03-15T16:47:53Z"));
  EXPECT_EQ(k_t0, *parse_time_argument("1742057273"));
  EXPECT_EQ(k_t0, *parse_time_argument("1742057273.0"));
  EXPECT_EQ(1741996800LL * k_micros_per_second, *parse_time_argument("2025-03-15"));
  EXPECT_EQ(-k_micros_per_second, *parse_time_argument("-1"));
}

TEST(ParseTimeArgument, RejectsWithMessages) {
  EXPECT_EQ("expected an ISO-8601 timestamp (2025-03-15T16:47:53Z) or epoch seconds, got \"now\"",
            parse_time_argument("now").error().message);
  EXPECT_EQ(
      "invalid timestamp \"2025-02-30T00:00:00Z\": day 30 does not exist in 2025-02 (28 days)",
      parse_time_argument("2025-02-30").error().message);
  EXPECT_EQ("invalid epoch seconds \"17x\": expected end of number, got 'x'",
            parse_time_argument("17x").error().message);
}

TEST(FormatCliV2, FractionOnlyWhenNonZero) {
  EXPECT_EQ("2025-03-15T16:47:53.153000+00:00", format_cli_v2(k_t0 + 153000));
  EXPECT_EQ("2025-03-15T16:47:53+00:00", format_cli_v2(k_t0));
  EXPECT_EQ("2025-03-15T16:47:53.000001+00:00", format_cli_v2(k_t0 + 1));
  EXPECT_EQ("1969-12-31T23:59:59.500000+00:00", format_cli_v2(-500000));
  EXPECT_EQ("1970-01-01T00:00:00+00:00", format_cli_v2(0));
}

TEST(FormatUtc, Rfc3339) {
  EXPECT_EQ("2025-03-15T16:47:53Z", format_utc(k_t0));
  EXPECT_EQ("2025-03-15T16:47:53.153000Z", format_utc(k_t0 + 153000));
  EXPECT_EQ("9999-12-31T23:59:59.999999Z", format_utc(253402300799999999LL));
  EXPECT_EQ("1400-01-01T00:00:00Z", format_utc(-17987443200LL * k_micros_per_second));
}

TEST(FormatUtc, ClampsOutOfRange) {
  EXPECT_EQ("9999-12-31T23:59:59.999999Z", format_utc(std::numeric_limits<Micros>::max()));
  EXPECT_EQ("1400-01-01T00:00:00Z", format_utc(std::numeric_limits<Micros>::min()));
}

TEST(RoundTrip, FormatThenParse) {
  for (Micros t : {Micros{0}, k_t0, k_t0 + 153000, Micros{-1}, Micros{951825600123456},
                   Micros{253402300799999999}, Micros{-17987443200000000}}) {
    EXPECT_EQ(t, *parse_iso8601(format_cli_v2(t))) << format_cli_v2(t);
    EXPECT_EQ(t, *parse_iso8601(format_utc(t))) << format_utc(t);
  }
}

TEST(RoundTrip, AgreesWithBoostPosixTime) {
  namespace pt = boost::posix_time;
  const pt::ptime epoch(boost::gregorian::date(1970, 1, 1));
  for (const char* text :
       {"2025-03-15T16:47:53.153000", "2000-02-29T00:00:00", "1999-12-31T23:59:59",
        "1600-03-01T12:34:56.000001", "2100-02-28T00:00:00"}) {
    pt::ptime boost_time = pt::from_iso_extended_string(text);
    Micros expected = (boost_time - epoch).total_microseconds();
    EXPECT_EQ(expected, *parse_iso8601(std::string(text) + "Z")) << text;
    std::string formatted = format_utc(expected);
    EXPECT_EQ(boost_time, pt::from_iso_extended_string(formatted.substr(0, formatted.size() - 1)))
        << text;
  }
}

// Random timestamps in every form the parser accepts, in years on both sides of the fast
// path's table (1900-2199), against Boost's posix_time and the offset applied by hand.
TEST(RoundTrip, RandomTimestampsAgreeWithBoostPosixTime) {
  namespace pt = boost::posix_time;
  const pt::ptime epoch(boost::gregorian::date(1970, 1, 1));
  std::mt19937 rng(20261202);
  for (int i = 0; i < 200000; ++i) {
    const int year =
        i % 4 == 0 ? 1401 + static_cast<int>(rng() % 8597) : 1890 + static_cast<int>(rng() % 320);
    const int month = 1 + static_cast<int>(rng() % 12);
    const int last_day = boost::gregorian::gregorian_calendar::end_of_month_day(
        static_cast<unsigned short>(year), static_cast<unsigned short>(month));
    const int day = 1 + static_cast<int>(rng() % static_cast<unsigned>(last_day));
    const int hour = static_cast<int>(rng() % 24);
    const int minute = static_cast<int>(rng() % 60);
    const int second = static_cast<int>(rng() % 60);
    const int fraction_digits = static_cast<int>(rng() % 10);
    std::array<char, 64> text{};
    int n = std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d", year, month,
                          day, hour, minute, second);
    Micros fraction = 0;
    if (fraction_digits > 0) {
      text[static_cast<std::size_t>(n++)] = '.';
      for (int d = 0; d < fraction_digits; ++d) {
        const int digit = static_cast<int>(rng() % 10);
        text[static_cast<std::size_t>(n++)] = static_cast<char>('0' + digit);
        if (d < 6) {
          fraction += digit * static_cast<Micros>(std::pow(10, 5 - d));
        }
      }
    }
    int offset_minutes = 0;
    if (rng() % 3 == 0) {
      text[static_cast<std::size_t>(n++)] = 'Z';
    } else {
      offset_minutes = static_cast<int>(rng() % (14 * 60 + 1)) * (rng() % 2 == 0 ? 1 : -1);
      const int magnitude = std::abs(offset_minutes);
      std::snprintf(text.data() + n, text.size() - static_cast<std::size_t>(n), "%c%02d:%02d",
                    offset_minutes < 0 || (offset_minutes == 0 && rng() % 2 == 0) ? '-' : '+',
                    magnitude / 60, magnitude % 60);
    }
    const pt::ptime local(boost::gregorian::date(static_cast<unsigned short>(year),
                                                 static_cast<unsigned short>(month),
                                                 static_cast<unsigned short>(day)),
                          pt::time_duration(hour, minute, second));
    const Micros expected = (local - epoch).total_microseconds() + fraction -
                            static_cast<Micros>(offset_minutes) * 60 * k_micros_per_second;
    Result<Micros> parsed = parse_iso8601(text.data());
    ASSERT_TRUE(parsed) << text.data() << ": " << parsed.error().message;
    ASSERT_EQ(expected, *parsed) << text.data();
  }
}

// The day after each month's last, in and around the fast path's years: the full parser's
// message, so leap years are Boost's (1900 and 2100 are not, 2000 is).
TEST(ParseIso, DayAfterEveryMonthsLastIsRejected) {
  for (int year = 1890; year < 2210; ++year) {
    for (int month = 1; month <= 12; ++month) {
      const int last_day = boost::gregorian::gregorian_calendar::end_of_month_day(
          static_cast<unsigned short>(year), static_cast<unsigned short>(month));
      std::array<char, 40> text{};
      std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT00:00:00Z", year, month,
                    last_day + 1);
      std::array<char, 160> message{};
      std::snprintf(message.data(), message.size(),
                    "invalid timestamp \"%s\": day %02d does not exist in %04d-%02d (%d days)",
                    text.data(), last_day + 1, year, month, last_day);
      Result<Micros> parsed = parse_iso8601(text.data());
      ASSERT_FALSE(parsed) << text.data();
      EXPECT_EQ(message.data(), parsed.error().message);
      std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT23:59:59.999999+00:00", year, month,
                    last_day);
      EXPECT_TRUE(parse_iso8601(text.data())) << text.data();
    }
  }
}

TEST(AgeInDays, Floors) {
  EXPECT_EQ(0, age_in_days(k_t0, k_t0));
  EXPECT_EQ(0, age_in_days(k_t0, k_t0 + k_micros_per_day - 1));
  EXPECT_EQ(1, age_in_days(k_t0, k_t0 + k_micros_per_day));
  EXPECT_EQ(-1, age_in_days(k_t0, k_t0 - 1));
  EXPECT_EQ(40, age_in_days(k_t0 - 40 * k_micros_per_day - 5, k_t0));
}

}  // namespace
}  // namespace ecrlc
