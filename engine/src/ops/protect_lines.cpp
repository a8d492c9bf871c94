// Protect files of lines written by hand: `REPO:TAG`, `REPO@sha256:...`, image URIs, comments.
#include <string>

#include "base/text.hpp"
#include "ops/protect_formats.hpp"
#include "ops/protect_reference.hpp"

namespace ecrlc::detail {
namespace {

bool is_blank_in_line(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

void read_protect_lines(std::string_view text, ProtectList& list) {
  LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    const std::size_t line_number = lines.number();
    // Trailing comments need a blank before '#'; tags and names never hold '#' anyway.
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '#' && (i == 0 || is_blank_in_line(line[i - 1]))) {
        line = line.substr(0, i);
        break;
      }
    }
    std::size_t first = 0;
    while (first < line.size() && is_blank_in_line(line[first])) {
      ++first;
    }
    std::size_t last = line.size();
    while (last > first && is_blank_in_line(line[last - 1])) {
      --last;
    }
    if (first == last) {
      continue;
    }
    const std::string_view reference = line.substr(first, last - first);
    ReferenceParse parse = parse_image_reference(reference, BareReference::ecr_repository);
    if (!parse.reference) {
      list.diagnostics.error(std::string(k_protect_line_code), "", line_number,
                             first + 1 + parse.error_at, parse.error);
      continue;
    }
    parse.reference->text = std::string(reference);
    parse.reference->line = line_number;
    parse.reference->column = first + 1;
    list.references.push_back(std::move(*parse.reference));
  }
}

}  // namespace ecrlc::detail
