// imageDetail fields: types checked one by one so every message names the field and the value.
#include "inventory/element.hpp"

#include <array>
#include <cstring>
#include <limits>

#include "base/text.hpp"
#include "ecrlc/limits.hpp"
#include "json/extent_scan.hpp"
#include "json/type_name.hpp"

namespace ecrlc::detail {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view k_digest_expectation =
    "expected a digest (sha256: followed by 64 lower-case hex digits)";
constexpr std::string_view k_time_expectation =
    "expected a timestamp (an ISO-8601 string or epoch seconds)";

// Tag and field values as messages show them: at most 80 bytes, odd bytes as \xNN.
std::string quoted(std::string_view text) {
  return quote_for_message(text, {QuoteStyle::Escape::hex_bytes, 80, false, false, false});
}

// Hex digit values, k_bad for anything else (upper case included: ECR digests are lower
// case). A table and one check per digest instead of two range tests per character.
constexpr std::uint8_t k_bad = 0x80;
constexpr std::array<std::uint8_t, 256> k_hex_values = [] {
  std::array<std::uint8_t, 256> table{};
  table.fill(k_bad);
  for (int c = '0'; c <= '9'; ++c) {
    table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - '0');
  }
  for (int c = 'a'; c <= 'f'; ++c) {
    table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - 'a' + 10);
  }
  return table;
}();

// The same contract as Digest::parse (exactly "sha256:" and 64 lower-case hex digits).
std::optional<Digest> parse_digest(std::string_view text) {
  constexpr std::string_view k_prefix = "sha256:";
  if (text.size() != k_prefix.size() + 64 || !text.starts_with(k_prefix)) {
    return std::nullopt;
  }
  const auto* hex = reinterpret_cast<const unsigned char*>(text.data() + k_prefix.size());
  Digest d;
  std::uint8_t bad = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    std::uint8_t hi = k_hex_values[hex[2 * i]];
    std::uint8_t lo = k_hex_values[hex[2 * i + 1]];
    bad |= static_cast<std::uint8_t>(hi | lo);
    d.bytes[i] = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
  }
  if ((bad & k_bad) != 0) {
    return std::nullopt;
  }
  return d;
}

std::string_view trim_right(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

// Reads one element; every failure records the absolute offset and a message.
class ElementParser {
 public:
  ElementParser(ParseContext& ctx, const char* base, std::uint64_t offset, std::size_t length)
      : m_ctx(ctx), m_base(base), m_offset(offset), m_length(length) {}

  bool run(od::document& doc);

 private:
  bool fail_at(const char* where, const char* code, std::string message) {
    std::uint64_t rel = where >= m_base && where <= m_base + m_length
                            ? static_cast<std::uint64_t>(where - m_base)
                            : 0;
    m_ctx.error = ElementError{m_offset + rel, std::move(message), code};
    return false;
  }
  bool fail_json(od::document& doc, simdjson::error_code code);
  bool type_of(od::document& doc, od::value& v, od::json_type& type);

  // A string (or, when `optional`, null: empty); `expectation` is what the error says the
  // field should be.
  bool read_string(od::document& doc, od::value& v, std::string_view field, std::string_view& out,
                   bool optional, std::string_view expectation = "expected a string");
  bool read_digest(od::document& doc, od::value& v, std::string_view field, Digest& out);
  bool read_time(od::document& doc, od::value& v, std::string_view field, OptionalMicros& out);
  bool read_size(od::document& doc, od::value& v, std::int64_t& out);
  bool read_status(od::document& doc, od::value& v, ImageStatus& out);
  // A list field: null is an empty list; read_item(value, index, list_at) reads each item.
  template <typename ReadItem>
  bool read_array(od::document& doc, od::value& v, std::string_view field,
                  std::string_view expectation, ReadItem read_item);
  bool read_tags(od::document& doc, od::value& v);
  bool read_children(od::document& doc, od::value& v);

  ParseContext& m_ctx;
  const char* m_base;
  std::uint64_t m_offset;
  std::size_t m_length;
};

bool ElementParser::fail_json(od::document& doc, simdjson::error_code code) {
  std::string_view element(m_base, m_length);
  if (code == simdjson::UTF8_ERROR) {
    std::size_t at = first_invalid_utf8(element);
    if (at != std::string_view::npos) {
      return fail_at(m_base + at, k_inventory_syntax,
                     "expected UTF-8 text, got " + describe_byte(element, at));
    }
  }
  if (code == simdjson::UNESCAPED_CHARS) {
    std::size_t at = find_control_in_string(element);
    if (at != std::string_view::npos) {
      return fail_at(
          m_base + at, k_inventory_syntax,
          "expected an escaped control character in a string, got " + describe_byte(element, at));
    }
  }
  const char* where = m_base;
  const char* location = nullptr;
  if (!doc.current_location().get(location) && location != nullptr) {
    where = location;
  }
  std::string message = simdjson::error_message(code);
  if (!message.empty()) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    if (message.back() == '.') {
      message.pop_back();
    }
  }
  return fail_at(where, k_inventory_syntax, "invalid JSON: " + message);
}

