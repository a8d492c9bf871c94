// Pieces of a `--format csv` row, shared by the single-policy renderer (render_csv.cpp) and the
// multi-policy and forecast renderer (render_scope.cpp) so that their rows cannot drift apart.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ecrlc/preview.hpp"

namespace ecrlc::detail {

// The header row without its line end: a run with several policies or a horizon adds columns.
inline constexpr std::string_view k_csv_header =
    "repository,image_digest,image_tags,image_pushed_at,image_size_bytes,image_status,action,"
    "target_storage_class,rule,reason,reason_text";

// Appends `field` as RFC 4180 writes it: quoted, quotes doubled, when it holds a comma, a
// quote, CR or LF; as is otherwise.
void append_csv_field(std::string& out, std::string_view field);

// Appends the columns repository to image_status of `image` (no leading or trailing comma).
void append_csv_image(std::string& out, const Repository& repository, const ImageRecord& image);

// Appends the columns action to reason_text of the image at `index` of `repository` (no
// leading or trailing comma).
void append_csv_verdict(std::string& out, const Report& report, const RepositoryReport& repository,
                        std::uint32_t index);

}  // namespace ecrlc::detail
