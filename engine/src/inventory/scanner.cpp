// InputReader: the top-level state machine, batching of elements, merging in input order.
#include "inventory/scanner.hpp"

#include <algorithm>
#include <array>

#include "base/enum_names.hpp"
#include "base/text.hpp"

namespace ecrlc::detail {

std::string InputReader::expectation() const {
  static constexpr std::array<std::string_view, 9> k_expectations = {
      "expected an imageDetail object, a describe-images document or a JSON array",  // top
      "expected a field name or '}'",                                                // key_first
      "expected a field name in double quotes",                                      // key
      "expected ':' after the field name",                                           // colon
      "expected a value",                                                            // value
      "expected ',' or '}' after a field",                                           // after_value
      "expected an image or ']'",             // element_first
      "expected an image",                    // element
      "expected ',' or ']' after an image"};  // after_element
  return std::string(enum_name(m_mode, k_expectations));
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
    return error_at(error.offset, error.code, error.message);
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
  std::string_view last_registry;
  // Counts are 32-bit (a dense array that stays in cache): 4G records of one repository would
  // take 700 GB of memory anyway.
  const auto limit = static_cast<std::uint32_t>(
      std::min<std::size_t>(m_state.options.limits.max_images_per_repository, UINT32_MAX));
  for (Staged& s : out) {
    // Names and registries are interned per parse context: equal pointers, equal strings.
    if (last_id == UINT32_MAX || s.repository.data() != last_name.data() ||
        s.registry.data() != last_registry.data()) {
      last_id = m_state.repository_id_interned(s.registry, s.repository);
      last_name = s.repository;
      last_registry = s.registry;
    }
    std::uint32_t& count = m_state.image_counts[last_id];
    if (count == limit) {
      m_lines.advance(m_window, m_base, s.offset);
      out.clear();
      return error_at(s.offset, k_inventory_limit,
                      "repository \"" + m_state.repositories[last_id]->name +
                          "\": expected at most " + std::to_string(count) +
                          " images in one repository, got more");
    }
    ++count;
    m_lines.advance(m_window, m_base, s.offset);
    std::uint64_t line = 0, column = 0;
    m_lines.locate(m_window, m_base, s.offset, line, column);
    m_state.streams[last_id % k_streams].push_back(
        {s.record,
         {m_file, static_cast<std::uint32_t>(std::min<std::uint64_t>(line, UINT32_MAX)),
          static_cast<std::uint32_t>(std::min<std::uint64_t>(column, UINT32_MAX))},
         last_id});
  }
  out.clear();
  return {};
}

namespace {

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
      return describe_byte(window, p);
  }
}

}  // namespace

// The scanner's own errors come after every element batched so far, so those elements are
// parsed first: an error inside one of them is the earlier error.
Unexpected InputReader::fail(std::uint64_t offset, const char* code, std::string message) {
  Result<void> flushed = flush();
  if (!flushed) {
    return Unexpected{flushed.error()};
  }
  return error_at(offset, code, std::move(message));
}

Result<void> InputReader::close_top_object() {
  if (past_limit(m_pos + 1)) {
    return fail(keep_from(), k_inventory_limit, too_large_message());
  }
  ++m_pos;
  m_mode = Mode::top;
  if (m_is_page) {
    // This page continues any page before it; its own token says whether one must follow.
    m_state.pending_token = m_object_token;
    return {};
  }
  return emit(m_object_start, static_cast<std::size_t>(m_pos - m_object_start));
}