bool ElementParser::type_of(od::document& doc, od::value& v, od::json_type& type) {
  simdjson::error_code code = v.type().get(type);
  if (code) {
    return fail_json(doc, code);
  }
  return true;
}

bool ElementParser::read_string(od::document& doc, od::value& v, std::string_view field,
                                std::string_view& out, bool optional,
                                std::string_view expectation) {
  const char* at = v.raw_json_token().data();
  od::json_type type{};
  if (!type_of(doc, v, type)) {
    return false;
  }
  if (type == od::json_type::null && optional) {
    out = {};
    return true;
  }
  if (type != od::json_type::string) {
    return fail_at(
        at, k_inventory_shape,
        std::string(field) + ": " + std::string(expectation) + ", got " + describe_type(type));
  }
  simdjson::error_code code = v.get_string().get(out);
  if (code) {
    return fail_json(doc, code);
  }
  return true;
}

bool ElementParser::read_digest(od::document& doc, od::value& v, std::string_view field,
                                Digest& out) {
  const char* at = v.raw_json_token().data();
  std::string_view text;
  if (!read_string(doc, v, field, text, false, k_digest_expectation)) {
    return false;
  }
  std::optional<Digest> digest = parse_digest(text);
  if (!digest) {
    return fail_at(
        at, k_inventory_value,
        std::string(field) + ": " + std::string(k_digest_expectation) + ", got " + quoted(text));
  }
  out = *digest;
  return true;
}

bool ElementParser::read_time(od::document& doc, od::value& v, std::string_view field,
                              OptionalMicros& out) {
  const char* at = v.raw_json_token().data();
  std::string_view token = trim_right(v.raw_json_token());
  od::json_type type{};
  if (!type_of(doc, v, type)) {
    return false;
  }
  Result<Micros> t = Micros{0};
  if (type == od::json_type::string) {
    std::string_view text;
    simdjson::error_code code = v.get_string().get(text);
    if (code) {
      return fail_json(doc, code);
    }
    t = parse_iso8601(text);
  } else if (type == od::json_type::number) {
    // The token text, not a double: 1565128275.123456 must keep its microseconds.
    t = parse_epoch_seconds(token);
  } else if (type == od::json_type::null) {
    out.reset();
    return true;
  } else {
    return fail_at(at, k_inventory_shape,
                   std::string(field) + ": " + std::string(k_time_expectation) + ", got " +
                       describe_type(type));
  }
  if (!t) {
    return fail_at(at, k_inventory_value, std::string(field) + ": " + t.error().message);
  }
  out = *t;
  return true;
}

