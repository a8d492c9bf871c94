// Reading inventories: describe-images output (one or several documents), a JSON array of
// imageDetail objects, or NDJSON. See schemas/inventory.schema.json and the README.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc {

// Builds an Inventory from one or more inputs.
//
// Snapshot anomalies are warnings, not errors: a tag on two images of one repository stays on
// the most recently pushed image; one digest read twice with different data keeps the record
// read last; identical duplicates (overlapping pages) merge silently.
class InventoryBuilder {
 public:
  InventoryBuilder();
  ~InventoryBuilder();
  InventoryBuilder(InventoryBuilder&&) noexcept;
  InventoryBuilder& operator=(InventoryBuilder&&) noexcept;

  // Reads one whole input. On failure (not JSON, wrong shape, bad digest, missing field,
  // impossible timestamp) returns an Error with the file name, line and column; records read
  // before the error are discarded with the rest of this input.
  Result<void> add(std::string_view file_name, std::string_view text);

  // Groups by repository, resolves duplicates, sorts. The builder is empty afterwards.
  Inventory finish();

  // Warnings so far (file, line, column, message), in input order.
  const std::vector<Error>& warnings() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace ecrlc
