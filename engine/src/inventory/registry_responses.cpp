// Parsing what the AWS CLI prints for describe-repositories, describe-images and
// batch-get-image. The CLI's JSON is trusted no more than a file: every field used is checked,
// and a message names it ("imageDetails[2].imageDigest: expected a string, got a number").
#include "ecrlc/registry_responses.hpp"

#include <simdjson.h>

#include <utility>

#include "ecrlc/inventory.hpp"
#include "json/extent_scan.hpp"

namespace ecrlc {
namespace {

namespace od = simdjson::ondemand;
namespace dom = simdjson::dom;

std::string dom_type_name(dom::element_type type) {
  switch (type) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
    default:
      return "a number";
  }
}

Unexpected type_error(const std::string& where, std::string_view expected,
                      const dom::element& got) {
  return unexpected(where + ": expected " + std::string(expected) + ", got " +
                    dom_type_name(got.type()));
}

Result<dom::element> parse_dom(dom::parser& parser, std::string_view text, std::string_view what) {
  dom::element root;
  if (auto error = parser.parse(text.data(), text.size()).get(root)) {
    return unexpected(std::string(what) + ": not JSON (" + simdjson::error_message(error) + ")");
  }
  return root;
}

// The string member `key` of `object`: absent is "" when `optional`, else an error.
Result<std::string> string_member(const dom::object& object, std::string_view key,
                                  const std::string& where, bool optional) {
  dom::element value;
  if (object.at_key(key).get(value)) {
    if (optional) {
      return std::string{};
    }
    return unexpected(where + ": expected field \"" + std::string(key) + "\", got none");
  }
  std::string_view text;
  if (value.get_string().get(text)) {
    return type_error(where + "." + std::string(key), "a string", value);
  }
  return std::string(text);
}

// The array member `key` of `object` (absent: an error naming it).
Result<dom::array> array_member(const dom::object& object, std::string_view key,
                                const std::string& where, bool optional) {
  dom::element value;
  if (object.at_key(key).get(value)) {
    if (optional) {
      // A default dom::array has no document: iterating it reads through a null pointer.
      static dom::parser empty_parser;
      static const dom::array empty =
          empty_parser.parse(std::string_view("[]")).get_array().value_unsafe();
      return empty;
    }
    return unexpected(where + "expected field \"" + std::string(key) + "\", got none");
  }
  dom::array array;
  if (value.get_array().get(array)) {
    return type_error(where + std::string(key), "an array", value);
  }
  return array;
}

Result<dom::object> as_object(const dom::element& element, const std::string& where) {
  dom::object object;
  if (element.get_object().get(object)) {
    return type_error(where, "an object", element);
  }
  return object;
}

// `text` parsed by `parser` (which owns the result) as one JSON object.
Result<dom::object> parse_object(dom::parser& parser, std::string_view text,
                                 const std::string& what) {
  auto root = parse_dom(parser, text, what);
  if (!root) {
    return unexpected(root.error());
  }
  return as_object(*root, what);
}

// The texts of the objects of the top-level array `key`, each compacted to one line, in
// order: simdjson's DOM keeps no positions, so On-Demand finds the extents.
Result<std::vector<std::string>> member_lines(std::string_view text, std::string_view key,
                                              std::string_view what) {
  const simdjson::padded_string padded(text);
  od::parser parser;
  od::document document;
  std::vector<std::string> lines;
  od::object root;
  if (parser.iterate(padded).get(document) || document.get_object().get(root)) {
    return unexpected(std::string(what) + ": expected a JSON object");
  }
  od::array array;
  if (root.find_field_unordered(key).get_array().get(array)) {
    return lines;  // absent or not an array: the DOM pass reports it
  }
  for (auto element : array) {
    od::object object;
    std::string_view raw;
    if (element.get_object().get(object) || object.raw_json().get(raw)) {
      return unexpected(std::string(what) + ": " + std::string(key) + "[" +
                        std::to_string(lines.size()) + "]: expected an object");
    }
    lines.push_back(compact_json(raw));
  }
  return lines;
}

// The page's nextToken: "" when absent or null.
Result<std::string> next_token(const dom::object& root, std::string_view what) {
  dom::element value;
  if (root.at_key("nextToken").get(value) || value.is_null()) {
    return std::string{};
  }
  std::string_view token;
  if (value.get_string().get(token)) {
    return type_error(std::string(what) + ": nextToken", "a string", value);
  }
  return std::string(token);
}

// The children of one imageManifest text: the digests of its `manifests`.
Result<std::vector<std::string>> manifest_children(std::string_view manifest,
                                                   const std::string& where) {
  dom::parser parser;
  auto object = parse_object(parser, manifest, where);
  if (!object) {
    return unexpected(object.error());
  }
  auto manifests = array_member(*object, "manifests", where + ": ", false);
  if (!manifests) {
    return unexpected(manifests.error());
  }
  std::vector<std::string> children;
  for (const dom::element entry : *manifests) {
    const std::string at = where + ".manifests[" + std::to_string(children.size()) + "]";
    auto entry_object = as_object(entry, at);
    if (!entry_object) {
      return unexpected(entry_object.error());
    }
    auto digest = string_member(*entry_object, "digest", at, false);
    if (!digest) {
      return unexpected(digest.error());
    }
    if (!Digest::parse(*digest)) {
      return unexpected(at + ".digest: expected a sha256 digest, got \"" + digest->substr(0, 80) +
                        "\"");
    }
    children.push_back(std::move(*digest));
  }
  return children;
}

// A page: the objects of its array `key`, each read by `read_entry` (errors name the field)
// and given its text as one line (`json`), and its nextToken.
template <typename Entry>
struct Page {
  std::vector<Entry> entries;
  std::string next_token;
};

template <typename Entry, typename ReadEntry>
Result<Page<Entry>> parse_page(std::string_view text, std::string_view what, std::string_view key,
                               ReadEntry read_entry) {
  dom::parser parser;
  auto object = parse_object(parser, text, std::string(what));
  if (!object) {
    return unexpected(object.error());
  }
  auto array = array_member(*object, key, std::string(what) + ": ", false);
  if (!array) {
    return unexpected(array.error());
  }
  Page<Entry> page;
  for (const dom::element element : *array) {
    const std::string at = std::string(key) + "[" + std::to_string(page.entries.size()) + "]";
    auto entry_object = as_object(element, at);
    if (!entry_object) {
      return unexpected(entry_object.error());
    }
    auto entry = read_entry(*entry_object, at);
    if (!entry) {
      return unexpected(entry.error());
    }
    page.entries.push_back(std::move(*entry));
  }
  // Checked above, so that errors name the field; now the texts.
  auto lines = member_lines(text, key, what);
  if (!lines) {
    return unexpected(lines.error());
  }
  if (lines->size() != page.entries.size()) {
    return unexpected(std::string(what) + ": " + std::string(key) +
                      ": expected an array of objects");
  }
  for (std::size_t i = 0; i < lines->size(); ++i) {
    page.entries[i].json = std::move((*lines)[i]);
  }
  auto token = next_token(*object, what);
  if (!token) {
    return unexpected(token.error());
  }
  page.next_token = std::move(*token);
  return page;
}

}  // namespace

