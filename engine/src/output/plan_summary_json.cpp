// summary.json of a plan folder: totals, and per repository its rules and protected images.
#include "output/json_members.hpp"
#include "output/plan_layout.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

using namespace json_literals;
using Layout = JsonWriter::Layout;

void count_member(JsonWriter& json, JsonKey name, std::uint64_t images, ByteTotal bytes) {
  json.key(name);
  append_count(json, images, bytes);
}

// The head of a listed image (protected or held), left open for the members that follow.
void begin_listed_image(JsonWriter& json, const ImageRecord& image, Action action,
                        std::int64_t rule) {
  json.begin_object(Layout::line);
  digest_member(json, "imageDigest"_key, image.digest);
  tags_member(json, image);
  json.member("action"_key, to_json(action)).member("rulePriority"_key, rule);
}

// A protect reference and where it is in the protect file.
void append_reference_members(JsonWriter& json, const Plan& plan, std::size_t reference) {
  json.member("reference"_key, std::string_view(plan.protect->references[reference].text))
      .member("location"_key, reference_location(plan, reference));
}

void append_protection(JsonWriter& json, const Plan& plan, const Repository& repository,
                       const Protection& protection) {
  json.begin_object(Layout::line).member("kind"_key, to_json(protection.kind));
  if (protection.kind == ProtectionKind::direct && plan.protect != nullptr) {
    append_reference_members(json, plan, protection.reference);
    if (const std::string& source = plan.protect->references[protection.reference].source;
        !source.empty()) {
      json.member("source"_key, std::string_view(source));
    }
  } else {
    digest_member(json, "via"_key, repository.images[protection.via].digest);
  }
  json.end_object();
}

void append_references(JsonWriter& json, const Plan& plan,
                       const std::vector<std::size_t>& references) {
  json.begin_array(Layout::line);
  for (const std::size_t reference : references) {
    json.begin_object(Layout::line);
    append_reference_members(json, plan, reference);
    json.end_object();
  }
  json.end_array();
}

void append_rules(JsonWriter& json, const RepositoryPlan& r) {
  json.key("rules"_key).begin_array();
  for (const PlanRuleSummary& rule : r.rules) {
    json.begin_object(Layout::line)
        .member("rulePriority"_key, rule.priority)
        .member("action"_key, to_json(rule.action))
        .member("images"_key, rule.images)
        .member("bytes"_key, rule.bytes)
        .member("protectedImages"_key, rule.saved)
        .member("protectedBytes"_key, rule.saved_bytes)
        .end_object();
  }
  json.end_array();
}

void append_repository(JsonWriter& json, const Plan& plan, const RepositoryPlan& r) {
  const Repository& repository = *r.repository;
  json.begin_object().member("repositoryName"_key, std::string_view(repository.name));
  if (repository.registry_id.empty()) {
    json.key("registryId"_key).null();
  } else {
    json.member("registryId"_key, std::string_view(repository.registry_id));
  }
  json.member("policy"_key, std::string_view(r.source->file))
      .member("images"_key, repository.images.size())
      .member("deleteFiles"_key, delete_file_count(r))
      .member("transitionFiles"_key, r.transitions.size());
  count_member(json, "delete"_key, r.deletions.size(), r.deletion_bytes);
  count_member(json, "transition"_key, r.transitions.size(), r.transition_bytes);
  count_member(json, "protected"_key, r.saved.size(), r.saved_bytes);
  if (!r.held.empty()) {
    count_member(json, "held"_key, r.held.size(), r.held_bytes);
  }
  count_member(json, "referrersRemovedByEcr"_key, r.referrers_removed.size(), r.referrer_bytes);
  append_rules(json, r);
  json.key("protected"_key).begin_array();
  for (const SavedImage& saved : r.saved) {
    begin_listed_image(json, repository.images[saved.image], saved.action, saved.rule);
    json.key("protection"_key);
    append_protection(json, plan, repository, saved.protection);
    json.end_object();
  }
  json.end_array();
  if (!r.held.empty()) {
    json.key("held"_key).begin_array();
    for (const HeldImage& held : r.held) {
      begin_listed_image(json, repository.images[held.image], held.action, held.rule);
      json.member("reason"_key, held_reason(repository, held)).end_object();
    }
    json.end_array();
  }
  json.end_object();
}

}  // namespace

std::string plan_summary_json(const Plan& plan) {
  const PlanTotals totals = totals_of(plan);
  std::string out;
  JsonWriter json(out, 2);
  json.begin_object();
  time_member(json, "now"_key, plan.now);
  if (!plan.incomplete.empty()) {  // a snapshot that could not see everything
    json.key("incomplete"_key).begin_array(Layout::line);
    for (const std::string& gap : plan.incomplete) {
      json.value(std::string_view(gap));
    }
    json.end_array();
  }
  if (plan.protect != nullptr) {
    json.member("protectFile"_key, std::string_view(plan.protect_file));
  } else {
    json.key("protectFile"_key).null();
  }
  json.key("totals"_key)
      .begin_object()
      .member("repositories"_key, plan.repositories.size())
      .member("deleteFiles"_key, totals.delete_files)
      .member("transitionFiles"_key, totals.transitions);
  count_member(json, "delete"_key, totals.deletions, totals.deletion_bytes);
  count_member(json, "transition"_key, totals.transitions, totals.transition_bytes);
  count_member(json, "protected"_key, totals.saved, totals.saved_bytes);
  if (totals.held > 0) {  // only then: plans of consistent snapshots stay as they were
    count_member(json, "held"_key, totals.held, totals.held_bytes);
  }
  count_member(json, "referrersRemovedByEcr"_key, totals.referrers, totals.referrer_bytes);
  json.end_object().key("repositories"_key).begin_array();
  for (const RepositoryPlan& r : plan.repositories) {
    append_repository(json, plan, r);
  }
  json.end_array().key("withoutPolicy"_key).begin_array(Layout::line);
  for (const std::string& name : plan.without_policy) {
    json.value(std::string_view(name));
  }
  json.end_array().key("unmatchedProtections"_key);
  append_references(json, plan, plan.unmatched_protections);
  if (!plan.foreign_protections.empty()) {
    json.key("otherRegistryProtections"_key);
    append_references(json, plan, plan.foreign_protections);
  }
  json.end_object();
  out += '\n';
  return out;
}

}  // namespace ecrlc::detail
