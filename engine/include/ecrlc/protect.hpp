// Protect files: images a cleanup run must never touch, whatever the policy says
// (`--protect FILE` of preview, explain, diff and plan; docs/operations.md): a file of lines
// written by hand, or what Kubernetes, ECS and Lambda print about what is running.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ecrlc/diagnostic.hpp"
#include "ecrlc/inventory.hpp"

namespace ecrlc {

// One reference of a protect file: `REPO:TAG`, `REPO@sha256:...`, `REPO:TAG@sha256:...`
// (the digest decides), or the same after an ECR registry host in any of its forms
// (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG`, `.amazonaws.com.cn`, `dkr.ecr-fips`,
// dual-stack `ACCOUNT.dkr-ecr.REGION.on.aws`), optionally after `docker-pullable://` or
// `docker://`.
struct ProtectReference {
  std::string text;         // the reference as written (trimmed)
  std::string registry_id;  // the ACCOUNT of an image URI; empty otherwise
  std::string region;       // the REGION of an image URI; empty otherwise
  std::string repository;
  std::optional<std::string> tag;  // set when there is no digest
  std::optional<Digest> digest;
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, of the reference's first byte
  // What uses the image, for people: "pod payments/api-7d9f container api", "ECS task ARN
  // container web", "Lambda function resize"; empty for the line format (its place says it).
  std::string source;
  std::string pointer;   // RFC 6901 pointer of the value in a JSON input; empty for lines
  std::size_t file = 0;  // index in ProtectList::files once lists are merged
};

// The shapes a protect file is recognised by (by content, never by name).
enum class ProtectFormat {
  lines,                // the line format above
  kubernetes,           // kubectl get pods / workloads -o json (a List or one object)
  ecs_tasks,            // aws ecs describe-tasks
  ecs_task_definition,  // aws ecs describe-task-definition
  lambda_function,      // aws lambda get-function
  array,                // a JSON array of ECS or Lambda outputs (or Kubernetes objects)
};

std::string_view to_json(ProtectFormat format);  // "lines", "kubernetes", ...

// Parses a protect file, recognised by its content. The line format: one reference per line;
// blank lines, `#` comment lines and trailing ` # comments` are ignored, every malformed line
// gives an error (E0801) at its line and column. JSON (the first byte after blanks is `{` or
// `[`): the outputs of ProtectFormat, read for their image references (spec images, status
// imageIDs and ECS imageDigests, Lambda image URIs), each keeping what uses it; an unusable
// value gives an error (E0803) at its JSON pointer, line and column; a JSON text of no known
// shape is one error (E0802): an unknown format never protects nothing silently. A file
// naming no image at all gives a warning (W0802). References to other registries (Docker
// Hub, GHCR, ...) in JSON inputs are counted, not returned. The references of the well-formed
// parts are returned either way.
struct ProtectList {
  std::vector<ProtectReference> references;
  Diagnostics diagnostics;
  ProtectFormat format = ProtectFormat::lines;
  std::size_t other_registry = 0;             // references to registries other than ECR
  std::vector<std::string> other_registries;  // their distinct hosts, sorted
  std::vector<std::string> files;             // names of the merged files (merge_protect_lists)
};
ProtectList parse_protect_file(std::string_view text);

// One parsed file and its name, as given on the command line.
struct NamedProtectList {
  std::string file;
  ProtectList list;
};

// The references of several files as one list (each reference's `file` set, `files` the
// names in order, the other-registry counts added up); diagnostics stay with their files.
ProtectList merge_protect_lists(std::vector<NamedProtectList> lists);

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
  // Every (image, reference) pair of a reference protecting an image directly, sorted: an
  // image used by many pods lists all of them (`protections` keeps the first).
  std::vector<std::pair<std::uint32_t, std::size_t>> users;
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

// Why one image is protected: how, and the references behind it: those naming it directly,
// or, for an image protected through another (child, referrer, subject), those of the image
// the chain started from. nullopt when the image is not protected.
struct ImageProtection {
  Protection protection;
  std::vector<std::size_t> references;  // indexes in ProtectList::references, ascending
};
std::optional<ImageProtection> image_protection(const ResolvedProtection& resolved,
                                                std::size_t repository, std::uint32_t image);

}  // namespace ecrlc
