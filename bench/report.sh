#!/bin/sh
# The html report of a large registry: generates an inventory of N images (default
# 1,000,000) in M repositories (default: generate's, one per 1,000 images), then times `preview --format json` and `--format html` on it
# (fixtures/bench/policy.json, best of R runs each, CPU time user+system as /usr/bin/time
# gives it), and checks that the html report takes at most 1.3 times the json run and stays
# under 10 MB. Prints a markdown table; exits 1 when a check fails, 2 when a step fails.
#
# Usage: bench/report.sh [--images N] [--repositories M] [--runs R] [--build DIR] [--keep]
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
images=1000000
repositories=""
runs=3
build="$root/build"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images=$2; shift 2 ;;
    --repositories) repositories=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -eu/{/^#/p}' "$0"; exit 0 ;;
    *) echo "report.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

tool="$build/cli/ecr-lifecycle"
[ -x "$tool" ] || { echo "report.sh: $tool is missing: build first" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ecrlc-report-bench.XXXXXX")
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
inventory="$work/inventory.ndjson"
"$tool" generate --images "$images" ${repositories:+--repositories "$repositories"} --seed 7 \
  --format ndjson --output "$inventory" || exit 2

# best_cpu FORMAT: the least user+system seconds of $runs runs, the output in $work/out.FORMAT.
best_cpu() {
  best=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "%U %S" -o "$work/time" "$tool" preview --policy \
      "$root/fixtures/bench/policy.json" --images "$inventory" --now 2026-01-01T00:00:00Z \
      --format "$1" --output "$work/out.$1" 2>"$work/err" || { cat "$work/err" >&2; exit 2; }
    cpu=$(awk '{printf "%.2f", $1 + $2}' "$work/time")
    best=$(awk -v a="$cpu" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')
    i=$((i + 1))
  done
  echo "$best"
}

json=$(best_cpu json)
html=$(best_cpu html)
json_size=$(wc -c < "$work/out.json")
html_size=$(wc -c < "$work/out.html")
echo "| format | CPU s (best of $runs) | output bytes |"
echo "|---|---:|---:|"
echo "| json | $json | $json_size |"
echo "| html | $html | $html_size |"
status=0
if ! awk -v h="$html" -v j="$json" 'BEGIN { exit !(h <= 1.3 * j) }'; then
  echo "report.sh: html took $html s, more than 1.3 x json ($json s)" >&2
  status=1
fi
if [ "$html_size" -ge 10000000 ]; then
  echo "report.sh: the html report has $html_size bytes, 10 MB or more" >&2
  status=1
fi
exit "$status"
