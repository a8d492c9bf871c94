// Duplicates and tag ownership (semantics.md section 2): the record read last wins, a tag stays
// on the image pushed last. Both are guesses about a snapshot that disagrees with itself, so
// every image involved is also marked ambiguous, and plans hold it back (docs/inventory.md).
#include "inventory/merge.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace ecrlc::detail {
namespace {

std::string location_text(const std::vector<std::string>& files, const Loc& loc) {
  return files[loc.file] + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

bool same_record(const ImageRecord& a, const ImageRecord& b) {
  return a.digest == b.digest && std::ranges::equal(a.tags, b.tags) && a.pushed_at == b.pushed_at &&
         a.last_pulled == b.last_pulled && a.last_archived == b.last_archived &&
         a.last_activated == b.last_activated && a.size_bytes == b.size_bytes &&
         a.status == b.status && a.subject == b.subject &&
         std::ranges::equal(a.children, b.children) && a.children_listed == b.children_listed &&
         a.manifest_media_type == b.manifest_media_type &&
         a.artifact_media_type == b.artifact_media_type;
}

// Moves the ambiguities found (by the digest of their image) to the finished repository's
// image indexes and sets each image's flag.
void mark_ambiguous(Repository& repo, const std::vector<std::pair<Digest, Ambiguity>>& found) {
  for (const auto& [digest, ambiguity] : found) {
    Ambiguity a = ambiguity;
    a.image = *repo.find_image(digest);
    repo.ambiguities.push_back(a);
  }
  std::sort(repo.ambiguities.begin(), repo.ambiguities.end(),
            [](const Ambiguity& a, const Ambiguity& b) {
              return std::tie(a.image, a.kind, a.tag) < std::tie(b.image, b.kind, b.tag);
            });
  repo.ambiguities.erase(std::unique(repo.ambiguities.begin(), repo.ambiguities.end()),
                         repo.ambiguities.end());
  for (const Ambiguity& a : repo.ambiguities) {
    repo.images[a.image].ambiguous = true;
  }
}

// Rearranges `items` so that items[i] becomes the old items[from[i]] (`from` a permutation),
// in place: one move per item along the permutation's cycles.
void permute_in_place(std::vector<ImageRecord>& items, const std::vector<std::uint32_t>& from) {
  std::vector<bool> placed(items.size(), false);
  for (std::size_t start = 0; start < items.size(); ++start) {
    if (placed[start] || from[start] == start) {
      continue;
    }
    ImageRecord first = items[start];
    std::size_t at = start;
    for (;;) {
      placed[at] = true;
      const std::size_t source = from[at];
      if (source == start) {
        items[at] = first;
        break;
      }
      items[at] = items[source];
      at = source;
    }
  }
}

// ECR never expires a child while its index lives, but an index read without
// childImageDigests (describe-images alone never lists them) hides which untagged images are
// its children: every untagged image may be one, so all of them are held back, and one
// warning per repository says how to get the children. Returns the first such index.
std::optional<std::uint32_t> hold_unknown_children(Repository& repo) {
  std::optional<std::uint32_t> first;
  for (std::uint32_t i = 0; i < repo.images.size() && !first; ++i) {
    const ImageRecord& image = repo.images[i];
    if (!image.children_listed && is_image_index_media_type(image.manifest_media_type)) {
      first = i;
    }
  }
  if (first) {
    for (std::uint32_t i = 0; i < repo.images.size(); ++i) {
      if (!repo.images[i].is_tagged()) {
        repo.ambiguities.push_back({i, AmbiguityKind::index_children_unknown, {}});
      }
    }
  }
  return first;
}

bool read_before(const Loc& a, const Loc& b) {
  return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
}

}  // namespace

void join_accumulator(RepositoryAccumulator& into, RepositoryAccumulator& from) {
  std::vector<ImageRecord> a = std::move(into.images);
  std::vector<Loc> a_locs = std::move(into.locations);
  std::vector<ImageRecord> b = std::move(from.images);
  std::vector<Loc> b_locs = std::move(from.locations);
  into.images.clear();
  into.locations.clear();
  into.images.reserve(a.size() + b.size());
  into.locations.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const bool take_a = j == b.size() || (i < a.size() && read_before(a_locs[i], b_locs[j]));
    if (take_a) {
      into.images.push_back(a[i]);
      into.locations.push_back(a_locs[i++]);
    } else {
      into.images.push_back(b[j]);
      into.locations.push_back(b_locs[j++]);
    }
  }
}

