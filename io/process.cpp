// run_process: posix_spawnp with two pipes read through poll(), so that a program that fills
// one pipe while the tool waits on the other cannot deadlock.
#include "io/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "io/errno_text.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX gives no header

namespace ecrlc::io {
namespace {

// Closes its descriptors however the run ends.
struct Pipe {
  std::array<int, 2> fds{-1, -1};
  Pipe() = default;
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    close_read();
    close_write();
  }
  bool open() { return ::pipe2(fds.data(), O_CLOEXEC) == 0; }
  void close_read() {
    if (fds[0] >= 0) {
      ::close(fds[0]);
      fds[0] = -1;
    }
  }
  void close_write() {
    if (fds[1] >= 0) {
      ::close(fds[1]);
      fds[1] = -1;
    }
  }
};

std::string variable_name(std::string_view entry) {
  return std::string(entry.substr(0, entry.find('=')));
}

// The current environment with `overrides` replacing or adding variables.
std::vector<std::string> merged_environment(const std::vector<std::string>& overrides) {
  std::vector<std::string> merged;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string name = variable_name(*entry);
    bool replaced = false;
    for (const std::string& override_entry : overrides) {
      replaced = replaced || variable_name(override_entry) == name;
    }
    if (!replaced) {
      merged.emplace_back(*entry);
    }
  }
  merged.insert(merged.end(), overrides.begin(), overrides.end());
  return merged;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (std::string& s : strings) {
    result.push_back(s.data());
  }
  result.push_back(nullptr);
  return result;
}

// Reads both pipes to their end.
void drain(Pipe& out_pipe, Pipe& err_pipe, ProcessResult& result) {
  std::array<pollfd, 2> polled{pollfd{out_pipe.fds[0], POLLIN, 0},
                               pollfd{err_pipe.fds[0], POLLIN, 0}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  std::array<char, 65536> buffer{};
  int open_count = 2;
  while (open_count > 0) {
    if (::poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (std::size_t i = 0; i < polled.size(); ++i) {
      if (polled[i].fd < 0 || polled[i].revents == 0) {
        continue;
      }
      const ssize_t got = ::read(polled[i].fd, buffer.data(), buffer.size());
      if (got > 0) {
        sinks[i]->append(buffer.data(), static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        polled[i].fd = -1;
        --open_count;
      }
    }
  }
}

}  // namespace

Result<ProcessResult> run_process(const std::vector<std::string>& argv,
                                  const std::vector<std::string>& environment) {
  if (argv.empty()) {
    return unexpected("cannot run a program: no program given");
  }
  Pipe out_pipe;
  Pipe err_pipe;
  if (!out_pipe.open() || !err_pipe.open()) {
    return unexpected("cannot run " + argv[0] + ": " + errno_text());
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.fds[1], 2);
  std::vector<std::string> arguments = argv;
  std::vector<std::string> variables = merged_environment(environment);
  std::vector<char*> argument_pointers = pointers(arguments);
  std::vector<char*> variable_pointers = pointers(variables);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr,
                                     argument_pointers.data(), variable_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return unexpected("cannot run " + argv[0] + ": " + errno_text(spawned));
  }
  out_pipe.close_write();
  err_pipe.close_write();
  ProcessResult result;
  drain(out_pipe, err_pipe, result);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return unexpected("cannot run " + argv[0] + ": " + errno_text());
    }
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace ecrlc::io
