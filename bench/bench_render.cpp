// Renderer benchmarks: each preview output format over one report (100,000 images).
#include <benchmark/benchmark.h>

#include <optional>
#include <ostream>

#include "bench_support.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/preview.hpp"

namespace ecrlc::bench {
namespace {

constexpr std::uint64_t k_images = 100'000;

// The report is built once; renderers only read it.
struct Fixture {
  std::optional<PolicySet> policies;
  std::optional<Preview> report;
};

const Fixture& fixture() {
  static Fixture built = [] {
    Fixture f;
    ParsedPolicy parsed = parse_policy(policy_text(PolicyKind::mixed, 10));
    const Inventory* inventory = bench::inventory(k_images);
    if (parsed.policy && inventory != nullptr) {
      f.policies = PolicySet::single("policy.json", std::move(*parsed.policy));
      PreviewOptions options;
      options.single_policy = true;
      f.report =
          build_preview(*f.policies, *inventory, EvalContext{k_generate_default_now}, options);
    }
    return f;
  }();
  return built;
}

void render(benchmark::State& state, PreviewFormat format) {
  const Fixture& f = fixture();
  if (!f.report) {
    state.SkipWithError("no report (invalid policy or inventory)");
    return;
  }
  NullBuffer sink;
  std::ostream out(&sink);
  PreviewRenderOptions options;
  for (auto _ : state) {
    render_preview(out, *f.report, format, options);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * k_images));
  state.SetBytesProcessed(static_cast<std::int64_t>(sink.bytes));
}

void BM_render_table(benchmark::State& state) { render(state, PreviewFormat::table); }
BENCHMARK(BM_render_table)->Unit(benchmark::kMillisecond);
void BM_render_json(benchmark::State& state) { render(state, PreviewFormat::json); }
BENCHMARK(BM_render_json)->Unit(benchmark::kMillisecond);
void BM_render_aws(benchmark::State& state) { render(state, PreviewFormat::aws); }
BENCHMARK(BM_render_aws)->Unit(benchmark::kMillisecond);
void BM_render_csv(benchmark::State& state) { render(state, PreviewFormat::csv); }
BENCHMARK(BM_render_csv)->Unit(benchmark::kMillisecond);
void BM_render_ndjson(benchmark::State& state) { render(state, PreviewFormat::ndjson); }
BENCHMARK(BM_render_ndjson)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ecrlc::bench

BENCHMARK_MAIN();
