#!/bin/sh
# End-to-end benchmark over registry shapes: for each shape, generates a describe-images JSON
# inventory and an NDJSON one, then runs the floor program (bench/floor.cpp) and
# `ecr-lifecycle preview --format aws|table` on each, interleaved round by round (floor, aws,
# table, floor, aws, table, ...), each under /usr/bin/time -v. Prints, per shape and input, the
# min and median of wall and CPU time (user + sys), the largest peak RSS, and the ratios to the
# floor of the same run (median to median). Prints the load average before and
# after, and says so when the run was under load. Exits non-zero when any step fails.
#
# Usage: bench/e2e.sh [--images N] [--ndjson-images N] [--rounds N] [--shapes LIST]
#                     [--kinds LIST] [--build DIR] [--baseline DIR] [--work DIR] [--keep]
#                     [--threads N] [--commands LIST]
#   --images N         images in the JSON documents (default 1000000, about 650 MB)
#   --ndjson-images N  images in the NDJSON files (default 3000000, about 1.4 GB)
#   --rounds N         runs of each program per input (default 3)
#   --shapes LIST      comma-separated shapes (default: all, in this order):
#                        few-grouped      2,000 repositories (Zipf sizes), grouped
#                        few-interleaved  2,000 repositories, round robin
#                        many-grouped     74,000 repositories, grouped
#                        many-random      74,000 repositories, random order
#                        many-anomalies   74,000 repositories, random order, 2.7% tag anomalies
#                        uniform-random   74,000 repositories of equal size, random order
#                      (repository counts are capped at the image count)
#   --kinds LIST       json, ndjson or json,ndjson (default)
#   --build DIR        build directory holding cli/ecr-lifecycle and bench/ecrlc_floor
#                      (default: build)
#   --baseline DIR     another build directory (say, of the commit before a change): its
#                      cli/ecr-lifecycle runs the same previews in the same rounds, interleaved
#                      with this build's, as "baseline preview --format ..." rows, so that a
#                      change is measured before and after in one run
#   --work DIR         where the inventories go (default: a new directory under $TMPDIR); each
#                      inventory is removed once measured unless --keep
#   --keep             keep the work directory and the inventories
#   --threads N        passed to preview --threads (default: the number of cores, as preview)
#   --commands LIST    comma-separated, of: preview (--format aws and table; the default),
#                      plan (plan --out, the folder replaced each round) and diff (diff
#                      --format json of the 5-rule policy and fixtures/bench/policy-new.json,
#                      which changes every rule's count); the same --threads
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
images=1000000
ndjson_images=3000000
rounds=3
all_shapes="few-grouped,few-interleaved,many-grouped,many-random,many-anomalies,uniform-random"
shapes=$all_shapes
kinds="json,ndjson"
build="$root/build"
baseline=""
work=""
keep=0
cores=$(nproc 2>/dev/null || echo 1)
threads=$cores
commands=preview
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images=$2; shift 2 ;;
    --ndjson-images) ndjson_images=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --kinds) kinds=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --threads) threads=$2; shift 2 ;;
    --commands) commands=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -eu/{/^#/p}' "$0"; exit 0 ;;
    *) echo "e2e.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$rounds" in
  ''|*[!0-9]*|0) echo "e2e.sh: --rounds must be a positive number" >&2; exit 2 ;;
esac

# shape_options SHAPE IMAGES: the generate options of a shape.
shape_options() {
  shape=$1; count=$2
  few=2000; many=74000
  [ "$few" -gt "$count" ] && few=$count
  [ "$many" -gt "$count" ] && many=$count
  case "$shape" in
    few-grouped) echo "--repositories $few --order grouped" ;;
    few-interleaved) echo "--repositories $few --order interleaved" ;;
    many-grouped) echo "--repositories $many --order grouped" ;;
    many-random) echo "--repositories $many --order random" ;;
    many-anomalies) echo "--repositories $many --order random --tag-anomalies 2.7" ;;
    uniform-random) echo "--repositories $many --order random --sizes uniform" ;;
    *) return 1 ;;
  esac
}
for shape in $(echo "$shapes" | tr ',' ' '); do
  if ! shape_options "$shape" 1 >/dev/null; then
    echo "e2e.sh: unknown shape: $shape (known: $all_shapes)" >&2
    exit 2
  fi
done
for kind in $(echo "$kinds" | tr ',' ' '); do
  case "$kind" in json|ndjson) ;; *) echo "e2e.sh: unknown kind: $kind" >&2; exit 2 ;; esac
