// Inventory readers: a resumable top-level scanner splits inputs into imageDetail elements,
// simdjson On-Demand parses each element, and finish() groups, deduplicates and sorts.
#include "ecrlc/inventory_reader.hpp"

#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "inventory/element.hpp"
#include "json/extent_scan.hpp"

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
      // Each chunk holds an eighth of what there is: capacity that is reserved but not yet
      // used stays below 1/8 of the records (with transparent huge pages, reserved memory is
      // resident as soon as a record lands in its page).
      m_chunks.emplace_back();
      m_chunks.back().reserve(std::clamp<std::size_t>(m_size / 8, 8, 4096));
    }
    m_chunks.back().push_back(std::move(value));
    ++m_size;
  }
  std::size_t size() const { return m_size; }
  const T* first() const { return m_size == 0 ? nullptr : &m_chunks.front().front(); }

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

  // Pointers to every element in order (they stay valid until the vector changes), so a
  // sorted copy can be gathered straight from the chunks without an intermediate copy.
  std::vector<T*> pointers() {
    std::vector<T*> out;
    out.reserve(m_size);
    for (std::vector<T>& chunk : m_chunks) {
      for (T& value : chunk) {
        out.push_back(&value);
      }
    }
    return out;
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

// Elements handed to one parser thread at a time: small enough that two threads share a
// window evenly and the wait at the end of a window is short.
constexpr std::size_t k_max_task_bytes = std::size_t{512} * 1024;

// A run of consecutive elements of one window, parsed on whichever thread takes it.
struct ParseTask {
  std::vector<Extent> extents;
  std::size_t bytes = 0;
  const char* window = nullptr;  // the window's text, from absolute offset `base`
  std::uint64_t base = 0;
  std::size_t readable = 0;  // bytes readable from `window` (its size plus tail padding)
  std::vector<Staged> out;
  std::optional<ElementError> error;
  bool done = false;  // guarded by the pool's mutex
};

void run_task(ParseContext& ctx, ParseTask& task) {
  ctx.out.clear();
  ctx.error.reset();
  for (const Extent& e : task.extents) {
    auto start = static_cast<std::size_t>(e.offset - task.base);
    std::size_t after = task.readable - start - e.length;
    detail::parse_element(ctx, task.window + start, e.length, after >= simdjson::SIMDJSON_PADDING,
                          e.offset);
    if (ctx.error) {
      break;
    }
  }
  task.out.swap(ctx.out);
  task.error = std::move(ctx.error);
  ctx.error.reset();
}

// Worker threads that parse tasks while the reading thread scans on; the reading thread
// parses too whenever it waits for a result. Each thread has its own ParseContext (parser,
// arena), so results never depend on which thread ran a task.
class ParsePool {
 public:
  explicit ParsePool(std::vector<std::unique_ptr<ParseContext>>& contexts) : m_contexts(contexts) {}
  ParsePool(const ParsePool&) = delete;
  ParsePool& operator=(const ParsePool&) = delete;
  ~ParsePool() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_work.notify_all();
    for (std::thread& t : m_threads) {
      t.join();
    }
  }

  void submit(ParseTask& task) {
    if (m_contexts.size() == 1) {
      run_task(*m_contexts[0], task);
      task.done = true;
      return;
    }
    if (m_threads.empty()) {  // started on first use: most builders read small inputs
      for (std::size_t i = 1; i < m_contexts.size(); ++i) {
        m_threads.emplace_back([this, i] { work(*m_contexts[i]); });
      }
    }
    {
      std::lock_guard lock(m_mutex);
      m_queue.push_back(&task);
    }
    m_work.notify_one();
  }

  // Returns when `task` is done, parsing queued tasks on this thread meanwhile.
  void wait(ParseTask& task) {
    std::unique_lock lock(m_mutex);
    while (!task.done) {
      if (!m_queue.empty()) {
        ParseTask* next = m_queue.front();
        m_queue.pop_front();
        lock.unlock();
        run_task(*m_contexts[0], *next);
        lock.lock();
        next->done = true;
        m_done.notify_all();
        continue;
      }
      m_done.wait(lock);
    }
  }

 private:
  void work(ParseContext& ctx) {
    std::unique_lock lock(m_mutex);
    for (;;) {
      m_work.wait(lock, [this] { return m_stop || !m_queue.empty(); });
      if (m_stop) {
        return;
      }
      ParseTask* task = m_queue.front();
      m_queue.pop_front();
      lock.unlock();
      run_task(ctx, *task);
      lock.lock();
      task->done = true;
      m_done.notify_all();
    }
  }

  std::vector<std::unique_ptr<ParseContext>>& m_contexts;
  std::mutex m_mutex;
  std::condition_variable m_work;
  std::condition_variable m_done;
  std::deque<ParseTask*> m_queue;
  std::vector<std::thread> m_threads;
  bool m_stop = false;
};

