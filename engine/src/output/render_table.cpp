// `--format table`: aligned columns for people (docs/preview.md shows an example).
//
// The image listing can have 500,000 rows, so it is written in two passes over the report
// (widths, then text) without building a string per cell; the small summary tables use a
// generic cell grid.
#include <algorithm>
#include <ostream>
#include <vector>

#include "ecrlc/render.hpp"

namespace ecrlc {
namespace {

constexpr std::size_t k_tags_width = 40;  // longer tag lists end with an ellipsis
constexpr std::string_view k_separator = "  ";
constexpr std::string_view k_ellipsis = "\u2026";

// Display width of UTF-8 text: one column per code point (tags and labels are never wide).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++width;
    }
  }
  return width;
}

void pad(std::string& out, std::size_t width, std::size_t used) {
  if (used < width) {
    out.append(width - used, ' ');
  }
}

// Drops the spaces that padding left at the end of the last line.
void end_line(std::string& out) {
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  out.push_back('\n');
}

std::size_t digits(std::int64_t value) {
  std::size_t count = value < 0 ? 2 : 1;
  for (std::int64_t v = value < 0 ? -(value / 10) : value / 10; v != 0; v /= 10) {
    ++count;
  }
  return count;
}

// Tags joined with commas, cut to k_tags_width columns with an ellipsis.
void append_tags(std::string& out, const ImageRecord& image) {
  if (image.tags.empty()) {
    out.append("<none>");
    return;
  }
  const std::size_t start = out.size();
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    if (t != 0) {
      out.push_back(',');
    }
    out.append(image.tags[t]);
    if (out.size() - start > 4 * k_tags_width) {
      break;  // enough to decide on truncation; a thousand tags need not be joined
    }
  }
  std::string_view joined(out.data() + start, out.size() - start);
  if (display_width(joined) <= k_tags_width) {
    return;
  }
  // Keep k_tags_width - 1 code points, then the ellipsis.
  std::size_t kept = 0;
  std::size_t cut = 0;
  for (; cut < joined.size(); ++cut) {
    if ((static_cast<unsigned char>(joined[cut]) & 0xC0) != 0x80) {
      if (kept == k_tags_width - 1) {
        break;
      }
      ++kept;
    }
  }
  out.resize(start + cut);
  out.append(k_ellipsis);
}

std::size_t tags_width(const ImageRecord& image, std::string& scratch) {
  scratch.clear();
  append_tags(scratch, image);
  return display_width(scratch);
}

// A small table of strings: headers, right-aligned columns, rows.
struct Grid {
  std::vector<std::string> headers;
  std::vector<bool> right;
  std::vector<std::vector<std::string>> rows;

  void write(std::string& out) const {
    std::vector<std::size_t> widths(headers.size());
    for (std::size_t c = 0; c < headers.size(); ++c) {
      widths[c] = display_width(headers[c]);
    }
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        widths[c] = std::max(widths[c], display_width(row[c]));
      }
    }
    write_row(out, headers, widths);
    for (const auto& row : rows) {
      write_row(out, row, widths);
    }
  }

 private:
  void write_row(std::string& out, const std::vector<std::string>& cells,
                 const std::vector<std::size_t>& widths) const {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c != 0) {
        out.append(k_separator);
      }
      const std::size_t used = display_width(cells[c]);
      if (right[c]) {
        pad(out, widths[c], used);
        out.append(cells[c]);
      } else {
        out.append(cells[c]);
        if (c + 1 != cells.size()) {
          pad(out, widths[c], used);
        }
      }
    }
    end_line(out);
  }
};

std::string count_text(std::uint64_t value) { return std::to_string(value); }