done
for command in $(echo "$commands" | tr ',' ' '); do
  case "$command" in
    preview|plan|diff) ;;
    *) echo "e2e.sh: unknown command: $command (preview, plan, diff)" >&2; exit 2 ;;
  esac
done

tool="$build/cli/ecr-lifecycle"
floor="$build/bench/ecrlc_floor"
baseline_tool=""
if [ -n "$baseline" ]; then
  baseline_tool="$baseline/cli/ecr-lifecycle"
fi
for program in "$tool" "$floor" $baseline_tool; do
  if [ ! -x "$program" ]; then
    echo "e2e.sh: $program is not built (ninja -C $build ecr-lifecycle ecrlc_floor)" >&2
    exit 2
  fi
done
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null
fi

if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/ecrlc-e2e.XXXXXX")
else
  mkdir -p "$work"
fi
cleanup() {
  if [ "$keep" -eq 0 ]; then
    rm -rf "$work"
  fi
}
trap cleanup EXIT

now=2026-01-01T00:00:00Z
# The 5-rule policy of the README table; tests/threads_test.py uses it too.
policy="$root/fixtures/bench/policy.json"
new_policy="$root/fixtures/bench/policy-new.json"

load1() { cut -d' ' -f1 /proc/loadavg; }
loads() { cut -d' ' -f1-3 /proc/loadavg; }
# Under load before the run: the 1-minute load above 1.0, or above half the cores on a larger
# machine. During the run the load average counts the run's own threads (two of them push it
# past 1 on 2 cores), so there the verdict comes from the CPU time others used instead.
limit=$(awk -v c="$cores" 'BEGIN { l = c / 2; print (l > 1 ? l : 1) }')
under_load() { awk -v l="$1" -v m="$limit" 'BEGIN { exit !(l > m) }'; }
# Busy and steal ticks of all CPUs so far (/proc/stat: user nice system idle iowait irq softirq
# steal); busy includes every process's time, ours too.
ticks_per_second=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9; exit }' /proc/stat 2>/dev/null; }

results="$work/results.tsv"
: >"$results"
# Per measured run: wall seconds, CPU seconds of other processes, steal seconds.
others="$work/others.tsv"
: >"$others"
loaded=0  # load before the run
busy=0    # others' CPU time during the measured runs
load_before=$(loads)
under_load "$(load1)" && loaded=1

# run SHAPE INPUT COUNT LABEL COMMAND...: times COMMAND (stdout discarded), appends a row.
run() {
  shape=$1; input=$2; count=$3; label=$4; shift 4
  log="$work/time.log"
  ticks_before=$(cpu_ticks)
  if ! /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$work/stderr.log"; then
    echo "e2e.sh: failed: $*" >&2
    cat "$work/stderr.log" >&2
    exit 1
  fi
  ticks_after=$(cpu_ticks)
  # What the machine's CPUs did while the command ran, less the command's own user + sys time:
  # the time other processes took (tick and rusage rounding: a few hundredths of a second).
  awk -v before="$ticks_before" -v after="$ticks_after" -v hz="$ticks_per_second" -F': ' '
    /Elapsed \(wall clock\)/ {
      n = split($2, part, ":"); wall = 0
      for (i = 1; i <= n; i++) wall = wall * 60 + part[i]
    }
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    END {
      split(before, b, " "); split(after, a, " ")
      other = (a[1] - b[1]) / hz - (user + sys); if (other < 0) other = 0
      printf "%.2f\t%.2f\t%.2f\n", wall, other, (a[2] - b[2]) / hz
    }
  ' "$log" >>"$others"
  awk -v shape="$shape" -v label="$label" -v input="$input" -v count="$count" -F': ' '
    /Elapsed \(wall clock\)/ {
      n = split($2, part, ":"); wall = 0
      for (i = 1; i <= n; i++) wall = wall * 60 + part[i]
    }
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%s\t%s\t%s\t%s\t%.2f\t%.2f\t%d\n", shape, input, label, count, wall, user + sys, rss }
  ' "$log" >>"$results"
}

