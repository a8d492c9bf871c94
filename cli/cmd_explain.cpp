// `ecr-lifecycle explain`: rule by rule, why one image ends as it does.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "app.hpp"
#include "ecrlc/explain.hpp"
#include "ecrlc/render.hpp"
#include "inputs.hpp"

namespace ecrlc::cli {
namespace {

struct ExplainArguments {
  PolicyScopeOptions scope;  // --policy, --policies or --policy-map
  std::vector<std::string> images;
  std::string now;
  std::string format = "text";
  std::string image;
};

struct Found {
  const Repository* repository = nullptr;
  std::uint32_t index = 0;
};

bool is_hex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

std::vector<Found> find_by_tag(const Inventory& inventory, std::string_view repository_name,
                               std::string_view tag) {
  std::vector<Found> found;
  for (const Repository& repository : inventory.repositories) {
    if (!repository_name.empty() && repository.name != repository_name) {
      continue;
    }
    for (std::uint32_t i = 0; i < repository.images.size(); ++i) {
      const auto& tags = repository.images[i].tags;
      if (std::find(tags.begin(), tags.end(), tag) != tags.end()) {
        found.push_back({&repository, i});
      }
    }
  }
  return found;
}

// `hex` is a prefix of the 64 hex digits of the digest.
std::vector<Found> find_by_digest(const Inventory& inventory, std::string_view hex) {
  std::vector<Found> found;
  for (const Repository& repository : inventory.repositories) {
    for (std::uint32_t i = 0; i < repository.images.size(); ++i) {
      const std::string digest = repository.images[i].digest.to_string();
      if (std::string_view(digest).substr(7).starts_with(hex)) {
        found.push_back({&repository, i});
      }
    }
  }
  return found;
}

// IMAGE: `sha256:<hex prefix>`, `REPO:TAG`, `TAG`, or a bare hex digest prefix when no image
// has that tag. Prints the problem and returns nullopt when there is not exactly one image.
std::optional<Found> resolve_image(const Inventory& inventory, const std::string& image,
                                   CommandContext& context) {
  std::vector<Found> found;
  std::string_view text = image;
  if (text.starts_with("sha256:")) {
    found = find_by_digest(inventory, text.substr(7));
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    found = find_by_tag(inventory, text.substr(0, colon), text.substr(colon + 1));
  } else {
    found = find_by_tag(inventory, {}, text);
    if (found.empty() && is_hex(text)) {
      found = find_by_digest(inventory, text);
    }
  }
  if (found.size() == 1) {
    return found.front();
  }
  context.exit_code = ExitCode::cannot_run;
  if (found.empty()) {
    context.err << "ecr-lifecycle explain: error: no image matches \"" << image
                << "\" (give a digest, a unique digest prefix, TAG or REPOSITORY:TAG)\n";
    return std::nullopt;
  }
  context.err << "ecr-lifecycle explain: error: \"" << image << "\" matches " << found.size()
              << " images; name one of them:\n";
  for (const Found& f : found) {
    const ImageRecord& record = f.repository->images[f.index];
    context.err << "  " << f.repository->name << "@" << record.digest.to_string();
    if (!record.tags.empty()) {
      context.err << " (";
      for (std::size_t t = 0; t < record.tags.size(); ++t) {
        context.err << (t == 0 ? "" : ", ") << f.repository->name << ":" << record.tags[t];
      }
      context.err << ")";
    }
    context.err << "\n";
  }
  return std::nullopt;
}

std::string_view source_word(TimeSource source) {
  switch (source) {
    case TimeSource::image_pushed_at:
      return "pushed";
    case TimeSource::last_activated_at:
      return "restored";
    case TimeSource::last_recorded_pull_time:
      return "pulled";
    case TimeSource::last_archived_at:
      return "archived";
  }
  return "pushed";
}

std::string days(std::int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

std::string selection_text(const RuleTrace& trace, const ImageRecord& image) {
  const Rule& rule = *trace.rule;
  switch (trace.selection) {
    case SelectionCheck::selected:
      return "yes";
    case SelectionCheck::activating:
      return "no: image is ACTIVATING";
    case SelectionCheck::storage_class:
      return std::string("no: rule selects ") + std::string(to_json(rule.storage_class)) +
             " images, image is " +
             (image.status == ImageStatus::archived ? "archive" : "standard");
    case SelectionCheck::has_tags:
      return "no: rule selects untagged images";
    case SelectionCheck::no_tags:
      return "no: image is untagged";
    case SelectionCheck::entry_unmatched: {
      const bool prefixes = !rule.tag_prefixes.empty();
      const auto& list = prefixes ? rule.tag_prefixes : rule.tag_patterns;
      std::string entry = trace.unmatched_entry < list.size() ? list[trace.unmatched_entry] : "";
      return std::string("no: no tag matches ") + (prefixes ? "prefix \"" : "pattern \"") + entry +
             "\"";
    }
  }
  return "no";
}

std::string standing_text(const RuleTrace& trace) {
  const Rule& rule = *trace.rule;
  if (!rule.is_age_rule()) {
    if (trace.rank == 0) {
      return "-";
    }
    return "#" + std::to_string(trace.rank) + " of " + std::to_string(trace.selected_count) +
           ", keeps newest " + std::to_string(rule.count_number);
  }
  if (!trace.reference_time) {
    return "-";
  }
  const std::int64_t age_days = trace.age >= 0
                                    ? trace.age / k_micros_per_day
                                    : -((-trace.age + k_micros_per_day - 1) / k_micros_per_day);
  return std::string(source_word(trace.time_source)) + " " + days(age_days) + " ago, " +
         (trace.marked ? "more than " : "not more than ") + days(rule.count_number);
}

std::string result_text(const RuleTrace& trace) {
  if (trace.acted) {
    return std::string(action_label(
        trace.rule->action == ActionType::transition ? Action::transition : Action::expire));
  }
  if (trace.marked && trace.protector != 0) {
    return "marked; protected by rule " + std::to_string(trace.protector);
  }
  if (trace.marked) {
    return "marked";
  }
  return trace.selection == SelectionCheck::selected ? "not marked" : "-";
}

void write_cells(std::string& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  auto width = [](const std::string& s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  };
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], width(row[c]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c != 0) {
        line += "  ";
      }
      line += row[c];
      if (c + 1 != row.size()) {
        line.append(widths[c] - width(row[c]), ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line;
    out += '\n';
  }
}

std::string tags_text(const ImageRecord& image) {
  if (image.tags.empty()) {
    return "<none>";
  }
  std::string text;
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    text += (t == 0 ? "" : ", ");
    text += image.tags[t];
  }
  return text;
}

std::string table_time(Micros t) {
  std::string text;
  append_table_time(text, t);
  return text + " UTC";
}

// `policy_file` is named (a "Policy" row) only for --policies / --policy-map runs, where the
// policy depends on the repository.
void render_text_explanation(std::string& out, const LifecyclePolicy& policy,
                             const std::string& policy_file, const Repository& repository,
                             std::uint32_t index, const ImageExplanation& explanation, Micros now) {
  const ImageRecord& image = repository.images[index];
  std::vector<std::vector<std::string>> head = {
      {"Repository", repository.name},
      {"Image", image.digest.to_string()},
      {"Tags", tags_text(image)},
      {"Pushed",
       table_time(image.pushed_at) + " (" + days(age_in_days(image.pushed_at, now)) + " ago)"},
      {"Status", std::string(to_api(image.status)) + ", " + format_bytes(image.size_bytes)},
      {"Now", table_time(now)},
  };
  if (image.last_pulled) {
    head.insert(head.begin() + 4, {"Pulled", table_time(*image.last_pulled)});
  }
  if (image.last_archived) {
    head.insert(head.begin() + 4, {"Archived", table_time(*image.last_archived)});
  }
  if (image.last_activated) {
    head.insert(head.begin() + 4, {"Restored", table_time(*image.last_activated)});
  }
  // After the rows inserted by position above.
  if (!policy_file.empty()) {
    head.insert(head.begin() + 1, {"Policy", policy_file});
  }
  write_cells(out, head);
  out += '\n';

  std::vector<std::vector<std::string>> rows = {
      {"RULE", "ACTION", "SELECTION", "SELECTED", "STANDING", "RESULT"}};
  for (const RuleTrace& trace : explanation.rules) {
    const Rule& rule = *trace.rule;
    std::string selection = std::string(to_json(rule.tag_status));
    if (!rule.tag_prefixes.empty() || !rule.tag_patterns.empty()) {
      const auto& list = rule.tag_prefixes.empty() ? rule.tag_patterns : rule.tag_prefixes;
      selection += rule.tag_prefixes.empty() ? " pattern " : " prefix ";
      for (std::size_t e = 0; e < list.size(); ++e) {
        selection += (e == 0 ? "" : ",") + list[e];
      }
    }
    if (rule.storage_class == StorageClass::archive) {
      selection += " (archive)";
    }
    rows.push_back(
        {std::to_string(trace.priority),
         std::string(action_label(rule.action == ActionType::transition ? Action::transition
                                                                        : Action::expire)),
         selection, selection_text(trace, image), standing_text(trace), result_text(trace)});
  }
  write_cells(out, rows);
  out += "\nOutcome: ";
  out += action_label(explanation.verdict.action);
  out += ": ";
  out += describe_reason(policy, repository, index, explanation.verdict, now);
  out += "\n";
  if (explanation.consequence) {
    out += "Consequence: ECR removes this referrer within 24 hours: its subject ";
    out += repository.images[explanation.consequence->subject].digest.short_string();
    out += " expires under rule " + std::to_string(explanation.consequence->rule) + "\n";
  }
}

void render_json_explanation(std::string& out, const LifecyclePolicy& policy,
                             const std::string& policy_file, const Repository& repository,
                             std::uint32_t index, const ImageExplanation& explanation, Micros now) {
  const ImageRecord& image = repository.images[index];
  out += "{\n  \"repositoryName\": ";
  append_json_string(out, repository.name);
  if (!policy_file.empty()) {
    out += ",\n  \"policy\": ";
    append_json_string(out, policy_file);
  }
  out += ",\n  \"imageDigest\": ";
  append_json_string(out, image.digest.to_string());
  out += ",\n  \"imageTags\": [";
  for (std::size_t t = 0; t < image.tags.size(); ++t) {
    out += (t == 0 ? "" : ", ");
    append_json_string(out, image.tags[t]);
  }
  out += "],\n  \"imagePushedAt\": ";
  append_json_string(out, format_utc(image.pushed_at));
  out += ",\n  \"imageStatus\": \"";
  out += to_api(image.status);
  out += "\",\n  \"now\": ";
  append_json_string(out, format_utc(now));
  out += ",\n  \"rules\": [";
  for (std::size_t r = 0; r < explanation.rules.size(); ++r) {
    const RuleTrace& trace = explanation.rules[r];
    const Rule& rule = *trace.rule;
    out += (r == 0 ? "\n    {" : ",\n    {");
    out += "\"rulePriority\": ";
    append_integer(out, trace.priority);
    out += ", \"action\": \"";
    out += to_json(rule.action);
    out += "\", \"selection\": \"";
    out += to_json(trace.selection);
    out += '"';
    if (trace.selection == SelectionCheck::entry_unmatched) {
      const auto& list = rule.tag_prefixes.empty() ? rule.tag_patterns : rule.tag_prefixes;
      out += ", \"unmatchedEntry\": ";
      append_json_string(
          out, trace.unmatched_entry < list.size() ? list[trace.unmatched_entry] : std::string());
    }
    if (!rule.is_age_rule()) {
      out += ", \"rank\": ";
      append_integer(out, trace.rank);
      out += ", \"selectedCount\": ";
      append_integer(out, trace.selected_count);
      out += ", \"countNumber\": ";
      append_integer(out, rule.count_number);
    } else if (trace.reference_time) {
      out += ", \"referenceTime\": ";
      append_json_string(out, format_utc(*trace.reference_time));
      out += ", \"timeSource\": \"";
      out += to_json(trace.time_source);
      out += "\", \"ageMicros\": ";
      append_integer(out, trace.age);
      out += ", \"thresholdMicros\": ";
      append_integer(out, trace.threshold);
    }
    out += trace.marked ? ", \"marked\": true" : ", \"marked\": false";
    out += ", \"protector\": ";
    if (trace.protector != 0) {
      append_integer(out, trace.protector);
    } else {
      out += "null";
    }
    out += trace.acted ? ", \"acted\": true}" : ", \"acted\": false}";
  }
  out += explanation.rules.empty() ? "]" : "\n  ]";
  const ImageVerdict& verdict = explanation.verdict;
  out += ",\n  \"outcome\": {\"action\": \"";
  out += to_json(verdict.action);
  out += "\", \"rule\": ";
  if (verdict.rule != 0) {
    append_integer(out, verdict.rule);
  } else {
    out += "null";
  }
  out += ", \"reason\": \"";
  out += to_json(verdict.reason);
  out += "\", \"reasonText\": ";
  append_json_string(out, describe_reason(policy, repository, index, verdict, now));
  out += "},\n  \"consequence\": ";
  if (explanation.consequence) {
    out += "{\"subject\": ";
    append_json_string(out, repository.images[explanation.consequence->subject].digest.to_string());
    out += ", \"rule\": ";
    append_integer(out, explanation.consequence->rule);
    out += "}";
  } else {
    out += "null";
  }
  out += "\n}\n";
}

void run_explain(const ExplainArguments& arguments, CommandContext& context) {
  auto specs = policy_scope_specs(arguments.scope, 1, "explain", context);
  if (!specs) {
    return;
  }
  auto now = load_now(arguments.now, "explain", context);
  if (!now) {
    return;
  }
  auto policies = load_policy_scope(specs->front(), context);
  if (!policies) {
    return;
  }
  auto inventory = load_inventory(arguments.images, context);
  if (!inventory) {
    return;
  }
  auto found = resolve_image(*inventory, arguments.image, context);
  if (!found) {
    return;
  }
  const PolicySource* source = policies->find(found->repository->name);
  if (source == nullptr) {
    context.err << "ecr-lifecycle explain: error: no policy for repository "
                << found->repository->name << "\n";
    context.exit_code = ExitCode::cannot_run;
    return;
  }
  const std::string policy_file =
      specs->front().kind == PolicyScopeKind::policy ? std::string() : source->file;
  const ImageExplanation explanation =
      explain_image(source->policy, *found->repository, found->index, EvalContext{*now});
  std::string out;
  if (arguments.format == "json") {
    render_json_explanation(out, source->policy, policy_file, *found->repository, found->index,
                            explanation, *now);
  } else {
    render_text_explanation(out, source->policy, policy_file, *found->repository, found->index,
                            explanation, *now);
  }
  context.out << out;
  context.out.flush();
}

}  // namespace

void add_explain_command(CLI::App& app, CommandContext& context) {
  auto arguments = std::make_shared<ExplainArguments>();
  auto* command = app.add_subcommand(
      "explain", "Explain rule by rule what a lifecycle policy does to one image");
  add_policy_scope_options(*command, arguments->scope);
  add_images_option(*command, arguments->images);
  command->add_option("--now", arguments->now,
                      "Evaluation time, ISO-8601 or epoch seconds (default: current UTC time)");
  command->add_option("--format", arguments->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  command
      ->add_option("IMAGE", arguments->image,
                   "Digest (or unique prefix), TAG, or REPOSITORY:TAG of the image")
      ->required();
  command->callback([arguments, &context] { run_explain(*arguments, context); });
}

}  // namespace ecrlc::cli
