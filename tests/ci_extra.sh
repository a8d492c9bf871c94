#!/bin/sh
# CI steps beyond the normal build (docs/reliability.md): the whole test suite under ASan and
# UBSan (g++), the libFuzzer targets for a bounded time (clang) plus the replay of every past
# finding, and clang-tidy. Each step is timed; all steps run, and the script fails if any did.
# `set -e` does not apply inside a step (it runs as an `if` condition): steps return explicitly.
# Usage: tests/ci_extra.sh [STEP...] with STEP in asan, fuzz, tidy (default: all three).
# Environment: FUZZ_SECONDS (per fuzzer, default 60), JOBS (default 2).
set -eu
cd "$(dirname "$0")/.."
steps=${*:-asan fuzz tidy}
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-60}
failed=""
timings=""

step_asan() {
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DECRLC_SANITIZE=ON \
    -DECRLC_WARNINGS_AS_ERRORS=ON -DECRLC_BUILD_BENCH=OFF >/dev/null || return 1
  cmake --build build-asan -j "$jobs" || return 1
  # Python-driven tests run the instrumented binary too; any report aborts it.
  ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
}

# Runs one fuzzer for $fuzz_seconds on a scratch corpus seeded from fixtures/ and from every
# past finding; a new finding is copied to fixtures/regressions/known-failures/<target>/.
run_fuzzer() {
  target=$1 max_len=$2
  shift 2
  corpus=build-fuzz/corpus/$target
  artifacts=build-fuzz/artifacts/$target/
  mkdir -p "$corpus" "$artifacts"
  status=0
  build-fuzz/tests/fuzz/"$target" -max_total_time="$fuzz_seconds" -max_len="$max_len" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$corpus" "fixtures/regressions/$target" "$@" >"build-fuzz/$target.log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "build-fuzz/$target.log" || true
  if [ "$status" -ne 0 ]; then
    grep -E 'ERROR|runtime error|fuzz check failed|SUMMARY' "build-fuzz/$target.log" | head -5
    mkdir -p "fixtures/regressions/known-failures/$target"
    cp "$artifacts"* "fixtures/regressions/known-failures/$target/" 2>/dev/null || true
    echo "ci_extra: $target found a failure (log: build-fuzz/$target.log); its input is in" \
      "fixtures/regressions/known-failures/$target/" >&2
  fi
  return "$status"
}

step_fuzz() {
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DECRLC_BUILD_FUZZERS=ON -DECRLC_BUILD_TESTS=OFF \
    -DECRLC_BUILD_BENCH=OFF >/dev/null || return 1
  cmake --build build-fuzz -j "$jobs" --target fuzzers || return 1
  # Past findings first, once each, under libFuzzer's own sanitizer build.
  for target in fuzz_policy fuzz_inventory fuzz_timestamp; do
    set -- fixtures/regressions/"$target"/*
    if [ -e "$1" ]; then
      build-fuzz/tests/fuzz/"$target" "$@" >/dev/null 2>&1 || {
        echo "ci_extra: $target: a fixed regression fails again" >&2
        return 1
      }
    fi
  done
  fuzz_status=0
  run_fuzzer fuzz_policy 65536 tests/fuzz/seeds/policy fixtures/policies || fuzz_status=1
  run_fuzzer fuzz_inventory 65536 tests/fuzz/seeds/inventory fixtures/inventories ||
    fuzz_status=1
  run_fuzzer fuzz_timestamp 64 tests/fuzz/seeds/timestamp || fuzz_status=1
  return "$fuzz_status"
}

step_tidy() {
  cmake -S . -B build-tidy -G Ninja -DECRLC_BUILD_TESTS=OFF -DECRLC_BUILD_BENCH=OFF >/dev/null ||
    return 1
  TIDY_JOBS="$jobs" sh tests/run_clang_tidy.sh build-tidy
}

for step in $steps; do
  case $step in
    asan | fuzz | tidy) ;;
    *) echo "ci_extra: error: unknown step '$step' (asan, fuzz, tidy)" >&2; exit 2 ;;
  esac
  echo "== ci_extra: $step"
  start=$(date +%s)
  if "step_$step"; then result=ok; else result=FAILED; failed="$failed $step"; fi
  seconds=$(($(date +%s) - start))
  timings="$timings$step: $result in ${seconds}s
"
done
printf '== ci_extra timings\n%s' "$timings"
if [ -n "$failed" ]; then
  echo "ci_extra: failed steps:$failed" >&2
  exit 1
fi
