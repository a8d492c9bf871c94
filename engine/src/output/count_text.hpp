// "1 image", "3 images": counts in the sentences of the diff and plan outputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ecrlc::detail {

// `n` and `noun`, with an "s" unless `n` is 1.
inline std::string count_text(std::uint64_t n, std::string_view noun) {
  std::string text = std::to_string(n);
  text += ' ';
  text += noun;
  if (n != 1) {
    text += 's';
  }
  return text;
}

}  // namespace ecrlc::detail
