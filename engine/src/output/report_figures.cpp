// The cost and share figures of the report formats (report_figures.hpp).
#include "output/report_figures.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace ecrlc::detail {

CostFigures cost_figures(const Preview& preview, const StoragePrices& prices) {
  return CostFigures{storage_bytes(preview), prices};
}

CostFigures cost_figures(const RepositoryPreview& repository, const StoragePrices& prices) {
  return CostFigures{storage_bytes(repository), prices};
}

std::string format_usd(double amount) {
  const bool negative = amount < 0;
  const double magnitude = std::fabs(amount);
  if (magnitude > 0 && magnitude < 0.005) {
    return negative ? "-<$0.01" : "<$0.01";
  }
  const auto cents = static_cast<long long>(std::llround(magnitude * 100));
  const std::string digits = std::to_string(cents / 100);
  // Thousands separators: the headline shows registries of thousands of dollars a month.
  std::string whole;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) {
      whole.push_back(',');
    }
    whole.push_back(digits[i]);
  }
  std::array<char, 8> fraction{};
  std::snprintf(fraction.data(), fraction.size(), ".%02lld", cents % 100);
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on a chain of operator+.
  std::string text(negative && cents != 0 ? "-$" : "$");
  text.append(whole);
  text.append(fraction.data());
  return text;
}

std::string format_share(ByteTotal part, ByteTotal whole) {
  const double share = whole == ByteTotal() ? 0.0 : part.to_double() / whole.to_double() * 100;
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.1f%%", share);
  return text.data();
}

void append_json_decimal(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out.push_back('0');
    return;
  }
  std::array<char, 64> text{};
  std::snprintf(text.data(), text.size(), "%.6f", value);
  std::string number = text.data();
  while (number.back() == '0') {
    number.pop_back();
  }
  if (number.back() == '.') {
    number.pop_back();
  }
  out += number == "-0" ? "0" : number;
}

}  // namespace ecrlc::detail
