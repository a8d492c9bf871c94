// What SIGTERM and SIGINT clean up (io/signals.cpp): the temporary file or folder
// that an output write has under way. Used by the writers of io/.
#pragma once

#include <string>

namespace ecrlc::io::signals {

// A temporary file is being written: a signal unlinks it (async-signal-safe) and exits 2.
void begin_temporary_file(const std::string& path);

// A plan folder is being written: a signal only records itself; the writer polls
// interrupted() between files, removes its temporary folder and lock, and fails.
void begin_folder_write();

// The signal received during begin_folder_write, or 0.
int interrupted();

// Nothing is being written any more: a signal exits 2 at once.
void end_write();

}  // namespace ecrlc::io::signals

namespace ecrlc::io {

// For main(): SIGPIPE is ignored (a closed pipe is EPIPE, reported by the writers), and
// SIGTERM/SIGINT remove the temporary file or folder being written, then exit 2.
void install_signal_handling();

// For main(): a closed standard descriptor (0, 1, 2) is reserved on /dev/null opened in the
// wrong direction, so that no file is opened as "standard output" and writes to it fail.
void reserve_standard_descriptors();

}  // namespace ecrlc::io
