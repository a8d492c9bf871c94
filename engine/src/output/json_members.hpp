// JSON members that several outputs write alike: an image's digest, tags and times, a rule
// priority that may be none, and a count with its bytes.
#pragma once

#include <cstdint>

#include "base/json_writer.hpp"
#include "ecrlc/byte_total.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc::detail {

// `"name": "sha256:<64 hex>"`.
void digest_member(JsonWriter& json, JsonKey name, const Digest& digest);
// `"name": "2025-03-15T16:47:53Z"` (format_utc).
void time_member(JsonWriter& json, JsonKey name, Micros t);
// `"imageTags": ["v1", "latest"]`, on one line, in the order of the input.
void tags_member(JsonWriter& json, const ImageRecord& image);
// `"name": 2`, or `"name": null` for no rule (priority 0).
void rule_member(JsonWriter& json, JsonKey name, std::int64_t priority);
// `{"images": 3, "bytes": 1024}` as the next value.
void append_count(JsonWriter& json, std::uint64_t images, ByteTotal bytes);

}  // namespace ecrlc::detail
