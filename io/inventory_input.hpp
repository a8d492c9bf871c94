// The inventory files of a command (--images) read into one Inventory, streamed, with the
// reader's warnings and error printed where they are.
#pragma once

#include <string>
#include <vector>

#include "ecrlc/inventory.hpp"
#include "io/command_context.hpp"

namespace ecrlc::io {

// Reads every inventory file in order ("-" is standard input; files are streamed, not held in
// memory) into one Inventory. Reader warnings are printed as located warnings; the first
// error is printed as a located error and fails with cannot_run.
// `threads` is passed to the reader (ReaderOptions::threads).
//
// A describe-images page that ends with a nextToken no page follows
// (InventoryBuilder::incomplete_pages) is a warning (W0401), or with `refuse` an error
// (E0405) that fails with cannot_run: plan never chooses images from a partial view.
enum class IncompletePages { warn, refuse };
Outcome<Inventory> load_inventory(const std::vector<std::string>& paths, CommandContext& context,
                                  unsigned threads = 1,
                                  IncompletePages incomplete = IncompletePages::warn);

}  // namespace ecrlc::io
