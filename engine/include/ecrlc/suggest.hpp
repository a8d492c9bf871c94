// "Did you mean": the valid name closest to a mistyped one (a subcommand, an option, an enum
// value, a policy key), for messages that name the fix.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecrlc {

// The name of `names` closest to `given` by edit distance (insertions, deletions,
// substitutions and swaps of two neighbours; letters compared without case), when it is
// close enough to be a typo: at most 1 edit for names of up to 4 characters, 2 up to 8, and 3
// beyond. Ties go to the earlier name. nullopt when none is close or `given` is a name.
std::optional<std::string> closest_name(std::string_view given,
                                        const std::vector<std::string>& names);

// " (did you mean NAME?)" for closest_name's answer, or "" when there is none.
std::string did_you_mean(std::string_view given, const std::vector<std::string>& names);

// The values of a braced list as CLI11 writes allowed values, "{table,json}" -> table, json;
// empty unless `text` starts with '{' and ends with '}'.
std::vector<std::string> braced_values(const std::string& text);

}  // namespace ecrlc
