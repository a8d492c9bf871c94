// Terraform plans (`terraform show -json PLANFILE`) and repository creation templates as the
// AWS CLI prints or reads them: JSON read in place with LazyValue, so a plan of tens of MB
// is never turned into a tree.
#include <string>
#include <utility>
#include <vector>

#include "templates/collector.hpp"

namespace ecrlc::detail {
namespace {

// after_unknown marks a value known only after apply with `true`.
bool is_true(std::string_view file, const std::optional<LazyValue>& value) {
  return value && value->type() == LazyValue::Type::boolean &&
         file.substr(value->offset(), 4) == "true";
}

// A literal string member `key` of `object`, with its file offsets.
void read_string_member(const LazyValue& object, std::string_view key, Collector& collector,
                        EmbeddedPolicy policy) {
  std::optional<LazyValue> value = object.find(key);
  if (!value || value->type() == LazyValue::Type::null) {
    return;
  }
  std::vector<std::size_t> offsets;
  std::optional<std::string> text = value->string(&offsets);
  if (!text) {
    collector.report(Severity::error, "E0302", value->offset(),
                     "expected the policy text as a string, got another JSON type", policy.subject);
  } else if (!text->empty()) {  // "" is a creation template without a lifecycle policy
    collector.literal(std::move(policy), *text, offsets);
  }
}

void read_resource_change(const LazyValue& change_record, Collector& collector) {
  const std::string type = change_record.string_member("type").value_or("");
  const bool policy_resource = type == "aws_ecr_lifecycle_policy";
  if ((!policy_resource && type != "aws_ecr_repository_creation_template") ||
      change_record.string_member("mode").value_or("managed") != "managed") {
    return;
  }
  std::optional<LazyValue> change = change_record.find("change");
  std::optional<LazyValue> after = change ? change->find("after") : std::nullopt;
  if (!after || !after->is_object()) {
    return;  // destroyed: no policy after apply
  }
  std::optional<LazyValue> unknown = change->find("after_unknown");
  auto unknown_member = [&](std::string_view key) {
    return unknown && unknown->is_object() && is_true(collector.file(), unknown->find(key));
  };
  EmbeddedPolicy policy;
  policy.subject = change_record.string_member("address").value_or(type);
  const std::string name_key = policy_resource ? "repository" : "prefix";
  if (unknown_member(name_key)) {
    policy.unnamed_reason = "its " + name_key + " is known only after apply";
  } else if (auto name = after->string_member(name_key)) {
    (policy_resource ? policy.repository : policy.prefix) = *name;
  } else {
    policy.unnamed_reason = "it has no " + name_key;
  }
  const std::string text_key = policy_resource ? "policy" : "lifecycle_policy";
  const std::optional<LazyValue> address = change_record.find("address");
  if (unknown_member(text_key)) {
    collector.deploy_time(std::move(policy), address ? address->offset() : change_record.offset(),
                          "known only after apply", "W0302");
    return;
  }
  read_string_member(*after, text_key, collector, std::move(policy));
}

void read_creation_template(const LazyValue& entry, Collector& collector) {
  EmbeddedPolicy policy;
  if (auto prefix = entry.string_member("prefix")) {
    policy.prefix = *prefix;
    policy.subject = "Creation template " + *prefix;
  } else {
    policy.subject = "Creation template";
    policy.unnamed_reason = "it has no prefix";
  }
  read_string_member(entry, "lifecyclePolicy", collector, std::move(policy));
}

}  // namespace

void read_terraform_plan(const LazyValue& root, Collector& collector) {
  if (auto changes = root.find("resource_changes"); changes && changes->is_array()) {
    for (const LazyValue& change : changes->elements()) {
      if (change.is_object()) {
        read_resource_change(change, collector);
      }
    }
  }
  collector.finish(
      "resource_changes of aws_ecr_lifecycle_policy and aws_ecr_repository_creation_template");
}

void read_creation_templates(const LazyValue& root, Collector& collector) {
  if (auto list = root.find("repositoryCreationTemplates"); list && list->is_array()) {
    for (const LazyValue& entry : list->elements()) {
      if (entry.is_object()) {
        read_creation_template(entry, collector);
      }
    }
  } else {
    read_creation_template(root, collector);
  }
  collector.finish("repositoryCreationTemplates with a lifecyclePolicy");
}

}  // namespace ecrlc::detail
