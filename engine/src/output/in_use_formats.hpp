// Private to output/: images in use that a policy acts on (find_in_use), as a table section
// and as JSON, shared by preview, diff and plan.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/json_writer.hpp"
#include "ecrlc/in_use.hpp"
#include "ecrlc/output.hpp"

namespace ecrlc::detail {

// One object per image: repositoryName, registryId (when known), imageDigest, imageTags,
// action, rule, protection (direct, child_of_index, ...) and usedBy (protect_users).
void append_in_use_json(JsonWriter& json, const ProtectList& list,
                        const std::vector<InUseImage>& in_use);
// The members of one of them, into the object `json` has open.
void append_in_use_members(JsonWriter& json, const ProtectList& list, const InUseImage& image);

// `heading` ("In use: 2 images the policy expires or archives"), then one row per image:
// REPOSITORY, IMAGE, TAGS, ACTION, RULE, USED BY, fitted to `width`. Nothing when `in_use` is
// empty.
void append_in_use_table(std::string& out, const ProtectList& list,
                         const std::vector<InUseImage>& in_use, std::string_view heading,
                         const TableWidth& width = {});

}  // namespace ecrlc::detail
