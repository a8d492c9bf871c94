// Timestamps: a strict hand parser for the syntax, Boost.DateTime for the calendar.
#include "ecrlc/time.hpp"

#include <array>
#include <boost/date_time/gregorian/gregorian.hpp>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "base/civil_time.hpp"
#include "base/text.hpp"

namespace ecrlc {
namespace {

namespace greg = boost::gregorian;

using Calendar = greg::gregorian_calendar;

// Boost's gregorian dates cover 1400-01-01 to 9999-12-31; so do we (ECR began in 2015).
constexpr int k_min_year = 1400;
constexpr int k_max_year = 9999;

// Days from 1970-01-01 to `d`, through Boost so that the calendar is Boost's.
std::int64_t days_since_epoch(const greg::date& d) {
  static const greg::date epoch(1970, 1, 1);
  return (d - epoch).days();
}

const Micros k_min_micros = days_since_epoch(greg::date(k_min_year, 1, 1)) * k_micros_per_day;
const Micros k_max_micros =
    (days_since_epoch(greg::date(k_max_year, 12, 31)) + 1) * k_micros_per_day - 1;

// What the text holds at `pos`, for "got ..." in messages.
std::string describe_at(std::string_view text, std::size_t pos) {
  return detail::describe_byte(text, pos, {"end of text", true, false});
}

std::string quoted(std::string_view text) {
  return detail::quote_for_message(text,
                                   {detail::QuoteStyle::Escape::hex_bytes, 60, false, true, false});
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A cursor over the timestamp text that reports the first syntax problem.
class IsoScanner {
 public:
  explicit IsoScanner(std::string_view text) : m_text(text) {}

  // Reads exactly `count` digits; fails naming `what`.
  bool digits(int count, const char* what, int& out) {
    out = 0;
    for (int i = 0; i < count; ++i) {
      if (m_pos >= m_text.size() || !is_digit(m_text[m_pos])) {
        fail(std::string("expected ") + what);
        return false;
      }
      out = out * 10 + (m_text[m_pos] - '0');
      ++m_pos;
    }
    return true;
  }

  bool literal(char c, const char* what) {
    if (m_pos >= m_text.size() || m_text[m_pos] != c) {
      fail(std::string("expected ") + what);
      return false;
    }
    ++m_pos;
    return true;
  }

  bool peek(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }
  void advance() { ++m_pos; }
  std::size_t pos() const { return m_pos; }
  bool at_end() const { return m_pos >= m_text.size(); }

  void fail(const std::string& expectation) {
    m_error = "invalid timestamp " + quoted(m_text) + ": " + expectation + ", got " +
              describe_at(m_text, m_pos);
  }
  void fail_value(const std::string& problem) {
    m_error = "invalid timestamp " + quoted(m_text) + ": " + problem;
  }
  const std::string& error() const { return m_error; }

 private:
  std::string_view m_text;
  std::size_t m_pos = 0;
  std::string m_error;
};

std::string two_digits(int v) {
  std::array<char, 8> buf{};
  std::snprintf(buf.data(), buf.size(), "%02d", v);
  return buf.data();
}

Result<Micros> check_range(Micros t, std::string_view text, const char* kind) {
  if (t < k_min_micros || t > k_max_micros) {
    return unexpected(std::string("invalid ") + kind + " " + quoted(text) +
                      ": out of range (years 1400 to 9999)");
  }
  return t;
}

// The years of the fast path's table: every registry's timestamps, with room on both sides.
constexpr int k_table_first_year = 1900;
constexpr std::size_t k_table_years = 300;

// Days from 1970-01-01 to the first of each month of the table's years, and each month's
// length: Boost's calendar, computed once.
struct MonthTable {
  std::array<std::int32_t, k_table_years * 12> first_day{};
  std::array<std::uint8_t, k_table_years * 12> length{};

  MonthTable() {
    for (std::size_t y = 0; y < k_table_years; ++y) {
      for (std::size_t m = 0; m < 12; ++m) {
        const auto year = static_cast<unsigned short>(k_table_first_year + static_cast<int>(y));
        const auto month = static_cast<unsigned short>(m + 1);
        const std::size_t i = y * 12 + m;
        first_day[i] = static_cast<std::int32_t>(days_since_epoch(greg::date(year, month, 1)));
        length[i] = static_cast<std::uint8_t>(Calendar::end_of_month_day(year, month));
      }
    }
  }
};

const MonthTable& month_table() {
  static const MonthTable table;
  return table;
}

// The digit at text[i] as a number, or 10 and more for any other byte.
unsigned digit_at(std::string_view text, std::size_t i) {
  return static_cast<unsigned>(static_cast<unsigned char>(text[i])) - '0';
}

unsigned two_digits_at(std::string_view text, std::size_t i, bool& ok) {
  const unsigned tens = digit_at(text, i);
  const unsigned ones = digit_at(text, i + 1);
  ok = ok && tens < 10 && ones < 10;
  return tens * 10 + ones;
}

// The timestamps the AWS CLI prints ("2025-02-13T11:05:00.123456+00:00", or with Z, fewer
// fraction digits or none), with every field in range and the year in the table, read at
// fixed offsets: a few times per image, so it matters. Anything else, every error included,
// is left to the full parser below (nullopt), which gives the message.
std::optional<Micros> parse_usual_iso8601(std::string_view text) {
  constexpr std::size_t k_seconds_end = 19;  // "YYYY-MM-DDTHH:MM:SS"
  if (text.size() < k_seconds_end + 1 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  bool ok = true;
  const unsigned year = two_digits_at(text, 0, ok) * 100 + two_digits_at(text, 2, ok);
  const unsigned month = two_digits_at(text, 5, ok);
  const unsigned day = two_digits_at(text, 8, ok);
  const unsigned hour = two_digits_at(text, 11, ok);
  const unsigned minute = two_digits_at(text, 14, ok);
  const unsigned second = two_digits_at(text, 17, ok);
  const unsigned table_year = year - k_table_first_year;  // wraps for earlier years
  if (!ok || table_year >= k_table_years || month - 1 >= 12 || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  const std::size_t month_index = std::size_t{table_year} * 12 + (month - 1);
  const MonthTable& table = month_table();
  if (day == 0 || day > table.length[month_index]) {
    return std::nullopt;
  }
  std::size_t pos = k_seconds_end;
  Micros fraction = 0;
  if (text[pos] == '.') {
    std::size_t count = 0;
    for (++pos; pos < text.size() && digit_at(text, pos) < 10; ++pos, ++count) {
      if (count < 6) {
        fraction = fraction * 10 + digit_at(text, pos);
      }
    }
    if (count == 0 || count > 9) {
      return std::nullopt;
    }
    for (; count < 6; ++count) {
      fraction *= 10;
    }
  }
  int offset_minutes = 0;
  const std::string_view zone = text.substr(pos);
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const unsigned oh = two_digits_at(zone, 1, ok);
    const unsigned om = two_digits_at(zone, 4, ok);
    if (!ok || om > 59 || oh * 60 + om > 14 * 60) {
      return std::nullopt;
    }
    offset_minutes = static_cast<int>(oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
  } else if (zone != "Z") {
    return std::nullopt;
  }
  const Micros days = table.first_day[month_index] + static_cast<Micros>(day - 1);
  const auto minutes = static_cast<int>(hour * 60 + minute) - offset_minutes;
  return days * k_micros_per_day +
         (static_cast<Micros>(minutes) * 60 + second) * k_micros_per_second + fraction;
}

}  // namespace

Result<Micros> parse_iso8601(std::string_view text) {
  if (std::optional<Micros> usual = parse_usual_iso8601(text)) {
    return *usual;
  }
  IsoScanner s(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!s.digits(4, "a 4-digit year", year) || !s.literal('-', "'-' after the year") ||
      !s.digits(2, "a 2-digit month", month) || !s.literal('-', "'-' after the month") ||
      !s.digits(2, "a 2-digit day", day) || !s.literal('T', "'T' between the date and the time") ||
      !s.digits(2, "a 2-digit hour", hour) || !s.literal(':', "':' after the hour") ||
      !s.digits(2, "2-digit minutes", minute) || !s.literal(':', "':' after the minutes") ||
      !s.digits(2, "2-digit seconds", second)) {
    return unexpected(s.error());
  }
  Micros fraction = 0;
  if (s.peek('.')) {
    s.advance();
    int count = 0;
    while (!s.at_end() && is_digit(text[s.pos()])) {
      if (count == 9) {
        s.fail("expected at most 9 fraction digits");
        return unexpected(s.error());
      }
      // Digits past the sixth are below a microsecond: truncated.
      if (count < 6) {
        fraction = fraction * 10 + (text[s.pos()] - '0');
      }
      ++count;
      s.advance();
    }
    if (count == 0) {
      s.fail("expected fraction digits after '.'");
      return unexpected(s.error());
    }
    for (int i = count; i < 6; ++i) {
      fraction *= 10;
    }
  }
  int offset_minutes = 0;
  std::string offset_text;
  if (s.peek('Z')) {
    s.advance();
  } else if (s.peek('+') || s.peek('-')) {
    int sign = s.peek('-') ? -1 : 1;
    std::size_t start = s.pos();
    s.advance();
    int oh = 0, om = 0;
    if (!s.digits(2, "2-digit offset hours (Z or +HH:MM or -HH:MM)", oh) ||
        !s.literal(':', "':' in the offset (+HH:MM)") ||
        !s.digits(2, "2-digit offset minutes (+HH:MM)", om)) {
      return unexpected(s.error());
    }
    offset_text = std::string(text.substr(start, s.pos() - start));
    if (om > 59) {
      s.fail_value("offset minutes " + two_digits(om) + " out of range 00..59");
      return unexpected(s.error());
    }
    offset_minutes = sign * (oh * 60 + om);
    if (oh * 60 + om > 14 * 60) {
      s.fail_value("offset " + offset_text + " is beyond +/-14:00");
      return unexpected(s.error());
    }
  } else {
    s.fail("expected a time zone (Z or +HH:MM or -HH:MM)");
    return unexpected(s.error());
  }
  if (!s.at_end()) {
    s.fail("expected end of timestamp");
    return unexpected(s.error());
  }

  // Calendar checks, in the order a reader would check them.
  if (year < k_min_year || year > k_max_year) {
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d", year);
    s.fail_value(std::string("year ") + buf.data() + " out of range 1400..9999");
    return unexpected(s.error());
  }
  if (month < 1 || month > 12) {
    s.fail_value("month " + two_digits(month) + " out of range 01..12");
    return unexpected(s.error());
  }
  int month_days = Calendar::end_of_month_day(static_cast<unsigned short>(year),
                                              static_cast<unsigned short>(month));
  if (day < 1 || day > month_days) {
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), "day %02d does not exist in %04d-%02d (%d days)", day,
                  year, month, month_days);
    s.fail_value(buf.data());
    return unexpected(s.error());
  }
  if (hour > 23) {
    s.fail_value("hour " + two_digits(hour) + " out of range 00..23");
    return unexpected(s.error());
  }
  if (minute > 59) {
    s.fail_value("minutes " + two_digits(minute) + " out of range 00..59");
    return unexpected(s.error());
  }
  if (second == 60) {
    s.fail_value("leap seconds (second 60) are not accepted; ECR never reports them");
    return unexpected(s.error());
  }
  if (second > 59) {
    s.fail_value("seconds " + two_digits(second) + " out of range 00..59");
    return unexpected(s.error());
  }

  greg::date date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                  static_cast<unsigned short>(day));
  Micros t = days_since_epoch(date) * k_micros_per_day +
             ((hour * 60 + minute - offset_minutes) * 60 + second) * k_micros_per_second + fraction;
  return check_range(t, text, "timestamp");
}

Result<Micros> parse_epoch_seconds(std::string_view text) {
  // Grammar: JSON number. The mantissa digits and the exponent are combined exactly, so
  // `1.5651282750E9` means what `1565128275.0` means; digits below a microsecond are truncated.
  auto fail = [&](const std::string& expectation, std::size_t pos) {
    return unexpected("invalid epoch seconds " + quoted(text) + ": expected " + expectation +
                      ", got " + describe_at(text, pos));
  };
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && text[pos] == '-') {
    negative = true;
    ++pos;
  }
  std::string digits;  // integer and fraction digits, without the point
  std::size_t int_start = pos;
  while (pos < text.size() && is_digit(text[pos])) {
    digits += text[pos++];
  }
  std::size_t int_count = pos - int_start;
  if (int_count == 0) {
    return fail("a digit", pos);
  }
  if (int_count > 1 && text[int_start] == '0') {
    return fail("no leading zeros", int_start + 1);
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t frac_start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
      digits += text[pos++];
    }
    if (pos == frac_start) {
      return fail("a digit after '.'", pos);
    }
  }
  long long exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exp_negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      exp_negative = text[pos] == '-';
      ++pos;
    }
    std::size_t exp_start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
      if (exponent < 1'000'000) {
        exponent = exponent * 10 + (text[pos] - '0');
      }
      ++pos;
    }
    if (pos == exp_start) {
      return fail("exponent digits", pos);
    }
    if (exp_negative) {
      exponent = -exponent;
    }
  }
  if (pos != text.size()) {
    return fail("end of number", pos);
  }
  // Drop leading zeros so that the position of the decimal point is all that matters.
  long long point = static_cast<long long>(int_count) + exponent;
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    return Micros{0};
  }
  digits.erase(0, first);
  point -= static_cast<long long>(first);
  // 12 integer digits are enough for year 9999 (2.5e11 seconds).
  if (point > 12) {
    return unexpected("invalid epoch seconds " + quoted(text) +
                      ": out of range (years 1400 to 9999)");
  }
  if (point < -6) {
    return Micros{0};  // below a microsecond
  }
  if (point < 0) {
    // Below one second: put the zeros between the point and the first digit back.
    digits.insert(0, static_cast<std::size_t>(-point), '0');
    point = 0;
  }
  // The integer seconds and six fraction digits; digits past them are truncated.
  Micros magnitude = 0;
  for (long long i = 0; i < point + 6; ++i) {
    int d = 0;
    if (i < static_cast<long long>(digits.size())) {
      d = digits[static_cast<std::size_t>(i)] - '0';
    }
    magnitude = magnitude * 10 + d;
  }
  return check_range(negative ? -magnitude : magnitude, text, "epoch seconds");
}

