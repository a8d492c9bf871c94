// Protect files: the resolution of their references against an inventory (the formats are
// read by protect_file.cpp and the readers it calls).
#include "ecrlc/protect.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <utility>

#include "base/enum_names.hpp"

namespace ecrlc {

std::string_view to_json(ProtectionKind kind) {
  static constexpr std::array<std::string_view, 4> k_names{"direct", "child_of_index", "referrer",
                                                           "subject"};
  return detail::enum_name(kind, k_names);
}

namespace {

constexpr std::string_view k_unmatched_code = "W0801";

// Spreads protection along index -> child, subject -> referrer and referrer -> subject edges.
void close_protection(const Repository& repository, RepositoryProtection& protection) {
  const auto& images = repository.images;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> referrers;  // (subject, referrer)
  for (std::uint32_t r = 0; r < images.size(); ++r) {
    if (images[r].subject) {
      if (const auto s = repository.find_image(*images[r].subject)) {
        referrers.emplace_back(*s, r);
      }
    }
  }
  std::sort(referrers.begin(), referrers.end());
  std::deque<std::uint32_t> work;
  for (std::uint32_t i = 0; i < images.size(); ++i) {
    if (protection.protections[i]) {
      work.push_back(i);
    }
  }
  auto protect = [&](std::uint32_t image, ProtectionKind kind, std::uint32_t via) {
    if (!protection.protections[image]) {
      protection.protections[image] = Protection{kind, 0, via};
      ++protection.count;
      work.push_back(image);
    }
  };
  while (!work.empty()) {
    const std::uint32_t p = work.front();
    work.pop_front();
    for (const Digest& child : images[p].children) {
      if (const auto c = repository.find_image(child)) {
        protect(*c, ProtectionKind::child_of_index, p);
      }
    }
    auto it = std::lower_bound(referrers.begin(), referrers.end(),
                               std::pair<std::uint32_t, std::uint32_t>{p, 0});
    for (; it != referrers.end() && it->first == p; ++it) {
      protect(it->second, ProtectionKind::referrer, p);
    }
    if (images[p].subject) {
      if (const auto s = repository.find_image(*images[p].subject)) {
        protect(*s, ProtectionKind::subject, p);
      }
    }
  }
}

}  // namespace

ResolvedProtection resolve_protection(const ProtectList& list, const Inventory& inventory) {
  ResolvedProtection result;
  result.repositories.resize(inventory.repositories.size());
  for (std::size_t r = 0; r < inventory.repositories.size(); ++r) {
    result.repositories[r].protections.resize(inventory.repositories[r].images.size());
  }
  // A reference to another registry is about another snapshot: it can only be told when
  // every repository names its registry.
  const std::vector<std::string_view> registries = inventory.registries();
  const bool registries_known =
      !registries.empty() &&
      std::all_of(inventory.repositories.begin(), inventory.repositories.end(),
                  [](const Repository& r) { return !r.registry_id.empty(); });
  for (std::size_t k = 0; k < list.references.size(); ++k) {
    const ProtectReference& reference = list.references[k];
    if (!reference.registry_id.empty() && registries_known &&
        !std::binary_search(registries.begin(), registries.end(),
                            std::string_view(reference.registry_id))) {
      result.foreign.push_back(k);
      continue;
    }
    bool matched = false;
    for (const Repository& repository : inventory.find_all(reference.repository)) {
      if (!reference.registry_id.empty() && !repository.registry_id.empty() &&
          reference.registry_id != repository.registry_id) {
        continue;
      }
      std::vector<std::uint32_t> images;
      if (reference.digest) {
        if (const auto image = repository.find_image(*reference.digest)) {
          images.push_back(*image);
        }
      } else {
        images = repository.images_with_tag(*reference.tag);
      }
      auto& protection =
          result
              .repositories[static_cast<std::size_t>(&repository - inventory.repositories.data())];
      for (const std::uint32_t image : images) {
        matched = true;
        protection.users.emplace_back(image, k);
        if (!protection.protections[image]) {
          protection.protections[image] = Protection{ProtectionKind::direct, k, 0};
          ++protection.count;
        }
      }
    }
    if (!matched) {
      result.unmatched.push_back(k);
      result.diagnostics.warning(
          std::string(k_unmatched_code), "", reference.line, reference.column,
          reference.text + " matches no image of the inventory" +
              (reference.source.empty() ? "" : " (" + reference.source + ")"));
    }
  }
  for (std::size_t r = 0; r < inventory.repositories.size(); ++r) {
    std::sort(result.repositories[r].users.begin(), result.repositories[r].users.end());
    if (result.repositories[r].count > 0) {
      close_protection(inventory.repositories[r], result.repositories[r]);
    }
  }
  return result;
}

std::optional<ImageProtection> image_protection(const ResolvedProtection& resolved,
                                                std::size_t repository, std::uint32_t image) {
  if (repository >= resolved.repositories.size()) {
    return std::nullopt;
  }
  const RepositoryProtection& protection = resolved.repositories[repository];
  if (image >= protection.protections.size() || !protection.protections[image]) {
    return std::nullopt;
  }
  ImageProtection result{*protection.protections[image], {}};
  // Follow the chain to the image a reference named; `via` always points at an image
  // protected earlier, so the walk ends.
  std::uint32_t origin = image;
  for (std::size_t steps = 0; steps <= protection.protections.size(); ++steps) {
    const Protection& p = *protection.protections[origin];
    if (p.kind == ProtectionKind::direct) {
      break;
    }
    origin = p.via;
  }
  auto it = std::lower_bound(protection.users.begin(), protection.users.end(),
                             std::pair<std::uint32_t, std::size_t>{origin, 0});
  for (; it != protection.users.end() && it->first == origin; ++it) {
    result.references.push_back(it->second);
  }
  return result;
}

}  // namespace ecrlc
