// The numbers behind the html preview's charts: bytes freed per repository (the 20 largest and
// the rest), images and bytes per rule, the age of kept, expiring and archiving images, and
// with a horizon what expires or moves to archive when. Each chart's description says its
// numbers in words for screen readers.
#include <algorithm>
#include <array>

#include "ecrlc/time.hpp"
#include "output/preview_html.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::size_t k_top_repositories = 20;
constexpr std::size_t k_rule_bars = 40;
constexpr Micros k_day = Micros{86400} * 1000000;

// "a: 1.0 MiB; b: 2.0 KiB" of the first bars, so that the description stays short.
std::string describe_bars(std::string_view lead, const std::vector<ChartBar>& bars) {
  std::string text(lead);
  if (bars.empty()) {
    return text + ": none.";
  }
  text += ": ";
  for (std::size_t b = 0; b < bars.size() && b < 40; ++b) {
    text += b == 0 ? "" : "; ";
    text += bars[b].label + " " + bars[b].value_text;
  }
  return text + ".";
}

void repositories_chart(std::string& out, const Preview& preview) {
  struct Freed {
    ByteTotal freed;
    ByteTotal archived;
    std::size_t repository;
  };
  std::vector<Freed> rows;
  for (std::size_t r = 0; r < preview.repositories.size(); ++r) {
    const RepositorySummary& s = preview.repositories[r].summary;
    if (s.bytes_reclaimed + s.referrer_bytes != ByteTotal() ||
        s.bytes_transitioned != ByteTotal()) {
      rows.push_back({s.bytes_reclaimed + s.referrer_bytes, s.bytes_transitioned, r});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Freed& a, const Freed& b) {
    return a.freed != b.freed ? a.freed > b.freed : a.archived > b.archived;
  });
  const auto text = [](ByteTotal freed, ByteTotal archived) {
    std::string value = format_bytes(freed);
    if (archived != ByteTotal()) {
      value += std::string(" + ") + format_bytes(archived) + " to archive";
    }
    return value;
  };
  Chart chart;
  chart.id = "chart-repositories";
  chart.title = "Bytes freed per repository (the largest " + std::to_string(k_top_repositories) +
                ", then the rest)";
  chart.series = {Series::expiring, Series::archiving};
  Freed rest{};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i < k_top_repositories) {
      chart.bars.push_back(
          {report_repository_name(preview, preview.repositories[rows[i].repository]),
           {rows[i].freed.to_double(), rows[i].archived.to_double()},
           text(rows[i].freed, rows[i].archived)});
    } else {
      rest.freed += rows[i].freed;
      rest.archived += rows[i].archived;
    }
  }
  if (rows.size() > k_top_repositories) {
    chart.bars.push_back(
        {std::string("rest (") +
             plural(rows.size() - k_top_repositories, "repository", "repositories") + ")",
         {rest.freed.to_double(), rest.archived.to_double()},
         text(rest.freed, rest.archived)});
  }
  chart.description =
      describe_bars("Bytes freed (and moved to archive) per repository, largest first", chart.bars);
  append_bar_chart(out, chart);
}

void rules_charts(std::string& out, const Preview& preview) {
  Chart images;
  images.id = "chart-rule-images";
  images.title = "Images per rule: acted on, protected by a higher rule, withdrawn";
  images.series = {Series::expiring, Series::archiving, Series::protected_images,
                   Series::withdrawn};
  Chart bytes;
  bytes.id = "chart-rule-bytes";
  bytes.title = "Bytes per rule";
  bytes.series = {Series::expiring, Series::archiving};
  for (const PreviewPolicy& policy : preview.policies) {
    for (const RuleSummary& rule : policy.rules) {
      if (images.bars.size() == k_rule_bars) {
        break;
      }
      const std::string name = report_rule_name(preview, policy, rule);
      const bool expire = rule.action == ActionType::expire;
      const std::uint64_t acted = expire ? rule.expiring : rule.transitioning;
      images.bars.push_back(
          {name,
           {expire ? static_cast<double>(acted) : 0.0, expire ? 0.0 : static_cast<double>(acted),
            static_cast<double>(rule.protected_images),
            static_cast<double>(rule.withdrawn_children)},
           std::to_string(acted) + (expire ? " expire" : " to archive") +
               (rule.protected_images != 0
                    ? std::string(", ") + std::to_string(rule.protected_images) + " protected"
                    : "") +
               (rule.withdrawn_children != 0
                    ? std::string(", ") + std::to_string(rule.withdrawn_children) + " withdrawn"
                    : "")});
      bytes.bars.push_back({name,
                            {rule.expiring_bytes.to_double(), rule.transitioning_bytes.to_double()},
                            format_bytes(expire ? rule.expiring_bytes : rule.transitioning_bytes)});
    }
  }
  images.description = describe_bars("Images per rule", images.bars);
  bytes.description = describe_bars("Bytes per rule", bytes.bars);
  append_bar_chart(out, images);
  append_bar_chart(out, bytes);
}

