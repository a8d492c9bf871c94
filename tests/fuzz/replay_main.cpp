// A main() for the fuzz entry points in a normal (g++, no libFuzzer) build: runs
// LLVMFuzzerTestOneInput over every file given, directories read recursively in name order,
// so that every input a fuzzer ever found is replayed by ctest everywhere.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> collect(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(root)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(root);
  }
  return files;
}

}  // namespace

// Usage: REPLAY PATH...; exits 0 when every input ran, 2 when a path cannot be read. A broken
// invariant aborts (and names the check) as it does under libFuzzer.
int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    if (!std::filesystem::exists(argv[i], ec)) {
      std::cerr << argv[i] << ": error: no such file or directory\n";
      return 2;
    }
    for (const auto& path : collect(argv[i])) {
      std::ifstream in(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in.good() && !in.eof()) {
        std::cerr << path.string() << ": error: cannot read\n";
        return 2;
      }
      std::cerr << "replay: " << path.string() << "\n";
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++count;
    }
  }
  std::cout << "replayed " << count << " inputs\n";
  return 0;
}