std::string plural(std::uint64_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

// Column widths of the image listing.
struct ImageColumns {
  std::size_t repository = 10;  // "REPOSITORY"
  std::size_t digest = 12;
  std::size_t tags = 4;  // "TAGS"
  std::size_t pushed = 19;
  std::size_t age = 3;  // "AGE"
  std::size_t action = 6;
  std::size_t rule = 4;  // "RULE"
};

// The report holds repositories of more than one registry: tables then name each one's
// registry, since one name can be in several ("shop/api (123456789012)").
bool several_registries(const Report& report) {
  std::string_view first;
  for (const RepositoryReport& repository : report.repositories) {
    const std::string& id = repository.repository->registry_id;
    if (first.empty()) {
      first = id;
    } else if (!id.empty() && id != first) {
      return true;
    }
  }
  return false;
}

std::string repository_label(const Repository& repository, bool several) {
  if (!several) {
    return repository.name;
  }
  return repository.name + " (" +
         (repository.registry_id.empty() ? std::string("no registryId") : repository.registry_id) +
         ")";
}

void write_images(OutputBuffer& buffer, const Report& report, const RenderOptions& options) {
  const bool several = several_registries(report);
  ImageColumns widths;
  std::string scratch;
  std::size_t rows = 0;
  for (const RepositoryReport& repository : report.repositories) {
    const std::size_t count = options.all ? repository.order.size() : repository.acted_count;
    if (count == 0) {
      continue;
    }
    rows += count;
    widths.repository = std::max(widths.repository,
                                 display_width(repository_label(*repository.repository, several)));
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t index = repository.order[i];
      const ImageRecord& image = repository.repository->images[index];
      const ImageVerdict& verdict = repository.evaluation.verdicts[index];
      widths.tags = std::max(widths.tags, tags_width(image, scratch));
      widths.age = std::max(widths.age, digits(age_in_days(image.pushed_at, report.now)));
      widths.action = std::max(widths.action, display_width(action_label(verdict.action)));
      if (verdict.rule != 0) {
        widths.rule = std::max(widths.rule, digits(verdict.rule));
      }
    }
  }
  std::string& out = buffer.text();
  if (rows == 0) {
    out.append(report.totals.images == 0 ? "No images in scope.\n"
                                         : "No image expires or transitions.\n");
    return;
  }
  auto header = [&](std::string_view text, std::size_t width) {
    out.append(text);
    pad(out, width, text.size());
    out.append(k_separator);
  };
  header("REPOSITORY", widths.repository);
  header("DIGEST", widths.digest);
  header("TAGS", widths.tags);
  header("PUSHED (UTC)", widths.pushed);
  pad(out, widths.age, 3);
  header("AGE", 3);
  header("ACTION", widths.action);
  header("RULE", widths.rule);
  out.append("REASON\n");

  for (const RepositoryReport& repository : report.repositories) {
    const std::size_t count = options.all ? repository.order.size() : repository.acted_count;
    const std::string name = repository_label(*repository.repository, several);
    const std::size_t name_width = display_width(name);
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t index = repository.order[i];
      const ImageRecord& image = repository.repository->images[index];
      const ImageVerdict& verdict = repository.evaluation.verdicts[index];
      out.append(name);
      pad(out, widths.repository, name_width);
      out.append(k_separator);
      append_digest_hex(out, image.digest, 12);
      out.append(k_separator);
      const std::size_t tags_start = out.size();
      append_tags(out, image);
      pad(out, widths.tags,
          display_width(std::string_view(out.data() + tags_start, out.size() - tags_start)));
      out.append(k_separator);
      append_table_time(out, image.pushed_at);
      out.append(k_separator);
      const std::int64_t age = age_in_days(image.pushed_at, report.now);
      pad(out, widths.age, digits(age));
      append_integer(out, age);
      out.append(k_separator);
      const std::string_view action = action_label(verdict.action);
      out.append(action);
      pad(out, widths.action, display_width(action));
      out.append(k_separator);
      if (verdict.rule != 0) {
        append_integer(out, verdict.rule);
        pad(out, widths.rule, digits(verdict.rule));
      } else {
        out.push_back('-');
        pad(out, widths.rule, 1);
      }
      out.append(k_separator);
      out.append(
          describe_reason(*report.policy, *repository.repository, index, verdict, report.now));
      out.push_back('\n');
      buffer.maybe_flush();
    }
  }
}