Result<Micros> parse_time_argument(std::string_view text) {
  // A date-only argument (`2025-03-15`) means midnight UTC: convenient for --now.
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    return parse_iso8601(std::string(text) + "T00:00:00Z");
  }
  if (text.size() >= 5 && is_digit(text[0]) && text[4] == '-') {
    return parse_iso8601(text);
  }
  if (!text.empty() && (is_digit(text[0]) || text[0] == '-')) {
    return parse_epoch_seconds(text);
  }
  return unexpected("expected an ISO-8601 timestamp (2025-03-15T16:47:53Z) or epoch seconds, got " +
                    quoted(text));
}

void append_cli_v2(std::string& out, Micros t) { detail::append_iso_time(out, t, "+00:00"); }

void append_utc(std::string& out, Micros t) { detail::append_iso_time(out, t, "Z"); }

std::string format_cli_v2(Micros t) {
  std::string text;
  append_cli_v2(text, t);
  return text;
}

std::string format_utc(Micros t) {
  std::string text;
  append_utc(text, t);
  return text;
}

std::string format_readable(Micros t) {
  std::string text;
  detail::append_table_time(text, t);
  text += " UTC";
  return text;
}

std::int64_t age_in_days(Micros t, Micros now) {
  Micros diff = now - t;
  Micros days = diff / k_micros_per_day;
  if (diff % k_micros_per_day < 0) {
    --days;
  }
  return days;
}

}  // namespace ecrlc
