// Inventory readers: a resumable top-level scanner splits inputs into imageDetail elements,
// simdjson On-Demand parses each element, and finish() groups, deduplicates and sorts.
#include "ecrlc/inventory_reader.hpp"

#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "inventory_element.hpp"
#include "json_scan.hpp"

namespace ecrlc {
namespace {

using detail::ElementError;
using detail::ParseContext;
using detail::Staged;

// Where a record was read: enough to point a warning at it after the input is gone.
struct Loc {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;  // saturates for single lines longer than 4 GB
};

// Growable storage that never copies what it holds when it grows (a std::vector briefly
// needs twice its size), so that ten million records fit in about their own size.
template <typename T>
class ChunkedVector {
 public:
  void push_back(T value) {
    if (m_chunks.empty() || m_chunks.back().size() == m_chunks.back().capacity()) {
      std::size_t cap = m_chunks.empty() ? 2 : std::min<std::size_t>(4096, m_size);
      m_chunks.emplace_back();
      m_chunks.back().reserve(std::max<std::size_t>(cap, 2));
    }
    m_chunks.back().push_back(std::move(value));
    ++m_size;
  }
  std::size_t size() const { return m_size; }

  void truncate(std::size_t n) {
    while (m_size > n) {
      std::vector<T>& last = m_chunks.back();
      std::size_t drop = std::min(last.size(), m_size - n);
      last.resize(last.size() - drop);
      m_size -= drop;
      if (last.empty()) {
        m_chunks.pop_back();
      }
    }
  }

  // Moves everything into one exactly sized vector, freeing chunks as it goes.
  std::vector<T> take_all() {
    std::vector<T> out;
    out.reserve(m_size);
    for (std::vector<T>& chunk : m_chunks) {
      std::move(chunk.begin(), chunk.end(), std::back_inserter(out));
      std::vector<T>().swap(chunk);
    }
    m_chunks.clear();
    m_size = 0;
    return out;
  }

 private:
  std::vector<std::vector<T>> m_chunks;
  std::size_t m_size = 0;
};

struct RepositoryAccumulator {
  std::string name;
  std::string registry_id;
  ChunkedVector<ImageRecord> images;  // in read order
  ChunkedVector<Loc> locations;       // parallel to images
  std::size_t checkpoint = 0;         // size when the current input started
  std::uint64_t generation = 0;       // input that set the checkpoint
};

struct Extent {
  std::uint64_t offset = 0;
  std::size_t length = 0;
};

std::string location_text(const std::vector<std::string>& files, const Loc& loc) {
  return files[loc.file] + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

bool same_record(const ImageRecord& a, const ImageRecord& b) {
  return a.digest == b.digest && std::ranges::equal(a.tags, b.tags) && a.pushed_at == b.pushed_at &&
         a.last_pulled == b.last_pulled && a.last_archived == b.last_archived &&
         a.last_activated == b.last_activated && a.size_bytes == b.size_bytes &&
         a.status == b.status && a.subject == b.subject &&
         std::ranges::equal(a.children, b.children) &&
         a.manifest_media_type == b.manifest_media_type &&
         a.artifact_media_type == b.artifact_media_type;
}

struct BuilderState {
  ReaderOptions options;
  std::vector<std::string> files;
  std::vector<std::unique_ptr<RepositoryAccumulator>> repositories;    // first-seen order
  std::unordered_map<std::string_view, std::uint32_t> repository_ids;  // keys: names above
  std::vector<std::unique_ptr<ParseContext>> contexts;
  std::vector<Error> warnings;
  std::uint64_t generation = 0;
  std::vector<std::uint32_t> touched;  // repositories that got records from the current input

  explicit BuilderState(ReaderOptions o) : options(o) {
    options.threads = std::max(1u, options.threads);
    options.batch_bytes = std::max<std::size_t>(options.batch_bytes, 4096);
    options.chunk_bytes = std::max<std::size_t>(options.chunk_bytes, 4096);
    for (unsigned i = 0; i < options.threads; ++i) {
      contexts.push_back(std::make_unique<ParseContext>());
    }
  }

  std::uint32_t repository_id(std::string_view name) {
    auto it = repository_ids.find(name);
    if (it != repository_ids.end()) {
      return it->second;
    }
    auto acc = std::make_unique<RepositoryAccumulator>();
    acc->name = std::string(name);
    auto id = static_cast<std::uint32_t>(repositories.size());
    repository_ids.emplace(acc->name, id);
    repositories.push_back(std::move(acc));
    return id;
  }
};

}  // namespace

struct InventoryBuilder::State : BuilderState {
  using BuilderState::BuilderState;
};

namespace {

// Reads one input: the resumable top-level state machine plus batching and merging.
class InputReader {
 public:
  InputReader(BuilderState& state, std::uint32_t file) : m_state(state), m_file(file) {}

