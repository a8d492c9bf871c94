// libFuzzer entry point for the parsers of AWS CLI responses (ecrlc/registry_responses.hpp):
// describe-repositories, describe-images and batch-get-image output, and the images.ndjson
// lines built from them, which the inventory reader must read back with the same digests.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/registry_responses.hpp"
#include "fuzz_check.hpp"

namespace {

void check_images(std::string_view text) {
  auto page = ecrlc::parse_images_page(text);
  if (!page) {
    ECRLC_FUZZ_CHECK(!page.error().message.empty());
    return;
  }
  for (const ecrlc::ImageDetailLine& image : page->images) {
    // A line is one compact object: compacting again changes nothing, and it has no newline.
    ECRLC_FUZZ_CHECK(ecrlc::compact_json(image.json) == image.json);
    ECRLC_FUZZ_CHECK(image.json.find('\n') == std::string::npos);
    // With children added it is still the same image on one line.
    const std::string line = ecrlc::with_child_digests(image.json, {});
    ECRLC_FUZZ_CHECK(line.find('\n') == std::string::npos);
    auto again = ecrlc::parse_images_page("{\"imageDetails\":[" + line + "]}");
    ECRLC_FUZZ_CHECK(again && again->images.size() == 1 && again->images[0].digest == image.digest);
    // The inventory reader may refuse the line, but never crashes on it.
    ecrlc::InventoryBuilder builder;
    if (builder.add("images.ndjson", line)) {
      (void)builder.finish();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_images(text);
  if (auto page = ecrlc::parse_repositories_page(text)) {
    for (const ecrlc::RegistryRepository& repository : page->repositories) {
      ECRLC_FUZZ_CHECK(!repository.name.empty());
      ECRLC_FUZZ_CHECK(ecrlc::compact_json(repository.json) == repository.json);
    }
  }
  if (auto response = ecrlc::parse_batch_get_image(text)) {
    for (const ecrlc::IndexChildren& index : response->indexes) {
      for (const std::string& child : index.children) {
        ECRLC_FUZZ_CHECK(ecrlc::Digest::parse(child).has_value());
      }
    }
  }
  return 0;
}
