// Spellings of the policy enums and ECR's tag pattern matching.
#include "ecrlc/policy.hpp"

#include "base/enum_names.hpp"

namespace ecrlc {

std::string_view to_json(TagStatus value) {
  static constexpr std::array<std::string_view, 3> k_names{"tagged", "untagged", "any"};
  return detail::enum_name(value, k_names);
}

std::string_view to_json(StorageClass value) {
  return value == StorageClass::archive ? "archive" : "standard";
}

std::string_view to_json(CountType value) {
  static constexpr std::array<std::string_view, 4> k_names{
      "imageCountMoreThan", "sinceImagePushed", "sinceImagePulled", "sinceImageTransitioned"};
  return detail::enum_name(value, k_names);
}

std::string_view to_json(ActionType value) {
  return value == ActionType::transition ? "transition" : "expire";
}

std::string_view to_api(StorageClass value) {
  return value == StorageClass::archive ? "ARCHIVE" : "STANDARD";
}

std::string_view to_api(ActionType value) {
  return value == ActionType::transition ? "TRANSITION" : "EXPIRE";
}

// Greedy wildcard matching with backtracking to the last '*': linear in practice and never
// exponential, whatever the pattern (at most four '*' are legal anyway).
bool matches_pattern(std::string_view pattern, std::string_view tag) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_tag = 0;
  while (t < tag.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_tag = t;
    } else if (p < pattern.size() && pattern[p] == tag[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_tag;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace ecrlc
