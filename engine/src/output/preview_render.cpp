// render_preview: the format names, the output buffer and the dispatch to the five formats.
#include <ostream>

#include "ecrlc/output.hpp"
#include "output/preview_formats.hpp"

namespace ecrlc {

std::optional<PreviewFormat> parse_preview_format(std::string_view name) {
  static constexpr std::pair<std::string_view, PreviewFormat> k_names[] = {
      {"table", PreviewFormat::table},
      {"json", PreviewFormat::json},
      {"aws", PreviewFormat::aws},
      {"csv", PreviewFormat::csv},
      {"ndjson", PreviewFormat::ndjson}};
  for (const auto& [spelling, format] : k_names) {
    if (name == spelling) {
      return format;
    }
  }
  return std::nullopt;
}

void render_preview(std::ostream& out, const Preview& preview, PreviewFormat format,
                    const PreviewRenderOptions& options) {
  detail::OutputBuffer buffer(out);
  switch (format) {
    case PreviewFormat::table:
      detail::render_preview_table(buffer, preview, options);
      return;
    case PreviewFormat::json:
      detail::render_preview_json(buffer, preview, options);
      return;
    case PreviewFormat::aws:
      detail::render_preview_aws(buffer, preview, options);
      return;
    case PreviewFormat::csv:
      detail::render_preview_csv(buffer, preview, options);
      return;
    case PreviewFormat::ndjson:
      detail::render_preview_ndjson(buffer, preview, options);
      return;
  }
}

namespace detail {

OutputBuffer::OutputBuffer(std::ostream& out) : m_out(out) { m_text.reserve(k_chunk + 4096); }

OutputBuffer::~OutputBuffer() { flush(); }

void OutputBuffer::flush() {
  if (!m_text.empty()) {
    m_out.write(m_text.data(), static_cast<std::streamsize>(m_text.size()));
    m_text.clear();
  }
}

void append_digest_hex(std::string& out, const Digest& digest, std::size_t hex_digits) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  hex_digits = std::min<std::size_t>(hex_digits, 64);
  const std::size_t start = out.size();
  out.resize(start + hex_digits);
  char* p = out.data() + start;
  for (std::size_t i = 0; i < hex_digits; ++i) {
    const std::uint8_t byte = digest.bytes[i / 2];
    p[i] = k_hex[(i % 2 == 0 ? byte >> 4 : byte) & 0xf];
  }
}

void append_json_digest(std::string& out, const Digest& digest) {
  out.append("\"sha256:");
  append_digest_hex(out, digest, 64);
  out.push_back('"');
}

}  // namespace detail
}  // namespace ecrlc
