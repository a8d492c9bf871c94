// Read progress: a thread polls the file offset, so the reader needs no callback.
#include "io/read_progress.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <utility>

namespace ecrlc::io {

ReadProgress::ReadProgress(std::ostream& err, bool enabled, std::string name, int fd)
    : m_err(err), m_name(std::move(name)), m_fd(fd) {
  constexpr std::uint64_t k_min_size = 64ULL << 20;
  struct stat info {};
  if (!enabled || ::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) ||
      static_cast<std::uint64_t>(info.st_size) < k_min_size) {
    return;
  }
  m_size = static_cast<std::uint64_t>(info.st_size);
  m_thread = std::thread([this] {
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, std::chrono::milliseconds(500), [this] { return m_stop; })) {
      off_t offset = ::lseek(m_fd, 0, SEEK_CUR);
      if (offset >= 0) {
        show(static_cast<std::uint64_t>(offset));
      }
    }
  });
}

ReadProgress::~ReadProgress() {
  if (!m_thread.joinable()) {
    return;
  }
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_thread.join();
  if (m_shown) {
    m_err << "\r\033[K" << std::flush;  // erase the progress line
  }
}

void ReadProgress::show(std::uint64_t done) {
  constexpr std::uint64_t k_mb = 1ULL << 20;
  m_err << "\rreading " << m_name << ": " << done / k_mb << " / " << m_size / k_mb << " MiB ("
        << (m_size == 0 ? 100 : done * 100 / m_size) << "%)" << std::flush;
  m_shown = true;
}

}  // namespace ecrlc::io
