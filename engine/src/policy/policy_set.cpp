// Registry-wide runs: policy lookup by repository pattern, policy maps.
#include "ecrlc/policy_set.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "base/text.hpp"

namespace ecrlc {

PolicySet PolicySet::single(std::string file, LifecyclePolicy policy, std::string registry_id) {
  PolicySet set;
  set.m_sources.push_back({std::move(file), std::move(policy), "*", std::move(registry_id)});
  return set;
}

Result<void> PolicySet::add(std::string pattern, std::string file, LifecyclePolicy policy,
                            std::string registry_id) {
  if (pattern.empty()) {
    return unexpected(file + ": empty repository pattern");
  }
  for (const PolicySource& source : m_sources) {
    if (source.pattern == pattern) {
      std::string message = file + ": repository ";
      message += pattern;
      message += " already has a policy (";
      message += source.file;
      message += ")";
      return unexpected(std::move(message));
    }
  }
  m_sources.push_back(
      {std::move(file), std::move(policy), std::move(pattern), std::move(registry_id)});
  return {};
}

const PolicySource* PolicySet::find(std::string_view repository) const {
  for (const PolicySource& source : m_sources) {
    // Repository patterns use the tag pattern matcher: '*' is any run, '/' included.
    if (matches_pattern(source.pattern, repository)) {
      return &source;
    }
  }
  return nullptr;
}

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Characters of ECR repository names, plus the '*' wildcard.
bool is_pattern_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
         c == '/' || c == '*';
}

Unexpected map_error(std::size_t line, std::size_t column, std::string message) {
  return Unexpected{Error{std::move(message), {}, line, column}};
}

}  // namespace

Result<std::vector<PolicyMapEntry>> parse_policy_map(std::string_view text) {
  std::vector<PolicyMapEntry> entries;
  detail::LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    const std::size_t line_number = lines.number();
    // Split into blank-separated fields with their 1-based columns.
    std::vector<std::pair<std::string_view, std::size_t>> fields;
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_blank(line[i])) {
        ++i;
      }
      if (i >= line.size()) {
        break;
      }
      if (line[i] == '#' && fields.empty()) {
        break;  // a comment line
      }
      const std::size_t field_start = i;
      while (i < line.size() && !is_blank(line[i])) {
        ++i;
      }
      fields.emplace_back(line.substr(field_start, i - field_start), field_start + 1);
    }
    if (fields.empty()) {
      continue;
    }
    if (fields.size() != 2) {
      const std::size_t column = fields.size() == 1 ? line.size() + 1 : fields[2].second;
      return map_error(line_number, column,
                       "expected `PATTERN POLICYFILE`, got " + std::to_string(fields.size()) +
                           (fields.size() == 1 ? " field" : " fields"));
    }
    const auto [pattern, pattern_column] = fields[0];
    for (std::size_t c = 0; c < pattern.size(); ++c) {
      if (!is_pattern_char(pattern[c])) {
        return map_error(line_number, pattern_column + c,
                         "unexpected character '" + std::string(1, pattern[c]) +
                             "' in repository pattern (expected a-z, 0-9, . _ - / or *)");
      }
    }
    entries.push_back({std::string(pattern), std::string(fields[1].first), line_number,
                       pattern_column, fields[1].second});
  }
  return entries;
}

}  // namespace ecrlc
