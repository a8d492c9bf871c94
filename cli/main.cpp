// ecr-lifecycle entry point: everything happens in run_cli so that tests can call it.
#include <unistd.h>

#include <iostream>
#include <ostream>
#include <string>
#include <vector>

#include "app.hpp"
#include "io/memory_tuning.hpp"
#include "io/output_file.hpp"
#include "io/signals.hpp"
#include "io/simd_choice.hpp"

int main(int argc, char** argv) {
  ecrlc::io::reserve_standard_descriptors();
  ecrlc::io::install_signal_handling();
  if (!ecrlc::io::apply_simd_environment(std::cerr)) {
    return 2;
  }
  ecrlc::io::tune_memory_for_inventories(argc, argv);
  std::ios::sync_with_stdio(false);
  // Standard output through a buffer that keeps the errno of a failed write, which run_cli
  // reports (std::cout would only say "bad").
  ecrlc::io::FdOutputBuffer stdout_buffer(STDOUT_FILENO);
  std::ostream out(&stdout_buffer);
  std::vector<std::string> args(argv, argv + argc);
  return ecrlc::cli::run_cli(std::move(args), out, std::cerr, std::cin);
}
