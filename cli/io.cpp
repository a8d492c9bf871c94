// Output files of the commands, and `--now`.
#include "io.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <system_error>

namespace ecrlc::cli {

Result<void> write_output(const std::string& path, std::ostream& out,
                          const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(out);
    out.flush();
    return {};
  }
  std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) {
      return unexpected(path + ": cannot write: " + std::strerror(errno));
    }
    write(file);
    file.flush();
    if (!file) {
      std::remove(temporary.c_str());
      return unexpected(path + ": cannot write: " + std::strerror(errno));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    return unexpected(path + ": cannot write: " + reason);
  }
  return {};
}

Result<Micros> resolve_now(const std::string& now_option) {
  if (!now_option.empty()) {
    auto parsed = parse_time_argument(now_option);
    if (!parsed) {
      return unexpected("--now: " + parsed.error().message);
    }
    return *parsed;
  }
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<Micros>(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

}  // namespace ecrlc::cli