bool ElementParser::read_size(od::document& doc, od::value& v, std::int64_t& out) {
  const char* at = v.raw_json_token().data();
  std::string_view token = trim_right(v.raw_json_token());
  od::json_type type{};
  if (!type_of(doc, v, type)) {
    return false;
  }
  if (type == od::json_type::null) {
    out = 0;
    return true;
  }
  if (type != od::json_type::number) {
    return fail_at(
        at, k_inventory_shape,
        "imageSizeInBytes: expected a whole number of bytes, got " + describe_type(type));
  }
  // Exact text: simdjson would read -0 as a double and 2^64+1 as an error.
  std::string_view digits = token;
  bool negative = digits.starts_with('-');
  if (negative) {
    digits.remove_prefix(1);
  }
  bool plain = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!plain) {
    return fail_at(at, k_inventory_value,
                   "imageSizeInBytes: expected a whole number of bytes, got " +
                       std::string(token.substr(0, 40)));
  }
  std::uint64_t value = 0;
  constexpr auto k_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  for (char c : digits) {
    auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (k_max - d) / 10) {
      return fail_at(at, k_inventory_value,
                     "imageSizeInBytes: expected at most 9223372036854775807 bytes, got " +
                         std::string(token.substr(0, 40)));
    }
    value = value * 10 + d;
  }
  if (negative && value != 0) {
    return fail_at(at, k_inventory_value,
                   "imageSizeInBytes: expected a whole number of bytes, got " +
                       std::string(token.substr(0, 40)));
  }
  out = static_cast<std::int64_t>(value);
  return true;
}

bool ElementParser::read_status(od::document& doc, od::value& v, ImageStatus& out) {
  const char* at = v.raw_json_token().data();
  std::string_view text;
  if (!read_string(doc, v, "imageStatus", text, true)) {
    return false;
  }
  if (text.data() == nullptr || text == "ACTIVE") {
    out = ImageStatus::active;
  } else if (text == "ARCHIVED") {
    out = ImageStatus::archived;
  } else if (text == "ACTIVATING") {
    out = ImageStatus::activating;
  } else {
    return fail_at(at, k_inventory_value,
                   "imageStatus: expected ACTIVE, ARCHIVED or ACTIVATING, got " + quoted(text));
  }
  return true;
}

template <typename ReadItem>
bool ElementParser::read_array(od::document& doc, od::value& v, std::string_view field,
                               std::string_view expectation, ReadItem read_item) {
  const char* at = v.raw_json_token().data();
  od::json_type type{};
  if (!type_of(doc, v, type)) {
    return false;
  }
  if (type == od::json_type::null) {
    return true;
  }
  if (type != od::json_type::array) {
    return fail_at(at, k_inventory_shape,
                   std::string(field) + ": expected " + std::string(expectation) + ", got " +
                       describe_type(type));
  }
  od::array array;
  simdjson::error_code code = v.get_array().get(array);
  if (code) {
    return fail_json(doc, code);
  }
  std::size_t index = 0;
  for (auto item : array) {
    od::value item_value;
    code = item.get(item_value);
    if (code) {
      return fail_json(doc, code);
    }
    if (!read_item(item_value, index, at)) {
      return false;
    }
    ++index;
  }
  return true;
}

bool ElementParser::read_tags(od::document& doc, od::value& v) {
  m_ctx.tags.clear();
  return read_array(
      doc, v, "imageTags", "an array of strings",
      [&](od::value& tag_value, std::size_t index, const char* list_at) {
        const char* tag_at = tag_value.raw_json_token().data();
        std::string_view tag;
        // The label names the tag's index only when there is a message to write: building it
        // for every tag would cost an allocation per tag on the hot path.
        if (tag_value.get_string().get(tag) != simdjson::SUCCESS &&
            !read_string(doc, tag_value, "imageTags[" + std::to_string(index) + "]", tag, false)) {
          return false;
        }
        // Past ECR's quotas the inventory did not come from ECR; refusing it bounds the
        // memory one image can take.
        if (tag.size() > k_ecr_max_tag_length) {
          return fail_at(tag_at, k_inventory_value,
                         "imageTags[" + std::to_string(index) +
                             "]: expected a tag of at most 300 characters (ECR's limit), got " +
                             std::to_string(tag.size()));
        }
        if (index == k_ecr_max_tags_per_image) {
          return fail_at(list_at, k_inventory_value,
                         "imageTags: expected at most 1000 tags per image (ECR's limit), got more");
        }
        m_ctx.tags.push_back(m_ctx.arena.store(tag));
        return true;
      });
}

