// The price options and the inventory source line of the report formats.
#include "report_options.hpp"

#include <CLI/CLI.hpp>
#include <cmath>

#include "ecrlc/time.hpp"

namespace ecrlc::cli {
namespace {

// A price: a finite number of USD, zero or more (CLI11's NonNegativeNumber lets NaN and
// infinity through).
const CLI::Validator k_price(
    [](const std::string& text) -> std::string {
      double value = 0;
      if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value) || value < 0) {
        return std::string("expected a price in USD per GB-month (0 or more), got ") + text;
      }
      return {};
    },
    "USD");

}  // namespace

void add_price_options(CLI::App& command, StoragePrices& prices) {
  command
      .add_option("--price-per-gb-month", prices.standard,
                  "Standard storage price in USD per GB-month for the cost figures (default: "
                  "AWS us-east-1, 0.10)")
      ->check(k_price);
  command
      .add_option("--archive-price-per-gb-month", prices.archive,
                  "Archive storage price in USD per GB-month (default: AWS us-east-1, 0.10)")
      ->check(k_price);
}

std::string inventory_source(const io::EvaluationInputs& inputs,
                             const std::vector<std::string>& images) {
  if (const io::SnapshotInput* snapshot = inputs.snapshot_or_null()) {
    return std::string("snapshot ") + snapshot->folder + " taken " +
           format_readable(snapshot->manifest.taken_at);
  }
  std::string text;
  for (const std::string& file : images) {
    text += (text.empty() ? "" : ", ") + (file == "-" ? std::string("standard input") : file);
  }
  return text;
}

}  // namespace ecrlc::cli
