// StringSource and read_all.
#include "ecrlc/byte_source.hpp"

#include <algorithm>
#include <cstring>

#include "base/text.hpp"

namespace ecrlc {

Result<std::size_t> StringSource::read(std::span<char> buffer) {
  const std::size_t n = std::min({buffer.size(), m_text.size(), m_max_read});
  std::memcpy(buffer.data(), m_text.data(), n);
  m_text.remove_prefix(n);
  return n;
}

std::optional<std::string_view> StringSource::in_memory() const {
  if (m_max_read != std::numeric_limits<std::size_t>::max()) {
    return std::nullopt;
  }
  return m_text;
}

namespace {

Unexpected too_long(std::size_t max_bytes, std::string_view what) {
  return unexpected("expected " + std::string(what) + " of at most " +
                    detail::describe_byte_limit(max_bytes) + ", got more");
}

}  // namespace

Result<std::string> read_all(ByteSource& source, std::size_t max_bytes, std::string_view what) {
  if (std::optional<std::string_view> whole = source.in_memory()) {
    if (whole->size() > max_bytes) {
      return too_long(max_bytes, what);
    }
    return std::string(*whole);
  }
  // A regular file says its size: one too large is refused unread.
  std::optional<std::uint64_t> hint = source.size_hint();
  if (hint && *hint > max_bytes) {
    return too_long(max_bytes, what);
  }
  // Sized to the input when its size is known (+1: the end is seen without growing); the
  // reads never ask for more than max_bytes + 1 in all, so an endless input costs at most
  // that much memory.
  const std::size_t cap =
      max_bytes == std::numeric_limits<std::size_t>::max() ? max_bytes : max_bytes + 1;
  std::size_t size = std::min(std::size_t{64} * 1024, cap);
  if (hint) {
    size = static_cast<std::size_t>(*hint) + 1;
  }
  std::string text(size, '\0');
  std::size_t filled = 0;
  for (;;) {
    if (filled == text.size()) {
      text.resize(std::min(text.size() <= cap / 2 ? text.size() * 2 : cap, cap));
    }
    Result<std::size_t> n =
        source.read(std::span<char>(text.data() + filled, text.size() - filled));
    if (!n) {
      return Unexpected{n.error()};
    }
    if (*n == 0) {
      text.resize(filled);
      return text;
    }
    filled += *n;
    if (filled > max_bytes) {
      return too_long(max_bytes, what);
    }
  }
}

}  // namespace ecrlc