void write_consequences(std::string& out, const Report& report) {
  Grid grid{{"REPOSITORY", "REFERRER", "SUBJECT", "RULE", "ARTIFACT TYPE"},
            {false, false, false, true, false},
            {}};
  for (const RepositoryReport& repository : report.repositories) {
    const auto& images = repository.repository->images;
    for (const ReferrerConsequence& consequence : repository.evaluation.consequences) {
      const ImageRecord& referrer = images[consequence.referrer];
      std::string type(referrer.artifact_media_type.empty() ? referrer.manifest_media_type
                                                            : referrer.artifact_media_type);
      grid.rows.push_back({repository_label(*repository.repository, several_registries(report)),
                           referrer.digest.short_string(),
                           images[consequence.subject].digest.short_string(),
                           std::to_string(consequence.rule), type.empty() ? "-" : type});
    }
  }
  if (grid.rows.empty()) {
    return;
  }
  out.append("\nReferrers that ECR removes with their expiring subject (within 24 hours):\n");
  grid.write(out);
}

void write_rules(std::string& out, const Report& report) {
  Grid grid{{"RULE", "ACTION", "IMAGES", "BYTES", "PROTECTED", "WITHDRAWN", "DESCRIPTION"},
            {true, false, true, true, true, true, false},
            {}};
  for (const RuleSummary& summary : report.rules) {
    const bool expire = summary.action == ActionType::expire;
    const Rule* rule = find_rule(*report.policy, summary.priority);
    grid.rows.push_back(
        {std::to_string(summary.priority),
         std::string(action_label(expire ? Action::expire : Action::transition)),
         count_text(expire ? summary.expiring : summary.transitioning),
         format_bytes(expire ? summary.expiring_bytes : summary.transitioning_bytes),
         count_text(summary.protected_images), count_text(summary.withdrawn_children),
         rule != nullptr && rule->description ? *rule->description : std::string()});
  }
  out.append("\nPer rule:\n");
  grid.write(out);
}

std::vector<std::string> summary_cells(std::string name, const RepositorySummary& summary) {
  return {std::move(name),
          count_text(summary.images),
          count_text(summary.expiring),
          count_text(summary.transitioning),
          count_text(summary.kept),
          count_text(summary.referrers_removed),
          format_bytes(summary.bytes_reclaimed),
          format_bytes(summary.bytes_transitioned)};
}

void write_repositories(std::string& out, const Report& report) {
  Grid grid{{"REPOSITORY", "IMAGES", "EXPIRE", "TRANSITION", "KEEP", "REFERRERS", "RECLAIMED",
             "TO ARCHIVE"},
            {false, true, true, true, true, true, true, true},
            {}};
  const bool several = several_registries(report);
  for (const RepositoryReport& repository : report.repositories) {
    grid.rows.push_back(
        summary_cells(repository_label(*repository.repository, several), repository.summary));
  }
  if (report.repositories.size() > 1) {
    grid.rows.push_back(summary_cells("total", report.totals));
  }
  out.append("\nPer repository:\n");
  grid.write(out);
}

}  // namespace

void render_table(std::ostream& out, const Report& report, const RenderOptions& options) {
  OutputBuffer buffer(out);
  std::string& text = buffer.text();
  text.append("Evaluated at ");
  append_table_time(text, report.now);
  text.append(" UTC: ");
  text.append(plural(report.repositories.size(), "repository", "repositories"));
  text.append(", ");
  text.append(plural(report.totals.images, "image", "images"));
  text.append(".\n\n");
  write_images(buffer, report, options);
  if (!options.all && report.totals.kept != 0) {
    text.append("\n");
    text.append(plural(report.totals.kept, "image", "images"));
    text.append(" kept, not listed (--all lists them).\n");
  }
  write_consequences(text, report);
  write_rules(text, report);
  write_repositories(text, report);
}

}  // namespace ecrlc
