// StringSource and read_all.
#include "ecrlc/byte_source.hpp"

#include <algorithm>
#include <cstring>

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

Result<std::string> read_all(ByteSource& source, std::size_t max_bytes) {
  if (std::optional<std::string_view> whole = source.in_memory()) {
    if (whole->size() > max_bytes) {
      return unexpected("expected at most " + std::to_string(max_bytes) + " bytes, got more");
    }
    return std::string(*whole);
  }
  // Sized to the input when its size is known (+1: the end is seen without growing).
  std::optional<std::uint64_t> hint = source.size_hint();
  std::size_t size = std::size_t{64} * 1024;
  if (hint && *hint < max_bytes) {
    size = static_cast<std::size_t>(*hint) + 1;
  }
  std::string text(size, '\0');
  std::size_t filled = 0;
  for (;;) {
    if (filled == text.size()) {
      text.resize(text.size() * 2);
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
      return unexpected("expected at most " + std::to_string(max_bytes) + " bytes, got more");
    }
  }
}

}  // namespace ecrlc
