// Records as text: AWS CLI v2's 4-space indentation for json, one compact object a line for
// ndjson. Generated strings never need escaping.
#include "generate/writer.hpp"

#include <array>
#include <charconv>
#include <ostream>

#include "generate/hex.hpp"

namespace ecrlc::generate_detail {
namespace {

constexpr std::size_t k_flush_at = std::size_t{1} << 20;

void append_digest(std::string& out, const Digest& digest) {
  out += "sha256:";
  for (std::uint8_t byte : digest.bytes) {
    out += k_hex[byte >> 4];
    out += k_hex[byte & 15];
  }
}

std::string_view status_text(ImageStatus status) {
  switch (status) {
    case ImageStatus::archived:
      return "ARCHIVED";
    case ImageStatus::activating:
      return "ACTIVATING";
    case ImageStatus::active:
      break;
  }
  return "ACTIVE";
}

}  // namespace

void append_int(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), end);
}

Writer::Writer(std::ostream& out, GenerateFormat format)
    : m_out(out), m_pretty(format == GenerateFormat::json) {
  m_buffer.reserve(k_flush_at + std::size_t{64} * 1024);
}

void Writer::begin() {
  if (m_pretty) {
    m_buffer += "{\n    \"imageDetails\": [";
  }
}

void Writer::image(std::string_view repository, std::string_view registry_id,
                   const ImageRecord& image) {
  if (m_pretty) {
    m_buffer += m_first ? "\n        {" : ",\n        {";
  } else {
    m_buffer += '{';
  }
  m_first = false;
  m_first_field = true;
  string_field("registryId", registry_id);
  string_field("repositoryName", repository);
  key("imageDigest");
  quoted_digest(image.digest);
  if (!image.tags.empty()) {
    key("imageTags");
    array(image.tags.size(), [&](std::size_t i) {
      m_buffer += '"';
      m_buffer += image.tags[i];
      m_buffer += '"';
    });
  }
  key("imageSizeInBytes");
  append_int(m_buffer, image.size_bytes);
  time_field("imagePushedAt", image.pushed_at);
  string_field("imageManifestMediaType", image.manifest_media_type);
  if (!image.artifact_media_type.empty()) {
    string_field("artifactMediaType", image.artifact_media_type);
  }
  if (image.last_pulled) {
    time_field("lastRecordedPullTime", *image.last_pulled);
  }
  if (image.subject) {
    key("subjectManifestDigest");
    quoted_digest(*image.subject);
  }
  string_field("imageStatus", status_text(image.status));
  if (image.last_archived) {
    time_field("lastArchivedAt", *image.last_archived);
  }
  if (image.last_activated) {
    time_field("lastActivatedAt", *image.last_activated);
  }
  if (!image.children.empty()) {
    key("childImageDigests");
    array(image.children.size(), [&](std::size_t i) { quoted_digest(image.children[i]); });
  }
  m_buffer += m_pretty ? "\n        }" : "}\n";
  if (m_buffer.size() >= k_flush_at) {
    flush();
  }
}

bool Writer::end() {
  if (m_pretty) {
    m_buffer += m_first ? "]\n}\n" : "\n    ]\n}\n";
  }
  flush();
  m_out.flush();
  return static_cast<bool>(m_out);
}

void Writer::flush() {
  m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
  m_bytes += m_buffer.size();
  m_buffer.clear();
}

void Writer::key(std::string_view name) {
  if (m_pretty) {
    m_buffer += m_first_field ? "\n            \"" : ",\n            \"";
    m_buffer += name;
    m_buffer += "\": ";
  } else {
    m_buffer += m_first_field ? "\"" : ",\"";
    m_buffer += name;
    m_buffer += "\":";
  }
  m_first_field = false;
}

void Writer::string_field(std::string_view name, std::string_view value) {
  key(name);
  m_buffer += '"';
  m_buffer += value;  // generated text never needs escaping
  m_buffer += '"';
}

void Writer::time_field(std::string_view name, Micros t) {
  key(name);
  m_buffer += '"';
  append_cli_v2(m_buffer, t);
  m_buffer += '"';
}

void Writer::quoted_digest(const Digest& digest) {
  m_buffer += '"';
  append_digest(m_buffer, digest);
  m_buffer += '"';
}

template <typename Item>
void Writer::array(std::size_t count, const Item& item) {
  m_buffer += '[';
  for (std::size_t i = 0; i < count; ++i) {
    if (m_pretty) {
      m_buffer += i == 0 ? "\n                " : ",\n                ";
    } else if (i != 0) {
      m_buffer += ',';
    }
    item(i);
  }
  m_buffer += m_pretty ? "\n            ]" : "]";
}

}  // namespace ecrlc::generate_detail
