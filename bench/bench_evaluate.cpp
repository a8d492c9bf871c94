// Rule engine benchmarks: evaluate_repository over generated inventories. Items are
// image-rule decisions (images * rules), so policies of different sizes compare.
#include <benchmark/benchmark.h>

#include "bench_support.hpp"
#include "ecrlc/evaluate.hpp"

namespace ecrlc::bench {
namespace {

void evaluate(benchmark::State& state, const std::string& policy_text, std::uint64_t images,
              std::uint64_t repositories) {
  ParsedPolicy parsed = parse_policy(policy_text);
  if (!parsed.policy) {
    state.SkipWithError("the benchmark policy is invalid");
    return;
  }
  const Inventory* inventory = bench::inventory(images, repositories);
  if (inventory == nullptr) {
    state.SkipWithError("the reader rejected the generated inventory");
    return;
  }
  const LifecyclePolicy& policy = *parsed.policy;
  const EvalContext context{k_generate_default_now};
  for (auto _ : state) {
    for (const Repository& repository : inventory->repositories) {
      RepositoryEvaluation evaluation = evaluate_repository(policy, repository, context);
      benchmark::DoNotOptimize(evaluation);
    }
  }
  state.SetItemsProcessed(
      static_cast<std::int64_t>(state.iterations() * images * policy.rules.size()));
  state.counters["repositories"] = static_cast<double>(inventory->repositories.size());
  state.counters["rules"] = static_cast<double>(policy.rules.size());
}

// Default repository counts (images / 1000, long tail), 10 rules.
void BM_evaluate_count_rules(benchmark::State& state) {
  evaluate(state, policy_text(PolicyKind::count, 10), static_cast<std::uint64_t>(state.range(0)),
           0);
}
BENCHMARK(BM_evaluate_count_rules)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_evaluate_age_rules(benchmark::State& state) {
  evaluate(state, policy_text(PolicyKind::age, 10), static_cast<std::uint64_t>(state.range(0)), 0);
}
BENCHMARK(BM_evaluate_age_rules)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_evaluate_patterns(benchmark::State& state) {
  evaluate(state, policy_text(PolicyKind::patterns, 10), static_cast<std::uint64_t>(state.range(0)),
           0);
}
BENCHMARK(BM_evaluate_patterns)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// 100,000 images in 1,000 repositories of 100.
void BM_evaluate_many_repositories(benchmark::State& state) {
  evaluate(state, policy_text(PolicyKind::mixed, 10), 100'000, 1'000);
}
BENCHMARK(BM_evaluate_many_repositories)->Unit(benchmark::kMillisecond);

// One repository at ECR's quota: 100,000 images.
void BM_evaluate_huge_repository(benchmark::State& state) {
  evaluate(state, policy_text(PolicyKind::mixed, 10), 100'000, 1);
}
BENCHMARK(BM_evaluate_huge_repository)->Unit(benchmark::kMillisecond);

// The 50-rule, 30 KB policy.
void BM_evaluate_50_rules(benchmark::State& state) {
  evaluate(state, large_policy_text(), static_cast<std::uint64_t>(state.range(0)), 0);
}
BENCHMARK(BM_evaluate_50_rules)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ecrlc::bench

BENCHMARK_MAIN();
