// Reading plan.json back: strict, every member checked, errors name the JSON pointer. The file
// is the tool's own output behind a checksum, so anything unexpected means it is not, and
// apply must not run on it.
#include <simdjson.h>

#include <array>
#include <utility>

#include "base/enum_names.hpp"
#include "ecrlc/plan_record.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc {
namespace {

namespace dom = simdjson::dom;

class RecordReader {
 public:
  Result<PlanRecord> read(std::string_view text);

 private:
  bool fail(const std::string& pointer, std::string_view what) {
    if (m_error.empty()) {
      m_error = pointer + ": expected " + std::string(what);
    }
    return false;
  }
  bool field(dom::object object, const std::string& pointer, std::string_view name,
             dom::element& out) {
    if (object[name].get(out) != simdjson::SUCCESS) {
      return fail(pointer + "/" + std::string(name), "a member");
    }
    return true;
  }
  // Member `name` of `object` as a T (a string_view, an int64, an array): simdjson checks the
  // type; `what` names it in the failure.
  template <typename T>
  bool typed(dom::object object, const std::string& pointer, std::string_view name, T& out,
             std::string_view what) {
    dom::element value;
    if (!field(object, pointer, name, value)) {
      return false;
    }
    if (value.get(out) != simdjson::SUCCESS) {
      return fail(pointer + "/" + std::string(name), what);
    }
    return true;
  }
  // Member `name` as a string that `parse` turns into `out` (a digest, a time), or nothing.
  template <typename T, typename Parse>
  bool parsed_string(dom::object object, const std::string& pointer, std::string_view name, T& out,
                     std::string_view what, Parse parse) {
    std::string text;
    if (!string(object, pointer, name, text)) {
      return false;
    }
    auto parsed = parse(text);
    if (!parsed) {
      return fail(pointer + "/" + std::string(name), what);
    }
    out = *parsed;
    return true;
  }
  bool string(dom::object object, const std::string& pointer, std::string_view name,
              std::string& out);
  bool optional_string(dom::object object, const std::string& pointer, std::string_view name,
                       std::optional<std::string>& out);
  bool integer(dom::object object, const std::string& pointer, std::string_view name,
               std::int64_t& out);
  bool digest(dom::object object, const std::string& pointer, std::string_view name, Digest& out);
  bool time(dom::object object, const std::string& pointer, std::string_view name, Micros& out);
  bool array(dom::object object, const std::string& pointer, std::string_view name,
             dom::array& out);
  bool image(dom::element element, const std::string& pointer, PlannedImage& out);
  bool protection(dom::element element, const std::string& pointer, RecordedProtection& out);
  // {"file": ..., "text": ...}: a recorded policy or protect file.
  bool file_text(dom::element element, const std::string& pointer, std::string& file,
                 std::string& text);
  bool repository(dom::element element, const std::string& pointer, std::size_t policies,
                  PlannedRepository& out);

  std::string m_error;
};

bool RecordReader::string(dom::object object, const std::string& pointer, std::string_view name,
                          std::string& out) {
  std::string_view text;
  if (!typed(object, pointer, name, text, "a string")) {
    return false;
  }
  out = std::string(text);
  return true;
}

bool RecordReader::optional_string(dom::object object, const std::string& pointer,
                                   std::string_view name, std::optional<std::string>& out) {
  dom::element value;
  if (!field(object, pointer, name, value)) {
    return false;
  }
  if (value.is_null()) {
    out.reset();
    return true;
  }
  out.emplace();
  return string(object, pointer, name, *out);
}

bool RecordReader::integer(dom::object object, const std::string& pointer, std::string_view name,
                           std::int64_t& out) {
  return typed(object, pointer, name, out, "an integer");
}

bool RecordReader::digest(dom::object object, const std::string& pointer, std::string_view name,
                          Digest& out) {
  return parsed_string(object, pointer, name, out, "a sha256 digest",
                       [](const std::string& text) { return Digest::parse(text); });
}

bool RecordReader::time(dom::object object, const std::string& pointer, std::string_view name,
                        Micros& out) {
  return parsed_string(object, pointer, name, out, "an ISO-8601 time",
                       [](const std::string& text) { return parse_iso8601(text); });
}

bool RecordReader::array(dom::object object, const std::string& pointer, std::string_view name,
                         dom::array& out) {
  return typed(object, pointer, name, out, "an array");
}

bool RecordReader::image(dom::element element, const std::string& pointer, PlannedImage& out) {
  dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) {
    return fail(pointer, "an object");
  }
  dom::array tags;
  std::string action;
  std::optional<std::string> pulled;
  if (!digest(object, pointer, "imageDigest", out.digest) ||
      !array(object, pointer, "imageTags", tags) ||
      !time(object, pointer, "imagePushedAt", out.pushed_at) ||
      !optional_string(object, pointer, "lastRecordedPullTime", pulled) ||
      !integer(object, pointer, "imageSizeInBytes", out.size_bytes) ||
      !string(object, pointer, "action", action) ||
      !integer(object, pointer, "rulePriority", out.rule)) {
    return false;
  }
  for (const dom::element tag : tags) {
    std::string_view text;
    if (tag.get_string().get(text) != simdjson::SUCCESS) {
      return fail(pointer + "/imageTags", "strings");
    }
    out.tags.emplace_back(text);
  }
  if (pulled) {
    Result<Micros> parsed = parse_iso8601(*pulled);
    if (!parsed) {
      return fail(pointer + "/lastRecordedPullTime", "an ISO-8601 time or null");
    }
    out.last_pulled = *parsed;
  }
  if (action == "expire") {
    out.action = Action::expire;
  } else if (action == "transition") {
    out.action = Action::transition;
  } else {
    return fail(pointer + "/action", "\"expire\" or \"transition\"");
  }
  return true;
}

