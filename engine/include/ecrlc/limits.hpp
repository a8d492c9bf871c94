// ECR's quotas, once; public and in base: policy/ and inventory/ (peers), ops/, generate use them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ecrlc {

// Lifecycle policies (semantics.md section 1, V15).
inline constexpr std::size_t k_ecr_min_policy_characters = 100;
inline constexpr std::size_t k_ecr_max_policy_characters = 30'720;
inline constexpr std::size_t k_ecr_max_rules_per_policy = 50;
inline constexpr std::size_t k_ecr_max_wildcards_per_pattern = 4;
// Days an image stays archived before sinceImageTransitioned may expire it.
inline constexpr std::int64_t k_ecr_min_archive_days = 90;

// Images (semantics.md section 5). ECR stores tags of up to 300 characters (Docker clients
// stop at 128).
inline constexpr std::size_t k_ecr_max_tag_length = 300;
inline constexpr std::size_t k_ecr_max_tags_per_image = 1'000;

// Registries: both quotas can be raised on request, so exceeding them is only a warning.
inline constexpr std::size_t k_ecr_max_images_per_repository = 100'000;
inline constexpr std::size_t k_ecr_max_repositories_per_region = 100'000;

// The tool's own limits on input files (docs/reliability.md, "Fail closed"): reading stops
// there with an error, so that standard input, /dev/zero or an endless FIFO never fills the
// memory. A policy of 30,720 characters, escaped inside a get-lifecycle-policy wrapper (at
// most 6 bytes a character), stays well below 1 MiB.
inline constexpr std::size_t k_max_policy_file_bytes = std::size_t{1} << 20;
// One line per repository of a registry at ECR's quota, about 100 bytes each.
inline constexpr std::size_t k_max_policy_map_bytes = std::size_t{16} << 20;
// A CloudFormation template is at most 1 MB (CloudFormation's quota for a template in S3);
// a `terraform show -json` plan of a large configuration is tens of MB.
inline constexpr std::size_t k_max_template_file_bytes = std::size_t{64} << 20;
// Hundreds of thousands of image references.
inline constexpr std::size_t k_max_protect_file_bytes = std::size_t{64} << 20;

}  // namespace ecrlc
