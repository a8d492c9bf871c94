// Progress of a long file read on stderr, for terminals only.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace ecrlc::io {

// While alive, shows "\rreading NAME: 297 / 616 MiB (48%)" about twice a second, taken from
// the file offset of `fd` (the reader advances it), and erases the line when destroyed.
// Does nothing unless `enabled` (CommandContext::err_is_terminal) and `fd` is a regular file
// of at least 64 MB: short reads need no progress and pipes have no size. Writes to `err`
// only from its own thread while alive.
class ReadProgress {
 public:
  ReadProgress(std::ostream& err, bool enabled, std::string name, int fd);
  ~ReadProgress();
  ReadProgress(const ReadProgress&) = delete;
  ReadProgress& operator=(const ReadProgress&) = delete;

 private:
  void show(std::uint64_t done);

  std::ostream& m_err;
  std::string m_name;
  int m_fd = -1;
  std::uint64_t m_size = 0;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  bool m_shown = false;
  std::thread m_thread;
};

}  // namespace ecrlc::io
