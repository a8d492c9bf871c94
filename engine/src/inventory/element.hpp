// Parsing one imageDetail element (a JSON object) into an ImageRecord with simdjson On-Demand.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "inventory/lookup_tables.hpp"

namespace ecrlc::detail {

// A parsed element before it joins its repository. Views point into a ParseContext's arena.
struct Staged {
  ImageRecord record;
  std::string_view repository;
  std::string_view registry;
  std::uint64_t offset = 0;  // absolute offset of the element's '{'
};

// The codes of inventory errors (docs/diagnostics.md; their descriptions are in the output
// layer's catalogue): what kind of fault stopped the reader.
inline constexpr const char* k_inventory_syntax = "E0401";  // not JSON, or not an inventory
inline constexpr const char* k_inventory_shape = "E0402";   // a field missing or of a wrong type
inline constexpr const char* k_inventory_value = "E0403";   // a value ECR never reports
inline constexpr const char* k_inventory_limit = "E0404";   // beyond the reader's limits
// A describe-images page that ends with a nextToken: a warning, or (plan) an error.
inline constexpr const char* k_inventory_page_missing = "W0401";
inline constexpr const char* k_inventory_incomplete = "E0405";

struct ElementError {
  std::uint64_t offset = 0;  // absolute offset of the offending value
  std::string message;
  const char* code = k_inventory_syntax;
};

// Everything one parsing thread owns; reused from batch to batch.
struct ParseContext {
  simdjson::ondemand::parser parser;
  Arena arena;                         // tags, children, and the interned strings below
  InternTable interned;                // repository names, registry ids, media types
  std::vector<std::string_view> tags;  // scratch for one element
  std::vector<Digest> children;        // scratch for one element
  std::vector<char> scratch;           // padded copy of an element too close to the end of its text
  std::vector<Staged> out;
  std::optional<ElementError> error;

  std::string_view intern(std::string_view text);
};

// The simdjson kernel this file's On-Demand code was compiled for ("haswell" with
// ECRLC_NATIVE_SIMD, else usually "fallback"); the library's runtime choice may differ.
std::string_view ondemand_kernel();

// Parses the element at text[0, length) (absolute offset `offset`) and appends it to ctx.out,
// or sets ctx.error. `padded`: at least SIMDJSON_PADDING readable bytes follow the element.
void parse_element(ParseContext& ctx, const char* text, std::size_t length, bool padded,
                   std::uint64_t offset);

}  // namespace ecrlc::detail
