// Plain-text pieces shared by the plan summary and the diff table.
#include "output/plain_text.hpp"

#include <algorithm>

namespace ecrlc::detail {

std::string format_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], row[c].size());
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) {
        line += std::string(widths[c] - row[c].size() + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line + "\n";
  }
  return out;
}

std::string count_text(std::uint64_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string joined_tags(const ImageRecord& image, std::string_view separator) {
  std::string out;
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    if (t > 0) {
      out += separator;
    }
    out += image.tags[t];
  }
  return out;
}

}  // namespace ecrlc::detail
