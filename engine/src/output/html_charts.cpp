// SVG charts drawn from numbers: horizontal stacked bars (per repository, per rule) and
// stacked columns (the age histogram, the forecast timeline). Each chart is a <figure> with
// a caption, an HTML legend and an SVG with role="img", <title> and <desc> (its numbers in
// words); each bar has a tooltip. Coordinates have one decimal, so output is deterministic.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "base/text.hpp"
#include "base/text_table.hpp"
#include "output/html.hpp"

namespace ecrlc::detail {
namespace {

constexpr double k_width = 560;

struct SeriesStyle {
  std::string_view css_class;
  std::string_view name;
};

SeriesStyle style_of(Series series) {
  // In the order of Series.
  static constexpr std::array<SeriesStyle, 7> k_styles{{
      {"s-kept", "kept"},
      {"s-expiring", "expiring"},
      {"s-archiving", "archiving"},
      {"s-protected", "protected by a higher rule"},
      {"s-withdrawn", "withdrawn (child of a surviving index)"},
      {"s-old", "old policy"},
      {"s-new", "new policy"},
  }};
  const auto index = static_cast<std::size_t>(series);
  return index < k_styles.size() ? k_styles[index] : k_styles[0];
}

// One decimal, without a trailing ".0": "12", "12.5".
std::string coordinate(double value) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.1f", value);
  std::string number = text.data();
  if (number.size() > 2 && number.ends_with(".0")) {
    number.resize(number.size() - 2);
  }
  return number;
}

// `text` cut to `max` code points with an ellipsis, as table cells are: long repository names
// stay in the label column (the tooltip and the tables give them whole).
std::string shortened(std::string_view text, std::size_t max) {
  std::string out(text);
  elide_to_width(out, 0, max);
  return out;
}

double total_of(const ChartBar& bar) {
  return std::accumulate(bar.values.begin(), bar.values.end(), 0.0);
}

double largest(const Chart& chart) {
  double max = 0;
  for (const ChartBar& bar : chart.bars) {
    max = std::max(max, total_of(bar));
  }
  return max;
}

void begin_figure(std::string& out, const Chart& chart, double height) {
  out += "<figure>\n<figcaption id=\"";
  append_html_escaped(out, chart.id);
  out += "-c\">";
  append_html_escaped(out, chart.title);
  out += "</figcaption>\n<div class=\"legend\" aria-hidden=\"true\">";
  for (const Series series : chart.series) {
    const SeriesStyle style = style_of(series);
    out += "<i class=\"";
    out += style.css_class;
    out += "\"></i>";
    out += style.name;
  }
  out += "</div>\n<svg role=\"img\" viewBox=\"0 0 ";
  out += coordinate(k_width) + " " + coordinate(height);
  out += "\" aria-labelledby=\"";
  append_html_escaped(out, chart.id);
  out += "-t ";
  append_html_escaped(out, chart.id);
  out += "-d\"><title id=\"";
  append_html_escaped(out, chart.id);
  out += "-t\">";
  append_html_escaped(out, chart.title);
  out += "</title><desc id=\"";
  append_html_escaped(out, chart.id);
  out += "-d\">";
  append_html_escaped(out, chart.description);
  out += "</desc>\n";
}

void end_figure(std::string& out) { out += "</svg>\n</figure>\n"; }

void append_rect(std::string& out, Series series, double x, double y, double width, double height) {
  out += "<rect class=\"";
  out += style_of(series).css_class;
  out += std::string("\" x=\"") + coordinate(x) + "\" y=\"" + coordinate(y) + "\" width=\"" +
         coordinate(width) + "\" height=\"" + coordinate(height) + "\"/>";
}

void append_text(std::string& out, double x, double y, std::string_view anchor,
                 std::string_view text) {
  out += std::string("<text x=\"") + coordinate(x) + "\" y=\"" + coordinate(y) + "\"";
  if (!anchor.empty()) {
    out += " text-anchor=\"";
    out += anchor;
    out += "\"";
  }
  out += ">";
  append_html_escaped(out, text);
  out += "</text>";
}

void begin_bar_group(std::string& out, const ChartBar& bar) {
  out += "<g><title>";
  append_html_escaped(out, bar.label);
  if (!bar.value_text.empty()) {
    out += ": ";
    append_html_escaped(out, bar.value_text);
  }
  out += "</title>";
}

}  // namespace

