#!/bin/sh
# Smoke run of the benchmarks (CI): every bench_* binary with a tiny minimum time, the floor
# program on small generated inventories, a tiny end-to-end run and a tiny instruction count
# (bench/instructions.sh). Exits non-zero on failure.
#
# Usage: bench/smoke.sh [BUILD_DIR]   (default: build)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build"}
work=$(mktemp -d "${TMPDIR:-/tmp}/ecrlc-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT

status=0
for stage in parse evaluate render generate; do
  binary="$build/bench/bench_$stage"
  echo "== bench_$stage"
  # A benchmark that calls SkipWithError still exits 0: treat "ERROR OCCURRED" as a failure.
  if ! "$binary" --benchmark_min_time=0.01 >"$work/out.txt" 2>&1; then
    cat "$work/out.txt"
    echo "smoke.sh: bench_$stage failed" >&2
    status=1
    continue
  fi
  cat "$work/out.txt"
  if grep -q "ERROR OCCURRED" "$work/out.txt"; then
    echo "smoke.sh: bench_$stage reported an error" >&2
    status=1
  fi
  # With ECRLC_NATIVE_SIMD the reader must run simdjson's Haswell kernel, not the fallback.
  if [ "$stage" = parse ] && grep -q "^ECRLC_NATIVE_SIMD:BOOL=ON" "$build/CMakeCache.txt" 2>/dev/null &&
    ! grep -q "reader_ondemand_kernel: haswell" "$work/out.txt"; then
    echo "smoke.sh: ECRLC_NATIVE_SIMD is ON but the reader's On-Demand kernel is not haswell" >&2
    status=1
  fi
done

echo "== floor"
tool="$build/cli/ecr-lifecycle"
"$tool" generate --images 2000 --output "$work/small.json"
"$tool" generate --images 2000 --format ndjson --output "$work/small.ndjson"
for file in "$work/small.json" "$work/small.ndjson"; do
  out=$("$build/bench/ecrlc_floor" "$file")
  echo "$out"
  case "$out" in
    "images 2000 "*) ;;
    *) echo "smoke.sh: the floor counted the wrong number of images in $file" >&2; status=1 ;;
  esac
done

echo "== e2e"
if ! sh "$root/bench/e2e.sh" --images 2000 --ndjson-images 5000 --rounds 1 \
    --shapes few-grouped,many-anomalies --build "$build"; then
  echo "smoke.sh: e2e.sh failed" >&2
  status=1
fi

echo "== instructions"
# The build against itself: both measurements, the preview comparison and the percentage.
if ! sh "$root/bench/instructions.sh" --images 2000 --top 3 --build "$build" \
    --baseline "$build"; then
  echo "smoke.sh: instructions.sh failed" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "smoke.sh: all benchmarks ran"
fi
exit $status