bool ElementParser::read_children(od::document& doc, od::value& v) {
  m_ctx.children.clear();
  return read_array(doc, v, "childImageDigests", "an array of digests",
                    [&](od::value& child_value, std::size_t index, const char*) {
                      Digest child;
                      if (!read_digest(doc, child_value,
                                       "childImageDigests[" + std::to_string(index) + "]", child)) {
                        return false;
                      }
                      m_ctx.children.push_back(child);
                      return true;
                    });
}

bool ElementParser::run(od::document& doc) {
  od::object object;
  simdjson::error_code code = doc.get_object().get(object);
  if (code) {
    od::json_type type{};
    if (code == simdjson::INCORRECT_TYPE && !doc.type().get(type)) {
      return fail_at(m_base, k_inventory_shape,
                     "expected an image (a JSON object), got " + describe_type(type));
    }
    return fail_json(doc, code);
  }
  Staged staged;
  ImageRecord& r = staged.record;
  bool have_repository = false, have_digest = false, have_pushed = false, have_tags = false,
       have_children = false;
  for (auto field_result : object) {
    od::field field;
    code = std::move(field_result).get(field);
    if (code) {
      return fail_json(doc, code);
    }
    const char* raw = field.key().raw();
    const char* key_end = static_cast<const char*>(
        std::memchr(raw, '"', m_length - static_cast<std::size_t>(raw - m_base)));
    std::string_view key(raw, key_end == nullptr ? 0 : static_cast<std::size_t>(key_end - raw));
    od::value& v = field.value();
    if (key == "repositoryName") {
      const char* at = v.raw_json_token().data();
      std::string_view name;
      if (!read_string(doc, v, key, name, false)) {
        return false;
      }
      if (name.empty()) {
        return fail_at(at, k_inventory_value,
                       "repositoryName: expected a repository name, got an empty string");
      }
      staged.repository = m_ctx.intern(name);
      have_repository = true;
    } else if (key == "imageDigest") {
      if (!read_digest(doc, v, key, r.digest)) {
        return false;
      }
      have_digest = true;
    } else if (key == "imagePushedAt") {
      const char* at = v.raw_json_token().data();
      OptionalMicros t;
      if (!read_time(doc, v, key, t)) {
        return false;
      }
      if (!t) {
        return fail_at(at, k_inventory_shape,
                       "imagePushedAt: " + std::string(k_time_expectation) + ", got null");
      }
      r.pushed_at = *t;
      have_pushed = true;
    } else if (key == "imageTags") {
      if (!read_tags(doc, v)) {
        return false;
      }
      have_tags = true;
    } else if (key == "registryId") {
      std::string_view registry;
      if (!read_string(doc, v, key, registry, true)) {
        return false;
      }
      staged.registry = registry.empty() ? std::string_view{} : m_ctx.intern(registry);
    } else if (key == "imageSizeInBytes") {
      if (!read_size(doc, v, r.size_bytes)) {
        return false;
      }
    } else if (key == "imageStatus") {
      if (!read_status(doc, v, r.status)) {
        return false;
      }
    } else if (key == "lastRecordedPullTime") {
      if (!read_time(doc, v, key, r.last_pulled)) {
        return false;
      }
    } else if (key == "lastArchivedAt") {
      if (!read_time(doc, v, key, r.last_archived)) {
        return false;
      }
    } else if (key == "lastActivatedAt") {
      if (!read_time(doc, v, key, r.last_activated)) {
        return false;
      }
    } else if (key == "subjectManifestDigest") {
      od::json_type type{};
      if (!type_of(doc, v, type)) {
        return false;
      }
      if (type == od::json_type::null) {
        r.subject.reset();
      } else {
        Digest subject;
        if (!read_digest(doc, v, key, subject)) {
          return false;
        }
        r.subject = subject;
      }
    } else if (key == "imageManifestMediaType" || key == "artifactMediaType") {
      std::string_view media;
      if (!read_string(doc, v, key, media, true)) {
        return false;
      }
      std::string_view stored = media.empty() ? std::string_view{} : m_ctx.intern(media);
      (key == "artifactMediaType" ? r.artifact_media_type : r.manifest_media_type) = stored;
    } else if (key == "childImageDigests") {
      if (!read_children(doc, v)) {
        return false;
      }
      have_children = true;
    }
    // Any other field (imageScanStatus, imageScanFindingsSummary, ...) is skipped unread.
  }
  const char* missing = !have_repository ? "repositoryName"
                        : !have_digest   ? "imageDigest"
                        : !have_pushed   ? "imagePushedAt"
                                         : nullptr;
  if (missing != nullptr) {
    return fail_at(
        m_base, k_inventory_shape,
        std::string("expected field \"") + missing + "\" in the image, got an image without it");
  }
  if (have_tags && !m_ctx.tags.empty()) {
    std::span<std::string_view> views = m_ctx.arena.allocate_views(m_ctx.tags.size());
    std::copy(m_ctx.tags.begin(), m_ctx.tags.end(), views.begin());
    r.tags = views;
  }
  r.children_listed = have_children;
  if (have_children && !m_ctx.children.empty()) {
    std::span<Digest> digests = m_ctx.arena.allocate_array<Digest>(m_ctx.children.size());
    std::copy(m_ctx.children.begin(), m_ctx.children.end(), digests.begin());
    r.children = digests;
  }
  staged.offset = m_offset;
  m_ctx.out.push_back(staged);
  return true;
}

}  // namespace

