// Reading inventories: describe-images output (one or several documents), a JSON array of
// imageDetail objects, or NDJSON. See schemas/inventory.schema.json and the README.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "ecrlc/byte_source.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/limits.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc {

// Sizes past which an input did not come from ECR (its quotas are in ecrlc/limits.hpp). The
// defaults are the documented limits (docs/reliability.md, "Limits"); tests make them small.
struct ReaderLimits {
  // One imageDetail object (and any other single value of a page): larger is an error at its
  // first byte, found before the rest of it is read.
  std::size_t max_element_bytes = std::size_t{1} << 20;
  // Records read for one repository (duplicates included): one more is an error at it.
  std::size_t max_images_per_repository = 1'000'000;
  // Images of one repository after duplicates merge: more is a warning (ECR's quota can be
  // raised, so such an inventory is still read).
  std::size_t warn_images_per_repository = k_ecr_max_images_per_repository;
  // Repositories: more is a warning.
  std::size_t warn_repositories = k_ecr_max_repositories_per_region;
};

// How a builder reads. Apart from `limits`, the result never depends on these, only speed
// and memory do.
struct ReaderOptions {
  // Threads that parse batches of elements in parallel (1 = the calling thread only).
  unsigned threads = 1;
  // Bytes of elements handed to the parser(s) at a time.
  std::size_t batch_bytes = std::size_t{4} * 1024 * 1024;
  // Bytes read from a ByteSource at a time (the buffer grows when one element is larger).
  std::size_t chunk_bytes = std::size_t{16} * 1024 * 1024;
  // Warnings kept (the first, in output order): every warning is counted (warning_count()),
  // but only these are formatted and held. A snapshot read while tags moved can warn once
  // per image; a caller that shows 20 keeps 20.
  std::size_t max_warnings = SIZE_MAX;
  ReaderLimits limits;
};

// Builds an Inventory from one or more inputs.
//
// Inputs are split into imageDetail elements by a string-aware bracket scanner and parsed one
// element at a time with simdjson On-Demand, so memory grows with the number of images, not
// with the size of one document.
//
// Snapshot anomalies are warnings, not errors: a tag on two images of one repository stays on
// the most recently pushed image; one digest read twice with different data keeps the record
// read last; identical duplicates (overlapping pages) merge silently.
class InventoryBuilder {
 public:
  InventoryBuilder();
  explicit InventoryBuilder(ReaderOptions options);
  ~InventoryBuilder();
  InventoryBuilder(InventoryBuilder&&) noexcept;
  InventoryBuilder& operator=(InventoryBuilder&&) noexcept;

  // Reads one whole input from `source` until its end: in place when the source holds it in
  // memory, else in chunks (ReaderOptions::chunk_bytes), so that a multi-gigabyte NDJSON or
  // describe-images file is never held in memory whole. On failure (not JSON, wrong shape,
  // bad digest, missing field, impossible timestamp) returns an Error with the file name,
  // line, column and the text of the source line (Error::source), taken while reading; a
  // read failure is an Error "FILE: reason" without a line. Records read before the error are
  // discarded with the rest of this input.
  Result<void> add(std::string_view file_name, ByteSource& source);
  // The same for a text in memory.
  Result<void> add(std::string_view file_name, std::string_view text);

  // Groups by repository, resolves duplicates, sorts. The builder is empty afterwards.
  Inventory finish();

  // Warnings so far (file, line, column, message), in input order: the first
  // ReaderOptions::max_warnings of them.
  const std::vector<Error>& warnings() const;
  // How many warnings there were, kept or not.
  std::size_t warning_count() const;
  // After finish(): the describe-images page (its nextToken or NextToken, located) that ended
  // the inputs with a token when no page followed it, in this input or a later one, code
  // W0401. The pages after it are missing, so an image count or age rule would act on a
  // partial view: previews warn, plan refuses. Not among warnings(), which bound their number.
  // A page followed by a page of another repository is not detected (the reader does not
  // know which repository a page lists before its images are parsed).
  const std::vector<Error>& incomplete_pages() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace ecrlc
