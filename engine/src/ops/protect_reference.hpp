// Private to ops/: the one parser of image references that every protect format shares (the
// line format, Kubernetes, ECS, Lambda), and the sink the formats add references to.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ecrlc/protect.hpp"

namespace ecrlc::detail {

inline constexpr std::string_view k_protect_line_code = "E0801";
inline constexpr std::string_view k_protect_shape_code = "E0802";
inline constexpr std::string_view k_protect_value_code = "E0803";
inline constexpr std::string_view k_protect_empty_code = "W0802";
inline constexpr std::string_view k_protect_ignored_code = "W0803";

// What a reference without a registry host means. In the line format the user writes ECR
// repository names (`team/app:1.4`); in what Kubernetes, ECS and Lambda print, an image
// without a host is Docker Hub's (`nginx:1.25`), and one without tag or digest means
// `:latest`.
enum class BareReference { ecr_repository, other_registry };

struct ReferenceParse {
  // Set for an ECR reference; text, line, column, source and pointer are left to the caller.
  std::optional<ProtectReference> reference;
  // Set for a reference to another registry: its host ("docker.io" for none).
  std::optional<std::string> other_host;
  // Otherwise: why it is unusable, at byte `error_at` of the text.
  std::string error;
  std::size_t error_at = 0;
};

// An ECR image URI's registry part split off: `ACCOUNT.<host form>.REGION.<suffix>/` in any of
// ECR's host forms, after an optional `docker-pullable://` / `docker://`.
struct EcrHostPrefix {
  std::string registry_id;
  std::string region;
  std::string_view rest;  // what follows the host's slash
};
std::optional<EcrHostPrefix> split_ecr_host(std::string_view text);

// Parses one image reference, with or without `docker-pullable://` / `docker://`.
ReferenceParse parse_image_reference(std::string_view text, BareReference bare);

}  // namespace ecrlc::detail
