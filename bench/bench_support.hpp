// Inputs for the benchmarks, generated in code from fixed seeds: policies and inventories.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <sstream>
#include <streambuf>
#include <string>
#include <tuple>

#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/policy_parser.hpp"
#include "generate/generate.hpp"

namespace ecrlc::bench {

inline constexpr std::uint64_t k_seed = 20'260'101;

// A stream buffer that counts and drops what it is given (renderers and the generator write
// to it, so that the benchmark measures formatting, not a growing string).
class NullBuffer : public std::streambuf {
 public:
  std::uint64_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize count) override {
    bytes += static_cast<std::uint64_t>(count);
    return count;
  }
  int_type overflow(int_type c) override {
    ++bytes;
    return traits_type::not_eof(c);
  }
};

// The text of a generated inventory, built once per (images, repositories, format).
inline const std::string& inventory_text(std::uint64_t images, std::uint64_t repositories,
                                         GenerateFormat format) {
  static std::map<std::tuple<std::uint64_t, std::uint64_t, int>, std::string> cache;
  auto key = std::make_tuple(images, repositories, static_cast<int>(format));
  auto found = cache.find(key);
  if (found != cache.end()) {
    return found->second;
  }
  GenerateOptions options;
  options.images = images;
  options.repositories = repositories;
  options.seed = k_seed;
  options.format = format;
  std::ostringstream out;
  (void)write_inventory(options, out);
  return cache.emplace(key, std::move(out).str()).first->second;
}

// A generated inventory read with InventoryBuilder, built once per (images, repositories).
// Null when the reader rejects it (the benchmark then reports an error).
inline const Inventory* inventory(std::uint64_t images, std::uint64_t repositories = 0) {
  static std::map<std::pair<std::uint64_t, std::uint64_t>, std::unique_ptr<Inventory>> cache;
  auto key = std::make_pair(images, repositories);
  auto found = cache.find(key);
  if (found != cache.end()) {
    return found->second.get();
  }
  const std::string& text = inventory_text(images, repositories, GenerateFormat::ndjson);
  InventoryBuilder builder;
  std::unique_ptr<Inventory> built;
  if (builder.add("generated.ndjson", text)) {
    built = std::make_unique<Inventory>(builder.finish());
  }
  return cache.emplace(key, std::move(built)).first->second.get();
}

enum class PolicyKind {
  count,     // imageCountMoreThan rules on tag prefixes
  age,       // sinceImagePushed rules on tag prefixes
  patterns,  // imageCountMoreThan rules on wildcard tag patterns
  mixed,     // all of the above, with long descriptions (the 30 KB, 50-rule policy)
};

// A valid policy of `rules` rules (2 to 50): rules-1 tagged rules of the kind, then one
// untagged age rule. The tags match what `generate` produces (v1.2.3, dev-N, feature-x-y,
// 40-hex SHAs, latest). With `description_bytes`, each rule carries a description that long.
inline std::string policy_text(PolicyKind kind, int rules, std::size_t description_bytes = 0) {
  static constexpr const char* k_prefixes[] = {
      "v", "dev-", "feature-", "latest", "0", "1", "2", "3", "4", "5",   "6",
      "7", "8",    "9",        "a",      "b", "c", "d", "e", "f", "rc-", "release"};
  static constexpr const char* k_patterns[] = {
      "v*.*.*", "dev-*", "feature-*-*", "latest", "*0*",  "*1*", "*2*", "*3*",
      "*4*",    "*5*",   "*6*",         "*7*",    "*8*",  "*9*", "*a*", "*b*",
      "*c*",    "*d*",   "*e*",         "*f*",    "v1.*", "v2.*"};
  constexpr int k_kinds = 22;
  // Built with += only: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
  std::string text = "{\"rules\": [";
  for (int i = 0; i + 1 < rules; ++i) {
    const PolicyKind rule_kind = kind == PolicyKind::mixed ? static_cast<PolicyKind>(i % 3) : kind;
    const bool patterns = rule_kind == PolicyKind::patterns;
    const auto* entries = patterns ? k_patterns : k_prefixes;
    text += i == 0 ? "\n  " : ",\n  ";
    text += "{\"rulePriority\": ";
    text += std::to_string(i + 1);
    if (description_bytes > 0) {
      text += ", \"description\": \"";
      text.append(description_bytes, 'x');
      text += '"';
    }
    text += ", \"selection\": {\"tagStatus\": \"tagged\", ";
    text += patterns ? "\"tagPatternList\": [\"" : "\"tagPrefixList\": [\"";
    text += entries[i % k_kinds];
    // Distinct selections: past the first round, a second entry.
    if (i >= k_kinds) {
      text += "\", \"";
      text += entries[(i / k_kinds + i) % k_kinds];
    }
    text += "\"], ";
    if (rule_kind == PolicyKind::age) {
      text += "\"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": ";
      text += std::to_string(30 + i);
    } else {
      text += "\"countType\": \"imageCountMoreThan\", \"countNumber\": ";
      text += std::to_string(5 + i);
    }
    text += "}, \"action\": {\"type\": \"expire\"}}";
  }
  text += ",\n  {\"rulePriority\": ";
  text += std::to_string(rules);
  text +=
      ", \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"sinceImagePushed\", "
      "\"countUnit\": \"days\", \"countNumber\": 14}, \"action\": {\"type\": \"expire\"}}\n]}\n";
  return text;
}

// The benchmark policy of the issue: 50 rules, about 30 KB (the most ECR accepts is 30,720).
inline std::string large_policy_text() { return policy_text(PolicyKind::mixed, 50, 420); }

}  // namespace ecrlc::bench
