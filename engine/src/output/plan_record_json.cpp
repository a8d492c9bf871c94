// plan.json of a plan folder (plan_record.hpp): what apply re-checks the live registry against.
#include <algorithm>
#include <cstdint>
#include <functional>

#include "base/json_writer.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/sha256.hpp"

namespace ecrlc {
namespace {

using detail::JsonWriter;

void optional_string(JsonWriter& json, std::string_view name, std::string_view text) {
  json.key(name);
  if (text.empty()) {
    json.null();
  } else {
    json.value(text);
  }
}

void write_image(JsonWriter& json, const PlannedImage& image) {
  json.begin_object(JsonWriter::Layout::line);
  json.member("imageDigest", std::string_view(image.digest.to_string()));
  json.key("imageTags").begin_array(JsonWriter::Layout::line);
  for (const std::string& tag : image.tags) {
    json.value(std::string_view(tag));
  }
  json.end_array();
  json.member("imagePushedAt", std::string_view(format_utc(image.pushed_at)));
  optional_string(json, "lastRecordedPullTime",
                  image.last_pulled ? format_utc(*image.last_pulled) : std::string());
  json.member("imageSizeInBytes", image.size_bytes);
  json.member("action", to_json(image.action));
  json.member("rulePriority", image.rule);
  json.end_object();
}

void write_protection(JsonWriter& json, const RecordedProtection& protection) {
  json.begin_object(JsonWriter::Layout::line);
  json.member("imageDigest", std::string_view(protection.digest.to_string()));
  json.member("kind", to_json(protection.kind));
  if (protection.kind == ProtectionKind::direct) {
    json.member("reference", std::string_view(protection.reference));
    json.member("line", static_cast<std::uint64_t>(protection.line));
    json.member("column", static_cast<std::uint64_t>(protection.column));
  } else {
    json.member("via", std::string_view(protection.via ? protection.via->to_string() : ""));
  }
  json.end_object();
}

}  // namespace

namespace {

// A generous estimate of the record's size in bytes. plan.json holds every planned image
// (hundreds of MB at a million images): grown by doubling, the string would hold its old and
// new buffers at once at each step, most of plan's peak memory. Reserving once avoids that;
// capacity that is never written is never touched, so an estimate too large costs nothing.
std::size_t estimated_record_size(const PlanRecord& record) {
  std::size_t size = 4096;
  for (const auto& [file, text] : record.protect_texts) {
    size += 2 * (file.size() + text.size()) + 64;
  }
  for (const RecordedPolicy& policy : record.policies) {
    size += 2 * (policy.file.size() + policy.text.size()) + 64;
  }
  for (const PlannedRepository& repository : record.repositories) {
    size += 256 + repository.name.size() + repository.registry_id.size();
    for (const PlannedImage& image : repository.images) {
      size += 320;
      for (const std::string& tag : image.tags) {
        size += tag.size() + 4;
      }
    }
    for (const RecordedProtection& protection : repository.protected_images) {
      size += 256 + 2 * protection.reference.size();
    }
  }
  return size;
}

}  // namespace

void render_plan_record(const PlanRecord& record, std::size_t part_bytes,
                        const std::function<void(std::string&)>& part) {
  std::string out;
  const std::size_t estimate = estimated_record_size(record);
  // A part ends after the image that reaches part_bytes: an image's text is far below 64 KiB.
  out.reserve(estimate <= part_bytes ? estimate : part_bytes + (std::size_t{64} << 10));
  JsonWriter json(out, 2);
  json.begin_object();
  json.member("format", k_plan_record_format);
  json.member("evaluatedAt", std::string_view(format_utc(record.evaluated_at)));
  optional_string(json, "region", record.region);
  json.key("protectFile");
  if (record.protect_file) {
    json.value(std::string_view(*record.protect_file));
  } else {
    json.null();
  }
  json.key("protectFiles").begin_array();
  for (const auto& [file, text] : record.protect_texts) {
    json.begin_object(JsonWriter::Layout::line);
    json.member("file", std::string_view(file)).member("text", std::string_view(text));
    json.end_object();
  }
  json.end_array();
  json.key("policies").begin_array();
  for (const RecordedPolicy& policy : record.policies) {
    json.begin_object(JsonWriter::Layout::line);
    json.member("file", std::string_view(policy.file))
        .member("text", std::string_view(policy.text));
    json.end_object();
  }
  json.end_array();
  json.key("repositories").begin_array();
  for (const PlannedRepository& repository : record.repositories) {
    json.begin_object();
    json.member("repositoryName", std::string_view(repository.name));
    optional_string(json, "registryId", repository.registry_id);
    json.member("policy", static_cast<std::uint64_t>(repository.policy));
    json.key("images").begin_array();
    for (const PlannedImage& image : repository.images) {
      write_image(json, image);
      if (out.size() >= part_bytes) {
        part(out);
      }
    }
    json.end_array();
    json.key("protected").begin_array();
    for (const RecordedProtection& protection : repository.protected_images) {
      write_protection(json, protection);
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  out += '\n';
  part(out);
}

std::string render_plan_record(const PlanRecord& record) {
  std::string whole;
  render_plan_record(record, SIZE_MAX, [&](std::string& text) { whole.swap(text); });
  return whole;
}

void append_checksum_line(std::string& out, std::string_view hex, std::string_view path) {
  out += hex;
  out += "  ";
  out += path;
  out += '\n';
}

std::string checksums_text(const std::vector<PlanFile>& files) {
  std::string out;
  for (const PlanFile& file : files) {
    append_checksum_line(out, sha256_hex(file.content), file.path);
  }
  return out;
}

}  // namespace ecrlc
