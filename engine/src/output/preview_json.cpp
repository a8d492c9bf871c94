// `--format json`: the tool's full report (schema in docs/preview.md). Pretty-printed with
// two spaces, except that each image, consequence, forecast entry and summary is a one-line
// object so that line tools (grep, wc) still work on reports of 100,000 images. With a
// horizon, "horizon" follows "now"; with several policies, "policies" and "withoutPolicy"
// replace the top-level "rules" (rule priorities are per policy).
#include "base/civil_time.hpp"
#include "output/preview_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

using Layout = JsonWriter::Layout;
using namespace json_literals;

void append_time(JsonWriter& json, JsonKey name, Micros t) {
  json.key(name);
  std::string& out = json.raw_value();
  out.push_back('"');
  append_iso_time(out, t, "Z");
  out.push_back('"');
}

void append_digest(JsonWriter& json, JsonKey name, const Digest& digest) {
  json.key(name);
  append_json_digest(json.raw_value(), digest);
}

void append_tags(JsonWriter& json, const ImageRecord& image) {
  json.key("imageTags"_key).begin_array(Layout::line);
  for (const std::string_view tag : image.tags) {
    json.value(tag);
  }
  json.end_array();
}

// The members an image and a forecast entry share: the image, then the action.
void append_image_and_action(JsonWriter& json, const ImageRecord& image, Action action) {
  append_digest(json, "imageDigest"_key, image.digest);
  append_tags(json, image);
  append_time(json, "imagePushedAt"_key, image.pushed_at);
  json.member("imageStatus"_key, to_api(image.status))
      .member("imageSizeInBytes"_key, image.size_bytes)
      .member("action"_key, to_json(action));
  if (action == Action::transition) {
    json.member("targetStorageClass"_key, "archive");
  }
}

void append_summary(JsonWriter& json, const RepositorySummary& summary) {
  json.begin_object(Layout::line)
      .member("images"_key, summary.images)
      .member("expiring"_key, summary.expiring)
      .member("transitioning"_key, summary.transitioning)
      .member("kept"_key, summary.kept)
      .member("bytesReclaimed"_key, summary.bytes_reclaimed)
      .member("bytesTransitioned"_key, summary.bytes_transitioned)
      .member("referrersRemoved"_key, summary.referrers_removed)
      .member("referrerBytes"_key, summary.referrer_bytes)
      .end_object();
}

void append_rules(JsonWriter& json, const LifecyclePolicy& policy,
                  const std::vector<RuleSummary>& rules) {
  json.begin_array();
  for (const RuleSummary& summary : rules) {
    json.begin_object(Layout::line).member("rulePriority"_key, summary.priority);
    const Rule* rule = find_rule(policy, summary.priority);
    if (rule != nullptr && rule->description) {
      json.member("description"_key, std::string_view(*rule->description));
    }
    json.member("action"_key, to_json(summary.action))
        .member("expiring"_key, summary.expiring)
        .member("transitioning"_key, summary.transitioning)
        .member("bytesExpiring"_key, summary.expiring_bytes)
        .member("bytesTransitioning"_key, summary.transitioning_bytes)
        .member("protected"_key, summary.protected_images)
        .member("withdrawnChildren"_key, summary.withdrawn_children)
        .member("referrersRemoved"_key, summary.referrers_removed)
        .end_object();
  }
  json.end_array();
}

void append_names(JsonWriter& json, const std::vector<std::string>& names) {
  json.begin_array(Layout::line);
  for (const std::string& name : names) {
    json.value(name);
  }
  json.end_array();
}

void append_consequence(JsonWriter& json, const RepositoryPreview& repository,
                        const ReferrerConsequence& consequence) {
  const auto& images = repository.repository->images;
  const ImageRecord& referrer = images[consequence.referrer];
  json.begin_object(Layout::line);
  append_digest(json, "referrer"_key, referrer.digest);
  append_digest(json, "subject"_key, images[consequence.subject].digest);
  json.member("rule"_key, consequence.rule)
      .member("artifactMediaType"_key, std::string_view(referrer.artifact_media_type))
      .member("imageSizeInBytes"_key, referrer.size_bytes)
      .member("alsoExpiredByItsOwnRule"_key,
              repository.evaluation.verdicts[consequence.referrer].action == Action::expire)
      .end_object();
}