std::string_view ParseContext::intern(std::string_view text) {
  return interned.intern(text, arena);
}

// The macro, not simdjson::builtin_implementation(): that function lives in the shared library
// and names the library's own build-time kernel, not the one this file's header code uses.
std::string_view ondemand_kernel() { return SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION); }

void parse_element(ParseContext& ctx, const char* text, std::size_t length, bool padded,
                   std::uint64_t offset) {
  const char* base = text;
  if (!padded) {
    ctx.scratch.assign(text, text + length);
    ctx.scratch.resize(length + simdjson::SIMDJSON_PADDING, ' ');
    base = ctx.scratch.data();
  }
  simdjson::padded_string_view view(base, length, length + simdjson::SIMDJSON_PADDING);
  od::document doc;
  ElementParser parser(ctx, base, offset, length);
  simdjson::error_code code = ctx.parser.iterate(view).get(doc);
  if (code) {
    std::string_view element(base, length);
    if (code == simdjson::UTF8_ERROR) {
      std::size_t at = first_invalid_utf8(element);
      ctx.error = ElementError{offset + (at == std::string_view::npos ? 0 : at),
                               "expected UTF-8 text, got " + describe_byte(element, at),
                               k_inventory_syntax};
      return;
    }
    std::size_t at = find_control_in_string(element);
    if (code == simdjson::UNESCAPED_CHARS && at != std::string_view::npos) {
      ctx.error = ElementError{
          offset + at,
          "expected an escaped control character in a string, got " + describe_byte(element, at),
          k_inventory_syntax};
      return;
    }
    std::string message = simdjson::error_message(code);
    ctx.error = ElementError{offset, "invalid JSON: " + message, k_inventory_syntax};
    return;
  }
  parser.run(doc);
}

}  // namespace ecrlc::detail
