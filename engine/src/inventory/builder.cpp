// InventoryBuilder: inputs read one after another (each rolled back whole on error), then
// finish() finishes the repositories in parallel and sorts the warnings.
#include <simdjson.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <optional>
#include <span>
#include <tuple>

#include "base/parallel.hpp"
#include "ecrlc/byte_source.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/source_map.hpp"
#include "inventory/builder_state.hpp"
#include "inventory/merge.hpp"
#include "inventory/scanner.hpp"

namespace ecrlc {

struct InventoryBuilder::State : detail::BuilderState {
  using BuilderState::BuilderState;
};

InventoryBuilder::InventoryBuilder() : InventoryBuilder(ReaderOptions{}) {}
InventoryBuilder::InventoryBuilder(ReaderOptions options)
    : m_state(std::make_unique<State>(options)) {}
InventoryBuilder::~InventoryBuilder() = default;
InventoryBuilder::InventoryBuilder(InventoryBuilder&&) noexcept = default;
InventoryBuilder& InventoryBuilder::operator=(InventoryBuilder&&) noexcept = default;

namespace {

using detail::BuilderState;
using detail::finish_repository;
using detail::InputReader;
using detail::Loc;
using detail::PendingWarning;
using detail::RepositoryAccumulator;
using detail::with_thousands;

// Starts an input: where its records begin, for rollback on error.
std::uint32_t begin_input(BuilderState& state, std::string_view file_name) {
  for (std::uint32_t k = 0; k < detail::k_streams; ++k) {
    state.checkpoints[k] = state.streams[k].size();
  }
  state.files.emplace_back(file_name);
  return static_cast<std::uint32_t>(state.files.size() - 1);
}

// Discards the records of the input that failed.
void roll_back(BuilderState& state) {
  for (std::uint32_t k = 0; k < detail::k_streams; ++k) {
    state.streams[k].for_each_after(state.checkpoints[k], [&](const detail::ReadRecord& r) {
      --state.image_counts[r.repository];
    });
    state.streams[k].truncate(state.checkpoints[k]);
  }
}

// Returns free heap pages to the system (glibc: also pages inside the heap, not only its top).
void release_free_memory() {
#ifdef __GLIBC__
  ::malloc_trim(0);
#endif
}

// Moves the streams' records into one exact-size vector per repository, in read order, on up
// to `threads` threads (a repository's records are all in one stream). A stream's chunks are
// freed as they are placed, and later vectors reuse that memory. A vector of 32 MiB or more
// cannot: malloc maps it apart (io/memory_tuning.cpp), so while one is written the free pages
// go back to the system every 16 MiB placed, and the vector and its shrinking stream stay
// near the records' own size (1M images of one repository: 300 MB peak, not 460 MB). Without
// such a vector, trimming only costs page faults when the memory is reused (5% more CPU time
// on 74,000 repositories).
void place_records(BuilderState& state) {
  constexpr std::size_t k_apart_bytes = std::size_t{32} << 20;
  constexpr std::size_t k_trim_every = std::size_t{16} << 20;
  constexpr std::size_t k_count_every = std::size_t{1} << 20;  // bytes between shared counts
  const bool trim =
      std::any_of(state.image_counts.begin(), state.image_counts.end(), [&](std::uint32_t count) {
        return std::size_t{count} * sizeof(ImageRecord) >= k_apart_bytes;
      });
  std::atomic<std::size_t> placed_bytes{0};
  detail::parallel_for(detail::k_streams, state.options.threads, [&](std::size_t k) {
    std::size_t uncounted = 0;
    state.streams[k].consume([&](detail::ReadRecord& r) {
      RepositoryAccumulator& acc = *state.repositories[r.repository];
      if (acc.images.capacity() == 0) {
        acc.images.reserve(state.image_counts[r.repository]);
        acc.locations.reserve(state.image_counts[r.repository]);
      }
      acc.images.push_back(r.record);
      acc.locations.push_back(r.location);
      uncounted += sizeof(detail::ReadRecord);
      if (trim && uncounted >= k_count_every) {
        const std::size_t before = placed_bytes.fetch_add(uncounted);
        if ((before + uncounted) / k_trim_every != before / k_trim_every) {
          release_free_memory();
        }
        uncounted = 0;
      }
    });
  });
  if (trim) {
    release_free_memory();
  }
}

// Bytes of a line that an excerpt may need around its column (excerpt_line in source_map.hpp:
// all of a line of up to 120 bytes, 64 before and 124 after the column of a longer one): the
// streaming buffer keeps this many before the scanner's position, and an error reads ahead up
// to this many after it.
constexpr std::size_t k_excerpt_before = 128;
constexpr std::size_t k_excerpt_after = 124;

// The source line of `error` (at absolute `offset`), from `window` (the input from `base`)
// and, when the line goes on past the window, from the next bytes of `source`.
std::optional<SourceExcerpt> excerpt_at(const Error& error, std::uint64_t offset,
                                        std::string_view window, std::uint64_t base, bool eof,
                                        ByteSource& source) {
  if (error.line == 0 || error.column == 0 || offset < base) {
    return std::nullopt;
  }
  const std::uint64_t line_start = offset - std::min<std::uint64_t>(offset, error.column - 1);
  const std::uint64_t from =
      std::max({base, line_start, offset - std::min<std::uint64_t>(offset, k_excerpt_before)});
  std::string_view have = window.substr(static_cast<std::size_t>(from - base));
  const auto caret = static_cast<std::size_t>(offset - from);
  std::size_t end = have.find('\n', std::min(caret, have.size()));
  bool input_ends = eof;
  std::string more;
  // One byte past what an excerpt shows: whether the line ends right there decides whether
  // the excerpt is cut ("..."), as it does when the whole line is in memory.
  const std::size_t wanted = caret + k_excerpt_after + 1;
  if (end == std::string_view::npos && !eof && have.size() < wanted) {
    // The rest of the line is not read yet: read on (a failure only shortens the excerpt).
    more.assign(have);
    std::array<char, 256> chunk{};
    while (more.find('\n', caret) == std::string::npos && more.size() < wanted) {
      Result<std::size_t> n = source.read(chunk);
      if (!n || *n == 0) {
        input_ends = true;
        break;
      }
      more.append(chunk.data(), *n);
    }
    have = more;
    end = have.find('\n', std::min(caret, have.size()));
  }
  std::string_view fragment;
  std::size_t line_length = 0;  // counted from `from`
  if (end != std::string_view::npos || input_ends) {
    std::string_view line = have.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    line_length = line.size();
    fragment = line.substr(0, std::min(line.size(), caret + k_excerpt_after));
  } else {
    // The line goes on beyond what was read: any longer length gives the same window.
    fragment = have.substr(0, std::min(have.size(), caret + k_excerpt_after));
    line_length = fragment.size() + 1;
  }
  const auto fragment_start = static_cast<std::size_t>(from - line_start);
  return excerpt_line(fragment, fragment_start, fragment_start + line_length, error.column);
}

// Records without a registryId (sorted first among the accumulators of their name) belong to
// the one registry of their name when there is one; when several registries hold the name,
// which one they belong to is unknown, and they stay apart, ambiguous.
void resolve_missing_registries(BuilderState& state, const std::vector<std::uint32_t>& order) {
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() &&
           state.repositories[order[j]]->name == state.repositories[order[i]]->name) {
      ++j;
    }
    RepositoryAccumulator& first = *state.repositories[order[i]];
    if (first.registry_id.empty() && j - i == 2) {
      detail::join_accumulator(*state.repositories[order[i + 1]], first);
    } else if (first.registry_id.empty() && j - i > 2) {
      first.registry_unknown = true;
    }
    i = j;
  }
}

}  // namespace

