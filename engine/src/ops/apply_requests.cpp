// apply's requests as values (ecrlc/apply_requests.hpp).
#include "ecrlc/apply_requests.hpp"

#include <algorithm>

#include "ecrlc/plan.hpp"

namespace ecrlc {

std::vector<ApplyRequest> apply_requests(ApplyDecision& decision) {
  std::vector<ApplyRequest> requests;
  for (RepositoryApply& repository : decision.repositories) {
    ApplyRequest batch;
    auto flush = [&] {
      if (!batch.items.empty()) {
        requests.push_back(std::move(batch));
        batch = ApplyRequest{};
      }
    };
    for (ApplyItem& item : repository.items) {
      if (item.disposition != Disposition::act || item.result != RequestResult::pending) {
        continue;
      }
      if (item.planned.action == Action::expire) {
        batch.journal.operation = ApplyOperation::batch_delete_image;
        batch.journal.repository = repository.name;
        batch.journal.registry_id = repository.registry_id;
        batch.journal.images.push_back(item.planned.digest);
        batch.items.push_back(&item);
        if (batch.items.size() == k_batch_delete_limit) {
          flush();
        }
      }
    }
    flush();
    for (ApplyItem& item : repository.items) {
      if (item.disposition == Disposition::act && item.result == RequestResult::pending &&
          item.planned.action == Action::transition) {
        ApplyRequest one;
        one.journal.operation = ApplyOperation::update_image_storage_class;
        one.journal.repository = repository.name;
        one.journal.registry_id = repository.registry_id;
        one.journal.images.push_back(item.planned.digest);
        one.items.push_back(&item);
        requests.push_back(std::move(one));
      }
    }
  }
  return requests;
}

std::vector<std::string> request_arguments(const JournalRequest& request) {
  std::vector<std::string> arguments{"--repository-name", request.repository};
  if (!request.registry_id.empty()) {
    arguments.insert(arguments.end(), {"--registry-id", request.registry_id});
  }
  if (request.operation == ApplyOperation::batch_delete_image) {
    arguments.emplace_back("--image-ids");
    for (const Digest& digest : request.images) {
      arguments.push_back("imageDigest=" + digest.to_string());
    }
  } else {
    arguments.insert(arguments.end(),
                     {"--image-id", "imageDigest=" + request.images.front().to_string(),
                      "--target-storage-class", "ARCHIVE"});
  }
  return arguments;
}

void complete_batch_delete(const JournalRequest& request, JournalResponse& response) {
  for (const Digest& digest : request.images) {
    const bool listed =
        std::find(response.done.begin(), response.done.end(), digest) != response.done.end() ||
        std::any_of(response.failures.begin(), response.failures.end(),
                    [&](const ImageFailure& failure) { return failure.digest == digest; });
    if (!listed) {
      response.done.push_back(digest);
    }
  }
}

void record_response(const JournalResponse& response, const ApplyRequest& request) {
  for (ApplyItem* item : request.items) {
    const Digest& digest = item->planned.digest;
    if (std::find(response.done.begin(), response.done.end(), digest) != response.done.end()) {
      item->result = RequestResult::done;
      continue;
    }
    const auto failure = std::find_if(response.failures.begin(), response.failures.end(),
                                      [&](const ImageFailure& f) { return f.digest == digest; });
    if (failure != response.failures.end()) {
      item->result =
          failure->code == "ImageNotFound" ? RequestResult::not_found : RequestResult::failed;
      item->failure_code = failure->code;
      item->failure_reason = failure->reason;
      continue;
    }
    item->result = RequestResult::failed;
    item->failure_code = response.error_code;
    item->failure_reason =
        response.message.empty() ? std::string("not in the response") : response.message;
  }
}

void fail_transitions(ApplyDecision& decision, const std::string& reason) {
  for (RepositoryApply& repository : decision.repositories) {
    for (ApplyItem& item : repository.items) {
      if (item.disposition == Disposition::act && item.planned.action == Action::transition) {
        item.result = RequestResult::failed;
        item.failure_code = "UnsupportedByAwsCli";
        item.failure_reason = reason;
      }
    }
  }
}

void mark_dry_run(ApplyDecision& decision) {
  for (RepositoryApply& repository : decision.repositories) {
    for (ApplyItem& item : repository.items) {
      if (item.disposition == Disposition::act && item.result == RequestResult::pending) {
        item.result = RequestResult::dry_run;
      }
    }
  }
}

bool all_done(const ApplyDecision& decision) {
  for (const RepositoryApply& repository : decision.repositories) {
    for (const ApplyItem& item : repository.items) {
      if (item.disposition == Disposition::act && item.result != RequestResult::done &&
          item.result != RequestResult::not_found) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace ecrlc
