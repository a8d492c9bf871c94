// ProtectSink: references of JSON protect files with their JSON pointer, line and column.
#include <algorithm>
#include <utility>

#include "base/json_pointer.hpp"
#include "ops/protect_formats.hpp"
#include "ops/protect_reference.hpp"

namespace ecrlc::detail {

std::string pointer_child(const std::string& pointer, std::string_view key) {
  return json_pointer_child(pointer, key);
}

std::string pointer_child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

void ProtectSink::error(std::size_t offset, const std::string& pointer,
                        const std::string& message) {
  const LineColumn at = m_map.locate(offset);
  m_list.diagnostics.error(std::string(k_protect_value_code), pointer, at.line, at.column, message);
}

void ProtectSink::warning(std::size_t offset, const std::string& pointer,
                          const std::string& message) {
  const LineColumn at = m_map.locate(offset);
  m_list.diagnostics.warning(std::string(k_protect_ignored_code), pointer, at.line, at.column,
                             message);
}

void ProtectSink::add_parsed(const LazyValue& value, const std::string& pointer,
                             const std::string& source, std::string text,
                             const std::vector<std::size_t>& offsets) {
  ReferenceParse parse = parse_image_reference(text, BareReference::other_registry);
  if (parse.other_host) {
    ++m_list.other_registry;
    auto& hosts = m_list.other_registries;
    const auto it = std::lower_bound(hosts.begin(), hosts.end(), *parse.other_host);
    if (it == hosts.end() || *it != *parse.other_host) {
      hosts.insert(it, std::move(*parse.other_host));
    }
    return;
  }
  if (!parse.reference) {
    const std::size_t at = parse.error_at < offsets.size() ? offsets[parse.error_at]
                                                           : value.offset() + 1 + text.size();
    error(at, pointer, parse.error + " (" + source + ")");
    return;
  }
  ProtectReference& reference = *parse.reference;
  const LineColumn at = m_map.locate(value.offset());
  reference.text = std::move(text);
  reference.line = at.line;
  reference.column = at.column;
  reference.source = source;
  reference.pointer = pointer;
  m_list.references.push_back(std::move(reference));
}

void ProtectSink::add_image(const LazyValue& value, const std::string& pointer,
                            const std::string& source) {
  std::vector<std::size_t> offsets;
  std::optional<std::string> text = value.string(&offsets);
  if (!text) {
    error(value.offset(), pointer, "expected an image reference string (" + source + ")");
    return;
  }
  add_parsed(value, pointer, source, std::move(*text), offsets);
}

bool ProtectSink::add_container_image(const LazyValue& container, const std::string& pointer,
                                      const std::string& source) {
  const std::optional<LazyValue> image = container.find("image");
  if (!image) {
    error(container.offset(), pointer, "expected an \"image\" (" + source + ")");
    return false;
  }
  add_image(*image, pointer_child(pointer, "image"), source);
  return true;
}

void ProtectSink::add_digest(const LazyValue& image, const LazyValue& digest,
                             const std::string& pointer, const std::string& source) {
  std::optional<std::string> image_text = image.string();
  std::vector<std::size_t> digest_offsets;
  std::optional<std::string> digest_text = digest.string(&digest_offsets);
  if (!image_text || !digest_text) {
    error(digest.offset(), pointer, "expected a digest string (" + source + ")");
    return;
  }
  if (!Digest::parse(*digest_text)) {
    error(digest.offset(), pointer,
          "expected sha256: followed by 64 lower-case hex digits (" + source + ")");
    return;
  }
  // REPO:TAG@DIGEST: the digest decides, the image gives registry and repository.
  std::string text = image_text->substr(0, image_text->find('@')) + "@" + *digest_text;
  ReferenceParse parse = parse_image_reference(text, BareReference::other_registry);
  if (parse.other_host) {
    return;  // the image itself was counted as another registry's
  }
  if (!parse.reference) {
    return;  // the image itself was reported
  }
  std::vector<std::size_t> offsets(text.size(), digest.offset());
  add_parsed(digest, pointer, source, std::move(text), offsets);
}

std::optional<std::string> ProtectSink::required_string(const LazyValue& object,
                                                        std::string_view key,
                                                        const std::string& pointer) {
  const std::optional<LazyValue> value = object.find(key);
  if (!value || !value->is_string()) {
    error(value ? value->offset() : object.offset(), pointer_child(pointer, key),
          "expected a string \"" + std::string(key) + "\"");
    return std::nullopt;
  }
  return value->string();
}

std::optional<LazyValue> ProtectSink::optional_array(const LazyValue& object, std::string_view key,
                                                     const std::string& pointer) {
  const std::optional<LazyValue> value = object.find(key);
  if (!value || value->type() == LazyValue::Type::null) {
    return std::nullopt;
  }
  if (!value->is_array()) {
    error(value->offset(), pointer_child(pointer, key),
          "expected an array \"" + std::string(key) + "\"");
    return std::nullopt;
  }
  return value;
}

}  // namespace ecrlc::detail
