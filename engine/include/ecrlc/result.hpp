// Result<T>: a value or an Error, spelled like std::expected so it can become an alias later.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace ecrlc {

// What a diagnostic shows of its source line: the line when it has at most 120 bytes, else a
// window of 120 bytes around the column (SourceMap's excerpt_line), cut at UTF-8 boundaries.
// Readers take it while the line is in memory, so that nothing reads an input twice.
struct SourceExcerpt {
  std::string text;         // raw bytes of the line (or of the window), control bytes included
  std::size_t caret = 0;    // byte offset in `text` of the column
  bool cut_before = false;  // the line starts before `text`
  bool cut_after = false;   // the line goes on after `text`

  friend bool operator==(const SourceExcerpt&, const SourceExcerpt&) = default;
};

// A failure that stops an operation: a message, and where it happened when known.
struct Error {
  std::string message;
  std::string file;      // empty when not about a file
  std::size_t line = 0;  // 1-based; 0 when unknown
  std::size_t column = 0;
  // The source line at line:column, when the reader that failed had it.
  std::optional<SourceExcerpt> source = std::nullopt;
  // A stable code (docs/diagnostics.md) when the failure has one, as an inventory error.
  std::string code = {};
};

// Wraps an Error so that Result<T>'s constructor can tell it from a T.
struct Unexpected {
  Error error;
};

inline Unexpected unexpected(Error e) { return Unexpected{std::move(e)}; }
inline Unexpected unexpected(std::string message) {
  return Unexpected{Error{std::move(message), {}, 0, 0}};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Unexpected u) : m_state(std::move(u.error)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<T>(m_state);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<T>(m_state);
  }
  T&& value() && {
    assert(has_value());
    return std::get<T>(std::move(m_state));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!has_value());
    return std::get<Error>(m_state);
  }

 private:
  std::variant<T, Error> m_state;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : m_error(std::move(u.error)), m_failed(true) {}  // NOLINT

  bool has_value() const { return !m_failed; }
  explicit operator bool() const { return has_value(); }
  const Error& error() const {
    assert(m_failed);
    return m_error;
  }

 private:
  Error m_error;
  bool m_failed = false;
};

}  // namespace ecrlc

// Propagates the error of a Result-returning expression; the only macro of the engine.
#define ECRLC_TRY(expr)                                     \
  do {                                                      \
    auto ecrlc_try_result = (expr);                         \
    if (!ecrlc_try_result) {                                \
      return ::ecrlc::Unexpected{ecrlc_try_result.error()}; \
    }                                                       \
  } while (false)
