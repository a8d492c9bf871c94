// Why: a million-image preview allocates and frees about a gigabyte, and on a virtual
// machine the page faults cost half of the run: 132,000 faults, 4.2 s CPU with the defaults;
// 1,250 faults, 2.2 s with these settings (docs/benchmarks.md, "Memory and page faults").
// glibc reads GLIBC_TUNABLES only at startup, hence the new exec for huge pages.
#include "io/memory_tuning.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace ecrlc::io {
namespace {

bool reads_inventories(std::string_view subcommand) {
  return subcommand == "preview" || subcommand == "plan" || subcommand == "diff" ||
         subcommand == "explain";
}

bool huge_pages_on_request_only() {
  std::ifstream setting("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  return std::getline(setting, line) && line.find("[madvise]") != std::string::npos;
}

}  // namespace

void tune_memory_for_inventories(int argc, char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (argc < 2 || !reads_inventories(argv[1])) {
    return;
  }
  constexpr int k_mib = 1 << 20;
  ::mallopt(M_MMAP_THRESHOLD, 32 * k_mib);  // glibc's maximum on 64-bit systems
  ::mallopt(M_TRIM_THRESHOLD, 256 * k_mib);
  ::mallopt(M_TOP_PAD, 16 * k_mib);
  // One malloc arena for every thread: with one arena per thread, the records the reading
  // thread allocated and the finishing threads freed could not serve the other threads'
  // allocations, and a 2-thread run of 74,000 repositories peaked 90 MB higher (515 MB
  // against 425 MB). The threads allocate in large pieces, so the shared lock costs nothing
  // measurable.
  ::mallopt(M_ARENA_MAX, 1);
  if (std::getenv("GLIBC_TUNABLES") != nullptr || !huge_pages_on_request_only() ||
      ::setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) {
    return;
  }
  ::execv("/proc/self/exe", argv);
  ::unsetenv("GLIBC_TUNABLES");  // the exec failed (no /proc): go on with 4 KiB pages
#else
  (void)argc;
  (void)argv;
#endif
}

}  // namespace ecrlc::io
