// How an image is protected through another one (an index's child, a referrer, a referrer's
// subject), in the words of plan summaries and apply's skip details alike.
#pragma once

#include <string>

#include "ecrlc/inventory.hpp"
#include "ecrlc/protect.hpp"

namespace ecrlc::detail {

// "child of protected index sha256:ab12...", "referrer of protected ...", "subject of
// protected referrer ..."; empty for a direct protection (its reference says why).
std::string protection_relation(const Repository& repository, const Protection& protection);

}  // namespace ecrlc::detail
