// libFuzzer entry point for protect files (engine/src/ops/protect_*.cpp): any bytes give
// references and located diagnostics, never a crash, a hang or a reference without place.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ecrlc/protect.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ecrlc::ProtectList list = ecrlc::parse_protect_file(text);
  for (const ecrlc::ProtectReference& reference : list.references) {
    ECRLC_FUZZ_CHECK(reference.line >= 1 && reference.column >= 1);
    ECRLC_FUZZ_CHECK(!reference.repository.empty());
    // The digest decides; a tag is kept only without one.
    ECRLC_FUZZ_CHECK(reference.digest.has_value() != reference.tag.has_value());
    ECRLC_FUZZ_CHECK(reference.registry_id.empty() || reference.registry_id.size() == 12);
  }
  for (const ecrlc::Diagnostic& diagnostic : list.diagnostics.items()) {
    ECRLC_FUZZ_CHECK(diagnostic.line >= 1 && diagnostic.column >= 1);
    ECRLC_FUZZ_CHECK(!diagnostic.code.empty() && !diagnostic.message.empty());
  }
  // A file of no known shape, or with an unusable value, always says so.
  ECRLC_FUZZ_CHECK(list.other_registry >= list.other_registries.size());
  const std::size_t references = list.references.size();
  ecrlc::ProtectList merged = ecrlc::merge_protect_lists({{"f", std::move(list)}});
  ECRLC_FUZZ_CHECK(merged.references.size() == references);
  const ecrlc::ResolvedProtection resolved = ecrlc::resolve_protection(merged, ecrlc::Inventory{});
  ECRLC_FUZZ_CHECK(resolved.unmatched.size() + resolved.foreign.size() == references);
  return 0;
}