for shape in $(echo "$shapes" | tr ',' ' '); do
  for kind in $(echo "$kinds" | tr ',' ' '); do
    if [ "$kind" = json ]; then count=$images; else count=$ndjson_images; fi
    file="$work/$shape.$kind"
    options=$(shape_options "$shape" "$count")
    # shellcheck disable=SC2086 # the options are words
    "$tool" generate --images "$count" --format "$kind" $options --output "$file"
    echo "e2e.sh: $shape $kind: generate --images $count --format $kind $options," \
      "$(du -m "$file" | cut -f1) MB, load $(loads)" >&2
    round=1
    while [ "$round" -le "$rounds" ]; do
      run "$shape" "$kind $count" "$count" floor "$floor" "$file"
      for command in $(echo "$commands" | tr ',' ' '); do
        for program in "$tool" $baseline_tool; do
          prefix=""
          [ "$program" = "$tool" ] || prefix="baseline "
          case "$command" in
            preview)
              for format in aws table; do
                run "$shape" "$kind $count" "$count" "${prefix}preview --format $format" \
                  "$program" preview --policy "$policy" --images "$file" --format "$format" \
                  --now "$now" --threads "$threads"
              done ;;
            plan)
              run "$shape" "$kind $count" "$count" "${prefix}plan" \
                "$program" plan --policy "$policy" --images "$file" --now "$now" \
                --threads "$threads" --out "$work/plan" --force ;;
            diff)
              run "$shape" "$kind $count" "$count" "${prefix}diff --format json" \
                "$program" diff --policy "$policy" --policy "$new_policy" --images "$file" \
                --format json --now "$now" --threads "$threads" ;;
          esac
        done
      done
      round=$((round + 1))
    done
    if [ "$keep" -eq 0 ]; then
      rm -f "$file"
    fi
  done
done
load_after=$(loads)
# Others' CPU time and steal over the measured runs, as cores' worth on average; above a tenth
# of a core, the wall times are not the tool's alone. Each run's count may be off by about
# 0.02 s (ticks of 1/CLK_TCK, rusage printed in hundredths), allowed for before judging.
others_line=$(awk -F'\t' '{ runs++; wall += $1; other += $2; steal += $3 }
  END { w = wall > 0 ? wall : 1; excess = other - 0.02 * runs
        printf "%.1f s of %.1f s measured (%.2f cores on average); steal %.1f s (%.2f cores)", other, wall, other / w, steal, steal / w
        exit !(excess / w > 0.1 || steal / w > 0.1) }' "$others") && busy=1

echo
echo "$rounds rounds, --threads $threads, $cores cores; load average before: $load_before," \
  "after: $load_after (the run's own threads count in it)"
echo "other processes' CPU time during the measured runs: $others_line"
if [ "$loaded" -eq 1 ]; then
  echo "UNDER LOAD: the 1-minute load average was above $limit before the run; wall times" \
    "are not meaningful (CPU times and peak RSS are less affected)"
fi
if [ "$busy" -eq 1 ]; then
  echo "UNDER LOAD: other processes (or the hypervisor's steal) took more than a tenth of a" \
    "core during the measured runs; wall times are not meaningful (CPU times and peak RSS" \
    "are less affected)"
fi
echo
echo "| shape | input | program | wall s min | wall s median | CPU s min | CPU s median | peak RSS MB | wall / floor (median) | CPU / floor (median) |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
# Sorted per (shape, input, program) by wall and by CPU; min, median, ratio to the floor.
awk -F'\t' '
  function median(list, n,    i, j, t, v) {
    split(list, v, " ")
    for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  function minimum(list,    i, v, n, m) {
    n = split(list, v, " "); m = v[1] + 0
    for (i = 2; i <= n; i++) if (v[i] + 0 < m) m = v[i] + 0
    return m
  }
  {
    key = $1 "\t" $2 "\t" $3
    if (!(key in n)) { order[++keys] = key }
    n[key]++; wall[key] = wall[key] " " $5; cpu[key] = cpu[key] " " $6
    if ($7 > rss[key]) rss[key] = $7
  }
  END {
    for (k = 1; k <= keys; k++) {
      key = order[k]; split(key, part, "\t")
      wm[key] = median(wall[key], n[key]); cm[key] = median(cpu[key], n[key])
      if (part[3] == "floor") { fw[part[1] "\t" part[2]] = wm[key]; fc[part[1] "\t" part[2]] = cm[key] }
    }
    for (k = 1; k <= keys; k++) {
      key = order[k]; split(key, part, "\t"); base = part[1] "\t" part[2]
      rw = (part[3] != "floor" && fw[base] > 0) ? sprintf("%.1fx", wm[key] / fw[base]) : "-"
      rc = (part[3] != "floor" && fc[base] > 0) ? sprintf("%.1fx", cm[key] / fc[base]) : "-"
      printf "| %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %.0f | %s | %s |\n", part[1], part[2], \
             part[3], minimum(wall[key]), wm[key], minimum(cpu[key]), cm[key], rss[key] / 1024, rw, rc
    }
  }' "$results"
