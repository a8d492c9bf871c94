// `--format json`: the tool's full report (schema in docs/preview.md). Pretty-printed with
// two spaces, except that each image, consequence and rule summary is a one-line object so
// that line tools (grep, wc) still work on reports of 100,000 images.
#include <ostream>

#include "ecrlc/render.hpp"

namespace ecrlc {
namespace {

void key(std::string& out, std::string_view name) {
  out.push_back('"');
  out.append(name);
  out.append("\": ");
}

void number_field(std::string& out, std::string_view name, std::int64_t value) {
  out.append(", ");
  key(out, name);
  append_integer(out, value);
}

void append_rule_summary(std::string& out, const Report& report, const RuleSummary& summary) {
  out.append("{\"rulePriority\": ");
  append_integer(out, summary.priority);
  const Rule* rule = find_rule(*report.policy, summary.priority);
  if (rule != nullptr && rule->description) {
    out.append(", \"description\": ");
    append_json_string(out, *rule->description);
  }
  out.append(", \"action\": \"");
  out.append(to_json(summary.action));
  out.push_back('"');
  number_field(out, "expiring", static_cast<std::int64_t>(summary.expiring));
  number_field(out, "transitioning", static_cast<std::int64_t>(summary.transitioning));
  number_field(out, "bytesExpiring", summary.expiring_bytes);
  number_field(out, "bytesTransitioning", summary.transitioning_bytes);
  number_field(out, "protected", static_cast<std::int64_t>(summary.protected_images));
  number_field(out, "withdrawnChildren", static_cast<std::int64_t>(summary.withdrawn_children));
  number_field(out, "referrersRemoved", static_cast<std::int64_t>(summary.referrers_removed));
  out.push_back('}');
}

void append_summary(std::string& out, const RepositorySummary& summary) {
  out.append("{\"images\": ");
  append_integer(out, static_cast<std::int64_t>(summary.images));
  number_field(out, "expiring", static_cast<std::int64_t>(summary.expiring));
  number_field(out, "transitioning", static_cast<std::int64_t>(summary.transitioning));
  number_field(out, "kept", static_cast<std::int64_t>(summary.kept));
  number_field(out, "bytesReclaimed", summary.bytes_reclaimed);
  number_field(out, "bytesTransitioned", summary.bytes_transitioned);
  number_field(out, "referrersRemoved", static_cast<std::int64_t>(summary.referrers_removed));
  number_field(out, "referrerBytes", summary.referrer_bytes);
  out.push_back('}');
}

void append_rules(std::string& out, const Report& report, const std::vector<RuleSummary>& rules,
                  std::string_view indent) {
  out.push_back('[');
  for (std::size_t r = 0; r < rules.size(); ++r) {
    out.append(r == 0 ? "\n" : ",\n");
    out.append(indent);
    out.append("  ");
    append_rule_summary(out, report, rules[r]);
  }
  if (!rules.empty()) {
    out.push_back('\n');
    out.append(indent);
  }
  out.push_back(']');
}

void append_consequence(std::string& out, const RepositoryReport& repository,
                        const ReferrerConsequence& consequence) {
  const auto& images = repository.repository->images;
  const ImageRecord& referrer = images[consequence.referrer];
  out.append("{\"referrer\": ");
  append_json_digest(out, referrer.digest);
  out.append(", \"subject\": ");
  append_json_digest(out, images[consequence.subject].digest);
  out.append(", \"rule\": ");
  append_integer(out, consequence.rule);
  out.append(", \"artifactMediaType\": ");
  append_json_string(out, referrer.artifact_media_type);
  out.append(", \"imageSizeInBytes\": ");
  append_integer(out, referrer.size_bytes);
  out.append(", \"alsoExpiredByItsOwnRule\": ");
  out.append(repository.evaluation.verdicts[consequence.referrer].action == Action::expire
                 ? "true"
                 : "false");
  out.push_back('}');
}

}  // namespace

void append_image_json(std::string& out, const Report& report, const RepositoryReport& repository,
                       std::uint32_t index, bool repository_name) {
  const ImageRecord& image = repository.repository->images[index];
  const ImageVerdict& verdict = repository.evaluation.verdicts[index];
  out.push_back('{');
  if (repository_name) {
    out.append("\"repositoryName\": ");
    append_json_string(out, repository.repository->name);
    out.append(", ");
  }
  out.append("\"imageDigest\": ");
  append_json_digest(out, image.digest);
  out.append(", \"imageTags\": [");
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    if (t != 0) {
      out.append(", ");
    }
    append_json_string(out, image.tags[t]);
  }
  out.append("], \"imagePushedAt\": ");
  out.push_back('"');
  append_iso_time(out, image.pushed_at, "Z");
  out.push_back('"');
  out.append(", \"imageStatus\": \"");
  out.append(to_api(image.status));
  out.append("\", \"imageSizeInBytes\": ");
  append_integer(out, image.size_bytes);
  out.append(", \"action\": \"");
  out.append(to_json(verdict.action));
  out.push_back('"');
  if (verdict.action == Action::transition) {
    out.append(", \"targetStorageClass\": \"archive\"");
  }
  out.append(", \"rule\": ");
  if (verdict.rule != 0) {
    append_integer(out, verdict.rule);
  } else {
    out.append("null");
  }
  out.append(", \"reason\": \"");
  out.append(to_json(verdict.reason));
  out.append("\", \"reasonText\": ");
  append_json_string(
      out, describe_reason(*report.policy, *repository.repository, index, verdict, report.now));
  if (verdict.protector != 0) {
    number_field(out, "protector", verdict.protector);
  }
  if (verdict.rank != 0) {
    number_field(out, "rank", verdict.rank);
  }
  if (verdict.reference_time) {
    out.append(", \"referenceTime\": ");
    out.push_back('"');
    append_iso_time(out, *verdict.reference_time, "Z");
    out.push_back('"');
  }
  if (verdict.parent && *verdict.parent < repository.repository->images.size()) {
    out.append(", \"parentIndex\": ");
    append_json_digest(out, repository.repository->images[*verdict.parent].digest);
  }
  if (image.ambiguous) {  // plans hold it back (docs/inventory.md)
    out.append(", \"ambiguous\": ");
    append_json_string(out, repository.repository->ambiguity_text(index));
  }
  out.push_back('}');
}

