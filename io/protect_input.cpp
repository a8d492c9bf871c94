// --protect (io/protect_input.hpp): the files read, their diagnostics printed, merged and
// resolved.
#include "io/protect_input.hpp"

#include <ostream>
#include <utility>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/output.hpp"
#include "io/text_input.hpp"

namespace ecrlc::io {

std::vector<std::string> protect_inputs(const ProtectOptions& options) {
  std::vector<std::string> inputs;
  for (const std::string& file : options.files) {
    if (!file.empty() && file != "-") {
      inputs.push_back(file);
    }
  }
  return inputs;
}

Outcome<std::unique_ptr<LoadedProtection>> load_protection(const ProtectOptions& options,
                                                           const Inventory& inventory,
                                                           std::string_view command,
                                                           CommandContext& context) {
  if (options.files.empty()) {
    return std::unique_ptr<LoadedProtection>();
  }
  auto loaded = std::make_unique<LoadedProtection>();
  bool failed = false;
  for (const std::string& file : options.files) {
    auto text = read_input(file, protect_input(), context);
    if (!text) {
      render_input_error(context, file, text.error());
      return ExitCode::cannot_run;
    }
    ProtectList list = parse_protect_file(*text);
    const SourceKind kind =
        list.format == ProtectFormat::lines ? SourceKind::lines : SourceKind::json;
    render_text(context.err, {file, *text, list.diagnostics.items(), kind});
    failed = failed || list.diagnostics.has_error();
    loaded->texts.push_back(std::move(*text));
    loaded->parsed.push_back({file, std::move(list)});
  }
  if (failed) {
    return ExitCode::cannot_run;  // fail closed: an unusable protect file protects nothing
  }
  // The merge moves the references; `parsed` keeps the names and diagnostics.
  std::vector<NamedProtectList> lists;
  for (const NamedProtectList& named : loaded->parsed) {
    lists.push_back(named);
  }
  loaded->list = merge_protect_lists(std::move(lists));
  loaded->resolved = resolve_protection(loaded->list, inventory);
  const auto& warnings = loaded->resolved.diagnostics.items();
  for (std::size_t k = 0; k < loaded->resolved.unmatched.size() && k < warnings.size(); ++k) {
    const ProtectReference& reference = loaded->list.references[loaded->resolved.unmatched[k]];
    const Diagnostic& warning = warnings[k];
    render_located(context.err, loaded->list.files[reference.file], loaded->texts[reference.file],
                   warning.line, warning.column, Severity::warning,
                   (reference.pointer.empty() ? "" : reference.pointer + ": ") + warning.message,
                   warning.code);
  }
  if (const std::string ignored = describe_protect_ignored(loaded->list, loaded->resolved);
      !ignored.empty()) {
    context.err << "ecr-lifecycle " << command << ": note: " << ignored << "\n";
  }
  if (options.fail_on_unmatched && !loaded->resolved.unmatched.empty()) {
    return fail(context, command,
                std::to_string(loaded->resolved.unmatched.size()) +
                    " protect reference(s) match no image (--fail-on-unmatched-protect); "
                    "nothing written");
  }
  return loaded;
}

}  // namespace ecrlc::io
