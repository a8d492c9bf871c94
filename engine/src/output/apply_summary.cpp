// What `apply` did, per repository: deleted, archived, skipped with reasons, failed, bytes
// reclaimed; as text and as JSON (docs/operations.md, "apply").
#include "base/json_writer.hpp"
#include "base/text.hpp"
#include "base/text_table.hpp"
#include "ecrlc/output.hpp"
#include "output/sentences.hpp"

namespace ecrlc {
namespace {

std::string tags_text(const PlannedImage& image) { return tags_or_untagged(image.tags, ","); }

// The outcome of one item as the JSON spells it.
std::string_view outcome_of(const ApplyItem& item, bool expire) {
  switch (item.disposition) {
    case Disposition::skip:
      return "skipped";
    case Disposition::done_before:
      return "done_before";
    case Disposition::act:
      break;
  }
  switch (item.result) {
    case RequestResult::done:
    case RequestResult::not_found:
      return expire ? "deleted" : "archived";
    case RequestResult::failed:
      return "failed";
    case RequestResult::dry_run:
      return expire ? "would_delete" : "would_archive";
    case RequestResult::pending:
      break;
  }
  return "not_sent";
}

void render_text(std::string& out, const ApplyDecision& decision,
                 const ApplyRenderOptions& options) {
  out += "Apply of the plan evaluated at " + format_readable(decision.evaluated_at) +
         ", checked against the registry at " + format_readable(decision.now) +
         (options.dry_run ? " (dry run: nothing sent)\n\n" : "\n\n");
  // Without a limit, bytes as ever; with one, code points (TextTable's rule).
  detail::TextTable table(detail::TextTable::Width::bytes);
  if (!options.width.wide) {
    table.set_limit(options.width.columns);
    table.set_fit(0, {10});
  }
  table.add_row({"REPOSITORY", options.dry_run ? "WOULD DELETE" : "DELETED",
                 options.dry_run ? "WOULD ARCHIVE" : "ARCHIVED", "SKIPPED", "FAILED", "DONE BEFORE",
                 "RECLAIMED"});
  for (const RepositoryApply& r : decision.repositories) {
    const ApplyCounts c = count_apply(r);
    const std::uint64_t deleted = options.dry_run ? c.deletions : c.deleted;
    const std::uint64_t archived = options.dry_run ? c.transitions : c.archived;
    table.add_row({r.name, std::to_string(deleted), std::to_string(archived),
                   std::to_string(c.skipped), std::to_string(c.failed),
                   std::to_string(c.done_before), format_bytes(c.bytes_reclaimed)});
  }
  table.render(out);
  std::string skipped;
  std::string failed;
  for (const RepositoryApply& r : decision.repositories) {
    for (const ApplyItem& item : r.items) {
      const std::string head = "  " + r.name + " " + item.planned.digest.short_string() + " " +
                               tags_text(item.planned) + ": ";
      if (item.disposition == Disposition::skip) {
        skipped += head + std::string(action_label(item.planned.action)) + " skipped, " +
                   apply_skip_sentence(item) + "\n";
      } else if (item.disposition == Disposition::act && item.result == RequestResult::failed) {
        failed += head + (item.failure_code.empty() ? std::string("failed") : item.failure_code) +
                  (item.failure_reason.empty() ? "" : ": " + item.failure_reason) + "\n";
      }
    }
  }
  if (!skipped.empty()) {
    out += "\nSkipped (the registry no longer agrees with the plan):\n" + skipped;
  }
  if (!failed.empty()) {
    out += "\nFailed:\n" + failed;
  }
  const ApplyCounts total = count_apply(decision);
  if (options.dry_run) {
    out += "\nWould delete " + plural(total.deletions, "image", "images") + " and archive " +
           plural(total.transitions, "image", "images") + "; skip " +
           plural(total.skipped, "image", "images") + "\n";
  } else {
    out += "\nTotal: deleted " + plural(total.deleted, "image", "images") + " (" +
           format_bytes(total.bytes_reclaimed) + "), archived " +
           plural(total.archived, "image", "images") + ", skipped " +
           std::to_string(total.skipped) + ", failed " + std::to_string(total.failed) +
           (total.done_before > 0 ? ", done by an earlier run " + std::to_string(total.done_before)
                                  : std::string()) +
           "\n";
  }
}

void counts_json(detail::JsonWriter& json, const ApplyCounts& c, bool dry_run) {
  json.member("deleted", dry_run ? 0 : c.deleted).member("archived", dry_run ? 0 : c.archived);
  json.member("wouldDelete", dry_run ? c.deletions : 0);
  json.member("wouldArchive", dry_run ? c.transitions : 0);
  json.member("skipped", c.skipped).member("failed", c.failed);
  json.member("doneBefore", c.done_before).member("bytesReclaimed", c.bytes_reclaimed);
}

void render_json(std::string& out, const ApplyDecision& decision,
                 const ApplyRenderOptions& options) {
  using detail::JsonWriter;
  JsonWriter json(out, 2);
  json.begin_object();
  json.member("planEvaluatedAt", std::string_view(format_utc(decision.evaluated_at)));
  json.member("now", std::string_view(format_utc(decision.now)));
  json.member("dryRun", options.dry_run);
  json.key("totals").begin_object(JsonWriter::Layout::line);
  counts_json(json, count_apply(decision), options.dry_run);
  json.end_object();
  json.key("notes").begin_array(JsonWriter::Layout::line);
  for (const ApplyNote& note : decision.notes) {
    json.value(std::string_view(apply_note_sentence(note)));
  }
  json.end_array();
  json.key("repositories").begin_array();
  for (const RepositoryApply& r : decision.repositories) {
    json.begin_object();
    json.member("repositoryName", std::string_view(r.name));
    json.member("registryId", std::string_view(r.registry_id));
    counts_json(json, count_apply(r), options.dry_run);
    json.key("images").begin_array();
    for (const ApplyItem& item : r.items) {
      const bool expire = item.planned.action == Action::expire;
      json.begin_object(JsonWriter::Layout::line);
      json.member("imageDigest", std::string_view(item.planned.digest.to_string()));
      json.key("imageTags").begin_array(JsonWriter::Layout::line);
      for (const std::string& tag : item.planned.tags) {
        json.value(std::string_view(tag));
      }
      json.end_array();
      json.member("action", to_json(item.planned.action));
      json.member("outcome", outcome_of(item, expire));
      if (item.disposition == Disposition::skip) {
        json.member("reason", to_json(item.reason));
        if (item.reason == SkipReason::kept_by_rule) {
          json.member("rulePriority", item.rule);
        }
        json.member("detail", std::string_view(apply_skip_detail(item.detail)));
      }
      if (item.disposition == Disposition::act && item.result == RequestResult::failed) {
        json.member("failureCode", std::string_view(item.failure_code));
        json.key("failureReason");
        detail::append_json_string_replacing_invalid(json.raw_value(), item.failure_reason);
      }
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  out += '\n';
}

}  // namespace

std::optional<ApplyFormat> parse_apply_format(std::string_view name) {
  if (name == "text") {
    return ApplyFormat::text;
  }
  if (name == "json") {
    return ApplyFormat::json;
  }
  return std::nullopt;
}

std::string render_apply(const ApplyDecision& decision, ApplyFormat format,
                         const ApplyRenderOptions& options) {
  std::string out;
  if (format == ApplyFormat::json) {
    render_json(out, decision, options);
  } else {
    render_text(out, decision, options);
  }
  return out;
}

}  // namespace ecrlc
