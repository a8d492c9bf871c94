// Loading policies and inventories for the evaluating commands, with their diagnostics.
#include "load.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <ostream>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/policy_parser.hpp"
#include "io.hpp"
#include "progress.hpp"

namespace ecrlc::cli {
namespace {

// read_input's messages start with "PATH: "; render_located prints the path itself.
std::string without_path(const std::string& message, const std::string& path) {
  const std::string prefix = path + ": ";
  return message.compare(0, prefix.size(), prefix) == 0 ? message.substr(prefix.size()) : message;
}

// Texts of inventory files, read again only to show the source line of a diagnostic: files
// are streamed, so their text is not kept. Standard input, which cannot be read twice, is
// kept from the start.
class SourceTexts {
 public:
  explicit SourceTexts(std::istream& in) : m_in(in) {}

  void keep(const std::string& name, std::string text) { m_texts[name] = std::move(text); }

  std::string_view get(const std::string& name) {
    auto it = m_texts.find(name);
    if (it == m_texts.end()) {
      auto text = read_input(name, m_in);
      it = m_texts.emplace(name, text ? std::move(*text) : std::string()).first;
    }
    return it->second;
  }

 private:
  std::istream& m_in;
  std::map<std::string, std::string> m_texts;
};

void render_error(CommandContext& context, SourceTexts& texts, const Error& error,
                  Severity severity) {
  const std::string name = error.file.empty() ? std::string("-") : error.file;
  std::string_view text = error.line > 0 ? texts.get(name) : std::string_view();
  render_located(context.err, name, text, error.line, error.column, severity,
                 without_path(error.message, name), "");
}

// Snapshot anomalies can repeat for every image of a repository (one tag pushed 50,000
// times): past a cap, one line counts the rest, so that stderr stays readable and each shown
// warning's source line is found only a bounded number of times.
constexpr std::size_t k_max_shown_warnings = 20;

void render_warnings(CommandContext& context, SourceTexts& texts,
                     const std::vector<Error>& warnings) {
  const std::size_t shown = std::min(warnings.size(), k_max_shown_warnings);
  for (std::size_t i = 0; i < shown; ++i) {
    render_error(context, texts, warnings[i], Severity::warning);
  }
  if (warnings.size() > shown) {
    context.err << "ecr-lifecycle: warning: " << warnings.size() - shown
                << " more inventory warnings not shown\n";
  }
}

}  // namespace

std::optional<LoadedPolicy> load_policy(const std::string& path, CommandContext& context) {
  auto text = read_input(path, context.in);
  if (!text) {
    render_located(context.err, path, {}, 0, 0, Severity::error,
                   without_path(text.error().message, path), "");
    context.exit_code = ExitCode::cannot_run;
    return std::nullopt;
  }
  ParsedPolicy parsed = parse_policy(*text);
  parsed.diagnostics.sort();
  if (!parsed.diagnostics.empty()) {
    render_text(context.err, CheckedFile{path, *text, parsed.diagnostics.items()});
  }
  if (!parsed.policy || parsed.diagnostics.has_error()) {
    context.exit_code = ExitCode::invalid_policy;
    return std::nullopt;
  }
  return LoadedPolicy{std::move(*parsed.policy), std::move(parsed.repository_name),
                      std::move(parsed.registry_id)};
}

std::optional<Inventory> load_inventory(const std::vector<std::string>& paths,
                                        CommandContext& context, unsigned threads) {
  ReaderOptions options;
  options.threads = std::max(threads, 1U);
  InventoryBuilder builder(options);
  SourceTexts texts(context.in);
  for (const std::string& path : paths) {
    Result<void> added;
    if (path == "-") {
      auto text = read_input(path, context.in);
      if (!text) {
        render_located(context.err, path, {}, 0, 0, Severity::error,
                       without_path(text.error().message, path), "");
        context.exit_code = ExitCode::cannot_run;
        return std::nullopt;
      }
      texts.keep(path, std::move(*text));
      added = builder.add(path, texts.get(path));
    } else {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        render_located(context.err, path, {}, 0, 0, Severity::error,
                       std::string("cannot open: ") + std::strerror(errno), "");
        context.exit_code = ExitCode::cannot_run;
        return std::nullopt;
      }
      {
        ReadProgress progress(context.err, context.err_is_terminal, path, fd);
        added = builder.add_stream(path, fd);
      }
      ::close(fd);
    }
    if (!added) {
      // Warnings so far still help to understand the error.
      render_warnings(context, texts, builder.warnings());
      Error error = added.error();
      if (error.file.empty()) {
        error.file = path;
      }
      render_error(context, texts, error, Severity::error);
      context.exit_code = ExitCode::cannot_run;
      return std::nullopt;
    }
  }
  Inventory inventory = builder.finish();
  render_warnings(context, texts, builder.warnings());
  return inventory;
}

std::optional<Micros> load_now(const std::string& now_option, std::string_view command,
                               CommandContext& context) {
  auto now = resolve_now(now_option);
  if (!now) {
    context.err << "ecr-lifecycle " << command << ": error: " << now.error().message << "\n";
    context.exit_code = ExitCode::cannot_run;
    return std::nullopt;
  }
  return *now;
}

}  // namespace ecrlc::cli
