// What an InventoryBuilder holds between inputs: the records in read order (in a few streams,
// each repository's in one), the files read, the parse contexts and their pool, warnings so
// far.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/chunked_stream.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "inventory/lookup_tables.hpp"
#include "inventory/parse_pool.hpp"

namespace ecrlc::detail {

// Where a record was read: enough to point a warning at it after the input is gone.
struct Loc {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;  // saturates for single lines longer than 4 GB
};

// A record as read, with where it was read and the repository it belongs to.
struct ReadRecord {
  ImageRecord record;
  Loc location;
  std::uint32_t repository = 0;  // index in BuilderState::repositories
};

// The records are appended in read order to one of k_streams streams, chosen by repository, so
// that reading appends to a few sequences instead of one growing vector per repository (a
// random one of 74,000 per record, with its reallocations, in a registry of small
// repositories). finish() places the streams one by one into exact-size vectors per
// repository: a stream's chunks are freed as it is placed, so the records need their own
// size plus about a stream's share more.
inline constexpr std::uint32_t k_streams = 64;

// One repository, (registryId, repositoryName): records without a registryId have their own
// repository here, joined at finish() to the one registry of their name if there is only one.
struct RepositoryAccumulator {
  std::string key;  // registry_id '/' name: the key in BuilderState::repository_ids
  std::string name;
  std::string registry_id;
  bool registry_unknown = false;  // no registryId, and several registries hold the name
  // Filled by finish() from the streams, in read order.
  std::vector<ImageRecord> images;
  std::vector<Loc> locations;  // parallel to images
};

struct BuilderState {
  ReaderOptions options;
  std::vector<std::string> files;
  std::vector<std::unique_ptr<RepositoryAccumulator>> repositories;  // first-seen order
  std::vector<std::uint32_t> image_counts;                           // per repository
  std::array<ChunkedStream<ReadRecord>, k_streams> streams;          // by repository % k_streams
  std::array<std::size_t, k_streams> checkpoints{};  // stream sizes when the current input began
  std::unordered_map<std::string_view, std::uint32_t> repository_ids;  // keys: their `key`s
  PointerPairMap repository_cache;  // (interned registry, interned name) -> repository
  std::vector<std::unique_ptr<ParseContext>> contexts;
  std::vector<Error> warnings;  // the first options.max_warnings, in output order
  // The token of the last describe-images page read (this input or an earlier one), while no
  // page has followed it: a page after it continues the listing; none means pages are missing.
  std::optional<Loc> pending_token;
  std::vector<Error> incomplete_pages;  // the tokens no page followed (finish())
  std::size_t warning_count = 0;        // all of them
  std::string lookup_key;               // repository_id's buffer
  std::unique_ptr<ParsePool> pool;      // declared last: its threads stop before the rest goes

  explicit BuilderState(ReaderOptions o) : options(o) {
    options.threads = std::max(1u, options.threads);
    options.batch_bytes = std::max<std::size_t>(options.batch_bytes, 4096);
    options.chunk_bytes = std::max<std::size_t>(options.chunk_bytes, 4096);
    for (unsigned i = 0; i < options.threads; ++i) {
      contexts.push_back(std::make_unique<ParseContext>());
    }
    pool = std::make_unique<ParsePool>(contexts);
  }

  // The accumulator of (registry, name); registry empty when the record names none.
  std::uint32_t repository_id(std::string_view registry, std::string_view name) {
    // Registry ids are digits, so '/' separates; the buffer is reused: no allocation per call.
    lookup_key.assign(registry);
    lookup_key.push_back('/');
    lookup_key.append(name);
    auto it = repository_ids.find(lookup_key);
    if (it != repository_ids.end()) {
      return it->second;
    }
    auto acc = std::make_unique<RepositoryAccumulator>();
    acc->key = lookup_key;
    acc->name = std::string(name);
    acc->registry_id = std::string(registry);
    auto id = static_cast<std::uint32_t>(repositories.size());
    repository_ids.emplace(acc->key, id);
    repositories.push_back(std::move(acc));
    image_counts.push_back(0);
    return id;
  }

  // The same for views interned by a ParseContext: found by their addresses after the first
  // record (the string lookup above is the slow path).
  std::uint32_t repository_id_interned(std::string_view registry, std::string_view name) {
    std::uint32_t id = repository_cache.find(registry.data(), name.data());
    if (id == PointerPairMap::k_missing) {
      id = repository_id(registry, name);
      repository_cache.insert(registry.data(), name.data(), id);
    }
    return id;
  }
};

}  // namespace ecrlc::detail
