// Helpers shared by the report renderers: buffering, JSON strings, numbers, times, reasons.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <ostream>

#include "base/civil_time.hpp"
#include "ecrlc/render.hpp"

namespace ecrlc {

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  if (name == "table") {
    return ReportFormat::table;
  }
  if (name == "json") {
    return ReportFormat::json;
  }
  if (name == "aws") {
    return ReportFormat::aws;
  }
  if (name == "csv") {
    return ReportFormat::csv;
  }
  if (name == "ndjson") {
    return ReportFormat::ndjson;
  }
  return std::nullopt;
}

void render_report(std::ostream& out, const Report& report, ReportFormat format,
                   const RenderOptions& options) {
  switch (format) {
    case ReportFormat::table:
      render_table(out, report, options);
      return;
    case ReportFormat::json:
      render_json(out, report, options);
      return;
    case ReportFormat::aws:
      render_aws(out, report, options);
      return;
    case ReportFormat::csv:
      render_csv(out, report, options);
      return;
    case ReportFormat::ndjson:
      render_ndjson(out, report, options);
      return;
  }
}

OutputBuffer::OutputBuffer(std::ostream& out) : m_out(out) { m_text.reserve(k_chunk + 4096); }

OutputBuffer::~OutputBuffer() { flush(); }

void OutputBuffer::flush() {
  if (!m_text.empty()) {
    m_out.write(m_text.data(), static_cast<std::streamsize>(m_text.size()));
    m_text.clear();
  }
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        out.append("\\u00");
        out.push_back(k_hex[c >> 4]);
        out.push_back(k_hex[c & 0xF]);
        break;
    }
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

void append_integer(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

void append_digest_hex(std::string& out, const Digest& digest, std::size_t hex_digits) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  hex_digits = std::min<std::size_t>(hex_digits, 64);
  const std::size_t start = out.size();
  out.resize(start + hex_digits);
  char* p = out.data() + start;
  for (std::size_t i = 0; i < hex_digits; ++i) {
    const std::uint8_t byte = digest.bytes[i / 2];
    p[i] = k_hex[(i % 2 == 0 ? byte >> 4 : byte) & 0xf];
  }
}

void append_json_digest(std::string& out, const Digest& digest) {
  out.append("\"sha256:");
  append_digest_hex(out, digest, 64);
  out.push_back('"');
}

void append_table_time(std::string& out, Micros t) { detail::append_table_time(out, t); }

void append_iso_time(std::string& out, Micros t, std::string_view zone) {
  detail::append_iso_time(out, t, zone);
}

std::string format_bytes(std::int64_t bytes) {
  static constexpr std::array<const char*, 6> k_units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) {
    return std::to_string(bytes) + " B";
  }
  auto value = static_cast<double>(bytes);
  std::size_t unit = 0;
  value /= 1024.0;
  // Move up a unit when the value would print as 1024.0 after rounding.
  while (value >= 1023.95 && unit + 1 < k_units.size()) {
    value /= 1024.0;
    ++unit;
  }
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.1f %s", value, k_units[unit]);
  return buffer.data();
}

std::string_view action_label(Action action) {
  switch (action) {
    case Action::expire:
      return "expire";
    case Action::transition:
      return "transition\u2192archive";
    case Action::none:
      return "keep";
  }
  return "keep";
}

std::string_view reference_kind(const ImageRecord& image, Micros reference) {
  if (image.last_pulled == reference) {
    return "pulled";
  }
  if (image.last_archived == reference) {
    return "archived";
  }
  if (image.last_activated == reference) {
    return "restored";
  }
  return "pushed";
}

namespace {

// Sentences are built with append(): GCC 12 reports a false -Wrestrict on `"#" + string`.
void append_rule(std::string& text, std::int64_t priority) {
  text.append("rule ");
  append_integer(text, priority);
}

void append_days(std::string& text, std::int64_t days) {
  append_integer(text, days);
  text.append(days == 1 ? " day" : " days");
}

// "more than 14 days since pushed (40 days)" or "not more than ...": a rule's age test.
void append_age_test(std::string& text, const Rule& rule, const ImageRecord& image,
                     const ImageVerdict& verdict, Micros now, bool passed) {
  text.append(passed ? "more than " : "not more than ");
  append_days(text, rule.count_number);
  text.append(" since ");
  if (verdict.reference_time) {
    text.append(reference_kind(image, *verdict.reference_time));
    text.append(" (");
    append_days(text, age_in_days(*verdict.reference_time, now));
    text.push_back(')');
  } else {
    text.append(rule.count_type == CountType::since_image_pulled         ? "pulled"
                : rule.count_type == CountType::since_image_transitioned ? "archived"
                                                                         : "pushed");
  }
}

void append_rank(std::string& text, std::uint32_t rank) {
  text.append(" (#");
  append_integer(text, rank);
  text.push_back(')');
}

}  // namespace

std::string describe_reason(const LifecyclePolicy& policy, const Repository& repository,
                            std::uint32_t image_index, const ImageVerdict& verdict, Micros now) {
  const ImageRecord& image = repository.images[image_index];
  const Rule* rule = find_rule(policy, verdict.rule);
  std::string text;
  switch (verdict.reason) {
    case Reason::acted_on:
    case Reason::too_young:
      append_rule(text, verdict.rule);
      if (rule == nullptr) {
        break;
      }
      text.append(": ");
      if (rule->is_age_rule()) {
        append_age_test(text, *rule, image, verdict, now, verdict.reason == Reason::acted_on);
      } else {
        text.append("beyond the newest ");
        append_integer(text, rule->count_number);
        append_rank(text, verdict.rank);
      }
      break;
    case Reason::within_count:
      text.append("within the newest ");
      if (rule != nullptr) {
        append_integer(text, rule->count_number);
        text.push_back(' ');
      }
      text.append("of ");
      append_rule(text, verdict.rule);
      append_rank(text, verdict.rank);
      break;
    case Reason::protected_by_rule:
      text.append("protected by ");
      append_rule(text, verdict.protector);
      text.append("'s selection (");
      append_rule(text, verdict.rule);
      text.append(" marked it)");
      break;
    case Reason::child_of_surviving_index:
      text.append("child of surviving index ");
      if (verdict.parent && *verdict.parent < repository.images.size()) {
        text.append(repository.images[*verdict.parent].digest.short_string());
        text.push_back(' ');
      }
      text.push_back('(');
      append_rule(text, verdict.rule);
      text.append(" withdrawn)");
      break;
    case Reason::activating:
      text.append("being restored from archive (ACTIVATING): ignored");
      break;
    case Reason::not_selected:
      text.append("not selected by any rule");
      break;
  }
  if (image.ambiguous) {  // plans hold it back whatever the verdict
    text.append("; ambiguous: ");
    text.append(repository.ambiguity_text(image_index));
  }
  return text;
}

}  // namespace ecrlc
