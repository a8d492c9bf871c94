// `--format csv`: RFC 4180 (CRLF line ends, a header row, fields quoted when they hold a
// comma, a quote, CR or LF, quotes doubled); one row per image that gets an action, or per
// image with --all, in listing order. Several policies add a `policy` column, a horizon the
// columns `forecast,forecast_at` and, after every current row, one row per forecast entry;
// --protect a last column `in_use`: what uses an image in use that the policy acts on.
#include <map>
#include <utility>

#include "base/civil_time.hpp"
#include "output/preview_formats.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

constexpr std::string_view k_header =
    "repository,image_digest,image_tags,image_pushed_at,image_size_bytes,image_status,action,"
    "target_storage_class,rule,reason,reason_text";

// Appends the characters of `field`, quotes doubled.
void append_escaped(std::string& out, std::string_view field) {
  for (char c : field) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
}

void append_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  append_escaped(out, field);
  out.push_back('"');
}

// The columns repository to image_status, then a comma.
void append_image(std::string& out, const Repository& repository, const ImageRecord& image) {
  append_field(out, repository.name);
  out.push_back(',');
  out.append("sha256:");
  append_digest_hex(out, image.digest, 64);
  out.push_back(',');
  // The tags joined by commas, as one field. Two or more tags always hold a comma, so the field
  // is quoted; writing it in place saves building the joined string for every row.
  if (image.tags.size() == 1) {
    append_field(out, image.tags.front());
  } else if (image.tags.size() > 1) {
    out.push_back('"');
    for (std::size_t t = 0; t < image.tags.size(); ++t) {
      out.append(t == 0 ? "" : ",");
      append_escaped(out, image.tags[t]);
    }
    out.push_back('"');
  }
  out.push_back(',');
  append_iso_time(out, image.pushed_at, "Z");
  out.push_back(',');
  append_integer(out, image.size_bytes);
  out.push_back(',');
  out.append(to_api(image.status));
  out.push_back(',');
}

// What uses each image in use (--protect), by repository and image.
using InUseText = std::map<std::pair<const Repository*, std::uint32_t>, std::string>;

InUseText in_use_text(const PreviewRenderOptions& options) {
  InUseText text;
  if (options.in_use != nullptr) {
    for (const InUseImage& image : *options.in_use) {
      text[{image.repository, image.image}] =
          describe_protection(*options.protect, *image.repository, image.protection);
    }
  }
  return text;
}

// The columns after reason_text, and the line end.
void end_row(std::string& out, const Preview& preview, const RepositoryPreview& repository,
             const ForecastEntry* entry, const std::string* in_use) {
  if (!preview.single_policy) {
    out.push_back(',');
    append_field(out, preview.policy_of(repository).source->file);
  }
  if (preview.horizon) {
    if (entry == nullptr) {
      out.append(",false,");
    } else {
      out.append(",true,");
      append_iso_time(out, entry->at, "Z");
    }
  }
  if (in_use != nullptr) {
    out.push_back(',');
    append_field(out, *in_use);
  }
  out.append("\r\n");
}

// The current rows of one repository; in_use_of(repository, image) gives the in_use field.
template <typename InUseOf>
void append_rows(OutputBuffer& buffer, const Preview& preview, const RepositoryPreview& repository,
                 const PreviewRenderOptions& options, std::string& scratch,
                 const InUseOf& in_use_of) {
  std::string& text = buffer.text();
  const Repository& images = *repository.repository;
  for (std::size_t i = 0; i < listed_count(repository, options.all); ++i) {
    const std::uint32_t index = repository.order[i];
    const ImageVerdict& verdict = repository.evaluation.verdicts[index];
    append_image(text, images, images.images[index]);
    text.append(to_json(verdict.action));
    text.append(verdict.action == Action::transition ? ",archive," : ",,");
    if (verdict.rule != 0) {
      append_integer(text, verdict.rule);
    }
    text.push_back(',');
    text.append(to_json(verdict.reason));
    text.push_back(',');
    scratch.clear();
    append_reason(scratch, preview.policy_of(repository).policy(), images, index, verdict,
                  preview.now);
    append_field(text, scratch);
    end_row(text, preview, repository, nullptr, in_use_of(repository, index));
    buffer.maybe_flush();
  }
}

}  // namespace

void render_preview_csv(OutputBuffer& buffer, const Preview& preview,
                        const PreviewRenderOptions& options) {
  std::string& text = buffer.text();
  text.append(k_header);
  text.append(preview.single_policy ? "" : ",policy");
  text.append(preview.horizon ? ",forecast,forecast_at" : "");
  text.append(options.in_use != nullptr ? ",in_use\r\n" : "\r\n");
  const InUseText in_use = in_use_text(options);
  const std::string no_use;
  // The in_use field of one row: nullptr without --protect (no column).
  auto in_use_of = [&](const RepositoryPreview& repository, std::uint32_t image) {
    if (options.in_use == nullptr) {
      return static_cast<const std::string*>(nullptr);
    }
    const auto it = in_use.find({repository.repository, image});
    return it == in_use.end() ? &no_use : &it->second;
  };
  const auto starts = render_batches(preview.repositories.size(), [&](std::size_t r) {
    return listed_count(preview.repositories[r], options.all);
  });
  render_in_order(
      buffer, starts, options.threads, [&](std::size_t first, std::size_t last, OutputBuffer& out) {
        std::string reason;
        for (std::size_t r = first; r < last; ++r) {
          append_rows(out, preview, preview.repositories[r], options, reason, in_use_of);
        }
      });
  // Forecast rows come after every current row.
  for (const RepositoryPreview& repository : preview.repositories) {
    const Repository& images = *repository.repository;
    for (const ForecastEntry& entry : repository.forecast) {
      append_image(text, images, images.images[entry.image]);
      text.append(to_json(entry.action));
      text.append(entry.action == Action::transition ? ",archive," : ",,");
      append_integer(text, entry.rule);
      text.append(",forecast,");
      append_field(text, describe_forecast(preview.policy_of(repository).policy(), images, entry));
      end_row(text, preview, repository, &entry, options.in_use == nullptr ? nullptr : &no_use);
    }
  }
}

}  // namespace ecrlc::detail
