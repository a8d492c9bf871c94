// `--format ndjson`: one json-schema image object per line, each with its repositoryName
// (and with several policies its policy); images that get an action, or every image with
// --all, in listing order; with a horizon, then one line per forecast entry; with --protect,
// then one line per image in use that the policy acts on ("inUse": true).
#include "output/in_use_formats.hpp"
#include "output/preview_formats.hpp"

namespace ecrlc::detail {
namespace {

using namespace json_literals;

void begin_line(JsonWriter& json, const RepositoryPreview& repository) {
  json.begin_object(JsonWriter::Layout::line)
      .member("repositoryName"_key, std::string_view(repository.repository->name));
}

void end_line(JsonWriter& json, const Preview& preview, const RepositoryPreview& repository) {
  if (!preview.single_policy) {
    json.member("policy"_key, std::string_view(preview.policy_of(repository).source->file));
  }
}

}  // namespace

void render_preview_ndjson(OutputBuffer& buffer, const Preview& preview,
                           const PreviewRenderOptions& options) {
  const auto starts = render_batches(preview.repositories.size(), [&](std::size_t r) {
    return listed_count(preview.repositories[r], options.all);
  });
  render_in_order(
      buffer, starts, options.threads, [&](std::size_t first, std::size_t last, OutputBuffer& out) {
        JsonWriter json(out.text());
        std::string reason;  // append_image_members' scratch
        for (std::size_t r = first; r < last; ++r) {
          const RepositoryPreview& repository = preview.repositories[r];
          for (std::size_t i = 0; i < listed_count(repository, options.all); ++i) {
            begin_line(json, repository);
            append_image_members(json, preview, repository, repository.order[i], reason);
            end_line(json, preview, repository);
            json.end_object();
            out.text().push_back('\n');
            out.maybe_flush();
          }
        }
      });
  JsonWriter json(buffer.text());
  for (const RepositoryPreview& repository : preview.repositories) {
    for (const ForecastEntry& entry : repository.forecast) {
      begin_line(json, repository);
      append_forecast_members(json, preview, repository, entry);
      end_line(json, preview, repository);
      json.member("forecast"_key, true).end_object();
      buffer.text().push_back('\n');
    }
  }
  if (options.in_use != nullptr) {
    for (const InUseImage& image : *options.in_use) {
      json.begin_object(JsonWriter::Layout::line);
      append_in_use_members(json, *options.protect, image);
      json.member("inUse", true).end_object();
      buffer.text().push_back('\n');
    }
  }
}

}  // namespace ecrlc::detail
