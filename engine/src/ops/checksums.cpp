// checksums.sha256 of a plan folder: `sha256sum` lines, read strictly.
#include <algorithm>
#include <set>

#include "ecrlc/plan_record.hpp"

namespace ecrlc {
namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// A path inside the folder: relative, no empty, `.` or `..` component, no backslash (which
// sha256sum would escape) and no control bytes.
bool is_inner_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') {
    return false;
  }
  if (std::any_of(path.begin(), path.end(), [](char c) {
        return c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
      })) {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
    start = slash + 1;
  }
  return true;
}

}  // namespace

Result<std::vector<ChecksumEntry>> parse_checksums(std::string_view text) {
  std::vector<ChecksumEntry> entries;
  std::set<std::string_view> seen;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      return unexpected("line " + std::to_string(line_number) + ": no final newline");
    }
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    const std::string where = "line " + std::to_string(line_number) + ": ";
    if (line.size() < 67 || !std::all_of(line.begin(), line.begin() + 64, is_hex) ||
        line.substr(64, 2) != "  ") {
      return unexpected(where + "expected 64 lower-case hex digits, two spaces and a path");
    }
    const std::string_view path = line.substr(66);
    if (!is_inner_path(path)) {
      return unexpected(where + "expected a relative path inside the folder");
    }
    if (!seen.insert(path).second) {
      return unexpected(where + std::string(path) + " is listed twice");
    }
    entries.push_back({std::string(line.substr(0, 64)), std::string(path)});
  }
  return entries;
}

}  // namespace ecrlc
