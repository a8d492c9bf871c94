// Which images of an inventory a user's words name (explain's IMAGE argument).
#pragma once

#include <string_view>
#include <vector>

#include "ecrlc/explain.hpp"
#include "ecrlc/inventory.hpp"

namespace ecrlc {

// The images `image` names, in inventory order; the caller decides what zero or several
// matches mean. `image` is one of:
// - `sha256:HEX`, a digest or a prefix of its hex digits, in any repository;
// - `REPOSITORY@sha256:HEX` (as explain lists ambiguous matches), `REPOSITORY:TAG`;
// - an image URI in any ECR host form (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG`,
//   `...@sha256:...`, FIPS, China, dual-stack, with `docker-pullable://`): its account must
//   be the repository's registryId where the inventory has one; without tag or digest it
//   names `:latest`, as Docker reads it;
// - `TAG` in any repository, or a bare hex digest prefix when no image has that tag.
// A non-empty `repository` keeps only images of that repository.
std::vector<ImageRef> find_images(const Inventory& inventory, std::string_view image,
                                  std::string_view repository = {});

}  // namespace ecrlc