  // Consumes as much of the window as it can. `window` holds the input from absolute offset
  // `base`; `tail_padding` bytes past its end are readable. Returns true when the input is
  // complete (only with `eof`).
  Result<bool> process(std::string_view window, std::uint64_t base, bool eof,
                       std::size_t tail_padding);

  // The first absolute offset still needed: an unfinished top-level object may turn out to
  // be an image, which is parsed whole.
  std::uint64_t keep_from() const {
    bool in_object = m_mode == Mode::key_first || m_mode == Mode::key || m_mode == Mode::colon ||
                     m_mode == Mode::value || m_mode == Mode::after_value;
    return in_object && !m_is_page ? m_object_start : m_pos;
  }
  detail::LineCounter& lines() { return m_lines; }

 private:
  enum class Mode {
    top,
    key_first,
    key,
    colon,
    value,
    after_value,
    element_first,
    element,
    after_element
  };

  Unexpected error_at(std::uint64_t offset, std::string message) const {
    std::uint64_t line = 0, column = 0;
    m_lines.locate(m_window, m_base, offset, line, column);
    return Unexpected{Error{std::move(message), m_state.files[m_file], line, column}};
  }
  std::string expectation() const;
  Result<void> emit(std::uint64_t offset, std::size_t length);
  Result<void> flush();
  void merge(ParseContext& ctx);

  BuilderState& m_state;
  std::uint32_t m_file;
  detail::LineCounter m_lines;

  Mode m_mode = Mode::top;
  bool m_top_array = false;  // the open array is a top-level array (else imageDetails)
  bool m_is_page = false;    // the open top-level object has an imageDetails field
  bool m_key_is_details = false;
  std::uint64_t m_object_start = 0;
  std::uint64_t m_pos = 0;

