// The seven preview formats behind render_preview, and the pieces the json and ndjson formats
// share.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "base/json_writer.hpp"
#include "ecrlc/output.hpp"
#include "output/output_buffer.hpp"

namespace ecrlc::detail {

void render_preview_table(OutputBuffer& buffer, const Preview& preview,
                          const PreviewRenderOptions& options);
void render_preview_json(OutputBuffer& buffer, const Preview& preview,
                         const PreviewRenderOptions& options);
void render_preview_aws(OutputBuffer& buffer, const Preview& preview,
                        const PreviewRenderOptions& options);
void render_preview_csv(OutputBuffer& buffer, const Preview& preview,
                        const PreviewRenderOptions& options);
void render_preview_ndjson(OutputBuffer& buffer, const Preview& preview,
                           const PreviewRenderOptions& options);
void render_preview_markdown(OutputBuffer& buffer, const Preview& preview,
                             const PreviewRenderOptions& options);
void render_preview_html(OutputBuffer& buffer, const Preview& preview,
                         const PreviewRenderOptions& options);

// How many images of `repository` the listing formats show: those that get an action, or
// every image with --all.
inline std::size_t listed_count(const RepositoryPreview& repository, bool all) {
  return all ? repository.order.size() : repository.acted_count;
}

// The members of one image of the json/ndjson schema (docs/preview.md), written into the
// object `json` has open. `scratch` is reused for the reason text.
void append_image_members(JsonWriter& json, const Preview& preview,
                          const RepositoryPreview& repository, std::uint32_t image,
                          std::string& scratch);

// The members of one forecast entry, written into the object `json` has open.
void append_forecast_members(JsonWriter& json, const Preview& preview,
                             const RepositoryPreview& repository, const ForecastEntry& entry);

// --protect with --format table: the section of images in use, after everything else.
void append_preview_in_use_table(std::string& out, const PreviewRenderOptions& options);

// Appends `"sha256:<64 hex>"` (quoted) or the first `hex_digits` hex digits unquoted:
// Digest::to_string without a string allocated per image.
void append_json_digest(std::string& out, const Digest& digest);
void append_digest_hex(std::string& out, const Digest& digest, std::size_t hex_digits);

}  // namespace ecrlc::detail
