// Parsing and validation of lifecycle policy documents (semantics.md section 1).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ecrlc/diagnostic.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/source_map.hpp"

namespace ecrlc {

// Where a JSON value starts in the file as read (for a get-lifecycle-policy wrapper, in the
// outer file, escapes taken into account).
struct SourceLocation {
  std::size_t offset = 0;
  std::size_t line = 0;
  std::size_t column = 0;
};

// The outcome of parsing one policy file. `policy` is set iff there is no error diagnostic.
// `locations` maps the JSON pointer of every value that was read (e.g. "/rules/0/selection/
// tagPrefixList/1") to its location, so that later checks (lint) can report positions.
struct ParsedPolicy {
  std::optional<LifecyclePolicy> policy;
  Diagnostics diagnostics;
  std::unordered_map<std::string, SourceLocation> locations;
  bool wrapped = false;  // the input was `aws ecr get-lifecycle-policy` output
  std::optional<std::string> repository_name;  // from the wrapper, when present
  std::optional<std::string> registry_id;      // from the wrapper, when present

  // Location of `pointer`, or of its closest recorded ancestor, or 1:1.
  SourceLocation locate(std::string_view pointer) const;
};

// Parses and validates `text` (a policy document, or get-lifecycle-policy output). Never
// throws; every problem (rules V1 to V15, duplicate keys, limits) becomes a diagnostic.
// Only a JSON syntax error stops at the first problem.
ParsedPolicy parse_policy(std::string_view text);

// Parses and validates a policy text found inside another file (the string of a template or a
// plan): byte i of `text` came from byte offsets[i] of the file that `map` maps, and
// offsets[text.size()] is just past the string, so every diagnostic is located in that file.
// `offsets` must have text.size() + 1 entries.
ParsedPolicy parse_embedded_policy(const SourceMap& map, std::string_view text,
                                   const std::vector<std::size_t>& offsets);

}  // namespace ecrlc