  std::string_view m_window;
  std::uint64_t m_base = 0;
  std::size_t m_tail_padding = 0;
  std::vector<Extent> m_batch;
  std::size_t m_batch_bytes = 0;
};

std::string InputReader::expectation() const {
  switch (m_mode) {
    case Mode::top:
      return "expected an imageDetail object, a describe-images document or a JSON array";
    case Mode::key_first:
      return "expected a field name or '}'";
    case Mode::key:
      return "expected a field name in double quotes";
    case Mode::colon:
      return "expected ':' after the field name";
    case Mode::value:
      return "expected a value";
    case Mode::after_value:
      return "expected ',' or '}' after a field";
    case Mode::element_first:
      return "expected an image or ']'";
    case Mode::element:
      return "expected an image";
    case Mode::after_element:
      return "expected ',' or ']' after an image";
  }
  return "expected a value";
}

Result<void> InputReader::emit(std::uint64_t offset, std::size_t length) {
  m_batch.push_back({offset, length});
  m_batch_bytes += length;
  if (m_batch_bytes >= m_state.options.batch_bytes) {
    return flush();
  }
  return {};
}

// Parses the batched elements, in parallel when asked, and merges the results in input
// order, so that the outcome never depends on the number of threads.
Result<void> InputReader::flush() {
  if (m_batch.empty()) {
    return {};
  }
  std::size_t threads = std::min<std::size_t>(m_state.contexts.size(), m_batch.size() / 64 + 1);
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::size_t per = (m_batch.size() + threads - 1) / threads;
  for (std::size_t begin = 0; begin < m_batch.size(); begin += per) {
    ranges.emplace_back(begin, std::min(m_batch.size(), begin + per));
  }
  auto parse_range = [this](ParseContext& ctx, std::size_t begin, std::size_t end) {
    ctx.out.clear();
    ctx.error.reset();
    for (std::size_t i = begin; i < end && !ctx.error; ++i) {
      const Extent& e = m_batch[i];
      std::size_t start = static_cast<std::size_t>(e.offset - m_base);
      std::size_t after = m_window.size() - start - e.length + m_tail_padding;
      detail::parse_element(ctx, m_window.data() + start, e.length,
                            after >= simdjson::SIMDJSON_PADDING, e.offset);
    }
  };
  if (ranges.size() == 1) {
    parse_range(*m_state.contexts[0], ranges[0].first, ranges[0].second);
  } else {
    std::vector<std::thread> workers;
    for (std::size_t t = 1; t < ranges.size(); ++t) {
      workers.emplace_back(parse_range, std::ref(*m_state.contexts[t]), ranges[t].first,
                           ranges[t].second);
    }
    parse_range(*m_state.contexts[0], ranges[0].first, ranges[0].second);
    for (std::thread& w : workers) {
      w.join();
    }
  }
  m_batch.clear();
  m_batch_bytes = 0;
  for (std::size_t t = 0; t < ranges.size(); ++t) {
    ParseContext& ctx = *m_state.contexts[t];
    merge(ctx);
    if (ctx.error) {
      return error_at(ctx.error->offset, ctx.error->message);
    }
  }
  return {};
}

void InputReader::merge(ParseContext& ctx) {
  std::uint32_t last_id = UINT32_MAX;
  std::string_view last_name;
  for (Staged& s : ctx.out) {
    if (last_id == UINT32_MAX || s.repository.data() != last_name.data()) {
      last_id = m_state.repository_id(s.repository);
      last_name = s.repository;
    }
    RepositoryAccumulator& acc = *m_state.repositories[last_id];
    if (acc.generation != m_state.generation) {
      acc.generation = m_state.generation;
      acc.checkpoint = acc.images.size();
      m_state.touched.push_back(last_id);
    }
    if (acc.registry_id.empty() && !s.registry.empty()) {
      acc.registry_id = std::string(s.registry);
    }
    m_lines.advance(m_window, m_base, s.offset);
    std::uint64_t line = 0, column = 0;
    m_lines.locate(m_window, m_base, s.offset, line, column);
    acc.images.push_back(s.record);
    acc.locations.push_back(
        {m_file, static_cast<std::uint32_t>(std::min<std::uint64_t>(line, UINT32_MAX)),
         static_cast<std::uint32_t>(std::min<std::uint64_t>(column, UINT32_MAX))});
  }
  ctx.out.clear();
}

std::string describe_value_start(std::string_view window, std::size_t p) {
  switch (window[p]) {
    case '{':
      return "an object";
    case '"':
      return "a string";
    case 'n':
      return "null";
    case 't':
    case 'f':
      return "a boolean";
    default:
      if (window[p] == '-' || (window[p] >= '0' && window[p] <= '9')) {
        return "a number";
      }
      return detail::describe_byte(window, p);
  }
}

Result<bool> InputReader::process(std::string_view window, std::uint64_t base, bool eof,
                                  std::size_t tail_padding) {
  m_window = window;
  m_base = base;
  m_tail_padding = tail_padding;
  // A UTF-8 byte order mark (Windows editors) is skipped; columns on line 1 exclude it.
  if (m_pos == 0 && base == 0 && window.starts_with("\xEF\xBB\xBF")) {
    m_pos = 3;
    m_lines.advance(window, base, 3);
    m_lines.start_line_at(3);
  }
  // The scanner's own errors come after every element batched so far, so those elements are
  // parsed first: an error inside one of them is the earlier error.
  auto fail = [this](std::uint64_t offset, std::string message) -> Result<bool> {
    Result<void> flushed = flush();
    if (!flushed) {
      return Unexpected{flushed.error()};
    }
    return error_at(offset, std::move(message));
  };
  auto unterminated = [&](std::size_t p) -> Result<bool> {
    std::uint64_t line = 0, column = 0;
    m_lines.locate(window, base, base + p, line, column);
    std::string where = std::to_string(line) + ":" + std::to_string(column);
    char open = window[p];
    std::string what = open == '"'   ? "'\"' to close the string"
                       : open == '{' ? "'}' to close the object"
                                     : "']' to close the array";
    return fail(base + window.size(),
                "expected " + what + " that starts at " + where + ", got end of input");
  };
  for (;;) {
    std::size_t p = detail::skip_whitespace(window, static_cast<std::size_t>(m_pos - base));
    m_pos = base + p;
    if (p == window.size()) {
      if (!eof) {
        ECRLC_TRY(flush());
        return false;
      }
      if (m_mode == Mode::top) {
        ECRLC_TRY(flush());
        return true;
      }
      return fail(m_pos, expectation() + ", got end of input");
    }
    char c = window[p];
    switch (m_mode) {
      case Mode::top:
        if (c == '{') {
          m_mode = Mode::key_first;
          m_is_page = false;
          m_top_array = false;
          m_object_start = m_pos;
          ++m_pos;
        } else if (c == '[') {
          m_mode = Mode::element_first;
          m_top_array = true;
          m_is_page = false;
          ++m_pos;
        } else {
          return fail(m_pos, expectation() + ", got " + describe_value_start(window, p));
        }
        break;
      case Mode::key_first:
        if (c == '}') {
          ++m_pos;
          m_mode = Mode::top;
          if (!m_is_page) {
            ECRLC_TRY(emit(m_object_start, static_cast<std::size_t>(m_pos - m_object_start)));
          }
          break;
        }
        [[fallthrough]];
      case Mode::key: {
        if (c != '"') {
          return fail(m_pos, expectation() + ", got " + detail::describe_byte(window, p));
        }
        std::size_t end = detail::find_string_end(window, p);
        if (end == std::string_view::npos) {
          if (!eof) {
            ECRLC_TRY(flush());
            return false;
          }
          return unterminated(p);
        }
        m_key_is_details = window.substr(p + 1, end - p - 1) == "imageDetails";
        m_pos = base + end + 1;
        m_mode = Mode::colon;
        break;
      }
      case Mode::colon:
        if (c != ':') {
          return fail(m_pos, expectation() + ", got " + detail::describe_byte(window, p));
        }
        ++m_pos;
        m_mode = Mode::value;
        break;
      case Mode::value:
        if (m_key_is_details) {
          if (c != '[') {
            return fail(m_pos, "imageDetails: expected an array of images, got " +
                                   describe_value_start(window, p));
          }
          m_is_page = true;
          m_top_array = false;
          m_mode = Mode::element_first;
          ++m_pos;
          break;
        }
        [[fallthrough]];
      case Mode::element: {
        detail::ScanOutcome scan = detail::scan_value(window, p, eof);
        if (scan.status == detail::ScanStatus::error) {
          return fail(base + scan.end, scan.message);
        }
        if (scan.status == detail::ScanStatus::incomplete) {
          if (!eof) {
            ECRLC_TRY(flush());
            return false;
          }
          return unterminated(p);
        }
        m_pos = base + scan.end;
        if (m_mode == Mode::element) {
          ECRLC_TRY(emit(base + p, scan.end - p));
          m_mode = Mode::after_element;
        } else {
          m_mode = Mode::after_value;
        }
        break;
      }
      case Mode::after_value:
        if (c == ',') {
          m_mode = Mode::key;
          ++m_pos;
        } else if (c == '}') {
          ++m_pos;
          m_mode = Mode::top;
          if (!m_is_page) {
            ECRLC_TRY(emit(m_object_start, static_cast<std::size_t>(m_pos - m_object_start)));
          }
        } else {
          return fail(m_pos, expectation() + ", got " + detail::describe_byte(window, p));
        }
        break;
      case Mode::element_first:
        if (c == ']') {
          ++m_pos;
          m_mode = m_top_array ? Mode::top : Mode::after_value;
          break;
        }
        m_mode = Mode::element;
        break;
      case Mode::after_element:
        if (c == ',') {
          m_mode = Mode::element;
          ++m_pos;
        } else if (c == ']') {
          ++m_pos;
          m_mode = m_top_array ? Mode::top : Mode::after_value;
        } else {
          return fail(m_pos, expectation() + ", got " + detail::describe_byte(window, p));
        }
        break;
    }
  }
}

}  // namespace

InventoryBuilder::InventoryBuilder() : InventoryBuilder(ReaderOptions{}) {}
InventoryBuilder::InventoryBuilder(ReaderOptions options)
    : m_state(std::make_unique<State>(options)) {}
InventoryBuilder::~InventoryBuilder() = default;
InventoryBuilder::InventoryBuilder(InventoryBuilder&&) noexcept = default;
InventoryBuilder& InventoryBuilder::operator=(InventoryBuilder&&) noexcept = default;

namespace {

// Starts an input: a new generation for rollback on error.
std::uint32_t begin_input(BuilderState& state, std::string_view file_name) {
  ++state.generation;
  state.touched.clear();
  state.files.emplace_back(file_name);
  return static_cast<std::uint32_t>(state.files.size() - 1);
}

// Discards the records of the input that failed.
void roll_back(BuilderState& state) {
  for (std::uint32_t id : state.touched) {
    RepositoryAccumulator& acc = *state.repositories[id];
    acc.images.truncate(acc.checkpoint);
    acc.locations.truncate(acc.checkpoint);
  }
  state.touched.clear();
}

}  // namespace

Result<void> InventoryBuilder::add(std::string_view file_name, std::string_view text) {
  std::uint32_t file = begin_input(*m_state, file_name);
  InputReader reader(*m_state, file);
  Result<bool> done = reader.process(text, 0, true, 0);
  if (!done) {
    roll_back(*m_state);
    return Unexpected{done.error()};
  }
  return {};
}

Result<void> InventoryBuilder::add_stream(std::string_view file_name, int fd) {
  std::uint32_t file = begin_input(*m_state, file_name);
  InputReader reader(*m_state, file);
  constexpr std::size_t k_pad = simdjson::SIMDJSON_PADDING;
  std::vector<char> buffer(m_state->options.chunk_bytes + k_pad);
  std::size_t filled = 0;
  std::uint64_t base = 0;
  bool eof = false;
  for (;;) {
    // Fill the buffer (growing it when one element does not fit) unless at end of file.
    if (!eof) {
      if (buffer.size() - k_pad - filled < m_state->options.chunk_bytes / 2) {
        buffer.resize(std::max(buffer.size() * 2, filled + m_state->options.chunk_bytes + k_pad));
      }
      ssize_t n = ::read(fd, buffer.data() + filled, buffer.size() - k_pad - filled);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        roll_back(*m_state);
        return unexpected(
            Error{std::string(file_name) + ": " + std::strerror(errno), std::string(file_name)});
      }
      if (n == 0) {
        eof = true;
      }
      filled += static_cast<std::size_t>(n);
    }
    std::string_view window(buffer.data(), filled);
    Result<bool> done = reader.process(window, base, eof, k_pad);
    if (!done) {
      roll_back(*m_state);
      return Unexpected{done.error()};
    }
    if (*done) {
      return {};
    }
    // Keep only what is still needed; count the lines of what goes.
    std::uint64_t keep = reader.keep_from();
    reader.lines().advance(window, base, keep);
    std::size_t drop = static_cast<std::size_t>(keep - base);
    std::memmove(buffer.data(), buffer.data() + drop, filled - drop);
    filled -= drop;
    base = keep;
    // Shrink a buffer that grew for one huge element once it is no longer needed.
    if (buffer.size() > 4 * (m_state->options.chunk_bytes + k_pad) &&
        filled < m_state->options.chunk_bytes) {
      std::vector<char>(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(filled))
          .swap(buffer);
      buffer.resize(m_state->options.chunk_bytes + k_pad);
    }
  }
}

const std::vector<Error>& InventoryBuilder::warnings() const { return m_state->warnings; }

Inventory InventoryBuilder::finish() {
  State& state = *m_state;
  Inventory inventory;
  for (auto& ctx : state.contexts) {
    inventory.arena.absorb(std::move(ctx->arena));
  }

  std::vector<std::uint32_t> order(state.repositories.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return state.repositories[a]->name < state.repositories[b]->name;
  });

