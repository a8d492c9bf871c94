// libFuzzer entry point for InventoryBuilder: add() of the text in place with default options
// must agree with add() of a ByteSource read in small chunks and with the smallest batches on
// two threads (ReaderOptions never changes the result, inventory_reader.hpp), errors and
// their source lines included.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "ecrlc/inventory_reader.hpp"
#include "fuzz_check.hpp"

namespace {

struct Outcome {
  bool ok = false;
  ecrlc::Error error;
  ecrlc::Inventory inventory;
};

void check_same(const ecrlc::Error& a, const ecrlc::Error& b) {
  ECRLC_FUZZ_CHECK(a.message == b.message);
  ECRLC_FUZZ_CHECK(a.line == b.line && a.column == b.column);
  ECRLC_FUZZ_CHECK(a.source == b.source);
}

void check_same(const ecrlc::ImageRecord& a, const ecrlc::ImageRecord& b) {
  ECRLC_FUZZ_CHECK(a.digest == b.digest);
  ECRLC_FUZZ_CHECK(a.tags.size() == b.tags.size());
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    ECRLC_FUZZ_CHECK(a.tags[i] == b.tags[i]);
  }
  ECRLC_FUZZ_CHECK(a.pushed_at == b.pushed_at && a.last_pulled == b.last_pulled);
  ECRLC_FUZZ_CHECK(a.last_archived == b.last_archived && a.last_activated == b.last_activated);
  ECRLC_FUZZ_CHECK(a.size_bytes == b.size_bytes && a.status == b.status);
  ECRLC_FUZZ_CHECK(a.subject == b.subject);
  ECRLC_FUZZ_CHECK(a.children.size() == b.children.size());
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    ECRLC_FUZZ_CHECK(a.children[i] == b.children[i]);
  }
  ECRLC_FUZZ_CHECK(a.manifest_media_type == b.manifest_media_type);
  ECRLC_FUZZ_CHECK(a.artifact_media_type == b.artifact_media_type);
}

void check_same(const Outcome& a, const Outcome& b) {
  ECRLC_FUZZ_CHECK(a.ok == b.ok);
  if (!a.ok) {
    check_same(a.error, b.error);
    return;
  }
  ECRLC_FUZZ_CHECK(a.inventory.repositories.size() == b.inventory.repositories.size());
  for (std::size_t r = 0; r < a.inventory.repositories.size(); ++r) {
    const ecrlc::Repository& ra = a.inventory.repositories[r];
    const ecrlc::Repository& rb = b.inventory.repositories[r];
    ECRLC_FUZZ_CHECK(ra.name == rb.name && ra.registry_id == rb.registry_id);
    ECRLC_FUZZ_CHECK(ra.images.size() == rb.images.size());
    for (std::size_t i = 0; i < ra.images.size(); ++i) {
      check_same(ra.images[i], rb.images[i]);
      // inventory.hpp: images sorted by digest, digests unique.
      ECRLC_FUZZ_CHECK(i == 0 || ra.images[i - 1].digest < ra.images[i].digest);
    }
    // inventory.hpp: repositories sorted by name, then registryId (a name may be in
    // several registries, as one repository each).
    ECRLC_FUZZ_CHECK(r == 0 || std::tie(a.inventory.repositories[r - 1].name,
                                        a.inventory.repositories[r - 1].registry_id) <
                                   std::tie(ra.name, ra.registry_id));
  }
}

Outcome read_text(std::string_view text, ecrlc::ReaderOptions options) {
  ecrlc::InventoryBuilder builder(options);
  Outcome outcome;
  ecrlc::Result<void> added = builder.add("fuzz.json", text);
  outcome.ok = added.has_value();
  if (!outcome.ok) {
    outcome.error = added.error();
    ECRLC_FUZZ_CHECK(!outcome.error.message.empty());
    ECRLC_FUZZ_CHECK(outcome.error.file == "fuzz.json");
  }
  outcome.inventory = builder.finish();
  if (!outcome.ok) {
    // Records read before the error are discarded with the rest of the input.
    ECRLC_FUZZ_CHECK(outcome.inventory.image_count() == 0);
  }
  return outcome;
}

// Streamed: the reader gets at most 7 bytes per read() into its smallest chunk, so elements,
// tokens and source lines straddle reads.
Outcome read_stream(std::string_view text, ecrlc::ReaderLimits limits = {}) {
  Outcome outcome;
  ecrlc::ReaderOptions options;
  options.chunk_bytes = 1;  // the reader rounds up to its minimum chunk
  options.limits = limits;
  ecrlc::InventoryBuilder builder(options);
  ecrlc::StringSource source(text, 7);
  ecrlc::Result<void> added = builder.add("fuzz.json", source);
  outcome.ok = added.has_value();
  if (!outcome.ok) {
    outcome.error = added.error();
  }
  outcome.inventory = builder.finish();
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Outcome plain = read_text(text, {});

  ecrlc::ReaderOptions small;
  small.threads = 2;
  small.batch_bytes = 1;  // the reader rounds up to its minimum batch
  check_same(plain, read_text(text, small));
  check_same(plain, read_stream(text));

  // Limits small enough for fuzz inputs: the outcome (the same error at the same place, or
  // the same records and warnings) must not depend on how much of the input is in memory.
  ecrlc::ReaderOptions limited;
  limited.limits.max_element_bytes = 400;
  limited.limits.max_images_per_repository = 3;
  limited.limits.warn_images_per_repository = 2;
  limited.limits.warn_repositories = 2;
  check_same(read_text(text, limited), read_stream(text, limited.limits));
  return 0;
}
