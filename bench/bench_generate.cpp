// Generator benchmarks: `ecr-lifecycle generate` throughput, output discarded.
#include <benchmark/benchmark.h>

#include <ostream>

#include "bench_support.hpp"

namespace ecrlc::bench {
namespace {

void generate(benchmark::State& state, GenerateFormat format) {
  GenerateOptions options;
  options.images = static_cast<std::uint64_t>(state.range(0));
  options.seed = k_seed;
  options.format = format;
  NullBuffer sink;
  std::ostream out(&sink);
  for (auto _ : state) {
    auto summary = write_inventory(options, out);
    if (!summary) {
      state.SkipWithError("generate failed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * options.images));
  state.SetBytesProcessed(static_cast<std::int64_t>(sink.bytes));
}

void BM_generate_json(benchmark::State& state) { generate(state, GenerateFormat::json); }
BENCHMARK(BM_generate_json)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_generate_ndjson(benchmark::State& state) { generate(state, GenerateFormat::ndjson); }
BENCHMARK(BM_generate_ndjson)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ecrlc::bench

BENCHMARK_MAIN();
