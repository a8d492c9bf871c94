// summary.json of a plan folder: totals, and per repository its rules and protected images.
#include "output/plan_layout.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

void append_counter(std::string& out, std::string_view indent, std::string_view name,
                    std::uint64_t images, ByteTotal bytes, bool last) {
  out += indent;
  out += '"';
  out += name;
  out += "\": {\"images\": ";
  append_integer(out, static_cast<std::int64_t>(images));
  out += ", \"bytes\": ";
  append_integer(out, bytes);
  out += last ? "}\n" : "},\n";
}

void append_tags(std::string& out, const ImageRecord& image) {
  out += '[';
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    if (t > 0) {
      out += ", ";
    }
    append_json_string(out, image.tags[t]);
  }
  out += ']';
}

// `{"imageDigest": ..., "imageTags": [...], "action": ..., "rulePriority": N` of a listed
// image, left open for the fields that follow.
void append_image_head(std::string& out, const ImageRecord& image, Action action,
                       std::int64_t rule) {
  out += "{\"imageDigest\": \"" + image.digest.to_string() + "\", \"imageTags\": ";
  append_tags(out, image);
  out += ", \"action\": \"";
  out += to_json(action);
  out += "\", \"rulePriority\": ";
  append_integer(out, rule);
}

void append_protection_json(std::string& out, const Plan& plan, const Repository& repository,
                            const Protection& protection) {
  out += "{\"kind\": \"";
  out += to_json(protection.kind);
  out += '"';
  if (protection.kind == ProtectionKind::direct && plan.protect != nullptr) {
    out += ", \"reference\": ";
    append_json_string(out, plan.protect->references[protection.reference].text);
    out += ", \"location\": ";
    append_json_string(out, reference_location(plan, protection.reference));
  } else {
    out += ", \"via\": \"";
    out += repository.images[protection.via].digest.to_string();
    out += '"';
  }
  out += '}';
}

}  // namespace

