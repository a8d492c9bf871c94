// libFuzzer entry point for the parsers of apply (ecrlc/plan_record.hpp,
// ecrlc/apply_journal.hpp): plan.json, checksums.sha256, the journal and batch-delete-image
// responses. What parses must render back to what parses the same (plan.json, journal lines).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ecrlc/apply_journal.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/plan_record.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto record = ecrlc::parse_plan_record(text)) {
    auto again = ecrlc::parse_plan_record(ecrlc::render_plan_record(*record));
    ECRLC_FUZZ_CHECK(again.has_value() && *again == *record);
  }
  if (auto entries = ecrlc::parse_checksums(text)) {
    for (const ecrlc::ChecksumEntry& entry : *entries) {
      ECRLC_FUZZ_CHECK(entry.sha256.size() == 64 && !entry.path.empty());
    }
  }
  if (auto journal = ecrlc::parse_journal(text)) {
    ECRLC_FUZZ_CHECK(journal->requests.size() == journal->responses.size());
    std::string lines;
    for (std::size_t k = 0; k < journal->requests.size(); ++k) {
      lines += ecrlc::journal_line(journal->requests[k]);
      if (journal->responses[k]) {
        lines += ecrlc::journal_line(*journal->responses[k]);
      }
    }
    auto again = ecrlc::parse_journal(lines);
    ECRLC_FUZZ_CHECK(again.has_value() && again->requests == journal->requests);
    (void)journal->applied();
  }
  if (auto response = ecrlc::parse_batch_delete_response(text)) {
    (void)ecrlc::parse_journal(ecrlc::journal_line(*response));
  }
  return 0;
}
