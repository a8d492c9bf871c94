// `--format csv`: RFC 4180 (CRLF line ends, a header row, fields quoted when they hold a
// comma, a quote, CR or LF, quotes doubled); one row per image that gets an action, or per
// image with --all, in report order.
#include <ostream>

#include "ecrlc/render.hpp"

namespace ecrlc {
namespace {

constexpr std::string_view k_header =
    "repository,image_digest,image_tags,image_pushed_at,image_size_bytes,image_status,action,"
    "target_storage_class,rule,reason,reason_text\r\n";

void append_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

void render_csv(std::ostream& out, const Report& report, const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  text.append(k_header);
  std::string tags;
  for (const RepositoryReport& repository : report.repositories) {
    const auto& images = repository.repository->images;
    const std::size_t count = options.all ? repository.order.size() : repository.acted_count;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t index = repository.order[i];
      const ImageRecord& image = images[index];
      const ImageVerdict& verdict = repository.evaluation.verdicts[index];
      append_field(text, repository.repository->name);
      text.push_back(',');
      text.append(image.digest.to_string());
      text.push_back(',');
      tags.clear();
      for (std::size_t t = 0; t < image.tags.size(); ++t) {
        if (t != 0) {
          tags.push_back(',');
        }
        tags.append(image.tags[t]);
      }
      append_field(text, tags);
      text.push_back(',');
      append_iso_time(text, image.pushed_at, "Z");
      text.push_back(',');
      append_integer(text, image.size_bytes);
      text.push_back(',');
      text.append(to_api(image.status));
      text.push_back(',');
      text.append(to_json(verdict.action));
      text.append(verdict.action == Action::transition ? ",archive," : ",,");
      if (verdict.rule != 0) {
        append_integer(text, verdict.rule);
      }
      text.push_back(',');
      text.append(to_json(verdict.reason));
      text.push_back(',');
      append_field(text, describe_reason(*report.policy, *repository.repository, index, verdict,
                                         report.now));
      text.append("\r\n");
      buffer.maybe_flush();
    }
  }
}

}  // namespace ecrlc
