// `--format aws`: what `aws ecr get-lifecycle-policy-preview` prints (AWS CLI v2, UTC).
//
// The CLI paginates this operation by default and rebuilds the response from the pages:
// the result key `previewResults` comes first, then the non-aggregate keys in API order
// (registryId, repositoryName, lifecyclePolicyText, status, summary). Members of each
// result follow the botocore model (imageTags, imageDigest, imagePushedAt, action,
// appliedRulePriority, storageClass). json.dump(indent=4, ensure_ascii=False) does the rest.
#include <algorithm>
#include <ostream>
#include <string>

#include "ecrlc/render.hpp"

namespace ecrlc {
namespace {

// One append per line break: 25 of them per preview result.
void newline(std::string& out, int level) {
  static const std::string k_breaks = "\n" + std::string(64, ' ');
  out.append(k_breaks.data(), 1 + std::min<std::size_t>(static_cast<std::size_t>(level) * 4, 64));
}

void append_result(std::string& out, const RepositoryReport& repository, std::uint32_t index,
                   int level) {
  const ImageRecord& image = repository.repository->images[index];
  const ImageVerdict& verdict = repository.evaluation.verdicts[index];
  out.push_back('{');
  // An untagged image has no imageTags in the API response and botocore drops absent
  // members, so the CLI prints no key at all.
  if (!image.tags.empty()) {
    newline(out, level + 1);
    out.append("\"imageTags\": [");
    for (std::size_t t = 0; t < image.tags.size(); ++t) {
      if (t != 0) {
        out.push_back(',');
      }
      newline(out, level + 2);
      append_json_string(out, image.tags[t]);
    }
    newline(out, level + 1);
    out.append("],");
  }
  newline(out, level + 1);
  out.append("\"imageDigest\": ");
  append_json_digest(out, image.digest);
  out.push_back(',');
  newline(out, level + 1);
  out.append("\"imagePushedAt\": ");
  out.push_back('"');
  append_iso_time(out, image.pushed_at, "+00:00");
  out.push_back('"');
  out.push_back(',');
  newline(out, level + 1);
  out.append("\"action\": {");
  newline(out, level + 2);
  out.append(verdict.action == Action::transition ? "\"type\": \"TRANSITION\","
                                                  : "\"type\": \"EXPIRE\"");
  if (verdict.action == Action::transition) {
    newline(out, level + 2);
    out.append("\"targetStorageClass\": \"ARCHIVE\"");
  }
  newline(out, level + 1);
  out.append("},");
  newline(out, level + 1);
  out.append("\"appliedRulePriority\": ");
  append_integer(out, verdict.rule);
  out.push_back(',');
  newline(out, level + 1);
  out.append("\"storageClass\": ");
  out.append(image.status == ImageStatus::archived ? "\"ARCHIVE\"" : "\"STANDARD\"");
  newline(out, level);
  out.push_back('}');
}

void append_repository(OutputBuffer& buffer, const Report& report,
                       const RepositoryReport& repository, const RenderOptions& options,
                       int level) {
  std::string& out = buffer.text();
  out.push_back('{');
  newline(out, level + 1);
  out.append("\"previewResults\": [");
  for (std::uint32_t i = 0; i < repository.acted_count; ++i) {
    if (i != 0) {
      out.push_back(',');
    }
    newline(out, level + 2);
    append_result(out, repository, repository.order[i], level + 2);
    buffer.maybe_flush();
  }
  if (repository.acted_count != 0) {
    newline(out, level + 1);
  }
  out.append("],");
  const std::string& registry_id = !options.registry_id.empty() ? options.registry_id
                                   : !repository.repository->registry_id.empty()
                                       ? repository.repository->registry_id
                                       : options.default_registry_id;
  // botocore drops members the response lacks; with no registry id known, none is printed.
  if (!registry_id.empty()) {
    newline(out, level + 1);
    out.append("\"registryId\": ");
    append_json_string(out, registry_id);
    out.push_back(',');
  }
  newline(out, level + 1);
  out.append("\"repositoryName\": ");
  append_json_string(out, repository.repository->name);
  out.push_back(',');
  newline(out, level + 1);
  out.append("\"lifecyclePolicyText\": ");
  append_json_string(out, report.policy->text);
  out.push_back(',');
  newline(out, level + 1);
  out.append("\"status\": \"COMPLETE\",");
  newline(out, level + 1);
  out.append("\"summary\": {");
  newline(out, level + 2);
  out.append("\"expiringImageTotalCount\": ");
  append_integer(out, static_cast<std::int64_t>(repository.summary.expiring));
  // CHOICE: the transition counts appear only when some image transitions.
  if (repository.summary.transitioning != 0) {
    out.push_back(',');
    newline(out, level + 2);
    out.append("\"transitioningImageTotalCounts\": [");
    newline(out, level + 3);
    out.push_back('{');
    newline(out, level + 4);
    out.append("\"targetStorageClass\": \"ARCHIVE\",");
    newline(out, level + 4);
    out.append("\"imageTotalCount\": ");
    append_integer(out, static_cast<std::int64_t>(repository.summary.transitioning));
    newline(out, level + 3);
    out.push_back('}');
    newline(out, level + 2);
    out.push_back(']');
  }
  newline(out, level + 1);
  out.push_back('}');
  newline(out, level);
  out.push_back('}');
}

}  // namespace

void render_aws(std::ostream& out, const Report& report, const RenderOptions& options) {
  OutputBuffer buffer(out);
  if (report.repositories.size() == 1) {
    append_repository(buffer, report, report.repositories.front(), options, 0);
    buffer.text().push_back('\n');
    return;
  }
  std::string& text = buffer.text();
  text.push_back('[');
  for (std::size_t r = 0; r < report.repositories.size(); ++r) {
    if (r != 0) {
      text.push_back(',');
    }
    newline(text, 1);
    append_repository(buffer, report, report.repositories[r], options, 1);
  }
  if (!report.repositories.empty()) {
    text.push_back('\n');
  }
  text.append("]\n");
}

// For the multi-policy preview (render_scope.cpp): one repository object, each with its own
// policy's lifecyclePolicyText.
void append_aws_repository(OutputBuffer& buffer, const Report& report,
                           const RepositoryReport& repository, const RenderOptions& options,
                           int level) {
  append_repository(buffer, report, repository, options, level);
}

}  // namespace ecrlc
