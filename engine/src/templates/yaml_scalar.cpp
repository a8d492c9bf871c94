// The text of a YAML scalar rebuilt from its source, with the file offset of every byte, so
// that a position inside an embedded policy lands on the right character of the template.
// The result is checked against libyaml's value by string_offsets: a form decoded wrongly
// here costs precision (the scalar's start), never a wrong place.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "json/lazy_value.hpp"
#include "json/syntax_check.hpp"
#include "templates/tree.hpp"

namespace ecrlc::detail {
namespace {

using Decoded = std::pair<std::string, std::vector<std::size_t>>;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_break(char c) { return c == '\n' || c == '\r'; }

// Past the line break at `at` (LF, CR or CRLF).
std::size_t skip_break(std::string_view s, std::size_t at) {
  if (s[at] == '\r' && at + 1 < s.size() && s[at + 1] == '\n') {
    return at + 2;
  }
  return at + 1;
}

void put(Decoded& out, char c, std::size_t from) {
  out.first.push_back(c);
  out.second.push_back(from);
}

void put_code_point(Decoded& out, std::uint32_t cp, std::size_t from) {
  if (cp < 0x80) {
    put(out, static_cast<char>(cp), from);
  } else if (cp < 0x800) {
    put(out, static_cast<char>(0xC0 | (cp >> 6)), from);
    put(out, static_cast<char>(0x80 | (cp & 0x3F)), from);
  } else if (cp < 0x10000) {
    put(out, static_cast<char>(0xE0 | (cp >> 12)), from);
    put(out, static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), from);
    put(out, static_cast<char>(0x80 | (cp & 0x3F)), from);
  } else {
    put(out, static_cast<char>(0xF0 | (cp >> 18)), from);
    put(out, static_cast<char>(0x80 | ((cp >> 12) & 0x3F)), from);
    put(out, static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), from);
    put(out, static_cast<char>(0x80 | (cp & 0x3F)), from);
  }
}

// A run of blanks and line breaks inside a flow scalar at `at`: trailing blanks are dropped,
// one break folds to a space, n breaks to n - 1 newlines (YAML 1.2 section 7.3.1). Returns the
// end of the run; a run without a break is kept as it is.
std::size_t fold_flow_run(std::string_view s, std::size_t at, std::size_t end, Decoded& out) {
  std::size_t i = at;
  std::vector<std::size_t> breaks;
  while (i < end && (is_blank(s[i]) || is_break(s[i]))) {
    if (is_break(s[i])) {
      breaks.push_back(i);
      i = skip_break(s, i);
    } else {
      ++i;
    }
  }
  if (breaks.empty()) {
    for (std::size_t k = at; k < i; ++k) {
      put(out, s[k], k);
    }
  } else if (breaks.size() == 1) {
    put(out, ' ', breaks[0]);
  } else {
    for (std::size_t k = 1; k < breaks.size(); ++k) {
      put(out, '\n', breaks[k]);
    }
  }
  return i;
}

// One escape of a double-quoted scalar at `at` (the backslash); the index after it, or
// nullopt for an escape YAML does not have.
std::optional<std::size_t> decode_escape(std::string_view s, std::size_t at, std::size_t end,
                                         Decoded& out) {
  if (at + 1 >= end) {
    return std::nullopt;
  }
  const char c = s[at + 1];
  std::size_t hex = 0;
  switch (c) {
    case 'x':
      hex = 2;
      break;
    case 'u':
      hex = 4;
      break;
    case 'U':
      hex = 8;
      break;
    default:
      break;
  }
  if (hex > 0) {
    std::uint32_t cp = 0;
    for (std::size_t k = 0; k < hex; ++k) {
      const int digit = at + 2 + k < end ? hex_value(s[at + 2 + k]) : -1;
      if (digit < 0) {
        return std::nullopt;
      }
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
    }
    put_code_point(out, cp, at);
    return at + 2 + hex;
  }
  if (is_break(c)) {
    // An escaped line break joins the lines: the break and the next line's indentation go.
    std::size_t i = skip_break(s, at + 1);
    while (i < end && is_blank(s[i])) {
      ++i;
    }
    return i;
  }
  static constexpr std::string_view k_from = "0abt\tnvfre \"/\\";
  static constexpr std::string_view k_to = "\0\a\b\t\t\n\v\f\r\x1b \"/\\";
  if (const std::size_t k = k_from.find(c); k != std::string_view::npos) {
    put(out, k_to[k], at);
    return at + 2;
  }
  static constexpr std::string_view k_unicode = "N_LP";
  static constexpr std::array<std::uint32_t, 4> k_points{0x85, 0xA0, 0x2028, 0x2029};
  if (const std::size_t k = k_unicode.find(c); k != std::string_view::npos) {
    put_code_point(out, k_points.at(k), at);
    return at + 2;
  }
  return std::nullopt;
}

