// `--format ndjson`: one json-schema image object per line, each with its repositoryName;
// images that get an action, or every image with --all, in report order.
#include <ostream>

#include "ecrlc/render.hpp"

namespace ecrlc {

void render_ndjson(std::ostream& out, const Report& report, const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  for (const RepositoryReport& repository : report.repositories) {
    const std::size_t count = options.all ? repository.order.size() : repository.acted_count;
    for (std::size_t i = 0; i < count; ++i) {
      append_image_json(text, report, repository, repository.order[i], true);
      text.push_back('\n');
      buffer.maybe_flush();
    }
  }
}

}  // namespace ecrlc
