#!/bin/sh
# CI steps beyond the normal build (docs/reliability.md), sized for a few minutes on 2 cores:
#   asan: ONE clang build with ASan + UBSan and libFuzzer instrumentation (build-san) of only
#         the GoogleTest unit suites, the fuzz replays and the three fuzzers; then
#         `ctest -L "unit|fuzz"` under the sanitizers (unit tests, every seed and past finding);
#   fuzz: each fuzzer for FUZZ_SECONDS, seeded from fixtures/ and tests/fuzz/seeds/ (reuses
#         build-san; builds it when the asan step did not run);
#   tidy: tests/run_clang_tidy.sh over engine/src and cli with the compile_commands.json of the
#         Release build that tests/run_all.sh made (TIDY_BUILD, default build; configured
#         without building when missing).
# Each step is timed; all steps run, and the script fails if any did. `set -e` does not apply
# inside a step (it runs as an `if` condition): steps return explicitly.
# Usage: tests/ci_extra.sh [STEP...] with STEP in asan, fuzz, tidy (default: all three).
# Environment: FUZZ_SECONDS (per fuzzer, default 20), JOBS (default 2), SAN_BUILD (default
# build-san), TIDY_BUILD (default build). Installs nothing: .ci/install-deps has clang,
# clang-tidy and libclang-rt-14-dev.
set -eu
cd "$(dirname "$0")/.."
steps=${*:-asan fuzz tidy}
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-20}
san=${SAN_BUILD:-build-san}
tidy_build=${TIDY_BUILD:-build}
fuzzers="fuzz_policy fuzz_inventory fuzz_timestamp"
failed=""
timings=""

# Any sanitizer report fails the test that hit it (abort, not just a log line).
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS UBSAN_OPTIONS

# Builds only what the sanitizer steps run: the GoogleTest executables labelled `unit` in
# tests/CMakeLists.txt (so a new unit suite is picked up without editing this file), the fuzz
# replays and the fuzzers. Warnings are not errors here: the Release build (g++) enforces them,
# and clang has a few warnings of its own that should not fail CI by themselves.
build_san() {
  cmake -S . -B "$san" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DECRLC_SANITIZE=ON -DECRLC_BUILD_FUZZERS=ON -DECRLC_BUILD_BENCH=OFF \
    -DECRLC_WARNINGS_AS_ERRORS=OFF >/dev/null || return 1
  units=$(sed -n 's/^ecrlc_test(\([a-z0-9_]*\) unit[ )].*/\1/p' tests/CMakeLists.txt)
  replays=$(for target in $fuzzers; do printf '%s_replay ' "$target"; done)
  # shellcheck disable=SC2086 # word splitting of the target lists is intended
  ninja -C "$san" -j "$jobs" $units $replays $fuzzers >"$san/build.log" 2>&1 || {
    tail -40 "$san/build.log"
    return 1
  }
}

step_asan() {
  build_san || return 1
  ctest --test-dir "$san" -L "unit|fuzz" --output-on-failure \
    -j "$jobs" >"$san/ctest.log" 2>&1 || {
    grep -vE '^ *(Start +[0-9]+:|[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed)' "$san/ctest.log" |
      tail -100
    return 1
  }
  grep -E 'tests passed|Total Test time' "$san/ctest.log"
}

# Runs one fuzzer for $fuzz_seconds on a scratch corpus seeded from fixtures/ and from every
# past finding; a new finding is copied to fixtures/regressions/known-failures/<target>/.
run_fuzzer() {
  target=$1 max_len=$2
  shift 2
  corpus=$san/fuzz/corpus/$target
  artifacts=$san/fuzz/artifacts/$target/
  log=$san/fuzz/$target.log
  mkdir -p "$corpus" "$artifacts"
  status=0
  "$san/tests/fuzz/$target" -max_total_time="$fuzz_seconds" -max_len="$max_len" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$corpus" "fixtures/regressions/$target" "$@" >"$log" 2>&1 || status=$?
  printf '%s: ' "$target"
  grep -E '^stat::number_of_executed_units' "$log" | tr '\n' ' ' || true
  grep -E '^stat::peak_rss_mb' "$log" | tr -s ' ' || echo
  if [ "$status" -ne 0 ]; then
    grep -E 'ERROR|runtime error|fuzz check failed|SUMMARY' "$log" | head -5
    mkdir -p "fixtures/regressions/known-failures/$target"
    cp "$artifacts"* "fixtures/regressions/known-failures/$target/" 2>/dev/null || true
    echo "ci_extra: $target found a failure (log: $log); its input is in" \
      "fixtures/regressions/known-failures/$target/" >&2
  fi
  return "$status"
}

step_fuzz() {
  for target in $fuzzers; do
    if [ ! -x "$san/tests/fuzz/$target" ]; then
      build_san || return 1
      break
    fi
  done
  # A fuzzer uses one core: with two jobs, the policy and inventory fuzzers run side by side
  # (each still gets FUZZ_SECONDS of one core), and their reports print in order afterwards.
  fuzz_status=0
  if [ "$jobs" -ge 2 ]; then
    run_fuzzer fuzz_inventory 65536 tests/fuzz/seeds/inventory fixtures/inventories \
      >"$san/fuzz_inventory.out" 2>&1 &
    inventory_pid=$!
  fi
  run_fuzzer fuzz_policy 65536 tests/fuzz/seeds/policy fixtures/policies || fuzz_status=1
  if [ "$jobs" -ge 2 ]; then
    wait "$inventory_pid" || fuzz_status=1
    cat "$san/fuzz_inventory.out"
  else
    run_fuzzer fuzz_inventory 65536 tests/fuzz/seeds/inventory fixtures/inventories ||
      fuzz_status=1
  fi
  run_fuzzer fuzz_timestamp 64 tests/fuzz/seeds/timestamp || fuzz_status=1
  return "$fuzz_status"
}

step_tidy() {
  if [ ! -f "$tidy_build/compile_commands.json" ]; then
    # Configure only, as tests/run_all.sh does; clang-tidy needs no object files.
    cmake -S . -B "$tidy_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DECRLC_WARNINGS_AS_ERRORS=ON >/dev/null || return 1
  fi
  TIDY_JOBS="$jobs" sh tests/run_clang_tidy.sh "$tidy_build"
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
