// Arena: memory with stable addresses for text and small arrays, freed all at once. Public
// because an Inventory owns the one its records point into.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ecrlc {

class Arena {
 public:
  Arena() = default;
  // Blocks start at `first_block` bytes (default 64 KiB) and double up to 4 MiB: a small
  // first block for the many arenas that hold a few bytes each (one per repository).
  explicit Arena(std::size_t first_block) : m_first_block(first_block) {}
  Arena(Arena&&) noexcept = default;
  Arena& operator=(Arena&&) noexcept = default;

  std::string_view store(std::string_view text);
  std::span<std::string_view> allocate_views(std::size_t count);
  // `count` value-initialised T (never destroyed: T must be trivially destructible).
  template <typename T>
  std::span<T> allocate_array(std::size_t count) {
    static_assert(std::is_trivially_destructible_v<T>);
    if (count == 0) {
      return {};
    }
    auto* items = static_cast<T*>(allocate(count * sizeof(T), alignof(T)));
    std::uninitialized_value_construct_n(items, count);
    return {items, count};
  }
  // Takes over another arena's blocks (for readers that parse in parallel).
  void absorb(Arena&& other);
  std::size_t bytes_reserved() const { return m_reserved; }

 private:
  void* allocate(std::size_t size, std::size_t align);

  // Raw storage of run-time size: std::array cannot hold it, std::vector would zero it.
  using Block = std::unique_ptr<std::byte[]>;  // NOLINT(modernize-avoid-c-arrays)

  std::vector<Block> m_blocks;
  std::byte* m_cursor = nullptr;
  std::size_t m_left = 0;
  std::size_t m_reserved = 0;
  std::size_t m_first_block = std::size_t{64} * 1024;
};

}  // namespace ecrlc
