// Protect files: images a cleanup run must never touch, whatever the policy says
// (`plan --protect FILE`, docs/operations.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/diagnostic.hpp"
#include "ecrlc/inventory.hpp"

namespace ecrlc {

// One reference of a protect file: `REPO:TAG`, `REPO@sha256:...`, `REPO:TAG@sha256:...`
// (the digest decides), or the same after an ECR registry host
// (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG`).
struct ProtectReference {
  std::string text;         // the reference as written (trimmed)
  std::string registry_id;  // the ACCOUNT of an image URI; empty otherwise
  std::string repository;
  std::optional<std::string> tag;  // set when there is no digest
  std::optional<Digest> digest;
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, of the reference's first byte
};

// Parses a protect file: one reference per line; blank lines, `#` comment lines and trailing
// ` # comments` are ignored. Every malformed line gives an error diagnostic (code E0801) with
// its line and column; the references of the well-formed lines are returned either way.
struct ProtectList {
  std::vector<ProtectReference> references;
  Diagnostics diagnostics;
};
ProtectList parse_protect_file(std::string_view text);

// How an image came to be protected.
enum class ProtectionKind {
  direct,          // a reference of the protect file names it
  child_of_index,  // a child manifest of a protected image index
  referrer,        // a referrer of a protected subject
  subject,         // the subject of a protected referrer (ECR removes referrers with it)
};

std::string_view to_json(ProtectionKind kind);  // "direct", "child_of_index", ...

struct Protection {
  ProtectionKind kind = ProtectionKind::direct;
  std::size_t reference = 0;  // direct: index in ProtectList::references
  std::uint32_t via = 0;      // other kinds: image (in the repository) it was derived from
};

// The protected images of one repository: `protections[i]` is set for each protected
// Repository::images[i].
struct RepositoryProtection {
  std::vector<std::optional<Protection>> protections;
  std::size_t count = 0;
};

// Resolution of a protect list against an inventory. A reference protects the image of its
// repository with that digest or tag, in every registry that holds the repository (only in
// its own registry when the reference names one: repositories that name no registry match
// any). A tag the snapshot lists on several images protects all of them. Then, to a fixed
// point: the children of a protected index, the referrers of a protected subject and the
// subject of a protected referrer are protected. Protecting a child does not protect its
// index (deleting an index leaves its children).
struct ResolvedProtection {
  std::vector<RepositoryProtection> repositories;  // parallel to Inventory::repositories
  std::vector<std::size_t> unmatched;              // indexes of references matching nothing
  // Indexes of references that name a registry the inventory does not hold (every one of
  // its repositories names its registry): about another registry, so ignored, not unmatched.
  std::vector<std::size_t> foreign;
  Diagnostics diagnostics;  // a warning (W0801) at each reference matching nothing
};
ResolvedProtection resolve_protection(const ProtectList& list, const Inventory& inventory);

}  // namespace ecrlc
