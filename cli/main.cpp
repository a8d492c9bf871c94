// ecr-lifecycle entry point: everything happens in run_cli so that tests can call it.
#include <iostream>
#include <string>
#include <vector>

#include "app.hpp"
#include "memory_tuning.hpp"

int main(int argc, char** argv) {
  ecrlc::cli::tune_memory_for_inventories(argc, argv);
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv, argv + argc);
  return ecrlc::cli::run_cli(std::move(args), std::cout, std::cerr, std::cin);
}
