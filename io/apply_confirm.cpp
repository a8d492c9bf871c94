// apply's question (io/apply_confirm.hpp).
#include "io/apply_confirm.hpp"

#include <unistd.h>

#include <iostream>
#include <string>

namespace ecrlc::io {

bool confirm_apply(const ApplyDecision& decision, CommandContext& context) {
  const ApplyCounts counts = count_apply(decision);
  const bool terminal = &context.in == &std::cin && isatty(STDIN_FILENO) == 1;
  if (!terminal) {
    fail(context, "apply",
         "would delete " + std::to_string(counts.deletions) + " and archive " +
             std::to_string(counts.transitions) +
             " image(s); standard input is not a terminal to ask on: pass --yes (or --dry-run)");
    return false;
  }
  context.err << "Delete " << counts.deletions << " and archive " << counts.transitions
              << " image(s) of " << decision.repositories.size() << " repositories (skipping "
              << counts.skipped << ")? [y/N] " << std::flush;
  std::string answer;
  std::getline(context.in, answer);
  if (answer != "y" && answer != "yes") {
    fail(context, "apply", "not confirmed; nothing sent");
    return false;
  }
  return true;
}

}  // namespace ecrlc::io
