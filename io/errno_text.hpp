// The words for an errno value, as every io message ends ("cannot write: No space left on device").
#pragma once

#include <cerrno>
#include <cstring>
#include <string>

namespace ecrlc::io {

// std::strerror's text for ERROR (by default the current errno), copied before anything else
// can change errno or the buffer strerror may reuse.
inline std::string errno_text(int error = errno) { return std::strerror(error); }

}  // namespace ecrlc::io
