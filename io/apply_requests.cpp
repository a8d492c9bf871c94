// Running apply's requests through the AWS CLI (io/apply_requests.hpp).
#include "io/apply_requests.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <ostream>
#include <thread>
#include <utility>
#include <vector>

#include "ecrlc/apply_journal.hpp"
#include "ecrlc/apply_requests.hpp"
#include "ecrlc/output.hpp"

namespace ecrlc::io {
namespace {

// Sends one request and returns its response as the journal records it.
JournalResponse send(const AwsCli& cli, const JournalRequest& request) {
  JournalResponse response;
  response.step = request.step;
  auto called = cli.call("ecr", std::string(to_api(request.operation)), request_arguments(request));
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
  complete_batch_delete(request, *parsed);
  return std::move(*parsed);
}

}  // namespace

RequestRunResult run_requests(ApplyDecision& decision, const AwsCli& cli, JournalFile& journal,
                              const RequestRunOptions& options, std::ostream& progress_out) {
  std::vector<ApplyRequest> requests = apply_requests(decision);
  RequestRunResult result;
  std::mutex mutex;  // the journal, the step counter, the items and the progress output
  std::uint64_t step = options.first_step;
  std::size_t finished = 0;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k = next++; k < requests.size(); k = next++) {
      ApplyRequest& request = requests[k];
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
      record_response(response, request);
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

std::string check_storage_class_support(const AwsCli& cli) {
  auto called = cli.call("ecr", "update-image-storage-class", {});
  if (called && !called->ok() &&
      called->failure->stderr_head.find("Invalid choice") != std::string::npos) {
    auto version = cli.version();
    return "the AWS CLI (" + (version ? *version : cli.program()) +
           ") has no update-image-storage-class (AWS CLI v2.9 lacks it; use v1 or a newer v2)";
  }
  return {};
}

}  // namespace ecrlc::io
