// Parsing benchmarks: the 50-rule policy (parse + lint) and inventory reading per MB.
#include <benchmark/benchmark.h>

#include "bench_support.hpp"
#include "ecrlc/lint.hpp"
#include "inventory/element.hpp"  // engine/src: ondemand_kernel()

namespace ecrlc::bench {
namespace {

void BM_parse_policy_50_rules(benchmark::State& state) {
  const std::string text = large_policy_text();
  for (auto _ : state) {
    ParsedPolicy parsed = parse_policy(text);
    Diagnostics lint;
    lint_policy(parsed, lint);
    if (!parsed.policy) {
      state.SkipWithError("the benchmark policy is invalid");
      break;
    }
    benchmark::DoNotOptimize(parsed);
    benchmark::DoNotOptimize(lint);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["policy_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_parse_policy_50_rules);

void read_inventory(benchmark::State& state, GenerateFormat format) {
  const auto images = static_cast<std::uint64_t>(state.range(0));
  const std::string& text = inventory_text(images, 0, format);
  for (auto _ : state) {
    InventoryBuilder builder;
    if (!builder.add("generated", text)) {
      state.SkipWithError("the reader rejected the generated inventory");
      break;
    }
    Inventory inventory = builder.finish();
    benchmark::DoNotOptimize(inventory);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * images));
}

void BM_parse_inventory_json(benchmark::State& state) {
  read_inventory(state, GenerateFormat::json);
}
BENCHMARK(BM_parse_inventory_json)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_parse_inventory_ndjson(benchmark::State& state) {
  read_inventory(state, GenerateFormat::ndjson);
}
BENCHMARK(BM_parse_inventory_ndjson)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ecrlc::bench

// The kernel of the reader's On-Demand stage 2 is part of the context: "fallback" in the
// portable build, "haswell" with ECRLC_NATIVE_SIMD (docs/benchmarks.md, "One portable binary").
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  benchmark::AddCustomContext("reader_ondemand_kernel",
                              std::string(ecrlc::detail::ondemand_kernel()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
