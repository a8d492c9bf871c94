// The journal file of `apply` (PLAN_DIR/applied/journal.ndjson), appended one line at a time,
// each line on disk (fsync) before append returns: a request is journaled before it is sent
// and its response before the next step, so an interrupted run resumes from what it says.
// The lines are the engine's (output.hpp journal_line); the caller holds io::FolderLock.
#pragma once

#include <string>
#include <string_view>

#include "ecrlc/result.hpp"

namespace ecrlc::io {

class JournalFile {
 public:
  // Creates PLAN_DIR/applied/ and the journal when absent (both made durable), and opens the
  // journal for appending. Fails with "PATH: REASON".
  static Result<JournalFile> open(const std::string& plan_dir);
  JournalFile(JournalFile&& other) noexcept;
  JournalFile& operator=(JournalFile&&) = delete;
  JournalFile(const JournalFile&) = delete;
  JournalFile& operator=(const JournalFile&) = delete;
  ~JournalFile();

  // Writes `line` whole and fsyncs the file. Not thread-safe: callers serialize.
  Result<void> append(std::string_view line);

  const std::string& path() const { return m_path; }

 private:
  JournalFile(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
  std::string m_path;
  int m_fd = -1;
};

// PLAN_DIR/applied/journal.ndjson.
std::string journal_path(const std::string& plan_dir);

}  // namespace ecrlc::io
