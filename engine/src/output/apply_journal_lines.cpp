// The lines of apply's journal (ecrlc/apply_journal.hpp reads them back): one JSON object a line.
#include "base/json_writer.hpp"
#include "ecrlc/output.hpp"

namespace ecrlc {
namespace {

using detail::JsonWriter;

void digests(JsonWriter& json, std::string_view name, const std::vector<Digest>& list) {
  json.key(name).begin_array(JsonWriter::Layout::line);
  for (const Digest& digest : list) {
    json.value(std::string_view(digest.to_string()));
  }
  json.end_array();
}

}  // namespace

std::string journal_line(const JournalRequest& request) {
  std::string out;
  JsonWriter json(out);
  json.begin_object(JsonWriter::Layout::line);
  json.member("event", "request").member("step", request.step);
  json.member("operation", to_api(request.operation));
  json.member("repositoryName", std::string_view(request.repository));
  json.member("registryId", std::string_view(request.registry_id));
  digests(json, "imageDigests", request.images);
  json.end_object();
  out += '\n';
  return out;
}

std::string journal_line(const JournalResponse& response) {
  std::string out;
  JsonWriter json(out);
  json.begin_object(JsonWriter::Layout::line);
  json.member("event", "response").member("step", response.step);
  json.member("exitStatus", response.exit_status);
  json.member("errorCode", std::string_view(response.error_code));
  // The CLI's stderr may hold any bytes: the line must stay valid JSON (UTF-8).
  json.key("message");
  detail::append_json_string_replacing_invalid(json.raw_value(), response.message);
  digests(json, "done", response.done);
  json.key("failures").begin_array(JsonWriter::Layout::line);
  for (const ImageFailure& failure : response.failures) {
    json.begin_object(JsonWriter::Layout::line);
    json.member("imageDigest", std::string_view(failure.digest.to_string()));
    json.member("failureCode", std::string_view(failure.code));
    json.key("failureReason");
    detail::append_json_string_replacing_invalid(json.raw_value(), failure.reason);
    json.end_object();
  }
  json.end_array().end_object();
  out += '\n';
  return out;
}

std::string journal_complete_line(Micros at) {
  std::string out;
  JsonWriter json(out);
  json.begin_object(JsonWriter::Layout::line);
  json.member("event", "complete").member("at", std::string_view(format_utc(at)));
  json.end_object();
  out += '\n';
  return out;
}

}  // namespace ecrlc
