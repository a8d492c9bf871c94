// Synthetic, deterministic ECR inventories in `aws ecr describe-images` shape (`generate`).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string_view>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "ecrlc/limits.hpp"
#include "ecrlc/result.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc {

enum class GenerateFormat {
  json,    // one describe-images document, 4-space indentation like AWS CLI v2
  ndjson,  // one compact imageDetail object per line
};

// 2026-01-01T00:00:00Z: the default `now`, fixed so that output never depends on the clock.
inline constexpr Micros k_generate_default_now = 1'767'225'600 * k_micros_per_second;

// How the records of different repositories follow each other in the output.
enum class GenerateOrder {
  grouped,      // repository by repository (as `describe-images` per repository gives them)
  interleaved,  // one record of each repository in turn (round robin)
  random,       // each record from a repository drawn at random, weighted by what it has left
};

// How the images are shared among the repositories.
enum class GenerateSizes {
  zipf,     // a long tail: in proportion to 1/rank
  uniform,  // all alike (sizes differ by at most one)
};

struct GenerateOptions {
  std::uint64_t images = 0;        // exact number of imageDetail records
  std::uint64_t repositories = 0;  // 0: max(1, images / 1000)
  std::uint64_t seed = 1;
  GenerateFormat format = GenerateFormat::json;
  Micros now = k_generate_default_now;  // every image is pushed within the year before it
  GenerateOrder order = GenerateOrder::grouped;
  GenerateSizes sizes = GenerateSizes::zipf;
  // Images (parts per million) that also list the last tag of a newer push of their
  // repository, as a snapshot whose pages were read while the tag moved shows it. The other
  // records are the same as without anomalies.
  std::uint32_t tag_anomaly_ppm = 0;
};

// "2.7" (percent, up to four decimals, at most 100) -> 27000 parts per million.
Result<std::uint32_t> parse_percent_ppm(std::string_view text);

struct GenerateSummary {
  std::uint64_t images = 0;
  std::uint64_t repositories = 0;
  std::uint64_t bytes = 0;  // bytes written (0 for generate_images)
};

// Called now and then with the number of images produced so far (and once at the end).
using GenerateProgress = std::function<void(std::uint64_t images_done)>;

// Called once per image, in the options' order. The record's views (tags, children) and
// `repository` are valid only during the call.
using GenerateVisitor = std::function<void(std::string_view repository,
                                           std::string_view registry_id, const ImageRecord& image)>;

// The repository sizes the generator uses, summing to options.images: a long tail (Zipf,
// exponent 1) or uniform, each at least 1 and at most k_ecr_max_images_per_repository (ECR's
// quota) when that is possible. Fails when repositories > images (for images > 0).
Result<std::vector<std::uint64_t>> repository_sizes(const GenerateOptions& options);

// Writes the inventory to `out` through a large buffer, holding one push (an image, or an
// index with its children and referrers) at a time. The same options give byte-identical
// output on every machine. Fails on invalid options or when `out` fails.
Result<GenerateSummary> write_inventory(const GenerateOptions& options, std::ostream& out,
                                        const GenerateProgress& progress = {});

// The same records write_inventory writes (in the same order), handed to `visit` instead.
// Every order gives the same records; only their sequence differs (within a repository they
// stay newest push first).
Result<GenerateSummary> generate_images(const GenerateOptions& options,
                                        const GenerateVisitor& visit);

}  // namespace ecrlc
