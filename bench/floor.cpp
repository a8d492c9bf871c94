// The floor: maps an inventory and walks it with simdjson On-Demand, touching only the fields
// preview needs (repositoryName, imageDigest, imageTags, imagePushedAt). Nothing real can read
// an inventory faster, so end-to-end timings are reported as a ratio to this.
//
// Usage: ecrlc_floor FILE [--ndjson|--json]
//   A describe-images document ({"imageDetails": [...]}) or NDJSON (one imageDetail a line);
//   without a flag the format is detected from the first key. Prints the images counted and
//   the elapsed time; exits 1 on a parse error, 2 on bad usage or an unreadable file.
#include <fcntl.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace {

// A read-only view of the file followed by at least SIMDJSON_PADDING readable bytes: the file
// is mapped over a larger anonymous mapping, so the bytes past its end are zero pages rather
// than a SIGBUS.
class MappedFile {
 public:
  bool open(const char* path) {
    int fd = ::open(path, O_RDONLY);
    if (fd < 0) {
      return false;
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      ::close(fd);
      return false;
    }
    m_size = static_cast<std::size_t>(info.st_size);
    m_mapped = m_size + simdjson::SIMDJSON_PADDING;
    void* region = ::mmap(nullptr, m_mapped, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) {
      ::close(fd);
      return false;
    }
    if (m_size > 0 && ::mmap(region, m_size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd,
                             0) == MAP_FAILED) {
      ::munmap(region, m_mapped);
      ::close(fd);
      return false;
    }
    ::close(fd);
    m_data = static_cast<const char*>(region);
    return true;
  }
  ~MappedFile() {
    if (m_data != nullptr) {
      ::munmap(const_cast<char*>(m_data), m_mapped);
    }
  }
  simdjson::padded_string_view view() const {
    return simdjson::padded_string_view(m_data, m_size, m_mapped);
  }
  std::string_view text() const { return {m_data, m_size}; }

 private:
  const char* m_data = nullptr;
  std::size_t m_size = 0;
  std::size_t m_mapped = 0;
};

// What touching the fields produced; printed so the compiler cannot drop the work.
struct Tally {
  std::uint64_t images = 0;
  std::uint64_t tags = 0;
  std::uint64_t bytes = 0;
};

// simdjson 3.0.1's single header builds On-Demand only for the implementation the compiler
// flags allow (without them, the portable fallback); bench/CMakeLists.txt compiles this file
// with the Haswell flags when the build machine has AVX2, so the floor is the fast kernel.
namespace ondemand = simdjson::ondemand;
#include "floor_walk.inc"

// A describe-images document starts `{"imageDetails"`; an NDJSON record starts with another
// key.
bool looks_like_document(std::string_view text) {
  auto at = text.find_first_not_of(" \t\r\n");
  if (at == std::string_view::npos || text[at] != '{') {
    return false;
  }
  at = text.find_first_not_of(" \t\r\n", at + 1);
  return at != std::string_view::npos && text.substr(at).starts_with("\"imageDetails\"");
}

}  // namespace

// The On-Demand kernel this file was compiled with (simdjson::builtin_implementation() names the
// shared library's, which was compiled without these flags).
constexpr const char* k_kernel =
#if SIMDJSON_CAN_ALWAYS_RUN_ICELAKE
    "icelake";
#elif SIMDJSON_CAN_ALWAYS_RUN_HASWELL
    "haswell";
#elif SIMDJSON_CAN_ALWAYS_RUN_WESTMERE
    "westmere";
#else
    "fallback";
#endif

int main(int argc, char** argv) {
  const char* path = nullptr;
  int mode = 0;  // 0 detect, 1 document, 2 ndjson
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--json") {
      mode = 1;
    } else if (arg == "--ndjson") {
      mode = 2;
    } else if (path == nullptr && !arg.starts_with("--")) {
      path = argv[i];
    } else {
      std::fprintf(stderr, "usage: ecrlc_floor FILE [--json|--ndjson]\n");
      return 2;
    }
  }
  if (path == nullptr) {
    std::fprintf(stderr, "usage: ecrlc_floor FILE [--json|--ndjson]\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  MappedFile file;
  if (!file.open(path)) {
    std::fprintf(stderr, "ecrlc_floor: %s: cannot read: %s\n", path, std::strerror(errno));
    return 2;
  }
  if (mode == 0) {
    mode = looks_like_document(file.text()) ? 1 : 2;
  }
  Tally tally;
  auto error = mode == 1 ? walk_document(file, tally) : walk_ndjson(file, tally);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (error) {
    std::fprintf(stderr, "ecrlc_floor: %s: %s\n", path, simdjson::error_message(error));
    return 1;
  }
  std::printf(
      "images %llu tags %llu bytes_touched %llu format %s kernel %s size_bytes %zu seconds "
      "%.3f\n",
      static_cast<unsigned long long>(tally.images), static_cast<unsigned long long>(tally.tags),
      static_cast<unsigned long long>(tally.bytes), mode == 1 ? "json" : "ndjson", k_kernel,
      file.text().size(), seconds);
  return 0;
}
