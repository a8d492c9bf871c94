// What every command gets and returns: its streams, its exit status, the one function that
// prints its errors, and the outcome of a loader that may already have printed a failure.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ecrlc/result.hpp"

namespace ecrlc::io {

// Exit statuses of cli.md. Nothing else ever leaves the process.
enum class ExitCode : int { success = 0, invalid_policy = 1, cannot_run = 2 };

// A command's streams, and where its callback stores its exit status.
struct CommandContext {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  ExitCode exit_code = ExitCode::success;
  // True when stderr is a terminal (progress display); false in tests and pipes.
  bool err_is_terminal = false;
  // The columns of the terminal `out` writes to (io/terminal_width.hpp); 0 when it is not one
  // (files, pipes, tests): tables are then laid out as they always were.
  std::size_t out_terminal_columns = 0;
  // The option that reads standard input ("-"), once it has: no other may.
  std::string stdin_option = {};
};

// Prints "ecr-lifecycle COMMAND: error: MESSAGE" and returns cannot_run.
ExitCode fail(CommandContext& context, std::string_view command, std::string_view message);

// Standard input is one stream: the first option that reads it ("-") takes it, and any other
// is refused, "-: --images cannot read standard input: --policy reads it" (exit 2), rather
// than reading what is left of it (nothing).
Result<void> claim_standard_input(std::string_view option, CommandContext& context);

// A loader's value, or the exit status of the failure it has printed.
template <typename T>
class Outcome {
 public:
  Outcome(T value) : m_value(std::move(value)) {}    // NOLINT(google-explicit-constructor)
  Outcome(ExitCode failure) : m_failure(failure) {}  // NOLINT(google-explicit-constructor)

  explicit operator bool() const { return m_value.has_value(); }
  T& operator*() { return *m_value; }
  const T& operator*() const { return *m_value; }
  T* operator->() { return &*m_value; }
  const T* operator->() const { return &*m_value; }
  // success when there is a value; the worse status wins when combined with std::max.
  ExitCode failure() const { return m_failure; }

 private:
  std::optional<T> m_value;
  ExitCode m_failure = ExitCode::success;
};

}  // namespace ecrlc::io