void age_chart(std::string& out, const Preview& preview) {
  struct Bucket {
    std::int64_t below_days;  // ages up to (not including) this many days
    std::string_view label;
  };
  constexpr std::array<Bucket, 7> k_buckets = {{{7, "< 7 d"},
                                                {30, "7-30 d"},
                                                {90, "30-90 d"},
                                                {180, "90-180 d"},
                                                {365, "180 d-1 y"},
                                                {730, "1-2 y"},
                                                {INT64_MAX, "2 y +"}}};
  std::array<std::array<std::uint64_t, 3>, k_buckets.size()> counts{};
  for (const RepositoryPreview& repository : preview.repositories) {
    const auto& images = repository.repository->images;
    for (std::size_t i = 0; i < images.size(); ++i) {
      const std::int64_t age = age_in_days(images[i].pushed_at, preview.now);
      std::size_t b = 0;
      while (age >= k_buckets[b].below_days) {
        ++b;
      }
      const Action action = repository.evaluation.verdicts[i].action;
      ++counts[b][action == Action::expire ? 1 : action == Action::transition ? 2 : 0];
    }
  }
  Chart chart;
  chart.id = "chart-age";
  chart.title = "Images by age since push: kept, expiring, archiving";
  chart.series = {Series::kept, Series::expiring, Series::archiving};
  for (std::size_t b = 0; b < k_buckets.size(); ++b) {
    const auto& c = counts[b];
    chart.bars.push_back(
        {std::string(k_buckets[b].label),
         {static_cast<double>(c[0]), static_cast<double>(c[1]), static_cast<double>(c[2])},
         std::to_string(c[0]) + " kept, " + std::to_string(c[1]) + " expiring, " +
             std::to_string(c[2]) + " archiving"});
  }
  chart.description = describe_bars("Images by age since push", chart.bars);
  append_column_chart(out, chart);
}

void timeline_chart(std::string& out, const Preview& preview) {
  const std::int64_t horizon_days =
      std::max<std::int64_t>(1, (*preview.horizon + k_day - 1) / k_day);
  // Days while they fit, then weeks, then 30-day months, then at most 60 columns.
  constexpr std::int64_t k_week_columns_up_to = std::int64_t{26} * 7;
  constexpr std::int64_t k_month_columns_up_to = std::int64_t{60} * 30;
  const std::int64_t step = horizon_days <= 31                      ? 1
                            : horizon_days <= k_week_columns_up_to  ? 7
                            : horizon_days <= k_month_columns_up_to ? 30
                                                                    : (horizon_days + 59) / 60;
  const std::int64_t buckets = (horizon_days + step - 1) / step;
  std::vector<std::array<std::uint64_t, 2>> counts(static_cast<std::size_t>(buckets));
  std::vector<std::array<ByteTotal, 2>> bytes(counts.size());
  for (const RepositoryPreview& repository : preview.repositories) {
    for (const ForecastEntry& entry : repository.forecast) {
      const std::int64_t day =
          std::clamp<std::int64_t>(forecast_days(entry, preview.now), 0, horizon_days - 1);
      const auto b = static_cast<std::size_t>(day / step);
      const std::size_t s = entry.action == Action::transition ? 1 : 0;
      ++counts[b][s];
      bytes[b][s] += repository.repository->images[entry.image].size_bytes;
    }
  }
  Chart chart;
  chart.id = "chart-timeline";
  chart.title = std::string("What expires or moves to archive in the next ") +
                preview.horizon_text +
                (step == 1   ? std::string(" (per day)")
                 : step == 7 ? std::string(" (per week)")
                             : " (per " + std::to_string(step) + " days)");
  chart.series = {Series::expiring, Series::archiving};
  for (std::size_t b = 0; b < counts.size(); ++b) {
    const Micros start = preview.now + static_cast<Micros>(b) * step * k_day;
    chart.bars.push_back({format_utc(start).substr(5, 5),
                          {static_cast<double>(counts[b][0]), static_cast<double>(counts[b][1])},
                          "from " + format_utc(start).substr(0, 10) + ": " +
                              std::to_string(counts[b][0]) + " expire (" +
                              format_bytes(bytes[b][0]) + "), " + std::to_string(counts[b][1]) +
                              " to archive (" + format_bytes(bytes[b][1]) + ")"});
  }
  chart.description = describe_bars("Forecast", chart.bars);
  append_column_chart(out, chart);
}

}  // namespace

void append_preview_charts(std::string& out, const Preview& preview) {
  begin_section(out, "charts", "Charts");
  begin_charts(out);
  repositories_chart(out, preview);
  rules_charts(out, preview);
  age_chart(out, preview);
  if (preview.horizon) {
    timeline_chart(out, preview);
  }
  end_charts(out);
  end_section(out);
}

}  // namespace ecrlc::detail
