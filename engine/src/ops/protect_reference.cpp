// The one parser of image references: ECR's registry host forms, repository names, tags and
// digests, for every protect format.
#include "ops/protect_reference.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "ecrlc/limits.hpp"

namespace ecrlc::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }
bool is_tag_char(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-';
}
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// ECR's registry host forms (docs/operations.md): ACCOUNT + one of these + REGION + suffix.
struct RegistryHostForm {
  std::string_view infix;
  std::string_view suffix;
};
constexpr std::array<RegistryHostForm, 5> k_registry_hosts = {{
    {".dkr.ecr.", ".amazonaws.com"},
    {".dkr.ecr.", ".amazonaws.com.cn"},
    {".dkr.ecr-fips.", ".amazonaws.com"},
    {".dkr-ecr.", ".on.aws"},
    {".dkr-ecr-fips.", ".on.aws"},
}};

// True when the first segment of a reference names ECR rather than a repository: repository
// names may contain dots, but never these markers.
bool looks_like_ecr_host(std::string_view segment) {
  return segment.find(".dkr.ecr") != std::string_view::npos ||
         segment.find(".dkr-ecr") != std::string_view::npos;
}

// Docker's rule: a first segment with a dot or a colon, or `localhost`, is a registry host.
bool looks_like_host(std::string_view segment) {
  return segment.find_first_of(".:") != std::string_view::npos || segment == "localhost";
}

// An ECR registry host in any of its forms: ACCOUNT and REGION, or nullopt.
std::optional<std::pair<std::string, std::string>> ecr_host(std::string_view host) {
  const std::size_t dot = host.find('.');
  if (dot != 12 || !std::all_of(host.begin(), host.begin() + 12, is_digit)) {
    return std::nullopt;
  }
  const std::string_view rest = host.substr(12);
  for (const RegistryHostForm& form : k_registry_hosts) {
    if (!rest.starts_with(form.infix) || !rest.ends_with(form.suffix) ||
        rest.size() <= form.infix.size() + form.suffix.size()) {
      continue;
    }
    const std::string_view region =
        rest.substr(form.infix.size(), rest.size() - form.infix.size() - form.suffix.size());
    if (std::all_of(region.begin(), region.end(),
                    [](char c) { return is_lower_alnum(c) || c == '-'; })) {
      return std::pair{std::string(host.substr(0, 12)), std::string(region)};
    }
  }
  return std::nullopt;
}

// Container runtimes print image IDs with a scheme (`kubectl get pods`' imageID).
std::string_view without_runtime_scheme(std::string_view reference) {
  for (std::string_view scheme : {"docker-pullable://", "docker://"}) {
    if (reference.starts_with(scheme)) {
      return reference.substr(scheme.size());
    }
  }
  return reference;
}

ReferenceParse failure(std::size_t at, std::string message) {
  ReferenceParse parse;
  parse.error = std::move(message);
  parse.error_at = at;
  return parse;
}

// ECR repository names: lower-case components of [a-z0-9] separated by . _ - inside and /
// between components. Returns the offending offset and message, or nullopt.
std::optional<ReferenceParse> check_repository(std::string_view name, std::size_t at) {
  if (name.empty()) {
    return failure(at, "expected a repository name");
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool separator = c == '.' || c == '_' || c == '-' || c == '/';
    if (!is_lower_alnum(c) && !separator) {
      return failure(at + i, "unexpected character '" + std::string(1, c) +
                                 "' in repository name (expected a-z, 0-9, . _ - or /)");
    }
    const bool at_edge = i == 0 || i + 1 == name.size() || name[i - 1] == '/';
    if (separator && (at_edge || name[i + 1] == '/')) {
      return failure(at + i, "repository name components start and end with a-z or 0-9");
    }
  }
  return std::nullopt;
}

// REPO[:TAG][@DIGEST] of an ECR reference starting at byte `at` of the whole text.
ReferenceParse parse_repository_part(std::string_view rest, std::size_t at, bool default_latest,
                                     ProtectReference result) {
  std::string_view name = rest;
  const std::size_t at_sign = rest.find('@');
  if (at_sign != std::string_view::npos) {
    name = rest.substr(0, at_sign);
    result.digest = Digest::parse(rest.substr(at_sign + 1));
    if (!result.digest) {
      return failure(at + at_sign + 1,
                     "expected sha256: followed by 64 lower-case hex digits after '@'");
    }
  }
  const std::size_t colon = name.find(':');
  const std::string_view repository = name.substr(0, colon);
  if (colon != std::string_view::npos) {
    const std::string_view tag = name.substr(colon + 1);
    const std::size_t tag_at = at + colon + 1;
    if (tag.empty()) {
      return failure(tag_at, "expected a tag after ':'");
    }
    for (std::size_t i = 0; i < tag.size(); ++i) {
      if (!is_tag_char(tag[i])) {
        return failure(tag_at + i, "unexpected character '" + std::string(1, tag[i]) +
                                       "' in tag (expected A-Z, a-z, 0-9, _ . or -)");
      }
    }
    if (tag.size() > k_ecr_max_tag_length) {
      return failure(tag_at, "tag longer than 300 characters");
    }
    if (!result.digest) {
      result.tag = std::string(tag);
    }
  } else if (!result.digest) {
    if (!default_latest) {
      return failure(at + name.size(), "expected REPO:TAG, REPO@sha256:DIGEST or an ECR image URI");
    }
    result.tag = "latest";  // what a container runtime pulls for an image without a tag
  }
  if (auto bad = check_repository(repository, at)) {
    return std::move(*bad);
  }
  result.repository = std::string(repository);
  ReferenceParse parse;
  parse.reference = std::move(result);
  return parse;
}

}  // namespace

std::optional<EcrHostPrefix> split_ecr_host(std::string_view text) {
  const std::string_view rest = without_runtime_scheme(text);
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  auto host = ecr_host(rest.substr(0, slash));
  if (!host) {
    return std::nullopt;
  }
  return EcrHostPrefix{std::move(host->first), std::move(host->second), rest.substr(slash + 1)};
}

ReferenceParse parse_image_reference(std::string_view text, BareReference bare) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_blank(text[i])) {
      return failure(i, "unexpected blank inside an image reference");
    }
  }
  if (text.empty()) {
    return failure(0, "expected an image reference, got an empty string");
  }
  const std::string_view rest = without_runtime_scheme(text);
  std::size_t at = text.size() - rest.size();
  const std::size_t slash = rest.find('/');
  const std::string_view first = rest.substr(0, slash);
  ProtectReference result;
  if (slash != std::string_view::npos && looks_like_ecr_host(first)) {
    auto host = ecr_host(first);
    if (!host) {
      return failure(at, "expected an ECR registry host ACCOUNT.dkr.ecr.REGION.amazonaws.com");
    }
    result.registry_id = std::move(host->first);
    result.region = std::move(host->second);
    at += slash + 1;
    return parse_repository_part(rest.substr(slash + 1), at, bare == BareReference::other_registry,
                                 std::move(result));
  }
  if (bare == BareReference::other_registry) {
    ReferenceParse parse;
    parse.other_host = slash != std::string_view::npos && looks_like_host(first)
                           ? std::string(first)
                           : std::string("docker.io");
    return parse;
  }
  return parse_repository_part(rest, at, false, std::move(result));
}

}  // namespace ecrlc::detail
