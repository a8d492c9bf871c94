// Private to output/: the sections of the html report built from a preview (preview_html*.cpp)
// and the in-use table that diff's page shares.
#pragma once

#include <string>
#include <vector>

#include "ecrlc/output.hpp"
#include "output/html.hpp"

namespace ecrlc::detail {

// Caps that keep a report of a million images under 10 MB: image rows listed per repository
// and in all, repository rows, forecast rows. What is cut is counted in a note.
inline constexpr std::size_t k_html_images_per_repository = 100;
inline constexpr std::size_t k_html_images_in_all = 10000;
inline constexpr std::size_t k_html_repository_rows = 2000;
inline constexpr std::size_t k_html_forecast_rows = 1000;

// "a, b" of up to three tags, then "and N more"; "<none>" for an untagged image.
std::string tags_text(const ImageRecord& image);

// The images in use a policy acts on, one red row each (--protect), under `heading`.
void append_in_use_section(std::string& out, const ProtectList& list,
                           const std::vector<InUseImage>& in_use, const std::string& heading);

// The charts: bytes per repository (top 20 and the rest), per rule (images and bytes), the
// age histogram, and with a horizon the timeline.
void append_preview_charts(std::string& out, const Preview& preview);

// The tables: per repository (with cost), per rule (per policy), the forecast, the images
// that get an action (capped per repository).
void append_repository_table(std::string& out, const Preview& preview, const StoragePrices& prices);
void append_rule_tables(std::string& out, const Preview& preview);
void append_forecast_table(std::string& out, const Preview& preview);
void append_image_tables(std::string& out, const Preview& preview);

// How a repository is named in the report (with its registry when the inventory holds several).
std::string report_repository_name(const Preview& preview, const RepositoryPreview& repository);
// "rule 2" for one policy; "policies/app.json rule 2" for several.
std::string report_rule_name(const Preview& preview, const PreviewPolicy& policy,
                             const RuleSummary& rule);

}  // namespace ecrlc::detail