Result<void> InventoryBuilder::add(std::string_view file_name, std::string_view text) {
  StringSource source(text);
  return add(file_name, source);
}

Result<void> InventoryBuilder::add(std::string_view file_name, ByteSource& source) {
  std::uint32_t file = begin_input(*m_state, file_name);
  auto failed = [&](Error error) -> Result<void> {
    roll_back(*m_state);
    return Unexpected{std::move(error)};
  };
  // Text already in memory is read in place.
  if (std::optional<std::string_view> text = source.in_memory()) {
    InputReader reader(*m_state, file);
    Result<bool> done = reader.process(*text, 0, true, 0);
    if (!done) {
      Error error = done.error();
      error.source = excerpt_at(error, reader.error_offset(), *text, 0, true, source);
      return failed(std::move(error));
    }
    return {};
  }
  constexpr std::size_t k_pad = simdjson::SIMDJSON_PADDING;
  // An input smaller than a chunk gets a buffer of its size: the buffer is zero-filled, and
  // most inventories are far smaller than 16 MiB.
  std::size_t chunk = m_state->options.chunk_bytes;
  if (std::optional<std::uint64_t> size = source.size_hint(); size && *size < chunk) {
    chunk = std::max<std::size_t>(4096, static_cast<std::size_t>(*size) + 1);
  }
  std::vector<char> buffer(chunk + k_pad);
  InputReader reader(*m_state, file);  // after the buffer: its tasks read the buffer
  std::size_t filled = 0;
  std::uint64_t base = 0;
  bool eof = false;
  for (;;) {
    // Fill the buffer (growing it when one element does not fit) unless at end of input.
    if (!eof) {
      if (buffer.size() - k_pad - filled < chunk / 2) {
        buffer.resize(std::max(buffer.size() * 2, filled + chunk + k_pad));
      }
      Result<std::size_t> n =
          source.read(std::span<char>(buffer.data() + filled, buffer.size() - k_pad - filled));
      if (!n) {
        Error error = n.error();
        error.message = std::string(file_name) + ": " + error.message;
        error.file = std::string(file_name);
        return failed(std::move(error));
      }
      eof = *n == 0;
      filled += *n;
    }
    std::string_view window(buffer.data(), filled);
    Result<bool> done = reader.process(window, base, eof, k_pad);
    if (!done) {
      Error error = done.error();
      error.source = excerpt_at(error, reader.error_offset(), window, base, eof, source);
      return failed(std::move(error));
    }
    if (*done) {
      return {};
    }
    // Keep only what is still needed, and the bytes before it that an error's source line
    // may show; count the lines of what goes.
    std::uint64_t keep = reader.keep_from();
    reader.lines().advance(window, base, keep);
    keep = std::max(base, keep - std::min<std::uint64_t>(keep, k_excerpt_before));
    auto drop = static_cast<std::size_t>(keep - base);
    std::memmove(buffer.data(), buffer.data() + drop, filled - drop);
    filled -= drop;
    base = keep;
    // Shrink a buffer that grew for one huge element once it is no longer needed.
    if (buffer.size() > 4 * (chunk + k_pad) && filled < chunk) {
      std::vector<char>(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(filled))
          .swap(buffer);
      buffer.resize(chunk + k_pad);
    }
  }
}

