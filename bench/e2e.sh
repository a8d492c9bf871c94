#!/bin/sh
# End-to-end benchmark: generates a describe-images JSON inventory and an NDJSON inventory,
# then times the floor program and `ecr-lifecycle preview --format aws|table` on each with
# /usr/bin/time -v, and prints a markdown table (wall, CPU, peak RSS, images/s, ratio to the
# floor, by wall and by CPU time). Exits non-zero when any step fails. images/s is by wall time.
#
# Usage: bench/e2e.sh [--images N] [--ndjson-images N] [--build DIR] [--work DIR] [--keep]
#   --images N         images in the JSON document (default 1000000, about 650 MB)
#   --ndjson-images N  images in the NDJSON file (default 10000000, about 4.8 GB)
#   --build DIR        build directory holding cli/ecr-lifecycle and bench/ecrlc_floor
#                      (default: build)
#   --work DIR         where the inventories go (default: a new directory under $TMPDIR)
#   --keep             keep the work directory
#   --threads N        passed to preview --threads (default: the number of cores, as preview)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
images=1000000
ndjson_images=10000000
build="$root/build"
work=""
keep=0
threads=$(nproc 2>/dev/null || echo 1)
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images=$2; shift 2 ;;
    --ndjson-images) ndjson_images=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -eu/{/^#/p}' "$0"; exit 0 ;;
    *) echo "e2e.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

tool="$build/cli/ecr-lifecycle"
floor="$build/bench/ecrlc_floor"
for program in "$tool" "$floor"; do
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

results="$work/results.tsv"
: >"$results"

# run LABEL INPUT IMAGES COMMAND...: times COMMAND (stdout discarded) and appends a row.
run() {
  label=$1; input=$2; count=$3; shift 3
  log="$work/time.log"
  if ! /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$work/stderr.log"; then
    echo "e2e.sh: failed: $*" >&2
    cat "$work/stderr.log" >&2
    exit 1
  fi
  awk -v label="$label" -v input="$input" -v count="$count" -F': ' '
    /Elapsed \(wall clock\)/ {
      n = split($2, part, ":"); wall = 0
      for (i = 1; i <= n; i++) wall = wall * 60 + part[i]
    }
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%s\t%s\t%s\t%.2f\t%.2f\t%d\n", input, label, count, wall, user + sys, rss }
  ' "$log" >>"$results"
  echo "e2e.sh: $input $label done" >&2
}

json="$work/inventory.json"
ndjson="$work/inventory.ndjson"
run "generate" "json $images" "$images" "$tool" generate --images "$images" --output "$json"
run "generate" "ndjson $ndjson_images" "$ndjson_images" \
  "$tool" generate --images "$ndjson_images" --format ndjson --output "$ndjson"

for kind in json ndjson; do
  if [ "$kind" = json ]; then file=$json; count=$images; else file=$ndjson; count=$ndjson_images; fi
  input="$kind $count"
  run "floor" "$input" "$count" "$floor" "$file"
  for format in aws table; do
    run "preview --format $format" "$input" "$count" \
      "$tool" preview --policy "$policy" --images "$file" --format "$format" --now "$now" \
      --threads "$threads"
  done
done

echo
echo "| input | program | wall s | CPU s | peak RSS MB | images/s | wall / floor | CPU / floor |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -F'\t' '
  { input[NR] = $1; label[NR] = $2; count[NR] = $3; wall[NR] = $4; cpu[NR] = $5; rss[NR] = $6
    if ($2 == "floor") { floor[$1] = $4; floor_cpu[$1] = $5 } }
  END {
    for (i = 1; i <= NR; i++) {
      rate = wall[i] > 0 ? count[i] / wall[i] : 0
      ratio = (input[i] in floor && floor[input[i]] > 0 && label[i] != "generate") ? \
              sprintf("%.1fx", wall[i] / floor[input[i]]) : "-"
      cpu_ratio = (input[i] in floor_cpu && floor_cpu[input[i]] > 0 && label[i] != "generate") ? \
                  sprintf("%.1fx", cpu[i] / floor_cpu[input[i]]) : "-"
      printf "| %s | %s | %.2f | %.2f | %.0f | %.0f | %s | %s |\n", input[i], label[i], \
             wall[i], cpu[i], rss[i] / 1024, rate, ratio, cpu_ratio
    }
  }' "$results"