void begin_charts(std::string& out) { out += "<div class=\"charts\">\n"; }
void end_charts(std::string& out) { out += "</div>\n"; }

void append_bar_chart(std::string& out, const Chart& chart) {
  // Label column, bars, and the value right-aligned at the end (room for about 26
  // characters), so that the longest bar never runs into its value.
  constexpr double k_row = 22;
  constexpr double k_bar = 14;
  constexpr double k_label_end = 150;
  constexpr double k_bar_start = 156;
  constexpr double k_bar_max = 224;
  const double height =
      8 + k_row * static_cast<double>(std::max<std::size_t>(chart.bars.size(), 1));
  begin_figure(out, chart, height);
  const double max = largest(chart);
  if (chart.bars.empty()) {
    append_text(out, 8, 20, "", "nothing to show");
  }
  for (std::size_t b = 0; b < chart.bars.size(); ++b) {
    const ChartBar& bar = chart.bars[b];
    const double top = 4 + k_row * static_cast<double>(b);
    begin_bar_group(out, bar);
    append_text(out, k_label_end, top + 15, "end", shortened(bar.label, 22));
    double x = k_bar_start;
    for (std::size_t s = 0; s < bar.values.size() && s < chart.series.size(); ++s) {
      const double width = max > 0 ? bar.values[s] / max * k_bar_max : 0;
      if (width > 0) {
        append_rect(out, chart.series[s], x, top + (k_row - k_bar) / 2, std::max(width, 1.0),
                    k_bar);
        x += std::max(width, 1.0);
      }
    }
    append_text(out, k_width - 4, top + 15, "end", bar.value_text);
    out += "</g>\n";
  }
  end_figure(out);
}

void append_column_chart(std::string& out, const Chart& chart) {
  constexpr double k_height = 236;
  constexpr double k_left = 56;
  constexpr double k_right = 552;
  constexpr double k_top = 12;
  constexpr double k_bottom = 196;
  begin_figure(out, chart, k_height);
  const double max = largest(chart);
  out += std::string("<line class=\"axis\" x1=\"") + coordinate(k_left) + "\" y1=\"" +
         coordinate(k_bottom) + "\" x2=\"" + coordinate(k_right) + "\" y2=\"" +
         coordinate(k_bottom) + "\"/>";
  append_text(out, k_left - 6, k_bottom + 4, "end", "0");
  if (max > 0) {
    append_text(out, k_left - 6, k_top + 8, "end", std::to_string(std::llround(max)));
  }
  const std::size_t count = std::max<std::size_t>(chart.bars.size(), 1);
  const double slot = (k_right - k_left) / static_cast<double>(count);
  // Labels of every column while they fit (about 7 characters a column), else of every n-th.
  const std::size_t every =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(48 / slot)));
  for (std::size_t b = 0; b < chart.bars.size(); ++b) {
    const ChartBar& bar = chart.bars[b];
    const double x = k_left + slot * static_cast<double>(b) + slot * 0.15;
    begin_bar_group(out, bar);
    double y = k_bottom;
    for (std::size_t s = 0; s < bar.values.size() && s < chart.series.size(); ++s) {
      const double height = max > 0 ? bar.values[s] / max * (k_bottom - k_top) : 0;
      if (height > 0) {
        const double drawn = std::max(height, 1.0);
        y -= drawn;
        append_rect(out, chart.series[s], x, y, slot * 0.7, drawn);
      }
    }
    if (b % every == 0) {
      append_text(out, x + slot * 0.35, k_bottom + 16, "middle", shortened(bar.label, 9));
    }
    out += "</g>\n";
  }
  end_figure(out);
}

}  // namespace ecrlc::detail