std::string with_thousands(std::size_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) {
      out.push_back(',');
    }
    out.push_back(digits[i]);
  }
  return out;
}

Repository finish_repository(RepositoryAccumulator& acc, const std::vector<std::string>& files,
                             const ReaderLimits& limits, Arena& arena, KeptWarnings& pending) {
  // The records are sorted in place and become the repository's images without a copy.
  std::vector<ImageRecord> records = std::move(acc.images);
  std::vector<Loc> locs = std::move(acc.locations);
  Repository repo;
  repo.name = std::move(acc.name);
  repo.registry_id = std::move(acc.registry_id);
  if (records.empty()) {
    return repo;
  }
  auto images = [&records](std::uint32_t i) -> ImageRecord& { return records[i]; };
  const std::string quoted_repo = "repository \"" + repo.name + "\": ";
  // (record index, ambiguity) of the images the snapshot disagrees about: rare, so a
  // vector that stays empty (and unallocated) for consistent snapshots.
  std::vector<std::pair<std::uint32_t, Ambiguity>> ambiguous;

  // Sort by digest; equal digests stay in read order, so the last of a run was read last.
  // The first 8 digest bytes (big-endian, so integer order is byte order) decide almost
  // every comparison without touching the records.
  struct Key {
    std::uint64_t prefix;
    std::uint32_t index;
  };
  std::vector<Key> keys(records.size());
  for (std::uint32_t i = 0; i < keys.size(); ++i) {
    std::uint64_t prefix = 0;
    for (std::size_t b = 0; b < 8; ++b) {
      prefix = (prefix << 8) | records[i].digest.bytes[b];
    }
    keys[i] = {prefix, i};
  }
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) {
      return a.prefix < b.prefix;
    }
    int c =
        std::memcmp(images(a.index).digest.bytes.data(), images(b.index).digest.bytes.data(), 32);
    return c != 0 ? c < 0 : a.index < b.index;
  });
  std::vector<std::uint32_t> kept;
  kept.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i;
    while (j + 1 < keys.size() && keys[j + 1].prefix == keys[i].prefix &&
           images(keys[j + 1].index).digest == images(keys[i].index).digest) {
      ++j;
    }
    std::uint32_t last = keys[j].index;
    bool conflicting = false;
    for (std::size_t k = i; k < j; ++k) {
      if (!same_record(images(keys[k].index), images(last))) {
        conflicting = true;
        pending.add(locs[last], [&] {
          return quoted_repo + "image " + images(last).digest.to_string() +
                 " is listed again with different data (also at " +
                 location_text(files, locs[keys[k].index]) + "); the record read last is kept";
        });
      }
    }
    if (conflicting) {
      ambiguous.push_back({last, {0, AmbiguityKind::conflicting_records, {}}});
    }
    kept.push_back(last);
    i = j + 1;
  }
  std::vector<Key>().swap(keys);

  // A tag names one image: it stays on the most recently pushed image (tie: smaller
  // digest), as ECR would have it after the later push moved the tag. Shared tags are rare:
  // sorted hashes tell whether there are any before the sort that resolves them.
  // The kept records in read order: walking the chunks in order touches memory sequentially,
  // where digest order would miss the cache on every record.
  std::vector<std::uint32_t> kept_in_read_order;
  if (kept.size() == records.size()) {
    kept_in_read_order.resize(kept.size());
    std::iota(kept_in_read_order.begin(), kept_in_read_order.end(), 0U);
  } else {
    kept_in_read_order = kept;
    std::sort(kept_in_read_order.begin(), kept_in_read_order.end());
  }
  if (kept.size() > limits.warn_images_per_repository) {
    pending.add(locs[kept_in_read_order[limits.warn_images_per_repository]], [&] {
      return quoted_repo + std::to_string(kept.size()) + " images, more than ECR's quota of " +
             with_thousands(limits.warn_images_per_repository) + " per repository";
    });
  }
  std::size_t tag_count = 0;
  for (std::uint32_t k : kept_in_read_order) {
    tag_count += images(k).tags.size();
  }
  // Equal hashes are a necessary condition for a shared tag; a collision only costs the
  // exact resolution below, which then finds nothing to do.
  bool shared = false;
  {
    std::vector<std::size_t> hashes;
    hashes.reserve(tag_count);
    for (std::uint32_t k : kept_in_read_order) {
      for (std::string_view tag : images(k).tags) {
        hashes.push_back(std::hash<std::string_view>{}(tag));
      }
    }
    std::sort(hashes.begin(), hashes.end());
    shared = std::adjacent_find(hashes.begin(), hashes.end()) != hashes.end();
  }
  if (shared) {
    std::vector<std::pair<std::string_view, std::uint32_t>> tag_owners;
    tag_owners.reserve(tag_count);
    for (std::uint32_t k : kept) {
      for (std::string_view tag : images(k).tags) {
        tag_owners.emplace_back(tag, k);
      }
    }
    auto newer = [&](std::uint32_t a, std::uint32_t b) {
      if (images(a).pushed_at != images(b).pushed_at) {
        return images(a).pushed_at > images(b).pushed_at;
      }
      return images(a).digest < images(b).digest;
    };
    std::sort(tag_owners.begin(), tag_owners.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) {
        return a.first < b.first;
      }
      return a.second != b.second && newer(a.second, b.second);
    });
    std::unordered_map<std::uint32_t, std::vector<std::string_view>> removed;
    for (std::size_t i = 0; i < tag_owners.size();) {
      std::size_t j = i + 1;
      while (j < tag_owners.size() && tag_owners[j].first == tag_owners[i].first) {
        ++j;
      }
      std::uint32_t winner = tag_owners[i].second;
      bool moved = false;
      for (std::size_t k = i + 1; k < j; ++k) {
        std::uint32_t loser = tag_owners[k].second;
        if (loser == winner) {
          continue;  // the same tag listed twice on one image
        }
        if (!moved) {
          moved = true;
          ambiguous.push_back(
              {winner, {0, AmbiguityKind::tag_on_several_images, tag_owners[i].first}});
        }
        ambiguous.push_back(
            {loser, {0, AmbiguityKind::tag_on_several_images, tag_owners[i].first}});
        removed[loser].push_back(tag_owners[i].first);
        pending.add(locs[loser], [&] {
          return quoted_repo + "tag \"" + std::string(tag_owners[i].first) +
                 "\" is on several images; kept on " + images(winner).digest.to_string() +
                 " (pushed last), removed from " + images(loser).digest.to_string();
        });
      }
      i = j;
    }
    for (auto& [index, tags] : removed) {
      ImageRecord& r = images(index);
      std::vector<std::string_view> left;
      for (std::string_view t : r.tags) {
        if (std::find(tags.begin(), tags.end(), t) == tags.end()) {
          left.push_back(t);
        }
      }
      std::span<std::string_view> views = arena.allocate_views(left.size());
      std::copy(left.begin(), left.end(), views.begin());
      r.tags = views;
    }
  }

  // The ambiguities by digest: record indexes mean nothing once the records are sorted.
  std::vector<std::pair<Digest, Ambiguity>> found;
  found.reserve(ambiguous.size());
  for (const auto& [record, ambiguity] : ambiguous) {
    found.emplace_back(images(record).digest, ambiguity);
  }
  if (kept.size() == records.size()) {
    permute_in_place(records, kept);
    repo.images = std::move(records);
  } else {
    // Duplicates were dropped (rare): gather the kept records in digest order.
    repo.images.reserve(kept.size());
    for (std::uint32_t k : kept) {
      repo.images.push_back(records[k]);
    }
  }
  if (acc.registry_unknown) {
    for (std::uint32_t i = 0; i < repo.images.size(); ++i) {
      repo.ambiguities.push_back({i, AmbiguityKind::registry_unknown, {}});
    }
  }
  const std::optional<std::uint32_t> unknown_children = hold_unknown_children(repo);
  if (unknown_children) {
    pending.add(locs[kept[*unknown_children]], [&] {
      return quoted_repo + "image index " + repo.images[*unknown_children].digest.to_string() +
             " has no childImageDigests, so its children are unknown: plan holds back every "
             "untagged image of the repository (take the inventory with `ecr-lifecycle "
             "snapshot`, which lists the children)";
    });
  }
  if (!ambiguous.empty() || acc.registry_unknown || unknown_children) {
    mark_ambiguous(repo, found);
  }
  return repo;
}

}  // namespace ecrlc::detail
