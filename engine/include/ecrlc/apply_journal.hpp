// apply's journal (PLAN_DIR/applied/journal.ndjson): one line per request before it is sent,
// one per response after, a last line when the plan is complete. The CLI writes each line
// durably before the next step (io/apply_journal.hpp); these are the lines' model, the
// parser of a journal, and the parser of the AWS responses whose outcome they record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/apply.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/result.hpp"

namespace ecrlc {

enum class ApplyOperation : std::uint8_t { batch_delete_image, update_image_storage_class };
std::string_view to_api(ApplyOperation operation);  // "batch-delete-image", ...

// One image a response reports as not done, as the AWS API words it.
struct ImageFailure {
  Digest digest;
  std::string code;    // failureCode: ImageNotFound, ImageReferencedByManifestList, ...
  std::string reason;  // failureReason

  friend bool operator==(const ImageFailure&, const ImageFailure&) = default;
};

struct JournalRequest {
  std::uint64_t step = 0;  // 1, 2, ... over every run of the plan
  ApplyOperation operation = ApplyOperation::batch_delete_image;
  std::string repository;
  std::string registry_id;
  std::vector<Digest> images;  // at most 100; one for update-image-storage-class

  friend bool operator==(const JournalRequest&, const JournalRequest&) = default;
};

struct JournalResponse {
  std::uint64_t step = 0;
  int exit_status = 0;
  std::string error_code;  // of a failed call ("ThrottlingException"); empty when none
  std::string message;     // of a failed call: the command and its stderr head
  std::vector<Digest> done;
  std::vector<ImageFailure> failures;  // ImageNotFound included (it counts as done)

  friend bool operator==(const JournalResponse&, const JournalResponse&) = default;
};

// What the journal says so far.
struct JournalState {
  std::vector<JournalRequest> requests;
  std::vector<std::optional<JournalResponse>> responses;  // parallel; nullopt: in doubt
  bool complete = false;                                  // a run finished every planned request
  std::uint64_t last_step = 0;
  // Requests that were sent (journaled) but whose response was never recorded: the run
  // stopped while they ran. Their images are decided again from the fresh read.
  std::size_t in_doubt = 0;

  // The images earlier runs finished: done, or ImageNotFound.
  AppliedBefore applied() const;
};

// Parses a journal. A last line without its newline is a write the run did not finish (it
// was never followed by a request): ignored. Any other malformed line fails ("line N: ...").
Result<JournalState> parse_journal(std::string_view text);

// The outcome of `aws ecr batch-delete-image` as the CLI printed it (`--output json`):
// `imageIds` deleted, `failures` with their codes. Fails on anything else.
Result<JournalResponse> parse_batch_delete_response(std::string_view text);

}  // namespace ecrlc
