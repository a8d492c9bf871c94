// Cleanup plans: protected images removed from the engine's actions, then request files,
// summaries and the apply script.
#include "ecrlc/plan.hpp"

#include <algorithm>
#include <utility>

#include "ecrlc/render.hpp"
#include "output/plain_text.hpp"
#include "rules/referrers.hpp"

namespace ecrlc {
namespace {

PlanRuleSummary* find_rule_summary(std::vector<PlanRuleSummary>& rules, std::int64_t priority) {
  for (PlanRuleSummary& rule : rules) {
    if (rule.priority == priority) {
      return &rule;
    }
  }
  return nullptr;
}

RepositoryPlan plan_repository(const ScopedRepository& scoped,
                               const RepositoryProtection* protection) {
  const RepositoryReport& report = *scoped.repository;
  const Repository& repository = *report.repository;
  RepositoryPlan plan;
  plan.repository = &repository;
  plan.source = scoped.source;
  for (const Rule& rule : scoped.source->policy.rules) {
    plan.rules.push_back({rule.priority, rule.action, 0, 0, 0, 0});
  }
  std::vector<bool> listed(repository.images.size(), false);
  for (std::uint32_t k = 0; k < report.acted_count; ++k) {
    const std::uint32_t i = report.order[k];
    const ImageVerdict& verdict = report.evaluation.verdicts[i];
    const std::int64_t size = repository.images[i].size_bytes;
    PlanRuleSummary* rule = find_rule_summary(plan.rules, verdict.rule);
    if (protection != nullptr && protection->protections[i]) {
      plan.saved.push_back({i, verdict.action, verdict.rule, *protection->protections[i]});
      plan.saved_bytes += size;
      if (rule != nullptr) {
        ++rule->saved;
        rule->saved_bytes += size;
      }
      continue;
    }
    if (verdict.action == Action::expire) {
      plan.deletions.push_back(i);
      plan.deletion_bytes += size;
    } else if (verdict.action == Action::transition) {
      plan.transitions.push_back(i);
      plan.transition_bytes += size;
    } else {
      continue;
    }
    listed[i] = true;
    if (rule != nullptr) {
      ++rule->images;
      rule->bytes += size;
    }
  }
  // Referrers of deleted images that the plan does not list: ECR removes them with their
  // subject.
  const auto& verdicts = report.evaluation.verdicts;
  detail::walk_referrers(
      repository,
      [&](std::uint32_t i) { return listed[i] && verdicts[i].action == Action::expire; },
      [&](std::uint32_t r) { return static_cast<bool>(listed[r]); },
      [&](std::uint32_t r, std::uint32_t /*subject*/) { plan.referrers_removed.push_back(r); });
  std::sort(plan.referrers_removed.begin(), plan.referrers_removed.end());
  for (const std::uint32_t r : plan.referrers_removed) {
    plan.referrer_bytes += repository.images[r].size_bytes;
  }
  return plan;
}

// ---- Output ---------------------------------------------------------------------------

std::size_t number_width(std::size_t files) {
  std::size_t width = 1;
  for (std::size_t n = files; n >= 10; n /= 10) {
    ++width;
  }
  return std::max<std::size_t>(4, width);
}

std::string numbered(std::size_t number, std::size_t width) {
  std::string text = std::to_string(number);
  return std::string(width - std::min(width, text.size()), '0') + text;
}

std::string delete_path(const Repository& repository, std::size_t number, std::size_t files) {
  return "delete/" + escape_repository(repository.name) + "/" +
         numbered(number, number_width(files)) + ".json";
}

std::string transition_path(const Repository& repository, std::size_t number, std::size_t files) {
  return "transition/" + escape_repository(repository.name) + "/" +
         numbered(number, number_width(files)) + ".json";
}

std::size_t delete_file_count(const RepositoryPlan& plan) {
  return (plan.deletions.size() + k_batch_delete_limit - 1) / k_batch_delete_limit;
}

// The skeleton of `aws ecr batch-delete-image --generate-cli-skeleton`, 4-space indented as
// the AWS CLI prints it; registryId only when known (the CLI then uses the caller's account).
std::string delete_request(const Repository& repository, std::span<const std::uint32_t> images) {
  std::string out = "{\n";
  if (!repository.registry_id.empty()) {
    out += "    \"registryId\": ";
    append_json_string(out, repository.registry_id);
    out += ",\n";
  }
  out += "    \"repositoryName\": ";
  append_json_string(out, repository.name);
  out += ",\n    \"imageIds\": [\n";
  for (std::size_t k = 0; k < images.size(); ++k) {
    out += "        {\n            \"imageDigest\": \"";
    out += repository.images[images[k]].digest.to_string();
    out += k + 1 < images.size() ? "\"\n        },\n" : "\"\n        }\n";
  }
  out += "    ]\n}\n";
  return out;
}

std::string transition_request(const Repository& repository, std::uint32_t image) {
  std::string out = "{\n";
  if (!repository.registry_id.empty()) {
    out += "    \"registryId\": ";
    append_json_string(out, repository.registry_id);
    out += ",\n";
  }
  out += "    \"repositoryName\": ";
  append_json_string(out, repository.name);
  out += ",\n    \"imageId\": {\n        \"imageDigest\": \"";
  out += repository.images[image].digest.to_string();
  out += "\"\n    },\n    \"targetStorageClass\": \"ARCHIVE\"\n}\n";
  return out;
}

void append_counter(std::string& out, std::string_view indent, std::string_view name,
                    std::uint64_t images, std::int64_t bytes, bool last) {
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

std::string reference_location(const Plan& plan, std::size_t reference) {
  const ProtectReference& r = plan.protect->references[reference];
  return plan.protect_file + ":" + std::to_string(r.line) + ":" + std::to_string(r.column);
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

struct Totals {
  std::uint64_t deletions = 0;
  std::int64_t deletion_bytes = 0;
  std::size_t delete_files = 0;
  std::uint64_t transitions = 0;
  std::int64_t transition_bytes = 0;
  std::uint64_t saved = 0;
  std::int64_t saved_bytes = 0;
  std::uint64_t referrers = 0;
  std::int64_t referrer_bytes = 0;
};

Totals totals_of(const Plan& plan) {
  Totals totals;
  for (const RepositoryPlan& r : plan.repositories) {
    totals.deletions += r.deletions.size();
    totals.deletion_bytes += r.deletion_bytes;
    totals.delete_files += delete_file_count(r);
    totals.transitions += r.transitions.size();
    totals.transition_bytes += r.transition_bytes;
    totals.saved += r.saved.size();
    totals.saved_bytes += r.saved_bytes;
    totals.referrers += r.referrers_removed.size();
    totals.referrer_bytes += r.referrer_bytes;
  }
  return totals;
}

std::string summary_json(const Plan& plan) {
  const Totals totals = totals_of(plan);
  std::string out = "{\n  \"now\": \"" + format_utc(plan.now) + "\",\n  \"protectFile\": ";
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
      out += "{\"imageDigest\": \"" + image.digest.to_string() + "\", \"imageTags\": ";
      append_tags(out, image);
      out += ", \"action\": \"";
      out += to_json(saved.action);
      out += "\", \"rulePriority\": ";
      append_integer(out, saved.rule);
      out += ", \"protection\": ";
      append_protection_json(out, plan, repository, saved.protection);
      out += '}';
    }
    out += r.saved.empty() ? "]\n    }" : "\n      ]\n    }";
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
  out += "]\n}\n";
  return out;
}

std::string tags_text(const ImageRecord& image) {
  return image.tags.empty() ? "<untagged>" : detail::joined_tags(image, ",");
}

std::string protection_text(const Plan& plan, const Repository& repository,
                            const Protection& protection) {
  switch (protection.kind) {
    case ProtectionKind::direct:
      if (plan.protect == nullptr) {
        return "protected";
      }
      return reference_location(plan, protection.reference) + " " +
             plan.protect->references[protection.reference].text;
    case ProtectionKind::child_of_index:
      return "child of protected index " + repository.images[protection.via].digest.short_string();
    case ProtectionKind::referrer:
      return "referrer of protected " + repository.images[protection.via].digest.short_string();
    case ProtectionKind::subject:
      return "subject of protected referrer " +
             repository.images[protection.via].digest.short_string();
  }
  return "protected";
}

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string apply_script(const Plan& plan) {
  std::vector<std::pair<std::string, std::string>> steps;  // (operation, file)
  for (const RepositoryPlan& r : plan.repositories) {
    const std::size_t files = delete_file_count(r);
    for (std::size_t f = 1; f <= files; ++f) {
      steps.emplace_back("batch-delete-image", delete_path(*r.repository, f, files));
    }
    for (std::size_t f = 1; f <= r.transitions.size(); ++f) {
      steps.emplace_back("update-image-storage-class",
                         transition_path(*r.repository, f, r.transitions.size()));
    }
  }
  std::string out =
      "#!/bin/sh\n"
      "# Applies this ecr-lifecycle plan (" +
      format_utc(plan.now) +
      ") with the AWS CLI, one request file at a time.\n"
      "# Environment: AWS_CLI (default: aws), ECR_ENDPOINT_URL (passed as --endpoint-url),\n"
      "# and whatever the AWS CLI reads itself (AWS_PROFILE, AWS_REGION, ...).\n"
      "# Stops at the first failure; images already deleted (ImageNotFound) are not failures,\n"
      "# so the script can be run again after an interruption.\n"
      "set -eu\n"
      "cd \"$(dirname \"$0\")\"\n"
      "aws_cli=${AWS_CLI:-aws}\n"
      "total=" +
      std::to_string(steps.size()) +
      "\n"
      "step=0\n"
      "\n"
      "# batch-delete-image reports per-image failures in its output with exit status 0.\n"
      "delete_images() {\n"
      "  step=$((step + 1))\n"
      "  printf '[%d/%d] batch-delete-image %s\\n' \"$step\" \"$total\" \"$1\"\n"
      "  failures=$(\"$aws_cli\" ecr batch-delete-image --cli-input-json \"file://$1\" \\\n"
      "    ${ECR_ENDPOINT_URL:+--endpoint-url \"$ECR_ENDPOINT_URL\"} \\\n"
      "    --query \"failures[?failureCode!='ImageNotFound']\" --output json) || {\n"
      "    printf 'failed: %s\\n' \"$1\" >&2\n"
      "    exit 1\n"
      "  }\n"
      "  case $failures in\n"
      "    '[]' | '') ;;\n"
      "    *)\n"
      "      printf 'failed: %s:\\n%s\\n' \"$1\" \"$failures\" >&2\n"
      "      exit 1\n"
      "      ;;\n"
      "  esac\n"
      "}\n"
      "\n"
      "transition_image() {\n"
      "  step=$((step + 1))\n"
      "  printf '[%d/%d] update-image-storage-class %s\\n' \"$step\" \"$total\" \"$1\"\n"
      "  \"$aws_cli\" ecr update-image-storage-class --cli-input-json \"file://$1\" \\\n"
      "    ${ECR_ENDPOINT_URL:+--endpoint-url \"$ECR_ENDPOINT_URL\"} >/dev/null || {\n"
      "    printf 'failed: %s\\n' \"$1\" >&2\n"
      "    exit 1\n"
      "  }\n"
      "}\n"
      "\n";
  for (const auto& [operation, file] : steps) {
    out += operation == "batch-delete-image" ? "delete_images " : "transition_image ";
    out += shell_quote(file);
    out += '\n';
  }
  out += "printf 'done: %d requests\\n' \"$total\"\n";
  return out;
}

}  // namespace

std::string escape_repository(std::string_view repository) {
  std::string out;
  for (const char c : repository) {
    if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
  return out;
}

Plan build_plan(const PolicySetReport& report, const Inventory& inventory,
                const ResolvedProtection* protection) {
  Plan plan;
  plan.without_policy = report.without_policy;
  if (!report.reports.empty()) {
    plan.now = report.reports.front().now;
  }
  if (protection != nullptr) {
    plan.unmatched_protections = protection->unmatched;
  }
  for (const ScopedRepository& scoped : report.repositories) {
    const RepositoryProtection* repository_protection = nullptr;
    if (protection != nullptr) {
      const auto index =
          static_cast<std::size_t>(scoped.repository->repository - inventory.repositories.data());
      repository_protection = &protection->repositories[index];
    }
    plan.repositories.push_back(plan_repository(scoped, repository_protection));
  }
  return plan;
}

std::string plan_summary_text(const Plan& plan) {
  std::string out = "Plan as of " + format_utc(plan.now) + "\n\n";
  std::vector<std::vector<std::string>> rows;
  rows.push_back(
      {"REPOSITORY", "POLICY", "RULE", "ACTION", "IMAGES", "SIZE", "PROTECTED", "PROTECTED SIZE"});
  for (const RepositoryPlan& r : plan.repositories) {
    const std::size_t before = rows.size();
    for (const PlanRuleSummary& rule : r.rules) {
      if (rule.images == 0 && rule.saved == 0) {
        continue;  // rules that do nothing here would drown the ones that do
      }
      rows.push_back({r.repository->name, r.source->file, std::to_string(rule.priority),
                      std::string(to_json(rule.action)), std::to_string(rule.images),
                      format_bytes(rule.bytes), std::to_string(rule.saved),
                      format_bytes(rule.saved_bytes)});
    }
    if (rows.size() == before) {
      rows.push_back({r.repository->name, r.source->file, "-", "-", "0", "0 B", "0", "0 B"});
    }
  }
  out += detail::format_table(rows);
  const Totals totals = totals_of(plan);
  out += "\nTotal: delete " + detail::count_text(totals.deletions, "image") + " (" +
         format_bytes(totals.deletion_bytes) + ") in " +
         detail::count_text(totals.delete_files, "request file") + "; transition " +
         detail::count_text(totals.transitions, "image") + " (" +
         format_bytes(totals.transition_bytes) + ") in " +
         detail::count_text(totals.transitions, "request file") + "\n";
  if (totals.referrers > 0) {
    out += "ECR also removes " + detail::count_text(totals.referrers, "referrer") + " (" +
           format_bytes(totals.referrer_bytes) + ") of deleted images by itself\n";
  }
  if (plan.protect != nullptr) {
    out += "Protection saved " + detail::count_text(totals.saved, "image") + " (" +
           format_bytes(totals.saved_bytes) + ")" + (totals.saved > 0 ? ":\n" : "\n");
    for (const RepositoryPlan& r : plan.repositories) {
      for (const SavedImage& saved : r.saved) {
        const ImageRecord& image = r.repository->images[saved.image];
        out += "  " + r.repository->name + " " + image.digest.short_string() + " " +
               tags_text(image) + ": " + std::string(to_json(saved.action)) + " by rule " +
               std::to_string(saved.rule) + ", kept by " +
               protection_text(plan, *r.repository, saved.protection) + "\n";
      }
    }
    for (const std::size_t reference : plan.unmatched_protections) {
      out += "Protect reference matching no image: " + reference_location(plan, reference) + " " +
             plan.protect->references[reference].text + "\n";
    }
  }
  if (!plan.without_policy.empty()) {
    out += "Repositories without a policy (not in the plan):";
    for (const std::string& name : plan.without_policy) {
      out += " " + name;
    }
    out += "\n";
  }
  return out;
}

std::vector<PlanFile> plan_files(const Plan& plan) {
  std::vector<PlanFile> files;
  for (const RepositoryPlan& r : plan.repositories) {
    const std::size_t count = delete_file_count(r);
    for (std::size_t f = 0; f < count; ++f) {
      const std::size_t begin = f * k_batch_delete_limit;
      const std::size_t size = std::min(k_batch_delete_limit, r.deletions.size() - begin);
      files.push_back(
          {delete_path(*r.repository, f + 1, count),
           delete_request(*r.repository,
                          std::span<const std::uint32_t>(r.deletions).subspan(begin, size)),
           false});
    }
    for (std::size_t f = 0; f < r.transitions.size(); ++f) {
      files.push_back({transition_path(*r.repository, f + 1, r.transitions.size()),
                       transition_request(*r.repository, r.transitions[f]), false});
    }
  }
  files.push_back({"summary.json", summary_json(plan), false});
  files.push_back({"summary.txt", plan_summary_text(plan), false});
  files.push_back({"apply.sh", apply_script(plan), true});
  return files;
}

}  // namespace ecrlc