void append_repository(OutputBuffer& buffer, JsonWriter& json, const Preview& preview,
                       const RepositoryPreview& repository, std::string& scratch) {
  json.begin_object()
      .member("repositoryName"_key, std::string_view(repository.repository->name))
      .member("registryId"_key, std::string_view(repository.repository->registry_id));
  if (!preview.single_policy) {
    json.member("policy"_key, std::string_view(preview.policy_of(repository).source->file));
  }
  json.key("summary"_key);
  append_summary(json, repository.summary);
  json.key("rules"_key);
  append_rules(json, preview.policy_of(repository).policy(), repository.rules);
  json.key("images"_key).begin_array();
  for (const std::uint32_t index : repository.order) {
    json.begin_object(Layout::line);
    append_image_members(json, preview, repository, index, scratch);
    json.end_object();
    buffer.maybe_flush();
  }
  json.end_array().key("consequences"_key).begin_array();
  for (const ReferrerConsequence& consequence : repository.evaluation.consequences) {
    append_consequence(json, repository, consequence);
  }
  json.end_array();
  if (preview.horizon) {
    json.key("forecast"_key).begin_array();
    for (const ForecastEntry& entry : repository.forecast) {
      json.begin_object(Layout::line);
      append_forecast_members(json, preview, repository, entry);
      json.end_object();
    }
    json.end_array();
  }
  json.end_object();
}

}  // namespace

void append_image_members(JsonWriter& json, const Preview& preview,
                          const RepositoryPreview& repository, std::uint32_t index,
                          std::string& scratch) {
  const Repository& images = *repository.repository;
  const ImageRecord& image = images.images[index];
  const ImageVerdict& verdict = repository.evaluation.verdicts[index];
  append_image_and_action(json, image, verdict.action);
  json.key("rule"_key);
  if (verdict.rule != 0) {
    json.value(verdict.rule);
  } else {
    json.null();
  }
  json.member("reason"_key, to_json(verdict.reason));
  scratch.clear();
  append_reason(scratch, preview.policy_of(repository).policy(), images, index, verdict,
                preview.now);
  json.member("reasonText"_key, std::string_view(scratch));
  if (verdict.protector != 0) {
    json.member("protector"_key, verdict.protector);
  }
  if (verdict.rank != 0) {
    json.member("rank"_key, verdict.rank);
  }
  if (verdict.reference_time) {
    append_time(json, "referenceTime"_key, *verdict.reference_time);
  }
  if (verdict.parent && *verdict.parent < images.images.size()) {
    append_digest(json, "parentIndex"_key, images.images[*verdict.parent].digest);
  }
  if (image.ambiguous) {  // plans hold it back (docs/inventory.md)
    json.member("ambiguous"_key, std::string_view(images.ambiguity_text(index)));
  }
}

void append_forecast_members(JsonWriter& json, const Preview& preview,
                             const RepositoryPreview& repository, const ForecastEntry& entry) {
  const LifecyclePolicy& policy = preview.policy_of(repository).policy();
  const ImageRecord& image = repository.repository->images[entry.image];
  append_image_and_action(json, image, entry.action);
  json.member("rule"_key, entry.rule);
  append_time(json, "at"_key, entry.at);
  json.member("daysFromNow"_key, forecast_days(entry, preview.now))
      .member("referrer"_key, entry.referrer);
  if (const auto reference = forecast_reference_time(policy, entry)) {
    append_time(json, "referenceTime"_key, *reference);
  }
  json.member("reasonText"_key, describe_forecast(policy, *repository.repository, entry));
}

void render_preview_json(OutputBuffer& buffer, const Preview& preview,
                         const PreviewRenderOptions& options) {
  JsonWriter json(buffer.text(), 2);
  std::string scratch;
  json.begin_object()
      .member("tool"_key, "ecr-lifecycle")
      .member("version"_key, options.tool_version);
  append_time(json, "now"_key, preview.now);
  if (preview.horizon) {
    json.key("horizon"_key).begin_object(Layout::line).member("duration"_key, preview.horizon_text);
    append_time(json, "until"_key, preview.now + *preview.horizon);
    json.end_object();
  }
  json.key("totals"_key);
  append_summary(json, preview.totals);
  if (preview.single_policy) {
    const PreviewPolicy& policy = preview.policies.front();
    json.key("rules"_key);
    append_rules(json, policy.policy(), policy.rules);
  } else {
    json.key("policies"_key).begin_array();
    for (const PreviewPolicy& policy : preview.policies) {
      json.begin_object().member("policy"_key, policy.source->file).key("repositories"_key);
      json.begin_array(Layout::line);
      for (const std::size_t r : policy.repositories) {
        json.value(std::string_view(preview.repositories[r].repository->name));
      }
      json.end_array().key("totals"_key);
      append_summary(json, policy.totals);
      json.key("rules"_key);
      append_rules(json, policy.policy(), policy.rules);
      json.end_object();
    }
    json.end_array().key("withoutPolicy"_key);
    append_names(json, preview.without_policy);
  }
  json.key("missingRepositories"_key);
  append_names(json, preview.missing_repositories);
  json.key("repositories"_key).begin_array();
  for (const RepositoryPreview& repository : preview.repositories) {
    append_repository(buffer, json, preview, repository, scratch);
  }
  json.end_array().end_object();
  buffer.text().push_back('\n');
}

}  // namespace ecrlc::detail
