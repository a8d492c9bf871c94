#!/bin/sh
# CI steps beyond the normal build (docs/reliability.md), sized for a few minutes on 2 cores:
#   asan: ONE clang build with ASan + UBSan and libFuzzer instrumentation (build-san) of
#         everything ctest runs (the GoogleTest suites, `ecr-lifecycle` itself, eval_harness,
#         the fuzz replays) and the fuzzers; then the ctest suite under the sanitizers but
#         the moto end-to-end tests (see san_exclude): the Python-driven tests (hostile,
#         determinism, threads, safety, golden, fake AWS CLI, README) call the instrumented
#         binary, and the sanitizer options below reach it through the environment;
#   fuzz: each fuzzer for FUZZ_SECONDS, seeded from fixtures/ and tests/fuzz/seeds/ (reuses
#         build-san; builds it when the asan step did not run);
#   tidy: tests/run_clang_tidy.sh over engine/src, tools, io and cli with the compile database
#         of a Release configuration without precompiled headers (TIDY_BUILD, default
#         build-tidy; configured, not built).
# Each step is timed; all steps run, and the script fails if any did. `set -e` does not apply
# inside a step (it runs as an `if` condition): steps return explicitly.
# Usage: tests/ci_extra.sh [STEP...] with STEP in asan, fuzz, tidy (default: all three).
# Environment: FUZZ_SECONDS (per fuzzer, default 20), JOBS (default 2), SAN_BUILD (default
# build-san), TIDY_BUILD (default build-tidy). Installs nothing: .ci/install-deps has clang,
# clang-tidy and libclang-rt-14-dev.
set -eu
cd "$(dirname "$0")/.."
steps=${*:-asan fuzz tidy}
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-20}
san=${SAN_BUILD:-build-san}
tidy_build=${TIDY_BUILD:-build-tidy}
fuzzers="fuzz_policy fuzz_inventory fuzz_timestamp fuzz_protect fuzz_registry fuzz_apply fuzz_templates"
failed=""
timings=""

# Any sanitizer report fails the test that hit it: the process dies by SIGABRT, which no
# test mistakes for an expected exit status 1 or 2 (ASan's default is exit status 1). The
# tests' child processes inherit these variables (tests/hostile_test.py adds
# allocator_may_return_null=1 to them). ECRLC_SANITIZED=1 tells the Python tests that the
# binary is instrumented (they also detect it themselves).
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1
export ASAN_OPTIONS UBSAN_OPTIONS

# Builds the given targets (default: all, i.e. everything ctest runs plus the fuzzers; the
# benchmarks are off). Warnings are not errors here: the Release build (g++) enforces them,
# and clang has a few warnings of its own that should not fail CI by themselves. Line tables
# are all the debug information a sanitizer report needs (file:line in every frame); full -g
# makes the objects five times larger and the build slower. -O1, as the sanitizers' own
# documentation suggests: the build takes about a third less time than at -O2, the tests a
# little more.
build_san() {
  cmake -S . -B "$san" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" -DECRLC_SANITIZE=ON -DECRLC_BUILD_FUZZERS=ON -DECRLC_BUILD_BENCH=OFF \
    -DECRLC_WARNINGS_AS_ERRORS=OFF >/dev/null || return 1
  ninja -C "$san" -j "$jobs" "$@" >"$san/build.log" 2>&1 || {
    tail -40 "$san/build.log"
    return 1
  }
}

step_asan() {
  build_start=$(date +%s)
  build_san || return 1
  echo "build: $(($(date +%s) - build_start))s"
  # Every report is also written to $reports/report.PID: a report in a process whose exit a
  # test does not look at (a shell script's pipeline, a probe run) still fails the step.
  # Absolute: tests run the binary in other working folders, where a relative log_path
  # would put the reports (and folders named after them) beside their files.
  reports=$(cd "$san" && pwd)/sanitizer-reports
  rm -rf "$reports" && mkdir -p "$reports" || return 1
  # GLIBC_TUNABLES: io/memory_tuning.cpp re-executes preview, plan, diff and explain with
  # glibc malloc tunables unless the variable is set; ASan replaces malloc, so under it the
  # second start only costs time (about 50 ms of a 220 ms run, over a thousand runs).
  # The moto end-to-end tests spend their minutes in the AWS CLI's and moto's Python, not in
  # our binary, and the Release run already ran them: running them again here doubled their
  # cost for little more coverage. Our side of the AWS CLI (io/process, io/aws_cli, the
  # registry reader, apply's requests) still runs instrumented in SnapshotFakeCli and the
  # unit suites.
  # PortableBinary disassembles the binary that ships, which the Release run checks: this one
  # also holds the sanitizer runtimes, which are not ours to keep portable.
  san_exclude='^(Moto(Preview|Plan|Snapshot|Apply)E2E|ExamplesE2E|PortableBinary)$'
  ctest_status=0
  GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.hugetlb=0} \
    ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$reports/report \
    UBSAN_OPTIONS=$UBSAN_OPTIONS:log_path=$reports/report ECRLC_SANITIZED=1 \
    ctest --test-dir "$san" --output-on-failure -j "$jobs" -E "$san_exclude" >"$san/ctest.log" 2>&1 ||
    ctest_status=1
  if [ "$ctest_status" -ne 0 ]; then
    grep -vE '^ *(Start +[0-9]+:|[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed)' "$san/ctest.log" |
      tail -100
  fi
  grep -E 'tests passed|Total Test time' "$san/ctest.log"
  if [ -n "$(ls "$reports")" ]; then
    echo "ci_extra: sanitizer reports in $reports:" >&2
    for report in "$reports"/*; do
      head -40 "$report"
    done
    return 1
  fi
  return "$ctest_status"
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
      build_san $fuzzers || return 1
      break
    fi
  done
  # A fuzzer uses one core: with two jobs, they run two at a time (each still gets
  # FUZZ_SECONDS of one core), and each pair's reports print in order afterwards.
  fuzz_status=0
  set -- "fuzz_policy 65536 tests/fuzz/seeds/policy fixtures/policies" \
    "fuzz_inventory 65536 tests/fuzz/seeds/inventory fixtures/inventories" \
    "fuzz_timestamp 64 tests/fuzz/seeds/timestamp" \
    "fuzz_protect 65536 tests/fuzz/seeds/protect fixtures/protect" \
    "fuzz_registry 65536 tests/fuzz/seeds/registry" \
    "fuzz_apply 65536 tests/fuzz/seeds/apply" \
    "fuzz_templates 65536 tests/fuzz/seeds/templates fixtures/templates"
  while [ $# -gt 0 ]; do
    if [ "$jobs" -ge 2 ] && [ $# -ge 2 ]; then
      # shellcheck disable=SC2086 # each entry is the words of one run_fuzzer call
      run_fuzzer $2 >"$san/fuzz_second.out" 2>&1 &
      second=$!
      # shellcheck disable=SC2086
      run_fuzzer $1 || fuzz_status=1
      wait "$second" || fuzz_status=1
      cat "$san/fuzz_second.out"
      shift 2
    else
      # shellcheck disable=SC2086
      run_fuzzer $1 || fuzz_status=1
      shift
    fi
  done
  return "$fuzz_status"
}

step_tidy() {
  # Its own compile database, configured without precompiled headers (clang-tidy cannot read
  # g++'s); only the generated header is built (cli/app.cpp includes it).
  cmake -S . -B "$tidy_build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DECRLC_PCH=OFF \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DECRLC_WARNINGS_AS_ERRORS=ON >/dev/null || return 1
  ninja -C "$tidy_build" ecrlc_build_info >/dev/null || return 1
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
