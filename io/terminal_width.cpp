// How many columns the terminal on a file descriptor has.
#include "io/terminal_width.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>

namespace ecrlc::io {

namespace {

constexpr std::size_t k_most_columns = 100000;
constexpr std::size_t k_default_columns = 80;  // a terminal that does not say

}  // namespace

std::optional<std::size_t> columns_from_environment(std::string_view text) {
  std::size_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end || value == 0 || value > k_most_columns) {
    return std::nullopt;
  }
  return value;
}

std::size_t terminal_columns(int fd) {
  if (isatty(fd) != 1) {
    return 0;
  }
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once, before any thread starts
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    if (const auto value = columns_from_environment(columns)) {
      return *value;
    }
  }
  winsize size{};
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): ioctl is variadic
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return k_default_columns;
}

}  // namespace ecrlc::io
