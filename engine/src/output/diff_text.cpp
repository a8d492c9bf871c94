// The diff format switch and the time its table, markdown and html renderings show.
#include "output/diff_text.hpp"

#include "base/enum_names.hpp"
#include "output/in_use_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc {

std::optional<DiffFormat> parse_diff_format(std::string_view name) {
  static constexpr std::array<std::string_view, 4> k_names{"table", "json", "markdown", "html"};
  return detail::enum_from_name<DiffFormat>(name, k_names);
}

void render_diff(std::ostream& out, const PolicyDiff& diff, DiffFormat format,
                 const DiffRenderOptions& options) {
  switch (format) {
    case DiffFormat::table:
      if (options.in_use != nullptr && !options.in_use->empty()) {
        // --protect: images in use that NEW newly expires or archives come first.
        std::string text;
        detail::append_in_use_table(text, *options.protect, *options.in_use,
                                    diff_in_use_heading(options.new_name, options.in_use->size()),
                                    options.width);
        out << text << '\n';
      }
      detail::render_diff_table(out, diff, options);
      return;
    case DiffFormat::json:
      detail::render_diff_json(out, diff, options);
      return;
    case DiffFormat::markdown:
      detail::render_diff_markdown(out, diff, options);
      return;
    case DiffFormat::html:
      detail::render_diff_html(out, diff, options);
      return;
  }
}

namespace detail {

std::string table_time(Micros t) {
  std::string text;
  append_table_time(text, t);
  return text;
}

}  // namespace detail
}  // namespace ecrlc
