// Plain-text pieces shared by the plan summary (plan.cpp) and the diff table (diff.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/inventory.hpp"

namespace ecrlc::detail {

// Left-aligned columns two blanks apart, one line per row, no trailing blanks. Widths are in
// bytes (not display columns): the plan and diff outputs have always been aligned that way.
std::string format_table(const std::vector<std::vector<std::string>>& rows);

// "1 image", "3 images": `n` and `noun`, with an "s" unless `n` is 1.
std::string count_text(std::uint64_t n, std::string_view noun);

// The tags of `image` joined by `separator`; empty for an untagged image.
std::string joined_tags(const ImageRecord& image, std::string_view separator);

}  // namespace ecrlc::detail