std::optional<Decoded> decode_flow(std::string_view s, std::size_t begin, std::size_t end,
                                   ScalarStyle style) {
  Decoded out;
  std::size_t i = begin;
  std::size_t stop = end;
  if (style != ScalarStyle::plain) {
    const char quote = style == ScalarStyle::single_quoted ? '\'' : '"';
    if (end - begin < 2 || s[begin] != quote || s[end - 1] != quote) {
      return std::nullopt;
    }
    i = begin + 1;
    stop = end - 1;
  }
  while (i < stop) {
    const char c = s[i];
    if (is_blank(c) || is_break(c)) {
      i = fold_flow_run(s, i, stop, out);
    } else if (style == ScalarStyle::single_quoted && c == '\'') {
      if (i + 1 >= stop || s[i + 1] != '\'') {
        return std::nullopt;
      }
      put(out, '\'', i);
      i += 2;
    } else if (style == ScalarStyle::double_quoted && c == '\\') {
      auto next = decode_escape(s, i, stop, out);
      if (!next) {
        return std::nullopt;
      }
      i = *next;
    } else {
      put(out, c, i);
      ++i;
    }
  }
  out.second.push_back(stop);
  return out;
}

struct BlockLine {
  std::size_t content = 0;  // first byte after the indentation
  std::size_t stop = 0;     // the line break (or the end)
  bool empty = true;
};

// The lines of a block scalar's body [from, end), with `indent` spaces of indentation; a
// shorter non-empty line ends the body.
std::vector<BlockLine> block_lines(std::string_view s, std::size_t from, std::size_t end,
                                   std::size_t indent) {
  std::vector<BlockLine> lines;
  std::size_t i = from;
  while (i < end) {
    std::size_t spaces = 0;
    while (i + spaces < end && s[i + spaces] == ' ') {
      ++spaces;
    }
    std::size_t stop = i + spaces;
    while (stop < end && !is_break(s[stop])) {
      ++stop;
    }
    const bool blank_line = stop == i + spaces;
    if (!blank_line && spaces < indent) {
      break;
    }
    BlockLine line;
    line.content = std::min(i + indent, stop);
    line.stop = stop;
    line.empty = blank_line || line.content == stop;
    lines.push_back(line);
    i = stop < end ? skip_break(s, stop) : stop;
  }
  return lines;
}

