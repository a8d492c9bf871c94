// The diff format switch and the words its table and markdown renderings share.
#include "output/diff_text.hpp"

#include "base/enum_names.hpp"
#include "output/in_use_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc {

std::optional<DiffFormat> parse_diff_format(std::string_view name) {
  static constexpr std::array<std::string_view, 3> k_names{"table", "json", "markdown"};
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
                                    "In use and newly expiring or archiving under " +
                                        options.new_name + ": " +
                                        plural(options.in_use->size(), "image", "images"));
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
  }
}

namespace detail {

std::string_view describe(ChangeKind kind) {
  static constexpr std::array<std::string_view, 5> k_names{
      "newly expiring", "no longer expiring", "newly transitioning", "no longer transitioning",
      "different rule"};
  return detail::enum_name(kind, k_names);
}

std::string outcome_label(const Outcome& outcome) {
  if (!outcome.has_policy) {
    return "no policy";
  }
  if (outcome.action == Action::none) {
    return "keep";
  }
  std::string text(outcome.action == Action::expire ? "expire" : "transition");
  text += outcome.referrer ? " (referrer, rule " : " (rule ";
  text += std::to_string(outcome.rule) + ")";
  return text;
}

std::string day_of(Micros t) { return format_utc(t).substr(0, 10); }

std::string change_counts(const PolicyDiff& diff, bool bold) {
  std::string out;
  for (std::size_t k = 0; k < k_change_kinds; ++k) {
    const auto kind = static_cast<ChangeKind>(k);
    out += k == 0 ? "" : ", ";
    const std::string n = std::to_string(diff.counts[k]);
    out += bold ? "**" + n + "**" : n;
    out += " ";
    out += kind == ChangeKind::different_rule ? "with a different rule" : describe(kind);
    if (diff.counts[k] > 0 && kind != ChangeKind::different_rule) {
      out += " (" + format_bytes(diff.bytes[k]) + ")";
    }
  }
  return out;
}

}  // namespace detail
}  // namespace ecrlc
