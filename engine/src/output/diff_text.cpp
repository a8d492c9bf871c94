// The diff format switch and the words its table and markdown renderings share.
#include "output/diff_text.hpp"

#include "output/sentences.hpp"

namespace ecrlc {

std::optional<DiffFormat> parse_diff_format(std::string_view name) {
  if (name == "table") {
    return DiffFormat::table;
  }
  if (name == "json") {
    return DiffFormat::json;
  }
  if (name == "markdown") {
    return DiffFormat::markdown;
  }
  return std::nullopt;
}

void render_diff(std::ostream& out, const PolicyDiff& diff, DiffFormat format,
                 const DiffRenderOptions& options) {
  switch (format) {
    case DiffFormat::table:
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
  switch (kind) {
    case ChangeKind::newly_expiring:
      return "newly expiring";
    case ChangeKind::no_longer_expiring:
      return "no longer expiring";
    case ChangeKind::newly_transitioning:
      return "newly transitioning";
    case ChangeKind::no_longer_transitioning:
      return "no longer transitioning";
    case ChangeKind::different_rule:
      return "different rule";
  }
  return "different rule";
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