// A block scalar body with every line break kept (the `+` chomping); the caller cuts it to
// libyaml's length, which is what clip and strip chomping do.
Decoded decode_block_body(std::string_view s, const std::vector<BlockLine>& lines, bool folded) {
  Decoded out;
  std::vector<std::size_t> breaks;  // since the last non-empty line
  bool seen_content = false;
  bool last_more_indented = false;
  for (const BlockLine& line : lines) {
    if (line.empty) {
      breaks.push_back(line.stop);
      continue;
    }
    const bool more_indented = is_blank(s[line.content]);
    if (seen_content && !breaks.empty()) {
      if (folded && !more_indented && !last_more_indented) {
        if (breaks.size() == 1) {
          put(out, ' ', breaks[0]);
        } else {
          for (std::size_t k = 1; k < breaks.size(); ++k) {
            put(out, '\n', breaks[k]);
          }
        }
      } else {
        for (const std::size_t at : breaks) {
          put(out, '\n', at);
        }
      }
    } else {
      for (const std::size_t at : breaks) {
        put(out, '\n', at);
      }
    }
    breaks.clear();
    for (std::size_t k = line.content; k < line.stop; ++k) {
      put(out, s[k], k);
    }
    breaks.push_back(line.stop);
    seen_content = true;
    last_more_indented = more_indented;
  }
  for (const std::size_t at : breaks) {
    put(out, '\n', at);
  }
  return out;
}

std::optional<Decoded> decode_block(std::string_view s, std::size_t begin, std::size_t end,
                                    ScalarStyle style, std::size_t indent) {
  std::size_t header_end = begin;
  while (header_end < end && !is_break(s[header_end])) {
    ++header_end;
  }
  if (header_end >= end) {
    Decoded empty;
    empty.second.push_back(end);
    return empty;
  }
  const std::size_t body = skip_break(s, header_end);
  Decoded out =
      decode_block_body(s, block_lines(s, body, end, indent), style == ScalarStyle::folded);
  out.second.push_back(out.second.empty() ? body : out.second.back() + 1);
  return out;
}

// The indentation of a block scalar's first non-empty body line (YAML's auto-detection).
std::size_t detected_indent(std::string_view s, std::size_t begin, std::size_t end) {
  std::size_t i = begin;
  while (i < end && !is_break(s[i])) {
    ++i;
  }
  std::size_t best = 0;
  while (i < end) {
    i = skip_break(s, i);
    std::size_t spaces = 0;
    while (i + spaces < end && s[i + spaces] == ' ') {
      ++spaces;
    }
    best = std::max(best, spaces);
    if (i + spaces < end && !is_break(s[i + spaces])) {
      return spaces;
    }
    i += spaces;
  }
  return best;
}

// The decoded form of `node` when it reproduces libyaml's value. Block scalars are decoded
// with every final break kept (chomping cuts them), and their indentation is the detected one
// or, for an explicit indentation indicator, one of the smaller ones.
std::optional<std::vector<std::size_t>> matching_offsets(std::string_view file,
                                                         const TreeNode& node) {
  const bool block = node.style == ScalarStyle::literal || node.style == ScalarStyle::folded;
  const std::size_t end = std::min(node.end, file.size());
  if (node.begin > end) {
    return std::nullopt;
  }
  std::size_t indent = block ? detected_indent(file, node.begin, end) : 0;
  while (true) {
    auto decoded = block ? decode_block(file, node.begin, end, node.style, indent)
                         : decode_flow(file, node.begin, end, node.style);
    if (decoded && decoded->first.starts_with(node.text) &&
        (block || decoded->first.size() == node.text.size())) {
      std::vector<std::size_t> offsets = std::move(decoded->second);
      const std::size_t past = offsets.at(
          node.text.size() < decoded->first.size() ? node.text.size() : offsets.size() - 1);
      offsets.resize(node.text.size());
      offsets.push_back(past);
      return offsets;
    }
    if (!block || indent == 0) {
      return std::nullopt;
    }
    --indent;
  }
}

}  // namespace

std::vector<std::size_t> string_offsets(std::string_view file, const TreeNode& node) {
  if (node.style == ScalarStyle::json) {
    std::vector<std::size_t> offsets;
    if (LazyValue(file, node.begin).string(&offsets) && offsets.size() == node.text.size() + 1) {
      return offsets;
    }
  } else if (auto offsets = matching_offsets(file, node)) {
    return std::move(*offsets);
  }
  return {std::vector<std::size_t>(node.text.size() + 1, node.begin)};
}

}  // namespace ecrlc::detail
