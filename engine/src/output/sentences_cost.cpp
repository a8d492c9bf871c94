// The sentences of storage and cost: what the table's cost lines, the markdown and the html
// headline say about bytes stored and their monthly price.

#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc {

const std::string_view k_upper_bound_note =
    "Bytes freed are an upper bound: images that share layers free less.";

std::string storage_sentence(const StorageBytes& bytes) {
  return std::string("Storage: ") + format_bytes(bytes.before()) + " before (standard " +
         format_bytes(bytes.standard_before) + ", archive " + format_bytes(bytes.archive_before) +
         "), " + format_bytes(bytes.after()) + " after (standard " +
         format_bytes(bytes.standard_after) + ", archive " + format_bytes(bytes.archive_after) +
         "): " + format_bytes(distance(bytes.before(), bytes.after())) + " freed (" +
         detail::format_share(distance(bytes.before(), bytes.after()), bytes.before()) + ").";
}

namespace {

// A price per GB-month as given, with at least two decimals: "$0.10", "$0.0125".
std::string format_price(double price) {
  std::string text;
  detail::append_json_decimal(text, price);
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos) {
    text += ".00";
  } else if (text.size() - dot < 3) {
    text.append(3 - (text.size() - dot), '0');
  }
  return std::string("$") + text;
}

}  // namespace

std::string prices_phrase(const StoragePrices& prices) {
  return format_price(prices.standard) + " (standard) and " + format_price(prices.archive) +
         " (archive) per GB-month";
}

std::string preview_cost_note(const StoragePrices& prices) {
  return std::string(k_upper_bound_note) +
         " Costs are storage only (no data transfer, no restore or early-deletion charges), at " +
         prices_phrase(prices) + ".";
}

std::string diff_cost_note() {
  return std::string(k_upper_bound_note) +
         " Savings are storage only, at the standard price for freed bytes and the difference of "
         "the prices for archived ones.";
}

std::string made_by_sentence(std::string_view tool_version, std::string_view inputs) {
  std::string text = "Made by ecr-lifecycle ";
  text.append(tool_version).append(" from ").append(inputs);
  return text + "; the same inputs make the same page.";
}

std::string monthly_cost_sentence(double before, double after, const StoragePrices& prices) {
  const double saved = before - after;
  return std::string("Monthly storage cost: ") + detail::format_usd(before) + " before, " +
         detail::format_usd(after) + " after (" + detail::format_usd(saved < 0 ? -saved : saved) +
         (saved < 0 ? " more" : " saved") + "), at " + prices_phrase(prices) + ".";
}

}  // namespace ecrlc
