// render_preview: the format names, the output buffer and the dispatch to the seven formats;
// digests as JSON and hex.
#include <array>
#include <cstring>
#include <ostream>

#include "base/hex.hpp"
#include "ecrlc/output.hpp"
#include "output/in_use_formats.hpp"
#include "output/preview_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc {

namespace {

struct FormatEntry {
  std::string_view name;
  PreviewFormat format;
  void (*render)(detail::OutputBuffer&, const Preview&, const PreviewRenderOptions&);
};

constexpr std::array<FormatEntry, 7> k_formats = {{
    {"table", PreviewFormat::table, detail::render_preview_table},
    {"json", PreviewFormat::json, detail::render_preview_json},
    {"aws", PreviewFormat::aws, detail::render_preview_aws},
    {"csv", PreviewFormat::csv, detail::render_preview_csv},
    {"ndjson", PreviewFormat::ndjson, detail::render_preview_ndjson},
    {"markdown", PreviewFormat::markdown, detail::render_preview_markdown},
    {"html", PreviewFormat::html, detail::render_preview_html},
}};

}  // namespace

std::optional<PreviewFormat> parse_preview_format(std::string_view name) {
  for (const FormatEntry& entry : k_formats) {
    if (entry.name == name) {
      return entry.format;
    }
  }
  return std::nullopt;
}

void render_preview(std::ostream& out, const Preview& preview, PreviewFormat format,
                    const PreviewRenderOptions& options) {
  detail::OutputBuffer buffer(out);
  for (const FormatEntry& entry : k_formats) {
    if (entry.format == format) {
      entry.render(buffer, preview, options);
      if (format == PreviewFormat::table && options.in_use != nullptr) {
        detail::append_preview_in_use_table(buffer.text(), options);
      }
      return;
    }
  }
}

namespace detail {

void append_digest_hex(std::string& out, const Digest& digest, std::size_t hex_digits) {
  // The two digits of every byte value: every image's digest is written, a million for a
  // large registry.
  static constexpr std::array<std::array<char, 2>, 256> k_pairs = [] {
    constexpr std::string_view k_hex = k_lower_hex_digits;
    std::array<std::array<char, 2>, 256> pairs{};
    for (std::size_t b = 0; b < pairs.size(); ++b) {
      pairs[b] = {k_hex[b >> 4], k_hex[b & 0xf]};
    }
    return pairs;
  }();
  hex_digits = std::min<std::size_t>(hex_digits, 64);
  std::array<char, 64> hex{};
  for (std::size_t b = 0; b < digest.bytes.size(); ++b) {
    std::memcpy(hex.data() + 2 * b, k_pairs[digest.bytes[b]].data(), 2);
  }
  out.append(hex.data(), hex_digits);
}

void append_preview_in_use_table(std::string& out, const PreviewRenderOptions& options) {
  const std::vector<InUseImage>& in_use = *options.in_use;
  out.append("\n");
  if (in_use.empty()) {
    out.append(preview_in_use_heading(0));
    out.push_back('\n');
    return;
  }
  append_in_use_table(out, *options.protect, in_use, preview_in_use_heading(in_use.size()),
                      options.width);
}

void append_json_digest(std::string& out, const Digest& digest) {
  out.append(std::string_view("\"sha256:"));
  append_digest_hex(out, digest, 64);
  out.push_back('"');
}

}  // namespace detail
}  // namespace ecrlc