void render_json(std::ostream& out, const Report& report, const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  text.append("{\n  \"tool\": \"ecr-lifecycle\",\n  \"version\": ");
  append_json_string(text, options.tool_version);
  text.append(",\n  \"now\": ");
  append_json_string(text, format_utc(report.now));
  text.append(",\n  \"totals\": ");
  append_summary(text, report.totals);
  text.append(",\n  \"rules\": ");
  append_rules(text, report, report.rules, "  ");
  text.append(",\n  \"missingRepositories\": [");
  for (std::size_t m = 0; m < report.missing_repositories.size(); ++m) {
    if (m != 0) {
      text.append(", ");
    }
    append_json_string(text, report.missing_repositories[m]);
  }
  text.append("],\n  \"repositories\": [");
  for (std::size_t r = 0; r < report.repositories.size(); ++r) {
    const RepositoryReport& repository = report.repositories[r];
    text.append(r == 0 ? "\n    {\n      \"repositoryName\": "
                       : ",\n    {\n      \"repositoryName\": ");
    append_json_string(text, repository.repository->name);
    text.append(",\n      \"registryId\": ");
    append_json_string(text, repository.repository->registry_id);
    text.append(",\n      \"summary\": ");
    append_summary(text, repository.summary);
    text.append(",\n      \"rules\": ");
    append_rules(text, report, repository.rules, "      ");
    append_images_and_consequences_json(buffer, report, repository);
    text.append("\n    }");
  }
  text.append(report.repositories.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

// Building blocks for the multi-policy and forecast report (render_scope.cpp), so that both
// print the same objects.
void append_summary_json(std::string& out, const RepositorySummary& summary) {
  append_summary(out, summary);
}

void append_rule_summaries_json(std::string& out, const Report& report,
                                const std::vector<RuleSummary>& rules, std::string_view indent) {
  append_rules(out, report, rules, indent);
}

void append_consequence_json(std::string& out, const RepositoryReport& repository,
                             const ReferrerConsequence& consequence) {
  append_consequence(out, repository, consequence);
}

void append_images_and_consequences_json(OutputBuffer& buffer, const Report& report,
                                         const RepositoryReport& repository) {
  std::string& text = buffer.text();
  text.append(",\n      \"images\": [");
  for (std::size_t i = 0; i < repository.order.size(); ++i) {
    text.append(i == 0 ? "\n        " : ",\n        ");
    append_image_json(text, report, repository, repository.order[i], false);
    buffer.maybe_flush();
  }
  text.append(repository.order.empty() ? "]" : "\n      ]");
  text.append(",\n      \"consequences\": [");
  const auto& consequences = repository.evaluation.consequences;
  for (std::size_t c = 0; c < consequences.size(); ++c) {
    text.append(c == 0 ? "\n        " : ",\n        ");
    append_consequence(text, repository, consequences[c]);
  }
  text.append(consequences.empty() ? "]" : "\n      ]");
}

}  // namespace ecrlc
