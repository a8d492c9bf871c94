// Private to output/: the figures the report formats (table and json cost lines, markdown,
// html) compute from a preview: storage per class before and after, its monthly cost at the
// given prices, and the shares and money the headline shows.
#pragma once

#include <string>

#include "ecrlc/output.hpp"
#include "ecrlc/preview.hpp"

namespace ecrlc::detail {

inline constexpr double k_bytes_per_gb = 1073741824.0;  // AWS's GB is 2^30 bytes

// Monthly USD of `bytes` at `price` per GB-month.
inline double monthly_cost(ByteTotal bytes, double price) {
  return bytes.to_double() / k_bytes_per_gb * price;
}

// Storage and its monthly cost before and after the policy acts.
struct CostFigures {
  StorageBytes bytes;
  StoragePrices prices;

  double standard_before() const { return monthly_cost(bytes.standard_before, prices.standard); }
  double archive_before() const { return monthly_cost(bytes.archive_before, prices.archive); }
  double standard_after() const { return monthly_cost(bytes.standard_after, prices.standard); }
  double archive_after() const { return monthly_cost(bytes.archive_after, prices.archive); }
  double before() const { return standard_before() + archive_before(); }
  double after() const { return standard_after() + archive_after(); }
  // What the policy frees: the stored bytes before less those after.
  ByteTotal bytes_freed() const { return distance(bytes.before(), bytes.after()); }
};

CostFigures cost_figures(const Preview& preview, const StoragePrices& prices);
CostFigures cost_figures(const RepositoryPreview& repository, const StoragePrices& prices);

// "$0.17", "$1,234.56", "-$0.05" (rounded to cents; "<$0.01" for a positive amount below a
// cent, so that a small registry does not read as free).
std::string format_usd(double amount);
// "27.9%" of `part` in `whole` (one decimal); "0.0%" when `whole` is 0.
std::string format_share(ByteTotal part, ByteTotal whole);
// A JSON number with at most six decimals, trailing zeros removed: 0.1, 0.174512, 12.
void append_json_decimal(std::string& out, double value);

}  // namespace ecrlc::detail
