// `--format aws`: what `aws ecr get-lifecycle-policy-preview` prints (AWS CLI v2, UTC): one
// object for one repository, else an array of them, each with its own policy's text.
//
// The CLI paginates this operation by default and rebuilds the response from the pages:
// the result key `previewResults` comes first, then the non-aggregate keys in API order
// (registryId, repositoryName, lifecyclePolicyText, status, summary). Members of each
// result follow the botocore model (imageTags, imageDigest, imagePushedAt, action,
// appliedRulePriority, storageClass). json.dump(indent=4, ensure_ascii=False) does the rest.
#include "base/civil_time.hpp"
#include "output/preview_formats.hpp"

namespace ecrlc::detail {
namespace {

using namespace json_literals;

void append_result(JsonWriter& json, const RepositoryPreview& repository, std::uint32_t index) {
  const ImageRecord& image = repository.repository->images[index];
  const ImageVerdict& verdict = repository.evaluation.verdicts[index];
  json.begin_object();
  // An untagged image has no imageTags in the API response and botocore drops absent
  // members, so the CLI prints no key at all.
  if (!image.tags.empty()) {
    json.key("imageTags"_key).begin_array();
    for (const std::string_view tag : image.tags) {
      json.value(tag);
    }
    json.end_array();
  }
  json.key("imageDigest"_key);
  append_json_digest(json.raw_value(), image.digest);
  json.key("imagePushedAt"_key);
  std::string& out = json.raw_value();
  out.push_back('"');
  append_iso_time(out, image.pushed_at, "+00:00");
  out.push_back('"');
  json.key("action"_key).begin_object();
  if (verdict.action == Action::transition) {
    json.member("type"_key, "TRANSITION").member("targetStorageClass"_key, "ARCHIVE");
  } else {
    json.member("type"_key, "EXPIRE");
  }
  json.end_object()
      .member("appliedRulePriority"_key, verdict.rule)
      .member("storageClass"_key, image.status == ImageStatus::archived ? "ARCHIVE" : "STANDARD")
      .end_object();
}

// The escaped text of the last policy written: every repository repeats its policy's text,
// and with 74,000 repositories escaping one 1 KB policy again each time was 5% of the run.
struct EscapedPolicy {
  const PreviewPolicy* policy = nullptr;
  std::string json;

  std::string_view of(const PreviewPolicy& p) {
    if (policy != &p) {
      policy = &p;
      json.clear();
      append_json_string(json, p.policy().text);
    }
    return json;
  }
};

void append_repository(OutputBuffer& buffer, JsonWriter& json, const Preview& preview,
                       const RepositoryPreview& repository, const PreviewRenderOptions& options,
                       EscapedPolicy& escaped) {
  const PreviewPolicy& policy = preview.policy_of(repository);
  json.begin_object().key("previewResults"_key).begin_array();
  for (std::uint32_t i = 0; i < repository.acted_count; ++i) {
    append_result(json, repository, repository.order[i]);
    buffer.maybe_flush();
  }
  json.end_array();
  const std::string& registry_id = !options.registry_id.empty() ? options.registry_id
                                   : !repository.repository->registry_id.empty()
                                       ? repository.repository->registry_id
                                       : policy.source->registry_id;
  // botocore drops members the response lacks; with no registry id known, none is printed.
  if (!registry_id.empty()) {
    json.member("registryId"_key, std::string_view(registry_id));
  }
  json.member("repositoryName"_key, std::string_view(repository.repository->name))
      .key("lifecyclePolicyText"_key)
      .raw(escaped.of(policy))
      .member("status"_key, "COMPLETE")
      .key("summary"_key)
      .begin_object()
      .member("expiringImageTotalCount"_key, repository.summary.expiring);
  // CHOICE: the transition counts appear only when some image transitions.
  if (repository.summary.transitioning != 0) {
    json.key("transitioningImageTotalCounts"_key)
        .begin_array()
        .begin_object()
        .member("targetStorageClass"_key, "ARCHIVE")
        .member("imageTotalCount"_key, repository.summary.transitioning)
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
    EscapedPolicy escaped;
    append_repository(buffer, json, preview, preview.repositories.front(), options, escaped);
  } else {
    json.begin_array();
    const auto starts = render_batches(preview.repositories.size(), [&](std::size_t r) {
      return std::size_t{preview.repositories[r].acted_count};
    });
    render_in_order(buffer, starts, options.threads,
                    [&](std::size_t first, std::size_t last, OutputBuffer& out) {
                      EscapedPolicy escaped;
                      for (std::size_t r = first; r < last; ++r) {
                        JsonWriter member = json.member_writer(out.text(), r == 0);
                        append_repository(out, member, preview, preview.repositories[r], options,
                                          escaped);
                      }
                    });
    if (!preview.repositories.empty()) {
      json.members_written_elsewhere();
    }
    json.end_array();
  }
  buffer.text().push_back('\n');
}

}  // namespace ecrlc::detail
