// Reading inventories (io/inventory_input.hpp).
#include "io/inventory_input.hpp"

#include <algorithm>
#include <ostream>
#include <utility>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "io/file_source.hpp"
#include "io/read_progress.hpp"
#include "io/text_input.hpp"

namespace ecrlc::io {
namespace {

// A reader's error or warning, with its source line when the reader kept it.
void render_reader_error(CommandContext& context, Error error, Severity severity) {
  if (error.file.empty()) {
    error.file.push_back('-');  // standard input
  }
  error.message = without_path(error.message, error.file);
  render_error(context.err, error, severity);
}

// Snapshot anomalies can repeat for every image of a repository (one tag pushed 50,000
// times): past a cap, one line counts the rest, so that stderr stays readable.
constexpr std::size_t k_max_shown_warnings = 20;

// The builder keeps only the warnings shown (ReaderOptions::max_warnings) and counts the rest.
void render_warnings(CommandContext& context, const InventoryBuilder& builder) {
  const std::vector<Error>& warnings = builder.warnings();
  const std::size_t shown = std::min(warnings.size(), k_max_shown_warnings);
  for (std::size_t i = 0; i < shown; ++i) {
    render_reader_error(context, warnings[i], Severity::warning);
  }
  if (builder.warning_count() > shown) {
    context.err << "ecr-lifecycle: warning: " << builder.warning_count() - shown
                << " more inventory warnings not shown\n";
  }
}

}  // namespace

Outcome<Inventory> load_inventory(const std::vector<std::string>& paths, CommandContext& context,
                                  unsigned threads, IncompletePages incomplete) {
  ReaderOptions options;
  options.threads = std::max(threads, 1U);
  options.max_warnings = k_max_shown_warnings;
  InventoryBuilder builder(options);
  for (const std::string& path : paths) {
    Result<void> added;
    if (path == "-") {
      // Streamed like a file: never held whole.
      if (Result<void> claimed = claim_standard_input("--images", context); !claimed) {
        render_input_error(context, path, claimed.error());
        return ExitCode::cannot_run;
      }
      StreamSource source(context.in);
      added = builder.add(path, source);
    } else {
      Result<FdSource> source = FdSource::open(path);
      if (!source) {
        render_input_error(context, path, source.error());
        return ExitCode::cannot_run;
      }
      ReadProgress progress(context.err, context.err_is_terminal, path, source->fd());
      added = builder.add(path, *source);
    }
    if (!added) {
      // Warnings so far still help to understand the error.
      render_warnings(context, builder);
      Error error = added.error();
      if (error.file.empty()) {
        error.file = path;
      }
      render_reader_error(context, std::move(error), Severity::error);
      return ExitCode::cannot_run;
    }
  }
  Inventory inventory = builder.finish();
  render_warnings(context, builder);
  for (Error page : builder.incomplete_pages()) {
    if (incomplete == IncompletePages::refuse) {
      page.code = "E0405";
      page.message +=
          "; plan refuses an incomplete inventory: a count or age rule would "
          "choose the images to delete from a partial view";
    }
    render_reader_error(
        context, std::move(page),
        incomplete == IncompletePages::refuse ? Severity::error : Severity::warning);
  }
  if (incomplete == IncompletePages::refuse && !builder.incomplete_pages().empty()) {
    return ExitCode::cannot_run;
  }
  return inventory;
}

}  // namespace ecrlc::io
