// apply's requests as values: the batch-delete-image (at most 100 ids per request and
// repository) and update-image-storage-class (one image per call) requests of a decision, the
// AWS CLI arguments of each, and the recording of their responses on the decision's items.
// Sending them is io/apply_requests.hpp.
#pragma once

#include <string>
#include <vector>

#include "ecrlc/apply.hpp"
#include "ecrlc/apply_journal.hpp"

namespace ecrlc {

// One request: what the journal records, and the items whose outcome its response decides.
struct ApplyRequest {
  JournalRequest journal;
  std::vector<ApplyItem*> items;  // into the decision the request was made of
};

// The requests of every `act` item still pending of `decision`: per repository, its
// deletions in batches of k_batch_delete_limit, then its transitions one by one.
std::vector<ApplyRequest> apply_requests(ApplyDecision& decision);

// The AWS CLI arguments of `request` (after `ecr OPERATION`).
std::vector<std::string> request_arguments(const JournalRequest& request);

// BatchDeleteImage lists every id it did not delete in `failures`; an id of `request` in
// neither list was deleted, and is added to response.done (moto 5.2.1 lists only the tags of
// what it deletes, so untagged images are in neither).
void complete_batch_delete(const JournalRequest& request, JournalResponse& response);

// Records `response` on the items of `request`: done, not_found, or failed with a reason.
void record_response(const JournalResponse& response, const ApplyRequest& request);

// Marks every transition of `decision` failed (code UnsupportedByAwsCli, `reason`), unsent.
void fail_transitions(ApplyDecision& decision, const std::string& reason);

// Marks every pending `act` item dry_run (apply --dry-run sends nothing).
void mark_dry_run(ApplyDecision& decision);

// Whether every `act` item is done or was found gone.
bool all_done(const ApplyDecision& decision);

}  // namespace ecrlc
