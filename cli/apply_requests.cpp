// Running apply's requests (cli/apply_requests.hpp).
#include "apply_requests.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

#include "ecrlc/apply_journal.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/plan.hpp"

namespace ecrlc::cli {
namespace {

struct Request {
  JournalRequest journal;
  std::vector<ApplyItem*> items;
};

std::vector<Request> requests_of(ApplyDecision& decision) {
  std::vector<Request> requests;
  for (RepositoryApply& repository : decision.repositories) {
    Request batch;
    auto flush = [&] {
      if (!batch.items.empty()) {
        requests.push_back(std::move(batch));
        batch = Request{};
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
        Request one;
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

std::vector<std::string> arguments_of(const JournalRequest& request) {
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

// Sends one request and returns its response as the journal records it.
JournalResponse send(const io::AwsCli& cli, const JournalRequest& request) {
  JournalResponse response;
  response.step = request.step;
  auto called = cli.call("ecr", std::string(to_api(request.operation)), arguments_of(request));
  if (!called) {
    response.exit_status = 127;
    response.message = called.error().message;
    return response;
  }
  if (!called->ok()) {
    response.exit_status = called->failure->exit_status;
    response.error_code = called->failure->error_code;
    response.message = called->failure->message();
    return response;
  }
  if (request.operation == ApplyOperation::update_image_storage_class) {
    response.done = request.images;  // the call succeeded for its one image
    return response;
  }
  auto parsed = parse_batch_delete_response(called->out);
  if (!parsed) {
    // Sent, but what happened is unknown: nothing counts as done; the next run re-reads.
    response.message = "batch-delete-image: unexpected response: " + parsed.error().message;
    return response;
  }
  parsed->step = request.step;
  // BatchDeleteImage lists every id it did not delete in `failures`; an id in neither list
  // was deleted (moto 5.2.1 lists only the tags of what it deletes, so untagged images are in
  // neither).
  for (const Digest& digest : request.images) {
    const bool listed =
        std::find(parsed->done.begin(), parsed->done.end(), digest) != parsed->done.end() ||
        std::any_of(parsed->failures.begin(), parsed->failures.end(),
                    [&](const ImageFailure& failure) { return failure.digest == digest; });
    if (!listed) {
      parsed->done.push_back(digest);
    }
  }
  return std::move(*parsed);
}

void record(const JournalResponse& response, Request& request) {
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

}  // namespace

RequestRunResult run_requests(ApplyDecision& decision, const io::AwsCli& cli,
                              io::JournalFile& journal, const RequestRunOptions& options,
                              std::ostream& progress_out) {
  std::vector<Request> requests = requests_of(decision);
  RequestRunResult result;
  std::mutex mutex;  // the journal, the step counter, the items and the progress output
  std::uint64_t step = options.first_step;
  std::size_t finished = 0;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k = next++; k < requests.size(); k = next++) {
      Request& request = requests[k];
      {
        const std::lock_guard<std::mutex> lock(mutex);
        if (result.journal_failed) {
          continue;  // never send what the journal could not record
        }
        request.journal.step = step++;
        if (auto written = journal.append(journal_line(request.journal)); !written) {
          result.journal_failed = true;
          result.journal_error = written.error().message;
          continue;
        }
      }
      const JournalResponse response = send(cli, request.journal);
      const std::lock_guard<std::mutex> lock(mutex);
      ++result.requests;
      record(response, request);
      if (auto written = journal.append(journal_line(response)); !written) {
        result.journal_failed = true;
        result.journal_error = written.error().message;
      }
      ++finished;
      if (options.progress) {
        progress_out << "[" << finished << "/" << requests.size() << "] "
                     << to_api(request.journal.operation) << " " << request.journal.repository
                     << " (" << request.items.size()
                     << (request.items.size() == 1 ? " image)\n" : " images)\n") << std::flush;
      }
    }
  };
  std::vector<std::thread> threads;
  const std::size_t count = std::min<std::size_t>(std::max(1U, options.jobs), requests.size());
  for (std::size_t t = 1; t < count; ++t) {
    threads.emplace_back(work);
  }
  work();
  for (std::thread& thread : threads) {
    thread.join();
  }
  return result;
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

std::string check_storage_class_support(const io::AwsCli& cli) {
  auto called = cli.call("ecr", "update-image-storage-class", {});
  if (called && !called->ok() &&
      called->failure->stderr_head.find("Invalid choice") != std::string::npos) {
    auto version = cli.version();
    return "the AWS CLI (" + (version ? *version : cli.program()) +
           ") has no update-image-storage-class (AWS CLI v2.9 lacks it; use v1 or a newer v2)";
  }
  return {};
}

}  // namespace ecrlc::cli
