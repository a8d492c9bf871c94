// The scanner of one input: a resumable state machine over the top level of the input (an
// imageDetail, a describe-images page, an array, or NDJSON) that hands each image's extent to
// the parse pool and merges the parsed records into the builder's repositories.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/result.hpp"
#include "inventory/builder_state.hpp"
#include "inventory/element.hpp"
#include "json/extent_scan.hpp"

namespace ecrlc::detail {

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
  LineCounter& lines() { return m_lines; }
  // The absolute offset of the error process() returned (its line and column are in it).
  std::uint64_t error_offset() const { return m_error_offset; }

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

  // Where `offset` (at or after the line counter, in the window) is.
  Loc locate(std::uint64_t offset) const {
    std::uint64_t line = 0, column = 0;
    m_lines.locate(m_window, m_base, offset, line, column);
    return {m_file, static_cast<std::uint32_t>(std::min<std::uint64_t>(line, UINT32_MAX)),
            static_cast<std::uint32_t>(std::min<std::uint64_t>(column, UINT32_MAX))};
  }
  Unexpected error_at(std::uint64_t offset, const char* code, std::string message) {
    std::uint64_t line = 0, column = 0;
    m_lines.locate(m_window, m_base, offset, line, column);
    m_error_offset = offset;
    return Unexpected{Error{std::move(message), m_state.files[m_file], line, column, {}, code}};
  }
  // An error at `offset` after the elements batched so far are parsed (an error in one of
  // them comes first).
  Unexpected fail(std::uint64_t offset, const char* code, std::string message);
  // The '}' at m_pos closes a top-level object: an image unless it is a page.
  Result<void> close_top_object();
  // The ']' at m_pos closes the open array.
  void close_array();
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
  LineCounter m_lines;

  Mode m_mode = Mode::top;
  bool m_top_array = false;  // the open array is a top-level array (else imageDetails)
  bool m_is_page = false;    // the open top-level object has an imageDetails field
  bool m_key_is_details = false;
  bool m_key_is_token = false;        // nextToken (the API's) or NextToken (the AWS CLI's)
  std::optional<Loc> m_object_token;  // the open top-level object's non-empty token
  std::uint64_t m_object_start = 0;
  std::uint64_t m_pos = 0;
  std::uint64_t m_error_offset = 0;

  std::string_view m_window;
  std::uint64_t m_base = 0;
  std::size_t m_tail_padding = 0;
  std::unique_ptr<ParseTask> m_current;                // being filled
  std::deque<std::unique_ptr<ParseTask>> m_in_flight;  // submitted, merged in this order
  std::vector<std::unique_ptr<ParseTask>> m_spare;     // merged, ready for reuse
};

}  // namespace ecrlc::detail
