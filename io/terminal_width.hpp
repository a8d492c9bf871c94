// How many columns the terminal on a file descriptor has: what tables for people are fitted
// to when they go to one (docs/preview.md, "Table width"). The engine gets the number only.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace ecrlc::io {

// COLUMNS as a width: a whole number from 1 to 100000; nullopt for anything else (unset,
// empty, "abc", "0"), which leaves the terminal's own width.
std::optional<std::size_t> columns_from_environment(std::string_view text);

// 0 when `fd` is not a terminal. Otherwise COLUMNS when it is a width (the user's say, as for
// ls and git), else the terminal's window width (TIOCGWINSZ), else 80.
std::size_t terminal_columns(int fd);

}  // namespace ecrlc::io