std::string plan_summary_json(const Plan& plan) {
  const PlanTotals totals = totals_of(plan);
  std::string out = "{\n  \"now\": \"" + format_utc(plan.now) + "\",\n";
  if (!plan.incomplete.empty()) {  // a snapshot that could not see everything
    out += "  \"incomplete\": [";
    for (std::size_t i = 0; i < plan.incomplete.size(); ++i) {
      out += i == 0 ? "" : ", ";
      append_json_string(out, plan.incomplete[i]);
    }
    out += "],\n";
  }
  out += "  \"protectFile\": ";
  if (plan.protect != nullptr) {
    append_json_string(out, plan.protect_file);
  } else {
    out += "null";
  }
  out += ",\n  \"totals\": {\n    \"repositories\": ";
  append_integer(out, static_cast<std::int64_t>(plan.repositories.size()));
  out += ",\n    \"deleteFiles\": ";
  append_integer(out, static_cast<std::int64_t>(totals.delete_files));
  out += ",\n    \"transitionFiles\": ";
  append_integer(out, static_cast<std::int64_t>(totals.transitions));
  out += ",\n";
  append_counter(out, "    ", "delete", totals.deletions, totals.deletion_bytes, false);
  append_counter(out, "    ", "transition", totals.transitions, totals.transition_bytes, false);
  append_counter(out, "    ", "protected", totals.saved, totals.saved_bytes, false);
  if (totals.held > 0) {  // only then: plans of consistent snapshots stay as they were
    append_counter(out, "    ", "held", totals.held, totals.held_bytes, false);
  }
  append_counter(out, "    ", "referrersRemovedByEcr", totals.referrers, totals.referrer_bytes,
                 true);
  out += "  },\n  \"repositories\": [";
  for (std::size_t k = 0; k < plan.repositories.size(); ++k) {
    const RepositoryPlan& r = plan.repositories[k];
    const Repository& repository = *r.repository;
    out += k == 0 ? "\n    {\n" : ",\n    {\n";
    out += "      \"repositoryName\": ";
    append_json_string(out, repository.name);
    out += ",\n      \"registryId\": ";
    if (repository.registry_id.empty()) {
      out += "null";
    } else {
      append_json_string(out, repository.registry_id);
    }
    out += ",\n      \"policy\": ";
    append_json_string(out, r.source->file);
    out += ",\n      \"images\": ";
    append_integer(out, static_cast<std::int64_t>(repository.images.size()));
    out += ",\n      \"deleteFiles\": ";
    append_integer(out, static_cast<std::int64_t>(delete_file_count(r)));
    out += ",\n      \"transitionFiles\": ";
    append_integer(out, static_cast<std::int64_t>(r.transitions.size()));
    out += ",\n";
    append_counter(out, "      ", "delete", r.deletions.size(), r.deletion_bytes, false);
    append_counter(out, "      ", "transition", r.transitions.size(), r.transition_bytes, false);
    append_counter(out, "      ", "protected", r.saved.size(), r.saved_bytes, false);
    if (!r.held.empty()) {
      append_counter(out, "      ", "held", r.held.size(), r.held_bytes, false);
    }
    append_counter(out, "      ", "referrersRemovedByEcr", r.referrers_removed.size(),
                   r.referrer_bytes, false);
    out += "      \"rules\": [";
    for (std::size_t q = 0; q < r.rules.size(); ++q) {
      const PlanRuleSummary& rule = r.rules[q];
      out += q == 0 ? "\n        " : ",\n        ";
      out += "{\"rulePriority\": ";
      append_integer(out, rule.priority);
      out += ", \"action\": \"";
      out += to_json(rule.action);
      out += "\", \"images\": ";
      append_integer(out, static_cast<std::int64_t>(rule.images));
      out += ", \"bytes\": ";
      append_integer(out, rule.bytes);
      out += ", \"protectedImages\": ";
      append_integer(out, static_cast<std::int64_t>(rule.saved));
      out += ", \"protectedBytes\": ";
      append_integer(out, rule.saved_bytes);
      out += '}';
    }
    out += r.rules.empty() ? "],\n" : "\n      ],\n";
    out += "      \"protected\": [";
    for (std::size_t q = 0; q < r.saved.size(); ++q) {
      const SavedImage& saved = r.saved[q];
      const ImageRecord& image = repository.images[saved.image];
      out += q == 0 ? "\n        " : ",\n        ";
      append_image_head(out, image, saved.action, saved.rule);
      out += ", \"protection\": ";
      append_protection_json(out, plan, repository, saved.protection);
      out += '}';
    }
    out += r.saved.empty() ? "]" : "\n      ]";
    if (!r.held.empty()) {
      out += ",\n      \"held\": [";
      for (std::size_t q = 0; q < r.held.size(); ++q) {
        const HeldImage& held = r.held[q];
        const ImageRecord& image = repository.images[held.image];
        out += q == 0 ? "\n        " : ",\n        ";
        append_image_head(out, image, held.action, held.rule);
        out += ", \"reason\": ";
        append_json_string(out, held_reason(repository, held));
        out += '}';
      }
      out += "\n      ]";
    }
    out += "\n    }";
  }
  out += plan.repositories.empty() ? "],\n" : "\n  ],\n";
  out += "  \"withoutPolicy\": [";
  for (std::size_t k = 0; k < plan.without_policy.size(); ++k) {
    out += k == 0 ? "" : ", ";
    append_json_string(out, plan.without_policy[k]);
  }
  out += "],\n  \"unmatchedProtections\": [";
  for (std::size_t k = 0; k < plan.unmatched_protections.size(); ++k) {
    const std::size_t reference = plan.unmatched_protections[k];
    out += k == 0 ? "" : ", ";
    out += "{\"reference\": ";
    append_json_string(out, plan.protect->references[reference].text);
    out += ", \"location\": ";
    append_json_string(out, reference_location(plan, reference));
    out += '}';
  }
  out += "]";
  if (!plan.foreign_protections.empty()) {
    out += ",\n  \"otherRegistryProtections\": [";
    for (std::size_t k = 0; k < plan.foreign_protections.size(); ++k) {
      const std::size_t reference = plan.foreign_protections[k];
      out += k == 0 ? "" : ", ";
      out += "{\"reference\": ";
      append_json_string(out, plan.protect->references[reference].text);
      out += ", \"location\": ";
      append_json_string(out, reference_location(plan, reference));
      out += '}';
    }
    out += "]";
  }
  out += "\n}\n";
  return out;
}

}  // namespace ecrlc::detail
