// apply's requests: batch-delete-image (at most 100 ids per request and repository) and
// update-image-storage-class (one image per call), run through the AWS CLI with `jobs`
// processes at a time, each journaled before it is sent and its response after, the outcome
// recorded on the decision's items (the requests themselves: ecrlc/apply_requests.hpp).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "ecrlc/apply.hpp"
#include "io/apply_journal.hpp"
#include "io/aws_cli.hpp"

namespace ecrlc::io {

struct RequestRunOptions {
  unsigned jobs = 8;
  std::uint64_t first_step = 1;  // after the journal's last step
  bool progress = false;         // "[k/N] ..." lines on `progress_out` (a terminal)
};

struct RequestRunResult {
  std::size_t requests = 0;     // sent
  bool journal_failed = false;  // a journal write failed: the run stopped sending
  std::string journal_error;
};

// Sends the requests of every `act` item still pending of `decision` and records each item's
// result.
RequestRunResult run_requests(ApplyDecision& decision, const AwsCli& cli, JournalFile& journal,
                              const RequestRunOptions& options, std::ostream& progress_out);

// Whether `cli` knows update-image-storage-class: empty when it does, else why not ("AWS CLI
// aws-cli/2.9.19 has no update-image-storage-class"). Sends nothing to AWS: the operation is
// called without its required arguments, which the CLI itself rejects.
std::string check_storage_class_support(const AwsCli& cli);

}  // namespace ecrlc::io
