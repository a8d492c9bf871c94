// ByteSource: where the engine's readers get their bytes. The engine never opens a file: the
// caller hands it a source (cli/ has one over a file descriptor; StringSource is in memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ecrlc/result.hpp"

namespace ecrlc {

// A sequential input, read once from start to end (LevelDB's SequentialFile).
class ByteSource {
 public:
  ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;
  virtual ~ByteSource() = default;

  // Reads up to buffer.size() bytes into `buffer` and returns how many; 0 means end of input
  // (never returned for an empty buffer before the end). A failure is an Error whose message
  // says why, without the input's name.
  virtual Result<std::size_t> read(std::span<char> buffer) = 0;

  // Bytes left when known in advance (a regular file), so that a reader can size its buffer
  // to a small input; nullopt when unknown (a pipe).
  virtual std::optional<std::uint64_t> size_hint() const { return std::nullopt; }

  // The rest of the input at once when it is already in memory, so that a reader can use it
  // in place instead of copying it into a buffer; nullopt otherwise. Does not consume it: a
  // reader that takes the view reads nothing else.
  virtual std::optional<std::string_view> in_memory() const { return std::nullopt; }
};

// An input held in memory (the text must outlive the source). `max_read` caps the bytes of
// one read() and turns off in_memory(), so that tests can feed a reader a byte at a time.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string_view text,
                        std::size_t max_read = std::numeric_limits<std::size_t>::max())
      : m_text(text), m_max_read(max_read) {}

  Result<std::size_t> read(std::span<char> buffer) override;
  std::optional<std::uint64_t> size_hint() const override { return m_text.size(); }
  std::optional<std::string_view> in_memory() const override;

 private:
  std::string_view m_text;
  std::size_t m_max_read;
};

// Reads a source to its end into one string. Fails with the source's Error or, as soon as
// the input goes past `max_bytes` (never reading more than one byte beyond it), with
// "expected WHAT of at most 1 MiB (1048576 bytes), got more": a policy reader that stops
// there never holds an endless input (`yes |`, /dev/zero, a FIFO) in memory.
Result<std::string> read_all(ByteSource& source,
                             std::size_t max_bytes = std::numeric_limits<std::size_t>::max(),
                             std::string_view what = "an input");

}  // namespace ecrlc