bool RecordReader::protection(dom::element element, const std::string& pointer,
                              RecordedProtection& out) {
  dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) {
    return fail(pointer, "an object");
  }
  std::string kind;
  if (!digest(object, pointer, "imageDigest", out.digest) ||
      !string(object, pointer, "kind", kind)) {
    return false;
  }
  static constexpr std::array<std::string_view, 4> k_kinds{"direct", "child_of_index", "referrer",
                                                           "subject"};
  const std::optional<ProtectionKind> found = detail::enum_from_name<ProtectionKind>(kind, k_kinds);
  if (!found) {
    return fail(pointer + "/kind", "a protection kind");
  }
  out.kind = *found;
  if (out.kind == ProtectionKind::direct) {
    std::int64_t line = 0;
    std::int64_t column = 0;
    if (!string(object, pointer, "reference", out.reference) ||
        !integer(object, pointer, "line", line) || !integer(object, pointer, "column", column)) {
      return false;
    }
    if (line < 0 || column < 0) {
      return fail(pointer + "/line", "a position");
    }
    out.line = static_cast<std::size_t>(line);
    out.column = static_cast<std::size_t>(column);
    return true;
  }
  Digest via;
  if (!digest(object, pointer, "via", via)) {
    return false;
  }
  out.via = via;
  return true;
}

bool RecordReader::file_text(dom::element element, const std::string& pointer, std::string& file,
                             std::string& text) {
  dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) {
    return fail(pointer, "an object");
  }
  return string(object, pointer, "file", file) && string(object, pointer, "text", text);
}

bool RecordReader::repository(dom::element element, const std::string& pointer,
                              std::size_t policies, PlannedRepository& out) {
  dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) {
    return fail(pointer, "an object");
  }
  std::optional<std::string> registry;
  std::int64_t policy = 0;
  dom::array images;
  dom::array protections;
  if (!string(object, pointer, "repositoryName", out.name) ||
      !optional_string(object, pointer, "registryId", registry) ||
      !integer(object, pointer, "policy", policy) || !array(object, pointer, "images", images) ||
      !array(object, pointer, "protected", protections)) {
    return false;
  }
  if (out.name.empty()) {
    return fail(pointer + "/repositoryName", "a repository name");
  }
  out.registry_id = registry.value_or("");
  if (policy < 0 || static_cast<std::uint64_t>(policy) >= policies) {
    return fail(pointer + "/policy", "an index into /policies");
  }
  out.policy = static_cast<std::size_t>(policy);
  std::size_t k = 0;
  for (const dom::element image_element : images) {
    if (!image(image_element, pointer + "/images/" + std::to_string(k++),
               out.images.emplace_back())) {
      return false;
    }
  }
  k = 0;
  for (const dom::element protection_element : protections) {
    if (!protection(protection_element, pointer + "/protected/" + std::to_string(k++),
                    out.protected_images.emplace_back())) {
      return false;
    }
  }
  return true;
}

Result<PlanRecord> RecordReader::read(std::string_view text) {
  dom::parser parser;
  dom::element root;
  const simdjson::padded_string padded(text);
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
    return unexpected(std::string("not JSON"));
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return unexpected(std::string("expected an object"));
  }
  PlanRecord record;
  std::string format;
  std::optional<std::string> region;
  dom::array policies;
  dom::array repositories;
  dom::array protect_files;
  if (!string(object, "", "format", format)) {
    return unexpected(m_error);
  }
  if (format != k_plan_record_format) {
    return unexpected("/format: expected \"" + std::string(k_plan_record_format) + "\", got \"" +
                      format + "\"");
  }
  if (!time(object, "", "evaluatedAt", record.evaluated_at) ||
      !optional_string(object, "", "region", region) ||
      !optional_string(object, "", "protectFile", record.protect_file) ||
      !array(object, "", "protectFiles", protect_files) ||
      !array(object, "", "policies", policies) ||
      !array(object, "", "repositories", repositories)) {
    return unexpected(m_error);
  }
  record.region = region.value_or("");
  std::size_t k = 0;
  for (const dom::element protect : protect_files) {
    auto& [file, text] = record.protect_texts.emplace_back();
    if (!file_text(protect, "/protectFiles/" + std::to_string(k++), file, text)) {
      return unexpected(m_error);
    }
  }
  k = 0;
  for (const dom::element policy : policies) {
    RecordedPolicy& recorded = record.policies.emplace_back();
    if (!file_text(policy, "/policies/" + std::to_string(k++), recorded.file, recorded.text)) {
      return unexpected(m_error);
    }
  }
  k = 0;
  for (const dom::element repository_element : repositories) {
    if (!repository(repository_element, "/repositories/" + std::to_string(k++),
                    record.policies.size(), record.repositories.emplace_back())) {
      return unexpected(m_error);
    }
  }
  return record;
}

}  // namespace

Result<PlanRecord> parse_plan_record(std::string_view text) {
  RecordReader reader;
  return reader.read(text);
}

}  // namespace ecrlc