  struct PendingWarning {
    Loc loc;
    std::string message;
  };
  std::vector<PendingWarning> pending;

  for (std::uint32_t id : order) {
    RepositoryAccumulator& acc = *state.repositories[id];
    std::vector<ImageRecord> images = acc.images.take_all();
    std::vector<Loc> locs = acc.locations.take_all();
    if (images.empty()) {
      continue;
    }
    const std::string quoted_repo = "repository \"" + acc.name + "\": ";

    // Sort by digest; equal digests stay in read order, so the last of a run was read last.
    std::vector<std::uint32_t> perm(images.size());
    for (std::uint32_t i = 0; i < perm.size(); ++i) {
      perm[i] = i;
    }
    std::sort(perm.begin(), perm.end(), [&](std::uint32_t a, std::uint32_t b) {
      int c = std::memcmp(images[a].digest.bytes.data(), images[b].digest.bytes.data(), 32);
      return c != 0 ? c < 0 : a < b;
    });
    std::vector<std::uint32_t> kept;
    kept.reserve(perm.size());
    for (std::size_t i = 0; i < perm.size();) {
      std::size_t j = i;
      while (j + 1 < perm.size() && images[perm[j + 1]].digest == images[perm[i]].digest) {
        ++j;
      }
      std::uint32_t last = perm[j];
      for (std::size_t k = i; k < j; ++k) {
        if (!same_record(images[perm[k]], images[last])) {
          pending.push_back({locs[last], quoted_repo + "image " + images[last].digest.to_string() +
                                             " is listed again with different data (also at " +
                                             location_text(state.files, locs[perm[k]]) +
                                             "); the record read last is kept"});
        }
      }
      kept.push_back(last);
      i = j + 1;
    }

    // A tag names one image: it stays on the most recently pushed image (tie: smaller
    // digest), as ECR would have it after the later push moved the tag.
    std::vector<std::pair<std::string_view, std::uint32_t>> tag_owners;
    for (std::uint32_t k : kept) {
      for (std::string_view tag : images[k].tags) {
        tag_owners.emplace_back(tag, k);
      }
    }
    auto newer = [&](std::uint32_t a, std::uint32_t b) {
      if (images[a].pushed_at != images[b].pushed_at) {
        return images[a].pushed_at > images[b].pushed_at;
      }
      return images[a].digest < images[b].digest;
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
      for (std::size_t k = i + 1; k < j; ++k) {
        std::uint32_t loser = tag_owners[k].second;
        if (loser == winner) {
          continue;  // the same tag listed twice on one image
        }
        removed[loser].push_back(tag_owners[i].first);
        pending.push_back({locs[loser], quoted_repo + "tag \"" + std::string(tag_owners[i].first) +
                                            "\" is on several images; kept on " +
                                            images[winner].digest.to_string() +
                                            " (pushed last), removed from " +
                                            images[loser].digest.to_string()});
      }
      i = j;
    }
    for (auto& [index, tags] : removed) {
      ImageRecord& r = images[index];
      std::vector<std::string_view> left;
      for (std::string_view t : r.tags) {
        if (std::find(tags.begin(), tags.end(), t) == tags.end()) {
          left.push_back(t);
        }
      }
      std::span<std::string_view> views = inventory.arena.allocate_views(left.size());
      std::copy(left.begin(), left.end(), views.begin());
      r.tags = views;
    }

    Repository repo;
    repo.name = std::move(acc.name);
    repo.registry_id = std::move(acc.registry_id);
    repo.images.reserve(kept.size());
    for (std::uint32_t k : kept) {
      repo.images.push_back(images[k]);
    }
    inventory.repositories.push_back(std::move(repo));
  }

  std::stable_sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.column) <
           std::tie(b.loc.file, b.loc.line, b.loc.column);
  });
  for (PendingWarning& w : pending) {
    state.warnings.push_back(
        Error{std::move(w.message), state.files[w.loc.file], w.loc.line, w.loc.column});
  }
  ReaderOptions options = state.options;
  std::vector<Error> warnings = std::move(state.warnings);
  m_state = std::make_unique<State>(options);
  m_state->warnings = std::move(warnings);
  return inventory;
}

}  // namespace ecrlc
