// Output files of the commands.
#include "io.hpp"

#include <unistd.h>

#include <cerrno>
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

}  // namespace ecrlc::cli