bool ImageDetailLine::is_index() const { return is_image_index_media_type(manifest_media_type); }

std::string compact_json(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      std::size_t end = detail::find_string_end(text, i);
      end = end == std::string_view::npos ? text.size() - 1 : end;
      out.append(text.substr(i, end - i + 1));
      i = end;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out += c;
    }
  }
  return out;
}

Result<RepositoriesPage> parse_repositories_page(std::string_view text) {
  auto page = parse_page<RegistryRepository>(
      text, "describe-repositories output", "repositories",
      [](const dom::object& entry, const std::string& at) -> Result<RegistryRepository> {
        auto name = string_member(entry, "repositoryName", at, false);
        auto registry = string_member(entry, "registryId", at, true);
        auto arn = string_member(entry, "repositoryArn", at, true);
        if (!name || !registry || !arn) {
          return unexpected(!name ? name.error() : !registry ? registry.error() : arn.error());
        }
        if (name->empty()) {
          return unexpected(at + ".repositoryName: expected a repository name, got \"\"");
        }
        return RegistryRepository{std::move(*name), std::move(*registry), std::move(*arn), {}};
      });
  if (!page) {
    return unexpected(page.error());
  }
  return RepositoriesPage{std::move(page->entries), std::move(page->next_token)};
}

Result<ImagesPage> parse_images_page(std::string_view text) {
  auto page = parse_page<ImageDetailLine>(
      text, "describe-images output", "imageDetails",
      [](const dom::object& entry, const std::string& at) -> Result<ImageDetailLine> {
        auto digest = string_member(entry, "imageDigest", at, false);
        auto media = string_member(entry, "imageManifestMediaType", at, true);
        if (!digest || !media) {
          return unexpected(!digest ? digest.error() : media.error());
        }
        return ImageDetailLine{{}, std::move(*digest), std::move(*media)};
      });
  if (!page) {
    return unexpected(page.error());
  }
  return ImagesPage{std::move(page->entries), std::move(page->next_token)};
}

