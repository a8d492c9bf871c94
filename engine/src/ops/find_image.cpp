// explain's IMAGE argument: digests, tags, REPOSITORY@DIGEST and image URIs to images.
#include "ecrlc/find_image.hpp"

#include <algorithm>
#include <string>

#include "ops/protect_reference.hpp"

namespace ecrlc {
namespace {

bool is_hex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

// What the words name: a repository (empty: any), an account (empty: any), and a tag or a
// digest prefix.
struct ImageQuery {
  std::string_view repository;
  std::string_view registry_id;
  std::string_view tag;
  std::string_view digest_hex;  // set instead of tag
  bool tag_or_digest = false;   // a bare word: a tag, else a digest prefix
};

bool admits(const ImageQuery& query, const Repository& repository, std::string_view only) {
  if (!only.empty() && repository.name != only) {
    return false;
  }
  if (!query.repository.empty() && repository.name != query.repository) {
    return false;
  }
  return query.registry_id.empty() || repository.registry_id.empty() ||
         repository.registry_id == query.registry_id;
}

void add_matches(const Inventory& inventory, const ImageQuery& query, bool by_digest,
                 std::string_view only, std::vector<ImageRef>& found) {
  for (const Repository& repository : inventory.repositories) {
    if (!admits(query, repository, only)) {
      continue;
    }
    for (std::uint32_t i = 0; i < repository.images.size(); ++i) {
      const ImageRecord& record = repository.images[i];
      const bool match =
          by_digest
              ? std::string_view(record.digest.to_string()).substr(7).starts_with(query.digest_hex)
              : std::find(record.tags.begin(), record.tags.end(), query.tag) != record.tags.end();
      if (match) {
        found.push_back({&repository, i});
      }
    }
  }
}

// `NAME[:TAG]@sha256:HEX`, `NAME:TAG`, `sha256:HEX` or a bare word.
ImageQuery parse_query(std::string_view words, bool uri) {
  ImageQuery query;
  if (const std::size_t at = words.find('@'); at != std::string_view::npos) {
    std::string_view name = words.substr(0, at);
    // `NAME:TAG@DIGEST` names the digest, as Docker pulls it.
    if (const std::size_t colon = name.find(':'); colon != std::string_view::npos) {
      name = name.substr(0, colon);
    }
    query.repository = name;
    std::string_view digest = words.substr(at + 1);
    query.digest_hex = digest.starts_with("sha256:") ? digest.substr(7) : digest;
    return query;
  }
  if (words.starts_with("sha256:")) {
    query.digest_hex = words.substr(7);
    return query;
  }
  if (const std::size_t colon = words.rfind(':'); colon != std::string_view::npos) {
    query.repository = words.substr(0, colon);
    query.tag = words.substr(colon + 1);
    return query;
  }
  if (uri) {
    query.repository = words;
    query.tag = "latest";
    return query;
  }
  query.tag = words;
  query.tag_or_digest = true;
  return query;
}

}  // namespace

std::vector<ImageRef> find_images(const Inventory& inventory, std::string_view image,
                                  std::string_view repository) {
  const std::optional<detail::EcrHostPrefix> host = detail::split_ecr_host(image);
  ImageQuery query = parse_query(host ? host->rest : image, host.has_value());
  if (host) {
    query.registry_id = host->registry_id;
  }
  std::vector<ImageRef> found;
  if (!query.digest_hex.empty() || query.tag.empty()) {
    if (is_hex(query.digest_hex)) {
      add_matches(inventory, query, true, repository, found);
    }
    return found;
  }
  add_matches(inventory, query, false, repository, found);
  if (found.empty() && query.tag_or_digest && is_hex(query.tag)) {
    query.digest_hex = query.tag;
    add_matches(inventory, query, true, repository, found);
  }
  return found;
}

}  // namespace ecrlc
