// `--format aws`: what `aws ecr get-lifecycle-policy-preview` prints (AWS CLI v2, UTC): one
// object for one repository, else an array of them, each with its own policy's text.
//
// The CLI paginates this operation by default and rebuilds the response from the pages:
// the result key `previewResults` comes first, then the non-aggregate keys in API order
// (registryId, repositoryName, lifecyclePolicyText, status, summary). Members of each
// result follow the botocore model (imageTags, imageDigest, imagePushedAt, action,
// appliedRulePriority, storageClass). json.dump(indent=4, ensure_ascii=False) does the rest.
#include <algorithm>

#include "base/civil_time.hpp"
#include "output/preview_formats.hpp"

namespace ecrlc::detail {
namespace {

// One line break and the indentation of `level`, in one append.
void newline(std::string& out, int level) {
  static const std::string k_breaks = "\n" + std::string(64, ' ');
  out.append(k_breaks.data(), 1 + std::min<std::size_t>(static_cast<std::size_t>(level) * 4, 64));
}

// One preview result at nesting `level`, written by hand: it is the one object written per
// image (a million times for a large registry), and JsonWriter's bookkeeping per member would
// cost a tenth of the run. It prints what JsonWriter's block layout prints.
void append_result(std::string& out, const RepositoryPreview& repository, std::uint32_t index,
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
  out.append("\"imagePushedAt\": \"");
  append_iso_time(out, image.pushed_at, "+00:00");
  out.append("\",");
  newline(out, level + 1);
  out.append("\"action\": {");
  newline(out, level + 2);
  if (verdict.action == Action::transition) {
    out.append("\"type\": \"TRANSITION\",");
    newline(out, level + 2);
    out.append("\"targetStorageClass\": \"ARCHIVE\"");
  } else {
    out.append("\"type\": \"EXPIRE\"");
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

// One repository's object at nesting `level`.
void append_repository(OutputBuffer& buffer, JsonWriter& json, const Preview& preview,
                       const RepositoryPreview& repository, const PreviewRenderOptions& options,
                       int level) {
  const PreviewPolicy& policy = preview.policy_of(repository);
  json.begin_object().key("previewResults").begin_array();
  for (std::uint32_t i = 0; i < repository.acted_count; ++i) {
    append_result(json.raw_value(), repository, repository.order[i], level + 2);
    buffer.maybe_flush();
  }
  json.end_array();
  const std::string& registry_id = !options.registry_id.empty() ? options.registry_id
                                   : !repository.repository->registry_id.empty()
                                       ? repository.repository->registry_id
                                       : policy.source->registry_id;
  // botocore drops members the response lacks; with no registry id known, none is printed.
  if (!registry_id.empty()) {
    json.member("registryId", std::string_view(registry_id));
  }
  json.member("repositoryName", std::string_view(repository.repository->name))
      .member("lifecyclePolicyText", std::string_view(policy.policy().text))
      .member("status", "COMPLETE")
      .key("summary")
      .begin_object()
      .member("expiringImageTotalCount", repository.summary.expiring);
  // CHOICE: the transition counts appear only when some image transitions.
  if (repository.summary.transitioning != 0) {
    json.key("transitioningImageTotalCounts")
        .begin_array()
        .begin_object()
        .member("targetStorageClass", "ARCHIVE")
        .member("imageTotalCount", repository.summary.transitioning)
        .end_object()
        .end_array();
  }
  json.end_object().end_object();
}

}  // namespace

void render_preview_aws(OutputBuffer& buffer, const Preview& preview,
                        const PreviewRenderOptions& options) {
  JsonWriter json(buffer.text(), 4);
  if (preview.repositories.size() == 1) {
    append_repository(buffer, json, preview, preview.repositories.front(), options, 0);
  } else {
    json.begin_array();
    for (const RepositoryPreview& repository : preview.repositories) {
      append_repository(buffer, json, preview, repository, options, 1);
    }
    json.end_array();
  }
  buffer.text().push_back('\n');
}

}  // namespace ecrlc::detail
