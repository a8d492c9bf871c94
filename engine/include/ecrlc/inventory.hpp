// The image inventory: ImageDetail records grouped by repository (semantics.md section 2).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/arena.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc {

// A sha256 image digest, stored as 32 bytes. Ordering equals the ordering of the
// lower-case `sha256:<hex>` strings, which the tie-break rule of section 3 uses.
struct Digest {
  std::array<std::uint8_t, 32> bytes{};

  // Accepts exactly `sha256:` followed by 64 lower-case hex digits.
  static std::optional<Digest> parse(std::string_view text);
  std::string to_string() const;     // "sha256:<64 hex>"
  std::string short_string() const;  // first 12 hex digits, as `docker images` shows

  // clang-tidy 14 reports the `0` that a defaulted <=> compares with internally.
  friend auto operator<=>(const Digest&, const Digest&) = default;  // NOLINT(modernize-use-nullptr)
  friend bool operator==(const Digest&, const Digest&) = default;
};

struct DigestHash {
  std::size_t operator()(const Digest& d) const noexcept;
};

enum class ImageStatus : std::uint8_t { active, archived, activating };

std::string_view to_api(ImageStatus status);  // "ACTIVE", "ARCHIVED", "ACTIVATING"

// One imageDetail. Tags, children and media types point into the Inventory's arena.
// 176 bytes: ten million of them are most of a registry-wide run's memory, so the fields
// are ordered to leave no padding but after `status` (where `ambiguous` fits).
struct ImageRecord {
  Digest digest;
  std::optional<Digest> subject;  // subjectManifestDigest: this is a referrer
  ImageStatus status = ImageStatus::active;
  // The snapshot disagrees with itself about this image (Repository::ambiguities says how):
  // plans hold it back, whatever the policy says.
  bool ambiguous = false;
  // The input listed `childImageDigests` (possibly empty). An image index without it has
  // children nobody knows: the repository's untagged images are held back (docs/inventory.md).
  bool children_listed = false;
  std::span<const std::string_view> tags;  // in the order the input listed them
  Micros pushed_at = 0;
  OptionalMicros last_pulled;     // lastRecordedPullTime
  OptionalMicros last_archived;   // lastArchivedAt
  OptionalMicros last_activated;  // lastActivatedAt (restored from archive)
  std::int64_t size_bytes = 0;
  std::span<const Digest> children;      // extension `childImageDigests`: an image index
  std::string_view manifest_media_type;  // imageManifestMediaType
  std::string_view artifact_media_type;  // artifactMediaType

  // Section 3: lastActivatedAt when present (restored image), else imagePushedAt.
  Micros ordering_time() const { return last_activated.value_or(pushed_at); }
  bool is_tagged() const { return !tags.empty(); }
};

// How a snapshot can disagree with itself about an image (docs/inventory.md).
enum class AmbiguityKind : std::uint8_t {
  tag_on_several_images,   // a tag listed on several images (it moved while the pages were read)
  conflicting_records,     // the digest is listed more than once with different data
  registry_unknown,        // no registryId, and the repository's name is in several registries
  index_children_unknown,  // untagged, and an image index of the repository has no
                           // childImageDigests
  images_incomplete,       // the snapshot could not read every image of the repository
};

// imageManifestMediaType of an image index (OCI image index, Docker manifest list).
bool is_image_index_media_type(std::string_view media_type);

struct Ambiguity {
  std::uint32_t image = 0;  // index in Repository::images
  AmbiguityKind kind = AmbiguityKind::tag_on_several_images;
  std::string_view tag;  // tag_on_several_images: the tag (in the Inventory's arena)

  friend bool operator==(const Ambiguity&, const Ambiguity&) = default;
};

// A repository is (registryId, repositoryName): the same name in two registries is two
// repositories.
struct Repository {
  std::string name;
  std::string registry_id;          // from the input when present, else empty
  std::vector<ImageRecord> images;  // sorted by digest; digests unique
  // Every ambiguity of an image with `ambiguous` set, sorted by image (and kind, tag).
  std::vector<Ambiguity> ambiguities;

  // Index in `images` of the image with `digest`, or nullopt (binary search).
  std::optional<std::uint32_t> find_image(const Digest& digest) const;
  // Every image the snapshot lists `tag` on: the image that keeps it, and the images it was
  // taken from when several listed it. Ascending.
  std::vector<std::uint32_t> images_with_tag(std::string_view tag) const;
  // What the snapshot disagrees about, e.g. "tag prod is on several images"; several
  // ambiguities are joined with "; ". Empty when the image is not ambiguous.
  std::string ambiguity_text(std::uint32_t image) const;
  // Marks every image ambiguous with `kind` (images_incomplete: a snapshot whose pages of
  // this repository ended early), so that plans hold the whole repository back.
  void hold_all(AmbiguityKind kind);
};

// A whole snapshot: repositories sorted by name, then registryId.
struct Inventory {
  std::vector<Repository> repositories;
  Arena arena;

  // Every repository named `repository_name`: one per registry (registryId order).
  std::span<const Repository> find_all(std::string_view repository_name) const;
  // The first of find_all (the only one unless several registries hold the name), or nullptr.
  const Repository* find(std::string_view repository_name) const;
  // The distinct registryIds of the repositories (those that name one), sorted.
  std::vector<std::string_view> registries() const;
  std::size_t image_count() const;
  // How many images were pushed after `t` (an evaluation time before them is a mistake).
  std::size_t pushed_after(Micros t) const;
};

}  // namespace ecrlc
