// glibc malloc settings for the subcommands that hold a whole inventory in memory.
#pragma once

namespace ecrlc::io {

// For preview, plan, diff and explain (argv[1]); does nothing for the other subcommands and
// outside glibc on Linux:
// - mallopt: allocations below 32 MiB come from the heap, and up to 256 MiB of freed memory
//   at its top is kept (grown 16 MiB at a time), so memory freed between stages is reused
//   instead of being unmapped and page-faulted in, zeroed, once more;
// - when the kernel gives transparent huge pages only on request ("madvise", Debian's
//   default) and GLIBC_TUNABLES is unset, runs this program again (execv of /proc/self/exe,
//   same arguments and file descriptors) with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, so that
//   malloc asks for 2 MiB pages. If the exec fails, the program goes on with 4 KiB pages.
void tune_memory_for_inventories(int argc, char** argv);

}  // namespace ecrlc::io
