// Horizon forecasts in the preview outputs: the table section and the json object of an entry.
#include <algorithm>
#include <vector>

#include "ecrlc/render.hpp"

namespace ecrlc {
namespace {

constexpr std::size_t k_tags_width = 40;  // as the action listing: longer lists end with "…"

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string tags_cell(const ImageRecord& image) {
  if (image.tags.empty()) {
    return "<none>";
  }
  std::string text;
  for (std::size_t t = 0; t < image.tags.size() && text.size() <= 4 * k_tags_width; ++t) {
    text += (t == 0 ? "" : ",");
    text += image.tags[t];
  }
  if (display_width(text) <= k_tags_width) {
    return text;
  }
  std::size_t kept = 0;
  std::size_t cut = 0;
  for (; cut < text.size(); ++cut) {
    if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) {
      if (kept == k_tags_width - 1) {
        break;
      }
      ++kept;
    }
  }
  text.resize(cut);
  return text + "\u2026";
}

// The reference time the crossing rule compares with now: `at` is reference + countNumber
// days + 1 microsecond (forecast.hpp).
std::optional<Micros> reference_time(const LifecyclePolicy& policy, const ForecastEntry& entry) {
  const Rule* rule = find_rule(policy, entry.rule);
  if (entry.referrer || rule == nullptr || !rule->is_age_rule()) {
    return std::nullopt;
  }
  return entry.at - 1 - rule->count_number * k_micros_per_day;
}

}  // namespace

void append_text_grid(std::string& out, const std::vector<std::vector<std::string>>& rows,
                      const std::vector<bool>& right) {
  std::vector<std::size_t> widths(right.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c != 0) {
        line += "  ";
      }
      const std::size_t fill = widths[c] - display_width(row[c]);
      if (right[c]) {
        line.append(fill, ' ');
      }
      line += row[c];
      if (!right[c]) {
        line.append(fill, ' ');
      }
    }
    // No line ends with a space (docs/preview.md).
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line;
    out += '\n';
  }
}

std::string describe_forecast(const LifecyclePolicy& policy, const Repository& repository,
                              const ForecastEntry& entry) {
  const ImageRecord& image = repository.images[entry.image];
  std::string text;
  if (entry.referrer) {
    text = "referrer: removed with its subject ";
    text += image.subject ? image.subject->short_string() : std::string("?");
    text += " (rule ";
    append_integer(text, entry.rule);
    text += ")";
    return text;
  }
  text = "rule ";
  append_integer(text, entry.rule);
  const Rule* rule = find_rule(policy, entry.rule);
  const auto reference = reference_time(policy, entry);
  if (rule == nullptr || !reference) {
    return text;
  }
  text += ": more than ";
  append_integer(text, rule->count_number);
  text += rule->count_number == 1 ? " day since " : " days since ";
  text += reference_kind(image, *reference);
  return text;
}

std::int64_t forecast_days(const ForecastEntry& entry, Micros now) {
  return age_in_days(now, entry.at);
}

void append_forecast_table(std::string& out, const ScopedPreview& preview) {
  if (!preview.horizon) {
    return;
  }
  out += "\nForecast to ";
  append_table_time(out, preview.now + *preview.horizon);
  out += " UTC (" + preview.horizon_text + "), if nothing is pushed, pulled or restored meanwhile";
  std::vector<std::vector<std::string>> rows = {
      {"REPOSITORY", "DIGEST", "TAGS", "DATE (UTC)", "IN DAYS", "ACTION", "RULE", "REASON"}};
  for (const ScopedRepositoryView& view : preview.repositories) {
    const Repository& repository = *view.repository->repository;
    const LifecyclePolicy& policy = *preview.policies[view.policy].report->policy;
    for (const ForecastEntry& entry : view.forecast) {
      const ImageRecord& image = repository.images[entry.image];
      std::string date;
      append_table_time(date, entry.at);
      rows.push_back({repository.name, image.digest.short_string(), tags_cell(image), date,
                      std::to_string(forecast_days(entry, preview.now)),
                      std::string(action_label(entry.action)), std::to_string(entry.rule),
                      describe_forecast(policy, repository, entry)});
    }
  }
  if (rows.size() == 1) {
    out += ": no other image expires or transitions.\n";
    return;
  }
  out += ":\n";
  append_text_grid(out, rows, {false, false, false, false, true, false, false, false});
}

void append_forecast_json(std::string& out, const ScopedPreview& preview,
                          const ScopedRepositoryView& view, const ForecastEntry& entry,
                          bool repository_name) {
  const Repository& repository = *view.repository->repository;
  const LifecyclePolicy& policy = *preview.policies[view.policy].report->policy;
  const ImageRecord& image = repository.images[entry.image];
  out.push_back('{');
  if (repository_name) {
    out.append("\"repositoryName\": ");
    append_json_string(out, repository.name);
    out.append(", ");
  }
  out.append("\"imageDigest\": ");
  append_json_digest(out, image.digest);
  out.append(", \"imageTags\": [");
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    out.append(t == 0 ? "" : ", ");
    append_json_string(out, image.tags[t]);
  }
  out.append("], \"imagePushedAt\": \"");
  append_iso_time(out, image.pushed_at, "Z");
  out.append("\", \"imageStatus\": \"");
  out.append(to_api(image.status));
  out.append("\", \"imageSizeInBytes\": ");
  append_integer(out, image.size_bytes);
  out.append(", \"action\": \"");
  out.append(to_json(entry.action));
  out.push_back('"');
  if (entry.action == Action::transition) {
    out.append(", \"targetStorageClass\": \"archive\"");
  }
  out.append(", \"rule\": ");
  append_integer(out, entry.rule);
  out.append(", \"at\": \"");
  append_iso_time(out, entry.at, "Z");
  out.append("\", \"daysFromNow\": ");
  append_integer(out, forecast_days(entry, preview.now));
  out.append(entry.referrer ? ", \"referrer\": true" : ", \"referrer\": false");
  if (const auto reference = reference_time(policy, entry)) {
    out.append(", \"referenceTime\": \"");
    append_iso_time(out, *reference, "Z");
    out.push_back('"');
  }
  out.append(", \"reasonText\": ");
  append_json_string(out, describe_forecast(policy, repository, entry));
  out.push_back('}');
}

}  // namespace ecrlc
