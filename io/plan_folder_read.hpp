// What apply reads of a plan folder: every file checked against checksums.sha256 (a folder
// that is incomplete, edited, or holds files plan did not write is refused), plan.json, and
// the journal of earlier runs.
#pragma once

#include <string>

#include "ecrlc/apply_journal.hpp"
#include "ecrlc/plan_record.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc::io {

struct PlanFolder {
  PlanRecord record;
  JournalState journal;  // empty when no run has journaled yet
};

// Reads and checks PLAN_DIR. Fails with a message naming the file: "PLAN_DIR/plan.json: does
// not match checksums.sha256 (changed since plan wrote it)", "...: not written by plan", ...
Result<PlanFolder> read_plan_folder(const std::string& plan_dir);

}  // namespace ecrlc::io
