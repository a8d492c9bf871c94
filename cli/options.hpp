// The option groups that several commands share, wired into CLI11; what they fill is io/'s.
#pragma once

#include <string>
#include <vector>

#include "ecrlc/output.hpp"
#include "io/command_context.hpp"
#include "io/evaluation_inputs.hpp"

namespace CLI {
class App;
}

namespace ecrlc::cli {

// The help of --now where it sets the evaluation time (preview, explain, diff, plan).
inline constexpr const char* k_evaluation_time_help =
    "Evaluation time, ISO-8601 or epoch seconds (default: the current UTC time, or the "
    "--snapshot's takenAt)";

// The help of --repository where it narrows an evaluation (preview, diff, plan).
inline constexpr const char* k_repository_filter_help =
    "Only this repository; repeatable (default: every repository)";

// Adds `--now TIME` to `command`.
void add_now_option(CLI::App& command, io::NowOption& now, const std::string& help);

// Adds `--threads N` (1 to 256) to `command`; `threads` keeps its default (all cores).
void add_threads_option(CLI::App& command, unsigned& threads);

// --wide and --width N: how wide the tables for people are (docs/preview.md, "Table width").
struct WidthOptions {
  bool wide = false;
  std::size_t columns = 0;  // --width N; 0: not given
};

// Adds `--wide` and `--width N` (exclusive) to `command`.
void add_width_options(CLI::App& command, WidthOptions& options);

// The width the tables get: --wide, or --width N, else the terminal's width when the table
// goes to standard output (`to_standard_output`, not --output FILE) and that is a terminal;
// else no limit (the layout of old).
TableWidth table_width(const WidthOptions& options, const io::CommandContext& context,
                       bool to_standard_output);

// Adds `--protect FILE` (repeatable) to `command`.
void add_protect_option(CLI::App& command, io::ProtectOptions& options);

// How --images reads: preview and explain take exactly one file per use (`help` is theirs);
// diff and plan take the files that follow.
enum class ImagesOption { one_per_use, files };

// Adds the policy scope, --images and --snapshot DIR to `command`, in that order.
void add_input_options(CLI::App& command, io::EvaluationOptions& options, ImagesOption images);

}  // namespace ecrlc::cli
