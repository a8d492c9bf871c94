// closest_name: optimal string alignment distance (Damerau-Levenshtein without repeated edits
// of one substring), so `prevew` is one deletion and `perview` one swap from `preview`.
#include "ecrlc/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace ecrlc {
namespace {

char folded(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::size_t distance(std::string_view a, std::string_view b) {
  const std::size_t columns = b.size() + 1;
  // Three rows: the one before the previous is needed for swaps.
  std::vector<std::size_t> before(columns);
  std::vector<std::size_t> previous(columns);
  std::vector<std::size_t> current(columns);
  for (std::size_t j = 0; j < columns; ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j < columns; ++j) {
      const std::size_t cost = folded(a[i - 1]) == folded(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && folded(a[i - 1]) == folded(b[j - 2]) &&
          folded(a[i - 2]) == folded(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::size_t allowed_edits(std::size_t length) {
  if (length <= 4) {
    return 1;
  }
  return length <= 8 ? 2 : 3;
}

}  // namespace

std::optional<std::string> closest_name(std::string_view given,
                                        const std::vector<std::string>& names) {
  std::optional<std::string> best;
  std::size_t best_distance = allowed_edits(given.size()) + 1;
  for (const std::string& name : names) {
    if (name == given) {
      return std::nullopt;
    }
    const std::size_t d = distance(given, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view given, const std::vector<std::string>& names) {
  const std::optional<std::string> name = closest_name(given, names);
  return name ? " (did you mean " + *name + "?)" : std::string();
}

std::vector<std::string> braced_values(const std::string& text) {
  std::vector<std::string> values;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
    return values;
  }
  const std::string list = text.substr(1, text.size() - 2);
  for (std::size_t start = 0; start <= list.size();) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    values.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return values;
}

}  // namespace ecrlc
