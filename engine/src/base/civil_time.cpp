// The one calendar: Boost.DateTime's Gregorian calendar from a day number, and the digits.
#include "base/civil_time.hpp"

#include <algorithm>
#include <array>
#include <boost/date_time/gregorian/gregorian.hpp>

namespace ecrlc::detail {
namespace {

using Calendar = boost::gregorian::gregorian_calendar;

// Boost counts days from 4714-11-24 BC; these are 1970-01-01 and the ends of its range.
const std::int64_t k_epoch_day = Calendar::day_number(Calendar::ymd_type(1970, 1, 1));
const std::int64_t k_min_day = Calendar::day_number(Calendar::ymd_type(1400, 1, 1)) - k_epoch_day;
const std::int64_t k_max_day = Calendar::day_number(Calendar::ymd_type(9999, 12, 31)) - k_epoch_day;

// The day and the microsecond within it of `t`, clamped to the calendar's range.
struct DayAndTime {
  std::int64_t day;
  std::int64_t micros;  // 0 to k_micros_per_day - 1
};

DayAndTime split(Micros t) {
  std::int64_t day = t / k_micros_per_day;
  std::int64_t micros = t % k_micros_per_day;
  if (micros < 0) {
    micros += k_micros_per_day;
    --day;
  }
  if (day < k_min_day) {
    return {k_min_day, 0};
  }
  if (day > k_max_day) {
    return {k_max_day, k_micros_per_day - 1};
  }
  return {day, micros};
}

void put_two(char* at, unsigned value) {
  at[0] = static_cast<char>('0' + value / 10 % 10);
  at[1] = static_cast<char>('0' + value % 10);
}

// `YYYY-MM-DD`, `separator`, `HH:MM:SS` of a clamped time, in one append (the renderers
// write a few times per image).
void append_date_time(std::string& out, const DayAndTime& at, char separator) {
  const CivilDate date = civil_date(at.day);
  const auto year = static_cast<unsigned>(date.year);
  const auto seconds = static_cast<unsigned>(at.micros / k_micros_per_second);
  std::array<char, 19> text{};
  put_two(&text[0], year / 100);
  put_two(&text[2], year % 100);
  text[4] = '-';
  put_two(&text[5], date.month);
  text[7] = '-';
  put_two(&text[8], date.day);
  text[10] = separator;
  put_two(&text[11], seconds / 3600);
  text[13] = ':';
  put_two(&text[14], seconds / 60 % 60);
  text[16] = ':';
  put_two(&text[17], seconds % 60);
  out.append(text.data(), text.size());
}

}  // namespace

CivilDate civil_date(std::int64_t days) {
  days = std::clamp(days, k_min_day, k_max_day);
  const Calendar::ymd_type ymd =
      Calendar::from_day_number(static_cast<Calendar::date_int_type>(days + k_epoch_day));
  return {static_cast<int>(ymd.year), static_cast<unsigned>(ymd.month),
          static_cast<unsigned>(ymd.day)};
}

void append_table_time(std::string& out, Micros t) { append_date_time(out, split(t), ' '); }

void append_iso_time(std::string& out, Micros t, std::string_view zone) {
  const DayAndTime at = split(t);
  append_date_time(out, at, 'T');
  auto fraction = static_cast<unsigned>(at.micros % k_micros_per_second);
  if (fraction != 0) {
    std::array<char, 7> digits{};
    digits[0] = '.';
    for (std::size_t i = 6; i >= 1; --i) {
      digits[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    out.append(digits.data(), digits.size());
  }
  out.append(zone);
}

}  // namespace ecrlc::detail
