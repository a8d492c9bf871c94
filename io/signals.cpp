// Signals: SIGPIPE never ends the tool, SIGTERM and SIGINT remove what an output write has
// under way and exit 2 (never death by the signal, which callers could not tell from a crash).
#include "io/signals.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>

namespace ecrlc::io {
namespace {

enum class Writing : int { nothing = 0, file = 1, folder = 2 };

// Read by the handler: plain buffers written before `g_writing` announces them.
std::atomic<int> g_writing{static_cast<int>(Writing::nothing)};
std::atomic<int> g_interrupted{0};
std::array<char, 4096> g_temporary_file{};

static_assert(std::atomic<int>::is_always_lock_free, "the signal handler reads these");

void say(const char* text) {
  // write(2) is async-signal-safe; a failure has nowhere to go.
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  static_cast<void>(ignored);
}

extern "C" void on_interrupt(int signal_number) {
  const auto writing = static_cast<Writing>(g_writing.load());
  if (writing == Writing::folder) {
    g_interrupted.store(signal_number);  // the writer cleans up between files
    return;
  }
  if (writing == Writing::file) {
    ::unlink(g_temporary_file.data());
  }
  say(signal_number == SIGINT ? "ecr-lifecycle: interrupted (SIGINT)\n"
                              : "ecr-lifecycle: terminated (SIGTERM)\n");
  ::_exit(2);
}

}  // namespace

namespace signals {

void begin_temporary_file(const std::string& path) {
  if (path.size() < g_temporary_file.size()) {
    std::memcpy(g_temporary_file.data(), path.c_str(), path.size() + 1);
    g_writing.store(static_cast<int>(Writing::file));
  }
}

void begin_folder_write() { g_writing.store(static_cast<int>(Writing::folder)); }

int interrupted() { return g_interrupted.load(); }

void end_write() { g_writing.store(static_cast<int>(Writing::nothing)); }

}  // namespace signals

void install_signal_handling() {
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // writes and reads resume; the writer polls the flag
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

void reserve_standard_descriptors() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      // open() takes the lowest free descriptor, which is `fd`: reads of a closed stdin and
      // writes to a closed stdout fail (EBADF) instead of reaching a file opened later.
      ::open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
    }
  }
}

}  // namespace ecrlc::io