Result<BatchGetImageResponse> parse_batch_get_image(std::string_view text) {
  constexpr std::string_view what = "batch-get-image output";
  dom::parser parser;
  auto object = parse_object(parser, text, std::string(what));
  if (!object) {
    return unexpected(object.error());
  }
  const std::string prefix = std::string(what) + ": ";
  auto images = array_member(*object, "images", prefix, false);
  auto failures = array_member(*object, "failures", prefix, true);
  if (!images || !failures) {
    return unexpected(!images ? images.error() : failures.error());
  }
  BatchGetImageResponse response;
  for (const dom::element entry : *images) {
    const std::string at = "images[" + std::to_string(response.indexes.size()) + "]";
    auto image = as_object(entry, at);
    if (!image) {
      return unexpected(image.error());
    }
    dom::element id_value;
    if (image->at_key("imageId").get(id_value)) {
      return unexpected(at + ": expected field \"imageId\", got none");
    }
    auto id = as_object(id_value, at + ".imageId");
    if (!id) {
      return unexpected(id.error());
    }
    auto digest = string_member(*id, "imageDigest", at + ".imageId", false);
    auto manifest = string_member(*image, "imageManifest", at, false);
    if (!digest || !manifest) {
      return unexpected(!digest ? digest.error() : manifest.error());
    }
    auto children = manifest_children(*manifest, at + ".imageManifest");
    if (!children) {
      return unexpected(children.error());
    }
    response.indexes.push_back({std::move(*digest), std::move(*children)});
  }
  for (const dom::element entry : *failures) {
    const std::string at = "failures[" + std::to_string(response.failures.size()) + "]";
    auto failure = as_object(entry, at);
    if (!failure) {
      return unexpected(failure.error());
    }
    ImageIdFailure item;
    dom::element id_value;
    if (!failure->at_key("imageId").get(id_value)) {
      auto id = as_object(id_value, at + ".imageId");
      if (!id) {
        return unexpected(id.error());
      }
      auto digest = string_member(*id, "imageDigest", at + ".imageId", true);
      if (!digest) {
        return unexpected(digest.error());
      }
      item.digest = std::move(*digest);
    }
    auto code = string_member(*failure, "failureCode", at, true);
    auto reason = string_member(*failure, "failureReason", at, true);
    if (!code || !reason) {
      return unexpected(!code ? code.error() : reason.error());
    }
    item.code = std::move(*code);
    item.reason = std::move(*reason);
    response.failures.push_back(std::move(item));
  }
  return response;
}

std::string with_child_digests(std::string_view line, const std::vector<std::string>& children) {
  std::string list = "\"childImageDigests\":[";
  for (std::size_t i = 0; i < children.size(); ++i) {
    list += (i == 0 ? "\"" : ",\"") + children[i] + "\"";
  }
  list += "]";
  const std::size_t close = line.rfind('}');
  if (close == std::string_view::npos) {
    return std::string(line);
  }
  const std::size_t last = line.find_last_not_of(" \t\r\n", close == 0 ? 0 : close - 1);
  const bool empty_object = last == std::string_view::npos || line[last] == '{';
  std::string out(line.substr(0, close));
  out += empty_object ? "" : ",";
  out += list;
  out += line.substr(close);
  return out;
}

}  // namespace ecrlc