void InputReader::close_array() {
  ++m_pos;
  m_mode = m_top_array ? Mode::top : Mode::after_value;
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
  auto unterminated = [&](std::size_t p) -> Result<bool> {
    std::uint64_t line = 0, column = 0;
    m_lines.locate(window, base, base + p, line, column);
    std::string where = std::to_string(line) + ":" + std::to_string(column);
    char open = window[p];
    std::string what = open == '"'   ? "'\"' to close the string"
                       : open == '{' ? "'}' to close the object"
                                     : "']' to close the array";
    return fail(base + window.size(), k_inventory_syntax,
                "expected " + what + " that starts at " + where + ", got end of input");
  };
  for (;;) {
    std::size_t p = skip_whitespace(window, static_cast<std::size_t>(m_pos - base));
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
      return fail(m_pos, k_inventory_syntax, expectation() + ", got end of input");
    }
    char c = window[p];
    switch (m_mode) {
      case Mode::top:
        if (c == '{') {
          m_mode = Mode::key_first;
          m_is_page = false;
          m_object_token.reset();
          m_top_array = false;
          m_object_start = m_pos;
          ++m_pos;
        } else if (c == '[') {
          m_mode = Mode::element_first;
          m_top_array = true;
          m_is_page = false;
          ++m_pos;
        } else {
          return fail(m_pos, k_inventory_syntax,
                      expectation() + ", got " + describe_value_start(window, p));
        }
        break;
      case Mode::key_first:
        if (c == '}') {
          ECRLC_TRY(close_top_object());
          break;
        }
        [[fallthrough]];
      case Mode::key: {
        if (c != '"') {
          return fail(m_pos, k_inventory_syntax,
                      expectation() + ", got " + describe_byte(window, p));
        }
        std::size_t end = find_string_end(window, p);
        if (past_limit(base + (end == std::string_view::npos ? window.size() : end + 1))) {
          return fail(keep_from(), k_inventory_limit, too_large_message());
        }
        if (end == std::string_view::npos) {
          if (!eof) {
            ECRLC_TRY(flush());
            return false;
          }
          return unterminated(p);
        }
        const std::string_view key = window.substr(p + 1, end - p - 1);
        m_key_is_details = key == "imageDetails";
        m_key_is_token = key == "nextToken" || key == "NextToken";
        m_pos = base + end + 1;
        m_mode = Mode::colon;
        break;
      }
      case Mode::colon:
        if (c != ':') {
          return fail(m_pos, k_inventory_syntax,
                      expectation() + ", got " + describe_byte(window, p));
        }
        ++m_pos;
        m_mode = Mode::value;
        break;
      case Mode::value:
        if (m_key_is_details) {
          if (c != '[') {
            return fail(m_pos, k_inventory_shape,
                        "imageDetails: expected an array of images, got " +
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
        ScanOutcome scan = scan_value(window, p, eof);
        // Decided on what the scanner looked at, so the outcome is the same whatever the
        // window size: a fault past the limit is reported as the size, as a smaller window
        // would have reported it.
        std::size_t looked_at = scan.status == ScanStatus::incomplete ? window.size()
                                : scan.status == ScanStatus::error    ? scan.end + 1
                                                                      : scan.end;
        if (past_limit(base + looked_at)) {
          return fail(keep_from(), k_inventory_limit, too_large_message());
        }
        if (scan.status == ScanStatus::error) {
          return fail(base + scan.end, k_inventory_syntax, scan.message);
        }
        if (scan.status == ScanStatus::incomplete) {
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
          // A string of at least one character (null or "" ends the listing).
          if (m_key_is_token && c == '"' && scan.end - p > 2) {
            m_object_token = locate(base + p);
          }
          m_mode = Mode::after_value;
        }
        break;
      }
      case Mode::element_first:
        if (c == ']') {
          close_array();
          break;
        }
        m_mode = Mode::element;
        break;
      case Mode::after_value:
      case Mode::after_element: {
        // After a member of a top-level object or an element of an array: a comma, the end
        // of the container, or an error.
        const bool in_object = m_mode == Mode::after_value;
        if (c == ',') {
          m_mode = in_object ? Mode::key : Mode::element;
          ++m_pos;
        } else if (c == (in_object ? '}' : ']')) {
          if (in_object) {
            ECRLC_TRY(close_top_object());
          } else {
            close_array();
          }
        } else {
          return fail(m_pos, k_inventory_syntax,
                      expectation() + ", got " + describe_byte(window, p));
        }
        break;
      }
    }
  }
}

}  // namespace ecrlc::detail
