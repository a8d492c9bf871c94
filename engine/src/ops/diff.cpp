// Policy diffs: outcome changes per image, totals, and the table/json/markdown renderings.
#include "ecrlc/diff.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include "ecrlc/render.hpp"
#include "output/plain_text.hpp"

namespace ecrlc {

std::string_view to_json(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::newly_expiring:
      return "newly_expiring";
    case ChangeKind::no_longer_expiring:
      return "no_longer_expiring";
    case ChangeKind::newly_transitioning:
      return "newly_transitioning";
    case ChangeKind::no_longer_transitioning:
      return "no_longer_transitioning";
    case ChangeKind::different_rule:
      return "different_rule";
  }
  return "different_rule";
}

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

namespace {

constexpr int k_kinds = 5;

std::vector<Outcome> outcomes_of(const RepositoryReport* report, std::size_t images) {
  std::vector<Outcome> outcomes(images);
  if (report == nullptr) {
    for (Outcome& outcome : outcomes) {
      outcome.has_policy = false;
    }
    return outcomes;
  }
  const auto& verdicts = report->evaluation.verdicts;
  for (std::size_t i = 0; i < images; ++i) {
    if (verdicts[i].action != Action::none) {
      outcomes[i].action = verdicts[i].action;
      outcomes[i].rule = verdicts[i].rule;
    }
  }
  for (const ReferrerConsequence& consequence : report->evaluation.consequences) {
    Outcome& outcome = outcomes[consequence.referrer];
    outcome.action = Action::expire;
    outcome.rule = consequence.rule;
    outcome.referrer = true;
  }
  return outcomes;
}

std::optional<ChangeKind> classify(const Outcome& before, const Outcome& after) {
  if (before.action == after.action &&
      (before.action == Action::none ||
       (before.rule == after.rule && before.referrer == after.referrer))) {
    return std::nullopt;
  }
  if (after.action == Action::expire && before.action != Action::expire) {
    return ChangeKind::newly_expiring;
  }
  if (before.action == Action::expire && after.action != Action::expire) {
    return ChangeKind::no_longer_expiring;
  }
  if (after.action == Action::transition && before.action == Action::none) {
    return ChangeKind::newly_transitioning;
  }
  if (before.action == Action::transition && after.action == Action::none) {
    return ChangeKind::no_longer_transitioning;
  }
  return ChangeKind::different_rule;
}

void add_totals(OutcomeTotals& totals, const Outcome& outcome, std::int64_t size) {
  if (outcome.action == Action::expire) {
    ++totals.expiring;
    totals.expiring_bytes += size;
  } else if (outcome.action == Action::transition) {
    ++totals.transitioning;
    totals.transitioning_bytes += size;
  }
}

// ---- Rendering ------------------------------------------------------------------------

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

std::string signed_count(std::int64_t delta) {
  return delta > 0 ? std::string("+") + std::to_string(delta) : std::to_string(delta);
}

std::string signed_bytes(std::int64_t delta) {
  if (delta == 0) {
    return "0 B";
  }
  return std::string(delta > 0 ? "+" : "-") + format_bytes(delta > 0 ? delta : -delta);
}

std::string change_counts(const PolicyDiff& diff, bool bold) {
  std::string out;
  for (int k = 0; k < k_kinds; ++k) {
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

std::string totals_line(const OutcomeTotals& totals) {
  return "expires " + detail::count_text(totals.expiring, "image") + " (" +
         format_bytes(totals.expiring_bytes) + "), transitions " +
         detail::count_text(totals.transitioning, "image") + " (" +
         format_bytes(totals.transitioning_bytes) + ")";
}

void render_table_format(std::ostream& out, const PolicyDiff& diff,
                         const DiffRenderOptions& options) {
  std::string text;
  if (diff.changes.empty()) {
    text += "No image changes outcome.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"REPOSITORY", "DIGEST", "TAGS", "PUSHED", "OLD", "NEW", "CHANGE"});
    for (const ImageChange& change : diff.changes) {
      const ImageRecord& image = change.repository->images[change.image];
      rows.push_back({change.repository->name, image.digest.short_string(),
                      image.tags.empty() ? "-" : detail::joined_tags(image, ","),
                      day_of(image.pushed_at), outcome_label(change.old_outcome),
                      outcome_label(change.new_outcome), std::string(describe(change.kind))});
    }
    text += detail::format_table(rows);
  }
  text += std::string("\n") + detail::count_text(diff.changes.size(), "image") +
          " change: " + change_counts(diff, false) + "\n";
  text += "OLD " + options.old_name + ": " + totals_line(diff.old_totals) + "\n";
  text += "NEW " + options.new_name + ": " + totals_line(diff.new_totals) + "\n";
  out << text;
}

void append_outcome_json(std::string& out, const Outcome& outcome) {
  out += "{\"action\": \"";
  out += to_json(outcome.action);
  out += "\", \"rulePriority\": ";
  if (outcome.rule == 0) {
    out += "null";
  } else {
    append_integer(out, outcome.rule);
  }
  out += outcome.referrer ? ", \"referrer\": true" : ", \"referrer\": false";
  out += outcome.has_policy ? ", \"hasPolicy\": true}" : ", \"hasPolicy\": false}";
}

void append_totals_json(std::string& out, std::string_view name, std::string_view policy,
                        const OutcomeTotals& totals) {
  out += "  \"";
  out += name;
  out += "\": {\"policy\": ";
  append_json_string(out, policy);
  out += ", \"expiring\": {\"images\": ";
  append_integer(out, static_cast<std::int64_t>(totals.expiring));
  out += ", \"bytes\": ";
  append_integer(out, totals.expiring_bytes);
  out += "}, \"transitioning\": {\"images\": ";
  append_integer(out, static_cast<std::int64_t>(totals.transitioning));
  out += ", \"bytes\": ";
  append_integer(out, totals.transitioning_bytes);
  out += "}},\n";
}

void render_json_format(std::ostream& out, const PolicyDiff& diff,
                        const DiffRenderOptions& options) {
  std::string text = "{\n  \"now\": \"" + format_utc(diff.now) + "\",\n";
  append_totals_json(text, "old", options.old_name, diff.old_totals);
  append_totals_json(text, "new", options.new_name, diff.new_totals);
  text += "  \"changes\": {\"images\": ";
  append_integer(text, static_cast<std::int64_t>(diff.changes.size()));
  for (int k = 0; k < k_kinds; ++k) {
    text += ", \"";
    text += to_json(static_cast<ChangeKind>(k));
    text += "\": {\"images\": ";
    append_integer(text, static_cast<std::int64_t>(diff.counts[k]));
    text += ", \"bytes\": ";
    append_integer(text, diff.bytes[k]);
    text += "}";
  }
  text += "},\n  \"images\": [";
  for (std::size_t c = 0; c < diff.changes.size(); ++c) {
    const ImageChange& change = diff.changes[c];
    const ImageRecord& image = change.repository->images[change.image];
    text += c == 0 ? "\n    " : ",\n    ";
    text += "{\"repositoryName\": ";
    append_json_string(text, change.repository->name);
    text += ", \"imageDigest\": \"" + image.digest.to_string() + "\", \"imageTags\": [";
    for (std::size_t t = 0; t < image.tags.size(); ++t) {
      text += t == 0 ? "" : ", ";
      append_json_string(text, image.tags[t]);
    }
    text += "], \"imagePushedAt\": \"" + format_utc(image.pushed_at) + "\", \"imageSizeInBytes\": ";
    append_integer(text, image.size_bytes);
    text += ", \"change\": \"";
    text += to_json(change.kind);
    text += "\", \"old\": ";
    append_outcome_json(text, change.old_outcome);
    text += ", \"new\": ";
    append_outcome_json(text, change.new_outcome);
    text += "}";
  }
  text += diff.changes.empty() ? "]\n}\n" : "\n  ]\n}\n";
  out << text;
}

void render_markdown_format(std::ostream& out, const PolicyDiff& diff,
                            const DiffRenderOptions& options) {
  const OutcomeTotals& a = diff.old_totals;
  const OutcomeTotals& b = diff.new_totals;
  std::string text =
      "### ecr-lifecycle diff: `" + options.old_name + "` \u2192 `" + options.new_name + "`\n\n";
  text += "| | Old | New | Change |\n|---|---:|---:|---:|\n";
  text +=
      "| Expiring images | " + std::to_string(a.expiring) + " | " + std::to_string(b.expiring) +
      " | " +
      signed_count(static_cast<std::int64_t>(b.expiring) - static_cast<std::int64_t>(a.expiring)) +
      " |\n";
  text += "| Bytes reclaimed | " + format_bytes(a.expiring_bytes) + " | " +
          format_bytes(b.expiring_bytes) + " | " +
          signed_bytes(b.expiring_bytes - a.expiring_bytes) + " |\n";
  text += "| Transitioning images | " + std::to_string(a.transitioning) + " | " +
          std::to_string(b.transitioning) + " | " +
          signed_count(static_cast<std::int64_t>(b.transitioning) -
                       static_cast<std::int64_t>(a.transitioning)) +
          " |\n";
  text += "| Bytes transitioned | " + format_bytes(a.transitioning_bytes) + " | " +
          format_bytes(b.transitioning_bytes) + " | " +
          signed_bytes(b.transitioning_bytes - a.transitioning_bytes) + " |\n\n";
  if (diff.changes.empty()) {
    text += "No image changes outcome.\n";
    out << text;
    return;
  }
  text += change_counts(diff, true) + ".\n\n";
  text += "<details><summary>" + detail::count_text(diff.changes.size(), "image") +
          " change outcome</summary>\n\n";
  text += "| Repository | Image | Tags | Pushed | Old | New | Change |\n";
  text += "|---|---|---|---|---|---|---|\n";
  const std::size_t shown = std::min(options.max_rows, diff.changes.size());
  for (std::size_t c = 0; c < shown; ++c) {
    const ImageChange& change = diff.changes[c];
    const ImageRecord& image = change.repository->images[change.image];
    text += std::string("| `") + change.repository->name + "` | `" + image.digest.short_string() +
            "` | " +
            (image.tags.empty() ? std::string("-")
                                : std::string("`") + detail::joined_tags(image, "`, `") + "`") +
            " | " + day_of(image.pushed_at) + " | " + outcome_label(change.old_outcome) + " | " +
            outcome_label(change.new_outcome) + " | " + std::string(describe(change.kind)) + " |\n";
  }
  if (shown < diff.changes.size()) {
    text += "\nand " + std::to_string(diff.changes.size() - shown) + " more\n";
  }
  text += "\n</details>\n";
  out << text;
}

}  // namespace

PolicyDiff diff_reports(const PolicySetReport& old_report, const PolicySetReport& new_report) {
  PolicyDiff diff;
  if (!old_report.reports.empty()) {
    diff.now = old_report.reports.front().now;
  } else if (!new_report.reports.empty()) {
    diff.now = new_report.reports.front().now;
  }
  std::map<std::string_view, std::pair<const RepositoryReport*, const RepositoryReport*>> pairs;
  for (const ScopedRepository& scoped : old_report.repositories) {
    pairs[scoped.repository->repository->name].first = scoped.repository;
  }
  for (const ScopedRepository& scoped : new_report.repositories) {
    pairs[scoped.repository->repository->name].second = scoped.repository;
  }
  for (const auto& [name, pair] : pairs) {
    const Repository* repository =
        pair.first != nullptr ? pair.first->repository : pair.second->repository;
    const std::size_t n = repository->images.size();
    const std::vector<Outcome> before = outcomes_of(pair.first, n);
    const std::vector<Outcome> after = outcomes_of(pair.second, n);
    ++diff.repositories;
    const std::size_t first_change = diff.changes.size();
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::int64_t size = repository->images[i].size_bytes;
      add_totals(diff.old_totals, before[i], size);
      add_totals(diff.new_totals, after[i], size);
      if (const auto kind = classify(before[i], after[i])) {
        diff.changes.push_back({repository, i, before[i], after[i], *kind});
        ++diff.counts[static_cast<int>(*kind)];
        diff.bytes[static_cast<int>(*kind)] += size;
      }
    }
    const auto& images = repository->images;
    std::sort(diff.changes.begin() + static_cast<std::ptrdiff_t>(first_change), diff.changes.end(),
              [&images](const ImageChange& x, const ImageChange& y) {
                if (x.kind != y.kind) {
                  return x.kind < y.kind;
                }
                if (images[x.image].pushed_at != images[y.image].pushed_at) {
                  return images[x.image].pushed_at < images[y.image].pushed_at;
                }
                return x.image < y.image;
              });
  }
  return diff;
}

void render_diff(std::ostream& out, const PolicyDiff& diff, DiffFormat format,
                 const DiffRenderOptions& options) {
  switch (format) {
    case DiffFormat::table:
      render_table_format(out, diff, options);
      return;
    case DiffFormat::json:
      render_json_format(out, diff, options);
      return;
    case DiffFormat::markdown:
      render_markdown_format(out, diff, options);
      return;
  }
}

}  // namespace ecrlc
