// Inventory model: digests, image status names, repository and image lookup.
#include "ecrlc/inventory.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <tuple>

#include "base/enum_names.hpp"
#include "base/hex.hpp"

namespace ecrlc {
namespace {

constexpr std::string_view k_digest_prefix = "sha256:";

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;  // upper case is not a valid ECR digest
}

}  // namespace

std::optional<Digest> Digest::parse(std::string_view text) {
  if (text.size() != k_digest_prefix.size() + 64 || !text.starts_with(k_digest_prefix)) {
    return std::nullopt;
  }
  Digest d;
  const char* hex = text.data() + k_digest_prefix.size();
  for (std::size_t i = 0; i < 32; ++i) {
    int hi = hex_value(hex[2 * i]);
    int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    d.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return d;
}

std::string Digest::to_string() const {
  std::string out(k_digest_prefix);
  out.reserve(k_digest_prefix.size() + 64);
  for (std::uint8_t b : bytes) {
    detail::append_hex_byte(out, b);
  }
  return out;
}

std::string Digest::short_string() const {
  std::string out;
  out.reserve(12);
  for (std::size_t i = 0; i < 6; ++i) {
    detail::append_hex_byte(out, bytes[i]);
  }
  return out;
}

std::size_t DigestHash::operator()(const Digest& d) const noexcept {
  // A sha256 is already uniformly distributed: its first bytes are a good hash.
  std::size_t h = 0;
  std::memcpy(&h, d.bytes.data(), sizeof h);
  return h;
}

std::string_view to_api(ImageStatus status) {
  static constexpr std::array<std::string_view, 3> k_names = {"ACTIVE", "ARCHIVED", "ACTIVATING"};
  return detail::enum_name(status, k_names);
}

std::optional<std::uint32_t> Repository::find_image(const Digest& digest) const {
  const auto it =
      std::lower_bound(images.begin(), images.end(), digest,
                       [](const ImageRecord& image, const Digest& d) { return image.digest < d; });
  if (it == images.end() || it->digest != digest) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(it - images.begin());
}

std::vector<std::uint32_t> Repository::images_with_tag(std::string_view tag) const {
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < images.size(); ++i) {
    if (std::find(images[i].tags.begin(), images[i].tags.end(), tag) != images[i].tags.end()) {
      found.push_back(i);
    }
  }
  for (const Ambiguity& a : ambiguities) {
    if (a.kind == AmbiguityKind::tag_on_several_images && a.tag == tag) {
      found.push_back(a.image);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

void Repository::hold_all(AmbiguityKind kind) {
  for (std::uint32_t i = 0; i < images.size(); ++i) {
    ambiguities.push_back({i, kind, {}});
    images[i].ambiguous = true;
  }
  std::sort(ambiguities.begin(), ambiguities.end(), [](const Ambiguity& a, const Ambiguity& b) {
    return std::tie(a.image, a.kind, a.tag) < std::tie(b.image, b.kind, b.tag);
  });
  ambiguities.erase(std::unique(ambiguities.begin(), ambiguities.end()), ambiguities.end());
}

bool is_image_index_media_type(std::string_view media_type) {
  return media_type == "application/vnd.oci.image.index.v1+json" ||
         media_type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

std::string Repository::ambiguity_text(std::uint32_t image) const {
  auto it = std::lower_bound(ambiguities.begin(), ambiguities.end(), image,
                             [](const Ambiguity& a, std::uint32_t i) { return a.image < i; });
  std::string text;
  for (; it != ambiguities.end() && it->image == image; ++it) {
    if (!text.empty()) {
      text += "; ";
    }
    switch (it->kind) {
      case AmbiguityKind::tag_on_several_images:
        text += "tag " + std::string(it->tag) + " is on several images";
        break;
      case AmbiguityKind::conflicting_records:
        text += "listed twice with different data";
        break;
      case AmbiguityKind::registry_unknown:
        text += "no registryId, and several registries hold " + name;
        break;
      case AmbiguityKind::index_children_unknown:
        text += "untagged, and an image index of " + name +
                " has no childImageDigests (its children are unknown)";
        break;
      case AmbiguityKind::images_incomplete:
        text += "the snapshot of " + name + " is incomplete (a describe-images page was missing)";
        break;
    }
  }
  return text;
}

std::span<const Repository> Inventory::find_all(std::string_view repository_name) const {
  const auto first =
      std::lower_bound(repositories.begin(), repositories.end(), repository_name,
                       [](const Repository& r, std::string_view name) { return r.name < name; });
  auto last = first;
  while (last != repositories.end() && last->name == repository_name) {
    ++last;
  }
  return {first, last};
}

const Repository* Inventory::find(std::string_view repository_name) const {
  std::span<const Repository> found = find_all(repository_name);
  return found.empty() ? nullptr : &found.front();
}

std::vector<std::string_view> Inventory::registries() const {
  std::vector<std::string_view> ids;
  for (const Repository& r : repositories) {
    if (!r.registry_id.empty()) {
      ids.push_back(r.registry_id);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::size_t Inventory::image_count() const {
  std::size_t n = 0;
  for (const Repository& r : repositories) {
    n += r.images.size();
  }
  return n;
}

std::size_t Inventory::pushed_after(Micros t) const {
  std::size_t n = 0;
  for (const Repository& r : repositories) {
    n += static_cast<std::size_t>(
        std::count_if(r.images.begin(), r.images.end(),
                      [t](const ImageRecord& image) { return image.pushed_at > t; }));
  }
  return n;
}

}  // namespace ecrlc
