// The option groups that several commands share, wired into CLI11; what they fill is io/'s.
#pragma once

#include <string>
#include <vector>

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

// Adds `--protect FILE` (repeatable) to `command`.
void add_protect_option(CLI::App& command, io::ProtectOptions& options);

// How --images reads: preview and explain take exactly one file per use (`help` is theirs);
// diff and plan take the files that follow.
enum class ImagesOption { one_per_use, files };

// Adds the policy scope, --images and --snapshot DIR to `command`, in that order.
void add_input_options(CLI::App& command, io::EvaluationOptions& options, ImagesOption images);

}  // namespace ecrlc::cli
