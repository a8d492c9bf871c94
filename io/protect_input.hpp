// `--protect FILE` (repeatable) of preview, explain, diff and plan: the files read, parsed by
// content, their diagnostics printed, merged and resolved against the inventory.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/in_use.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/protect.hpp"
#include "io/command_context.hpp"

namespace ecrlc::io {

// The option's values; `files` is empty when no --protect was given.
struct ProtectOptions {
  std::vector<std::string> files;
  bool fail_on_unmatched = false;  // plan only: --fail-on-unmatched-protect
};

struct LoadedProtection {
  std::vector<NamedProtectList> parsed;  // each file as read (for apply: its text too)
  std::vector<std::string> texts;        // parallel to `files`
  ProtectList list;                      // merged
  ResolvedProtection resolved;

  ProtectContext context(const Inventory& inventory) const {
    return {&list, &resolved, &inventory};
  }
};

// Reads and resolves every --protect file: prints each file's diagnostics (located; a JSON
// file's at its pointer), fails (exit 2) on any error, warns at each reference matching no
// image (W0801; exit 2 with fail_on_unmatched), and prints one line counting references to
// other registries. nullptr (success) when no --protect was given.
Outcome<std::unique_ptr<LoadedProtection>> load_protection(const ProtectOptions& options,
                                                           const Inventory& inventory,
                                                           std::string_view command,
                                                           CommandContext& context);

// The --protect files for command_inputs (an --output may not replace them).
std::vector<std::string> protect_inputs(const ProtectOptions& options);

}  // namespace ecrlc::io
