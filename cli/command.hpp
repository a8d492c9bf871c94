// What a command returns: its exit status, the one function that prints its errors, and the
// outcome of a loader that may already have printed a failure.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

namespace ecrlc::cli {

struct CommandContext;

// Exit statuses of cli.md. Nothing else ever leaves the process.
enum class ExitCode : int { success = 0, invalid_policy = 1, cannot_run = 2 };

// Prints "ecr-lifecycle COMMAND: error: MESSAGE" and returns cannot_run.
ExitCode fail(CommandContext& context, std::string_view command, std::string_view message);

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

}  // namespace ecrlc::cli
