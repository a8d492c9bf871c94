// `--format csv`: RFC 4180 (CRLF line ends, a header row, fields quoted when they hold a
// comma, a quote, CR or LF, quotes doubled); one row per image that gets an action, or per
// image with --all, in report order.
#include <ostream>

#include "ecrlc/render.hpp"
#include "output/csv_row.hpp"

namespace ecrlc {

void detail::append_csv_field(std::string& out, std::string_view field) {
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

void detail::append_csv_image(std::string& out, const Repository& repository,
                              const ImageRecord& image) {
  append_csv_field(out, repository.name);
  out.push_back(',');
  out.append(image.digest.to_string());
  out.push_back(',');
  // The tags joined by commas, as one field. Two or more tags always hold a comma, so the field
  // is quoted; writing it in place saves building the joined string for every row.
  if (image.tags.size() == 1) {
    append_csv_field(out, image.tags.front());
  } else if (image.tags.size() > 1) {
    out.push_back('"');
    for (std::size_t t = 0; t < image.tags.size(); ++t) {
      out.append(t == 0 ? "" : ",");
      for (char c : image.tags[t]) {
        if (c == '"') {
          out.push_back('"');
        }
        out.push_back(c);
      }
    }
    out.push_back('"');
  }
  out.push_back(',');
  append_iso_time(out, image.pushed_at, "Z");
  out.push_back(',');
  append_integer(out, image.size_bytes);
  out.push_back(',');
  out.append(to_api(image.status));
}

void detail::append_csv_verdict(std::string& out, const Report& report,
                                const RepositoryReport& repository, std::uint32_t index) {
  const ImageVerdict& verdict = repository.evaluation.verdicts[index];
  out.append(to_json(verdict.action));
  out.append(verdict.action == Action::transition ? ",archive," : ",,");
  if (verdict.rule != 0) {
    append_integer(out, verdict.rule);
  }
  out.push_back(',');
  out.append(to_json(verdict.reason));
  out.push_back(',');
  append_csv_field(
      out, describe_reason(*report.policy, *repository.repository, index, verdict, report.now));
}

void render_csv(std::ostream& out, const Report& report, const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  text.append(detail::k_csv_header);
  text.append("\r\n");
  for (const RepositoryReport& repository : report.repositories) {
    const auto& images = repository.repository->images;
    const std::size_t count = options.all ? repository.order.size() : repository.acted_count;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t index = repository.order[i];
      detail::append_csv_image(text, *repository.repository, images[index]);
      text.push_back(',');
      detail::append_csv_verdict(text, report, repository, index);
      text.append("\r\n");
      buffer.maybe_flush();
    }
  }
}

}  // namespace ecrlc
