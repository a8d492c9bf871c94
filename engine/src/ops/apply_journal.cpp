// Reading apply's journal and the batch-delete-image responses it records
// (ecrlc/apply_journal.hpp; output/apply_journal_lines.cpp writes the lines).
#include "ecrlc/apply_journal.hpp"

#include <simdjson.h>

#include <array>

#include "base/enum_names.hpp"

namespace ecrlc {

std::string_view to_api(ApplyOperation operation) {
  static constexpr std::array<std::string_view, 2> k_names{"batch-delete-image",
                                                           "update-image-storage-class"};
  return detail::enum_name(operation, k_names);
}

AppliedBefore JournalState::applied() const {
  AppliedBefore before;
  for (std::size_t k = 0; k < requests.size(); ++k) {
    if (!responses[k]) {
      continue;
    }
    auto& done = requests[k].operation == ApplyOperation::batch_delete_image ? before.deleted
                                                                             : before.transitioned;
    for (const Digest& digest : responses[k]->done) {
      done.emplace(requests[k].repository, digest);
    }
    for (const ImageFailure& failure : responses[k]->failures) {
      if (failure.code == "ImageNotFound") {
        done.emplace(requests[k].repository, failure.digest);
      }
    }
  }
  return before;
}

namespace {

namespace dom = simdjson::dom;

std::optional<std::string_view> string_member(dom::object object, std::string_view name) {
  std::string_view text;
  if (object[name].get_string().get(text) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return text;
}

std::optional<std::uint64_t> unsigned_member(dom::object object, std::string_view name) {
  std::uint64_t value = 0;
  if (object[name].get_uint64().get(value) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return value;
}

// An array of digest strings.
bool digests_member(dom::object object, std::string_view name, std::vector<Digest>& out) {
  dom::array array;
  if (object[name].get_array().get(array) != simdjson::SUCCESS) {
    return false;
  }
  for (const dom::element element : array) {
    std::string_view text;
    if (element.get_string().get(text) != simdjson::SUCCESS) {
      return false;
    }
    const std::optional<Digest> digest = Digest::parse(text);
    if (!digest) {
      return false;
    }
    out.push_back(*digest);
  }
  return true;
}

// A failure as the journal records it, or as the API prints it (imageId.imageDigest).
bool failure_of(dom::element element, bool api, ImageFailure& out) {
  dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) {
    return false;
  }
  std::string_view digest;
  if (api) {
    dom::object id;
    if (object["imageId"].get_object().get(id) != simdjson::SUCCESS ||
        id["imageDigest"].get_string().get(digest) != simdjson::SUCCESS) {
      return false;
    }
  } else if (object["imageDigest"].get_string().get(digest) != simdjson::SUCCESS) {
    return false;
  }
  const std::optional<Digest> parsed = Digest::parse(digest);
  const auto code = string_member(object, "failureCode");
  if (!parsed || !code) {
    return false;
  }
  out.digest = *parsed;
  out.code = std::string(*code);
  out.reason = std::string(string_member(object, "failureReason").value_or(""));
  return true;
}

bool failures_member(dom::object object, bool api, std::vector<ImageFailure>& out) {
  dom::array array;
  if (object["failures"].get_array().get(array) != simdjson::SUCCESS) {
    return false;
  }
  for (const dom::element element : array) {
    if (!failure_of(element, api, out.emplace_back())) {
      return false;
    }
  }
  return true;
}

std::optional<JournalRequest> request_of(dom::object object) {
  JournalRequest request;
  const auto step = unsigned_member(object, "step");
  const auto operation = string_member(object, "operation");
  const auto repository = string_member(object, "repositoryName");
  const auto registry = string_member(object, "registryId");
  if (!step || !operation || !repository || !registry ||
      !digests_member(object, "imageDigests", request.images)) {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 2> k_names{"batch-delete-image",
                                                           "update-image-storage-class"};
  const auto parsed = detail::enum_from_name<ApplyOperation>(*operation, k_names);
  if (!parsed) {
    return std::nullopt;
  }
  request.step = *step;
  request.operation = *parsed;
  request.repository = std::string(*repository);
  request.registry_id = std::string(*registry);
  return request;
}

std::optional<JournalResponse> response_of(dom::object object) {
  JournalResponse response;
  const auto step = unsigned_member(object, "step");
  std::int64_t status = 0;
  const auto code = string_member(object, "errorCode");
  const auto message = string_member(object, "message");
  if (!step || object["exitStatus"].get_int64().get(status) != simdjson::SUCCESS || !code ||
      !message || status < 0 || status > 255 || !digests_member(object, "done", response.done) ||
      !failures_member(object, false, response.failures)) {
    return std::nullopt;
  }
  response.step = *step;
  response.exit_status = static_cast<int>(status);
  response.error_code = std::string(*code);
  response.message = std::string(*message);
  return response;
}

}  // namespace

Result<JournalState> parse_journal(std::string_view text) {
  JournalState state;
  dom::parser parser;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      break;  // a torn last write: nothing was sent after it
    }
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    const std::string where = "line " + std::to_string(line_number) + ": ";
    dom::object object;
    const simdjson::padded_string padded(line);
    if (parser.parse(padded).get_object().get(object) != simdjson::SUCCESS) {
      return unexpected(where + "expected a JSON object");
    }
    const auto event = string_member(object, "event");
    if (event == "request") {
      std::optional<JournalRequest> request = request_of(object);
      if (!request || request->step <= state.last_step) {
        return unexpected(where + "expected a request with the next step number");
      }
      state.last_step = request->step;
      state.requests.push_back(std::move(*request));
      state.responses.emplace_back();
    } else if (event == "response") {
      std::optional<JournalResponse> response = response_of(object);
      std::size_t k = state.requests.size();
      while (response && k > 0 && state.requests[k - 1].step != response->step) {
        --k;
      }
      if (!response || k == 0 || state.responses[k - 1]) {
        return unexpected(where + "expected the response of a journaled request");
      }
      state.responses[k - 1] = std::move(*response);
    } else if (event == "complete") {
      state.complete = true;
    } else {
      return unexpected(where + "expected an event request, response or complete");
    }
  }
  for (const auto& response : state.responses) {
    state.in_doubt += response ? 0 : 1;
  }
  return state;
}

Result<JournalResponse> parse_batch_delete_response(std::string_view text) {
  dom::parser parser;
  dom::object object;
  const simdjson::padded_string padded(text);
  if (parser.parse(padded).get_object().get(object) != simdjson::SUCCESS) {
    return unexpected(std::string("expected a JSON object"));
  }
  JournalResponse response;
  dom::array ids;
  if (object["imageIds"].get_array().get(ids) == simdjson::SUCCESS) {
    for (const dom::element element : ids) {
      dom::object id;
      std::string_view digest;
      if (element.get_object().get(id) != simdjson::SUCCESS ||
          id["imageDigest"].get_string().get(digest) != simdjson::SUCCESS) {
        return unexpected(std::string("imageIds: expected objects with an imageDigest"));
      }
      const std::optional<Digest> parsed = Digest::parse(digest);
      if (!parsed) {
        return unexpected(std::string("imageIds: expected sha256 digests"));
      }
      response.done.push_back(*parsed);
    }
  }
  dom::element failures;
  if (object["failures"].get(failures) == simdjson::SUCCESS &&
      !failures_member(object, true, response.failures)) {
    return unexpected(std::string("failures: expected imageId, failureCode, failureReason"));
  }
  return response;
}

}  // namespace ecrlc
