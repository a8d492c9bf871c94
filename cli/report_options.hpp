// The options of the report formats (preview and diff): the storage prices of the cost
// figures, and how a report names what its images came from.
#pragma once

#include <string>
#include <vector>

#include "ecrlc/output.hpp"
#include "io/evaluation_inputs.hpp"

namespace CLI {
class App;
}

namespace ecrlc::cli {

// --price-per-gb-month USD and --archive-price-per-gb-month USD (finite, not negative).
void add_price_options(CLI::App& command, StoragePrices& prices);

// "snapshot DIR taken 2025-03-15T00:00:00Z" or the --images files, comma-separated.
std::string inventory_source(const io::EvaluationInputs& inputs,
                             const std::vector<std::string>& images);

}  // namespace ecrlc::cli
