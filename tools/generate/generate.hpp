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

struct GenerateOptions {
  std::uint64_t images = 0;        // exact number of imageDetail records
  std::uint64_t repositories = 0;  // 0: max(1, images / 1000)
  std::uint64_t seed = 1;
  GenerateFormat format = GenerateFormat::json;
  Micros now = k_generate_default_now;  // every image is pushed within the year before it
};

struct GenerateSummary {
  std::uint64_t images = 0;
  std::uint64_t repositories = 0;
  std::uint64_t bytes = 0;  // bytes written (0 for generate_images)
};

// Called now and then with the number of images produced so far (and once at the end).
using GenerateProgress = std::function<void(std::uint64_t images_done)>;

// Called once per image, repository by repository. The record's views (tags, children) and
// `repository` are valid only during the call.
using GenerateVisitor = std::function<void(std::string_view repository,
                                           std::string_view registry_id, const ImageRecord& image)>;

// The repository sizes the generator uses: a long tail (Zipf, exponent 1) summing to
// options.images, each at least 1 and at most k_ecr_max_images_per_repository (ECR's quota) when
// that is possible. Fails when repositories > images (for images > 0).
Result<std::vector<std::uint64_t>> repository_sizes(const GenerateOptions& options);

// Writes the inventory to `out` through a large buffer, holding one push (an image, or an
// index with its children and referrers) at a time. The same options give byte-identical
// output on every machine. Fails on invalid options or when `out` fails.
Result<GenerateSummary> write_inventory(const GenerateOptions& options, std::ostream& out,
                                        const GenerateProgress& progress = {});

// The same records write_inventory writes (in the same order), handed to `visit` instead.
Result<GenerateSummary> generate_images(const GenerateOptions& options,
                                        const GenerateVisitor& visit);

}  // namespace ecrlc
