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

}  // namespace ecrlc
