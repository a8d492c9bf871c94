// Images in use that a policy acts on: the table section and the JSON objects.
#include "base/text_table.hpp"
#include "ecrlc/output.hpp"
#include "output/in_use_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {

void append_in_use_members(JsonWriter& json, const ProtectList& list, const InUseImage& image) {
  const Repository& repository = *image.repository;
  const ImageRecord& record = repository.images[image.image];
  json.member("repositoryName", std::string_view(repository.name));
  if (!repository.registry_id.empty()) {
    json.member("registryId", std::string_view(repository.registry_id));
  }
  json.member("imageDigest", record.digest.to_string()).key("imageTags");
  json.begin_array(JsonWriter::Layout::line);
  for (const std::string_view tag : record.tags) {
    json.value(tag);
  }
  json.end_array().member("action", to_json(image.action)).member("rule", image.rule);
  json.member("protection", to_json(image.protection.protection.kind)).key("usedBy");
  json.begin_array(JsonWriter::Layout::line);
  for (const std::string& user : protect_users(list, image.protection)) {
    json.value(std::string_view(user));
  }
  json.end_array();
}

void append_in_use_json(JsonWriter& json, const ProtectList& list,
                        const std::vector<InUseImage>& in_use) {
  json.begin_array();
  for (const InUseImage& image : in_use) {
    json.begin_object(JsonWriter::Layout::line);
    append_in_use_members(json, list, image);
    json.end_object();
  }
  json.end_array();
}

void append_in_use_table(std::string& out, const ProtectList& list,
                         const std::vector<InUseImage>& in_use, std::string_view heading,
                         const TableWidth& width) {
  if (in_use.empty()) {
    return;
  }
  out.append(heading).append(":\n");
  TextTable table;
  table.set_limit(width.columns);
  table.set_fit(0, {10});
  table.set_fit(1, {9});
  table.set_fit(2, {6});
  table.set_fit(5, {12});
  table.add_row({"REPOSITORY", "IMAGE", "TAGS", "ACTION", "RULE", "USED BY"});
  for (const InUseImage& image : in_use) {
    const ImageRecord& record = image.repository->images[image.image];
    table.add_row({std::string_view(image.repository->name),
                   width.wide ? record.digest.to_string() : record.digest.short_string(),
                   tags_or_untagged(record.tags, ","), std::string(action_label(image.action)),
                   std::to_string(image.rule),
                   describe_protection(list, *image.repository, image.protection)});
  }
  table.render(out);
}

}  // namespace ecrlc::detail