struct BuilderState {
  ReaderOptions options;
  std::vector<std::string> files;
  std::vector<std::unique_ptr<RepositoryAccumulator>> repositories;    // first-seen order
  std::unordered_map<std::string_view, std::uint32_t> repository_ids;  // keys: names above
  std::vector<std::unique_ptr<ParseContext>> contexts;
  std::vector<Error> warnings;
  std::uint64_t generation = 0;
  std::vector<std::uint32_t> touched;  // repositories that got records from the current input
  std::unique_ptr<ParsePool> pool;     // declared last: its threads stop before the rest goes

  explicit BuilderState(ReaderOptions o) : options(o) {
    options.threads = std::max(1u, options.threads);
    options.batch_bytes = std::max<std::size_t>(options.batch_bytes, 4096);
    options.chunk_bytes = std::max<std::size_t>(options.chunk_bytes, 4096);
    for (unsigned i = 0; i < options.threads; ++i) {
      contexts.push_back(std::make_unique<ParseContext>());
    }
    pool = std::make_unique<ParsePool>(contexts);
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
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;
  // Tasks still running point into the caller's window: wait for them (after an error).
  ~InputReader() { drain(); }

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
  // Past the size limit: the token (or top-level image) that starts at keep_from() runs
  // beyond `offset`, one past the last byte the scanner looked at for it.
  bool past_limit(std::uint64_t offset) const {
    return offset - keep_from() > m_state.options.limits.max_element_bytes;
  }
  std::string too_large_message() const;
  Result<void> emit(std::uint64_t offset, std::size_t length);
  void submit_current();
  Result<void> merge_oldest();
  Result<void> flush();
  void drain();
  Result<void> merge(std::vector<Staged>& out);

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
  std::unique_ptr<ParseTask> m_current;                // being filled
  std::deque<std::unique_ptr<ParseTask>> m_in_flight;  // submitted, merged in this order
  std::vector<std::unique_ptr<ParseTask>> m_spare;     // merged, ready for reuse
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

std::string InputReader::too_large_message() const {
  const std::size_t limit = m_state.options.limits.max_element_bytes;
  constexpr std::size_t k_mib = std::size_t{1} << 20;
  std::string size = limit % k_mib == 0 ? std::to_string(limit / k_mib) + " MiB (" +
                                              std::to_string(limit) + " bytes)"
                                        : std::to_string(limit) + " bytes";
  bool image = m_mode == Mode::element || keep_from() != m_pos;  // keep_from: the object start
  return std::string(image ? "expected an image" : "expected a value") + " of at most " + size +
         ", got a larger one";
}

Result<void> InputReader::emit(std::uint64_t offset, std::size_t length) {
  if (!m_current) {
    if (m_spare.empty()) {
      m_current = std::make_unique<ParseTask>();
    } else {
      m_current = std::move(m_spare.back());
      m_spare.pop_back();
    }
  }
  m_current->extents.push_back({offset, length});
  m_current->bytes += length;
  std::size_t task_bytes = std::min(m_state.options.batch_bytes, k_max_task_bytes);
  if (m_current->bytes >= task_bytes) {
    submit_current();
    // A few tasks per thread in flight keep every thread busy; more would only hold memory.
    std::size_t limit = m_state.contexts.size() == 1 ? 1 : 4 * m_state.contexts.size();
    while (m_in_flight.size() >= limit) {
      ECRLC_TRY(merge_oldest());
    }
  }
  return {};
}

void InputReader::submit_current() {
  if (!m_current || m_current->extents.empty()) {
    return;
  }
  m_current->window = m_window.data();
  m_current->base = m_base;
  m_current->readable = m_window.size() + m_tail_padding;
  m_in_flight.push_back(std::move(m_current));
  m_state.pool->submit(*m_in_flight.back());
}

// Results are merged in input order, so the outcome never depends on the number of threads.
Result<void> InputReader::merge_oldest() {
  ParseTask& task = *m_in_flight.front();
  m_state.pool->wait(task);
  Result<void> merged = merge(task.out);
  if (!merged) {
    m_in_flight.pop_front();
    drain();
    return merged;
  }
  if (task.error) {
    ElementError error = std::move(*task.error);
    m_in_flight.pop_front();
    drain();
    return error_at(error.offset, error.message);
  }
  // Reused for the next task: its vectors keep their capacity, so steady-state reading
  // allocates (and page-faults) nothing per task.
  std::unique_ptr<ParseTask> spare = std::move(m_in_flight.front());
  m_in_flight.pop_front();
  spare->extents.clear();
  spare->bytes = 0;
  spare->out.clear();
  spare->done = false;
  m_spare.push_back(std::move(spare));
  return {};
}

// Parses everything emitted so far: the window is about to change or the input ends.
Result<void> InputReader::flush() {
  submit_current();
  while (!m_in_flight.empty()) {
    ECRLC_TRY(merge_oldest());
  }
  return {};
}

void InputReader::drain() {
  for (auto& task : m_in_flight) {
    m_state.pool->wait(*task);
  }
  m_in_flight.clear();
  m_current.reset();
}

Result<void> InputReader::merge(std::vector<Staged>& out) {
  std::uint32_t last_id = UINT32_MAX;
  std::string_view last_name;
  for (Staged& s : out) {
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
    if (acc.images.size() == m_state.options.limits.max_images_per_repository) {
      m_lines.advance(m_window, m_base, s.offset);
      out.clear();
      return error_at(s.offset, "repository \"" + acc.name + "\": expected at most " +
                                    std::to_string(acc.images.size()) +
                                    " images in one repository, got more");
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
  out.clear();
  return {};
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
          if (past_limit(base + p + 1)) {
            return fail(keep_from(), too_large_message());
          }
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
        if (past_limit(base + (end == std::string_view::npos ? window.size() : end + 1))) {
          return fail(keep_from(), too_large_message());
        }
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
        // Decided on what the scanner looked at, so the outcome is the same whatever the
        // window size: a fault past the limit is reported as the size, as a smaller window
        // would have reported it.
        std::size_t looked_at = scan.status == detail::ScanStatus::incomplete ? window.size()
                                : scan.status == detail::ScanStatus::error    ? scan.end + 1
                                                                              : scan.end;
        if (past_limit(base + looked_at)) {
          return fail(keep_from(), too_large_message());
        }
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
          if (past_limit(base + p + 1)) {
            return fail(keep_from(), too_large_message());
          }
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
  constexpr std::size_t k_pad = simdjson::SIMDJSON_PADDING;
  // A file smaller than a chunk gets a buffer of its size: the buffer is zero-filled, and
  // most inventories are far smaller than 16 MiB.
  std::size_t chunk = m_state->options.chunk_bytes;
  struct stat status {};
  if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size >= 0 &&
      static_cast<std::uint64_t>(status.st_size) < chunk) {
    chunk = std::max<std::size_t>(4096, static_cast<std::size_t>(status.st_size) + 1);
  }
  std::vector<char> buffer(chunk + k_pad);
  InputReader reader(*m_state, file);  // after the buffer: its tasks read the buffer
  std::size_t filled = 0;
  std::uint64_t base = 0;
  bool eof = false;
  for (;;) {
    // Fill the buffer (growing it when one element does not fit) unless at end of file.
    if (!eof) {
      if (buffer.size() - k_pad - filled < chunk / 2) {
        buffer.resize(std::max(buffer.size() * 2, filled + chunk + k_pad));
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

namespace {

constexpr std::size_t k_trim_every = std::size_t{256} << 20;

// Returns free heap pages to the system (glibc: also pages inside the heap, not only its top).
void release_free_memory() {
#ifdef __GLIBC__
  ::malloc_trim(0);
#endif
}

// 100000 -> "100,000", as the quotas are written.
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

struct PendingWarning {
  Loc loc;
  std::string message;
};

// Sorts one repository's records by digest, resolves duplicates and shared tags. Tag lists
// that lose a tag are rebuilt in `arena`; warnings go to `pending`.
Repository finish_repository(RepositoryAccumulator& acc, const std::vector<std::string>& files,
                             const ReaderLimits& limits, Arena& arena,
                             std::vector<PendingWarning>& pending) {
  // The records stay in their read-order chunks until the final gather: copying them into
  // one vector first would write (and page-fault) every record once more.
  std::vector<ImageRecord*> records = acc.images.pointers();
  std::vector<Loc> locs = acc.locations.take_all();
  Repository repo;
  repo.name = std::move(acc.name);
  repo.registry_id = std::move(acc.registry_id);
  if (records.empty()) {
    return repo;
  }
  auto images = [&records](std::uint32_t i) -> ImageRecord& { return *records[i]; };
  const std::string quoted_repo = "repository \"" + repo.name + "\": ";

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
      prefix = (prefix << 8) | records[i]->digest.bytes[b];
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
    for (std::size_t k = i; k < j; ++k) {
      if (!same_record(images(keys[k].index), images(last))) {
        pending.push_back({locs[last], quoted_repo + "image " + images(last).digest.to_string() +
                                           " is listed again with different data (also at " +
                                           location_text(files, locs[keys[k].index]) +
                                           "); the record read last is kept"});
      }
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
    pending.push_back({locs[kept_in_read_order[limits.warn_images_per_repository]],
                       quoted_repo + std::to_string(kept.size()) +
                           " images, more than ECR's quota of " +
                           with_thousands(limits.warn_images_per_repository) + " per repository"});
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
      for (std::size_t k = i + 1; k < j; ++k) {
        std::uint32_t loser = tag_owners[k].second;
        if (loser == winner) {
          continue;  // the same tag listed twice on one image
        }
        removed[loser].push_back(tag_owners[i].first);
        pending.push_back({locs[loser], quoted_repo + "tag \"" + std::string(tag_owners[i].first) +
                                            "\" is on several images; kept on " +
                                            images(winner).digest.to_string() +
                                            " (pushed last), removed from " +
                                            images(loser).digest.to_string()});
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

  // Kept records are in digest order, which is random against read order: fetch a few
  // records ahead so the cache misses overlap instead of stalling one by one.
  constexpr std::size_t k_prefetch_distance = 8;
  repo.images.reserve(kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i + k_prefetch_distance < kept.size()) {
      const auto* ahead = reinterpret_cast<const char*>(records[kept[i + k_prefetch_distance]]);
      for (std::size_t line = 0; line < sizeof(ImageRecord); line += 64) {
        __builtin_prefetch(ahead + line);
      }
    }
    repo.images.push_back(*records[kept[i]]);
  }
  return repo;
}

}  // namespace

Inventory InventoryBuilder::finish() {
  State& state = *m_state;
  Inventory inventory;
  for (auto& ctx : state.contexts) {
    inventory.arena.absorb(std::move(ctx->arena));
  }

  std::vector<PendingWarning> warnings_found;
  const std::size_t warn_repositories = state.options.limits.warn_repositories;
  if (state.repositories.size() > warn_repositories) {
    // Located at the first image of the first repository past the quota, in input order.
    const Loc* first = state.repositories[warn_repositories]->locations.first();
    warnings_found.push_back({first == nullptr ? Loc{} : *first,
                              std::to_string(state.repositories.size()) +
                                  " repositories, more than ECR's quota of " +
                                  with_thousands(warn_repositories) + " per registry and region"});
  }

  std::vector<std::uint32_t> order(state.repositories.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return state.repositories[a]->name < state.repositories[b]->name;
  });

  // Repositories are independent: with several threads each takes the next one. Every
  // result and warning lands in the slot of its repository, so the outcome is the same for
  // any number of threads.
  std::vector<Repository> repositories(order.size());
  std::vector<std::vector<PendingWarning>> pending(order.size());
  const std::size_t threads =
      std::min<std::size_t>(state.options.threads, std::max<std::size_t>(order.size(), 1));
  std::vector<Arena> arenas(threads);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> moved_bytes{0};
  auto work = [&](std::size_t t) {
    for (std::size_t i = next.fetch_add(1); i < order.size(); i = next.fetch_add(1)) {
      repositories[i] = finish_repository(*state.repositories[order[i]], state.files,
                                          state.options.limits, arenas[t], pending[i]);
      state.repositories[order[i]].reset();  // its records are moved: free the rest early
      // The records move from read-order chunks into sorted vectors. malloc keeps the freed
      // chunks for reuse, and with ten million images that is 700 MB the process never
      // needs again: hand whole free pages back every 256 MB moved.
      std::size_t bytes = repositories[i].images.size() * sizeof(ImageRecord);
      std::size_t before = moved_bytes.fetch_add(bytes);
      if ((before + bytes) / k_trim_every != before / k_trim_every) {
        release_free_memory();
      }
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t t = 1; t < threads; ++t) {
    workers.emplace_back(work, t);
  }
  work(0);
  for (std::thread& w : workers) {
    w.join();
  }
  for (Arena& arena : arenas) {
    inventory.arena.absorb(std::move(arena));
  }
  if (moved_bytes.load() >= k_trim_every) {
    release_free_memory();
  }
  inventory.repositories.reserve(repositories.size());
  for (std::size_t i = 0; i < repositories.size(); ++i) {
    if (!repositories[i].images.empty()) {
      inventory.repositories.push_back(std::move(repositories[i]));
    }
    for (PendingWarning& w : pending[i]) {
      warnings_found.push_back(std::move(w));
    }
  }

  std::stable_sort(warnings_found.begin(), warnings_found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.column) <
           std::tie(b.loc.file, b.loc.line, b.loc.column);
  });
  for (PendingWarning& w : warnings_found) {
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
