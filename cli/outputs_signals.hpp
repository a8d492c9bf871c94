// What SIGTERM and SIGINT clean up (cli/outputs_signals.cpp): the temporary file or folder
// that an output write has under way. Internal to the outputs of cli/.
#pragma once

#include <string>

namespace ecrlc::cli::signals {

// A temporary file is being written: a signal unlinks it (async-signal-safe) and exits 2.
void begin_temporary_file(const std::string& path);

// A plan folder is being written: a signal only records itself; the writer polls
// interrupted() between files, removes its temporary folder and lock, and fails.
void begin_folder_write();

// The signal received during begin_folder_write, or 0.
int interrupted();

// Nothing is being written any more: a signal exits 2 at once.
void end_write();

}  // namespace ecrlc::cli::signals
