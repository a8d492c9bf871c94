// `--format json`: the tool's full report (schema in docs/preview.md). Pretty-printed with
// two spaces, except that each image, consequence, forecast entry and summary is a one-line
// object so that line tools (grep, wc) still work on reports of 100,000 images. With a
// horizon, "horizon" follows "now"; with several policies, "policies" and "withoutPolicy"
// replace the top-level "rules" (rule priorities are per policy).
#include "output/in_use_formats.hpp"
#include "output/json_members.hpp"
#include "output/preview_formats.hpp"
#include "output/report_figures.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

using Layout = JsonWriter::Layout;
using namespace json_literals;

// The members an image and a forecast entry share: the image, then the action.
void append_image_and_action(JsonWriter& json, const ImageRecord& image, Action action) {
  digest_member(json, "imageDigest"_key, image.digest);
  tags_member(json, image);
  time_member(json, "imagePushedAt"_key, image.pushed_at);
  json.member("imageStatus"_key, to_api(image.status))
      .member("imageSizeInBytes"_key, image.size_bytes)
      .member("action"_key, to_json(action));
  if (action == Action::transition) {
    json.member("targetStorageClass"_key, "archive");
  }
}

// The counters of a summary as members of the open object.
template <typename Summary, typename Counters>
void append_counters(JsonWriter& json, const Summary& summary, const Counters& counters) {
  for_each_counter(
      counters, [&](const auto& counter) { json.member(counter.name, summary.*counter.member); });
}

void append_summary(JsonWriter& json, const RepositorySummary& summary) {
  json.begin_object(Layout::line);
  append_counters(json, summary, k_repository_counters);
  json.end_object();
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
    json.member("action"_key, to_json(summary.action));
    append_counters(json, summary, k_rule_counters);
    json.end_object();
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
  digest_member(json, "referrer"_key, referrer.digest);
  digest_member(json, "subject"_key, images[consequence.subject].digest);
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

// "storage" (bytes per storage class before and after) and "cost" (their monthly USD at
// the prices used), each a one-line object after "totals".
void append_cost(JsonWriter& json, const CostFigures& cost) {
  const StorageBytes& bytes = cost.bytes;
  json.key("storage"_key)
      .begin_object(Layout::line)
      .member("standardBytesBefore"_key, bytes.standard_before)
      .member("archiveBytesBefore"_key, bytes.archive_before)
      .member("standardBytesAfter"_key, bytes.standard_after)
      .member("archiveBytesAfter"_key, bytes.archive_after)
      .member("bytesFreed"_key, cost.bytes_freed())
      .member("upperBound"_key, true)
      .end_object();
  json.key("cost"_key).begin_object(Layout::line).member("currency"_key, "USD");
  const auto decimal = [&](JsonKey key, double value) {
    json.key(key);
    append_json_decimal(json.raw_value(), value);
  };
  decimal("pricePerGbMonth"_key, cost.prices.standard);
  decimal("archivePricePerGbMonth"_key, cost.prices.archive);
  decimal("standardBefore"_key, cost.standard_before());
  decimal("archiveBefore"_key, cost.archive_before());
  decimal("standardAfter"_key, cost.standard_after());
  decimal("archiveAfter"_key, cost.archive_after());
  decimal("monthlyBefore"_key, cost.before());
  decimal("monthlyAfter"_key, cost.after());
  decimal("monthlySaving"_key, cost.before() - cost.after());
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
  rule_member(json, "rule"_key, verdict.rule);
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
    time_member(json, "referenceTime"_key, *verdict.reference_time);
  }
  if (verdict.parent && *verdict.parent < images.images.size()) {
    digest_member(json, "parentIndex"_key, images.images[*verdict.parent].digest);
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
  time_member(json, "at"_key, entry.at);
  json.member("daysFromNow"_key, forecast_days(entry, preview.now))
      .member("referrer"_key, entry.referrer);
  if (const auto reference = forecast_reference_time(policy, entry)) {
    time_member(json, "referenceTime"_key, *reference);
  }
  json.member("reasonText"_key, describe_forecast(policy, *repository.repository, entry));
}

void render_preview_json(OutputBuffer& buffer, const Preview& preview,
                         const PreviewRenderOptions& options) {
  JsonWriter json(buffer.text(), 2);
  json.begin_object()
      .member("tool"_key, "ecr-lifecycle")
      .member("version"_key, options.tool_version);
  time_member(json, "now"_key, preview.now);
  if (!options.incomplete.empty()) {  // a snapshot that could not see everything
    json.key("incomplete"_key).begin_array();
    for (const std::string& gap : options.incomplete) {
      json.value(std::string_view(gap));
    }
    json.end_array();
  }
  if (preview.horizon) {
    json.key("horizon"_key).begin_object(Layout::line).member("duration"_key, preview.horizon_text);
    time_member(json, "until"_key, preview.now + *preview.horizon);
    json.end_object();
  }
  json.key("totals"_key);
  append_summary(json, preview.totals);
  append_cost(json, cost_figures(preview, options.prices));
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
  if (options.in_use != nullptr) {
    json.key("inUse"_key);
    append_in_use_json(json, *options.protect, *options.in_use);
  }
  json.key("repositories"_key).begin_array();
  const auto starts = render_batches(preview.repositories.size(), [&](std::size_t r) {
    return preview.repositories[r].order.size();
  });
  render_in_order(buffer, starts, options.threads,
                  [&](std::size_t first, std::size_t last, OutputBuffer& out) {
                    std::string reason;
                    for (std::size_t r = first; r < last; ++r) {
                      JsonWriter member = json.member_writer(out.text(), r == 0);
                      append_repository(out, member, preview, preview.repositories[r], reason);
                    }
                  });
  if (!preview.repositories.empty()) {
    json.members_written_elsewhere();
  }
  json.end_array().end_object();
  buffer.text().push_back('\n');
}

}  // namespace ecrlc::detail
