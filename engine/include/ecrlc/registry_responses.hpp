// What the AWS CLI prints for the calls that read a registry (`snapshot`, `apply`'s re-read),
// parsed without any I/O: describe-repositories and describe-images pages, batch-get-image
// responses (the children of image indexes), and the lines of a snapshot's images.ndjson.
// io/registry_reader runs the calls; the lines it builds go to InventoryBuilder, so that a
// snapshot on disk and a live re-read give the same Inventory.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/result.hpp"

namespace ecrlc {

// One repository of a describe-repositories page.
struct RegistryRepository {
  std::string name;         // repositoryName
  std::string registry_id;  // registryId (empty when the page has none)
  std::string arn;          // repositoryArn (empty when none): tells the region
  std::string json;         // the repository object as printed, on one line
};

struct RepositoriesPage {
  std::vector<RegistryRepository> repositories;
  std::string next_token;  // nextToken: empty on the last page
};

// `aws ecr describe-repositories` output (one page, or every page merged by the CLI).
// Errors name the field: "repositories[3].repositoryName: expected a string, got a number".
Result<RepositoriesPage> parse_repositories_page(std::string_view text);

// One imageDetail of a describe-images page.
struct ImageDetailLine {
  std::string json;                 // the object as printed, on one line (an NDJSON line)
  std::string digest;               // imageDigest
  std::string manifest_media_type;  // imageManifestMediaType; empty when absent
  bool is_index() const;            // an OCI image index or a Docker manifest list
};

struct ImagesPage {
  std::vector<ImageDetailLine> images;
  std::string next_token;  // nextToken: empty on the last page
};

// `aws ecr describe-images` output. Only the fields above are checked (the inventory reader
// checks the rest when the lines are read).
Result<ImagesPage> parse_images_page(std::string_view text);

// An image index that batch-get-image returned, with the digests of the manifests it lists.
struct IndexChildren {
  std::string digest;                 // imageId.imageDigest
  std::vector<std::string> children;  // manifests[].digest of imageManifest, in its order
};

// An image id that batch-get-image could not return (failures[]).
struct ImageIdFailure {
  std::string digest;  // imageId.imageDigest
  std::string code;    // failureCode, e.g. "ImageNotFound"
  std::string reason;  // failureReason
};

struct BatchGetImageResponse {
  std::vector<IndexChildren> indexes;
  std::vector<ImageIdFailure> failures;
};

// `aws ecr batch-get-image` output. Each imageManifest (a JSON text inside a string) must be
// an index: an object whose `manifests` array holds objects with a sha256 `digest`.
Result<BatchGetImageResponse> parse_batch_get_image(std::string_view text);

// The largest number of image ids one batch-get-image call takes.
inline constexpr std::size_t k_batch_get_image_limit = 100;

// The --accepted-media-types that batch-get-image needs to return indexes as they are.
inline constexpr std::array<std::string_view, 2> k_index_media_types = {
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json"};

// `line` (one imageDetail object on one line, as parse_images_page gives it, which has no
// childImageDigests) with `"childImageDigests": [...]` added as its last member.
std::string with_child_digests(std::string_view line, const std::vector<std::string>& children);

// `text` (one JSON value) without the blanks between its tokens, strings unchanged, so that a
// pretty-printed object becomes one NDJSON line. `text` must be valid JSON.
std::string compact_json(std::string_view text);

}  // namespace ecrlc
