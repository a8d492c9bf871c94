// JSON members that several outputs write alike.
#include "output/json_members.hpp"

#include "base/civil_time.hpp"
#include "output/preview_formats.hpp"

namespace ecrlc::detail {

using namespace json_literals;

void digest_member(JsonWriter& json, JsonKey name, const Digest& digest) {
  json.key(name);
  append_json_digest(json.raw_value(), digest);
}

void time_member(JsonWriter& json, JsonKey name, Micros t) {
  json.key(name);
  std::string& out = json.raw_value();
  out.push_back('"');
  append_iso_time(out, t, "Z");
  out.push_back('"');
}

void tags_member(JsonWriter& json, const ImageRecord& image) {
  json.key("imageTags"_key).begin_array(JsonWriter::Layout::line);
  for (const std::string_view tag : image.tags) {
    json.value(tag);
  }
  json.end_array();
}

void rule_member(JsonWriter& json, JsonKey name, std::int64_t priority) {
  json.key(name);
  if (priority != 0) {
    json.value(priority);
  } else {
    json.null();
  }
}

void append_count(JsonWriter& json, std::uint64_t images, ByteTotal bytes) {
  json.begin_object(JsonWriter::Layout::line)
      .member("images"_key, images)
      .member("bytes"_key, bytes)
      .end_object();
}

}  // namespace ecrlc::detail