const std::vector<Error>& InventoryBuilder::warnings() const { return m_state->warnings; }

std::size_t InventoryBuilder::warning_count() const { return m_state->warning_count; }

const std::vector<Error>& InventoryBuilder::incomplete_pages() const {
  return m_state->incomplete_pages;
}

Inventory InventoryBuilder::finish() {
  State& state = *m_state;
  Inventory inventory;
  for (auto& ctx : state.contexts) {
    inventory.arena.absorb(std::move(ctx->arena));
  }

  place_records(state);

  // Slot 0: warnings about the whole input; slot i + 1: the repository finished i-th.
  detail::SharedWarnings shared(state.options.max_warnings);
  const std::size_t warn_repositories = state.options.limits.warn_repositories;
  if (state.repositories.size() > warn_repositories) {
    // Located at the first image of the first repository past the quota, in input order.
    const std::vector<Loc>& first = state.repositories[warn_repositories]->locations;
    shared.list().add(first.empty() ? Loc{} : first.front(), [&] {
      return std::to_string(state.repositories.size()) +
             " repositories, more than ECR's quota of " + with_thousands(warn_repositories) +
             " per registry and region";
    });
  }

  std::vector<std::uint32_t> order(state.repositories.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const RepositoryAccumulator& x = *state.repositories[a];
    const RepositoryAccumulator& y = *state.repositories[b];
    return std::tie(x.name, x.registry_id) < std::tie(y.name, y.registry_id);
  });
  resolve_missing_registries(state, order);

  // Repositories are independent: with several threads each takes the next one. Every
  // result lands in the slot of its repository, and the warnings kept are the first by a
  // total order, so the outcome is the same for any number of threads.
  std::vector<Repository> repositories(order.size());
  // Each repository rebuilds the tag lists that lose a tag in an arena of its own: an
  // empty arena allocates nothing, and few repositories have shared tags. The first block is
  // small: with 74,000 small repositories and a few anomalies in each, 64 KiB blocks cost a
  // gigabyte.
  constexpr std::size_t k_repository_arena_block = 256;
  std::vector<Arena> arenas;
  arenas.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    arenas.emplace_back(k_repository_arena_block);
  }
  // Largest first, so that the last jobs are short ones and both threads finish together.
  // Slots stay in name order.
  std::vector<std::uint32_t> by_size(order.size());
  for (std::uint32_t i = 0; i < by_size.size(); ++i) {
    by_size[i] = i;
  }
  std::stable_sort(by_size.begin(), by_size.end(), [&](std::uint32_t a, std::uint32_t b) {
    return state.repositories[order[a]]->images.size() >
           state.repositories[order[b]]->images.size();
  });
  detail::parallel_for(order.size(), state.options.threads, [&](std::size_t k) {
    const std::size_t i = by_size[k];
    detail::KeptWarnings pending(state.options.max_warnings, static_cast<std::uint32_t>(i + 1));
    RepositoryAccumulator& acc = *state.repositories[order[i]];
    repositories[i] = finish_repository(acc, state.files, state.options.limits, arenas[i], pending);
    shared.absorb(std::move(pending));
    state.repositories[order[i]].reset();  // its records are moved: free the rest early
  });
  for (Arena& arena : arenas) {
    inventory.arena.absorb(std::move(arena));
  }
  inventory.repositories.reserve(repositories.size());
  for (Repository& repository : repositories) {
    if (!repository.images.empty()) {
      inventory.repositories.push_back(std::move(repository));
    }
  }

  state.warning_count += shared.list().count();
  for (PendingWarning& w : shared.list().take_sorted()) {
    state.warnings.push_back(
        Error{std::move(w.message), state.files[w.loc.file], w.loc.line, w.loc.column});
  }
  if (state.pending_token) {
    const Loc& loc = *state.pending_token;
    state.incomplete_pages.push_back(
        Error{"a describe-images page ends with nextToken, and no page follows it: the images "
              "of the pages after it are missing (save the AWS CLI's output without "
              "--no-paginate or --max-items, which reads every page, or take the inventory "
              "with ecr-lifecycle snapshot)",
              state.files[loc.file], loc.line, loc.column, std::nullopt,
              detail::k_inventory_page_missing});
  }
  ReaderOptions options = state.options;
  std::vector<Error> warnings = std::move(state.warnings);
  std::vector<Error> incomplete_pages = std::move(state.incomplete_pages);
  const std::size_t warning_count = state.warning_count;
  m_state = std::make_unique<State>(options);
  m_state->warnings = std::move(warnings);
  m_state->warning_count = warning_count;
  m_state->incomplete_pages = std::move(incomplete_pages);
  return inventory;
}

}  // namespace ecrlc
