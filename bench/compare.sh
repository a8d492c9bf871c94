#!/bin/sh
# Compares two builds of ecr-lifecycle on one inventory, in one sitting: generates a
# describe-images JSON inventory with the NEW build (fixed seed), then runs, ROUNDS times in
# turn, the floor program (bench/floor.cpp, simdjson walking the same file, from NEW) and
# `preview --format aws` and `--format table` of both builds. Prints one markdown row per
# program and format: median wall and CPU seconds (user + sys) and peak RSS over the rounds,
# and the ratio to the floor. Interleaving the rounds spreads any background load over both
# builds alike; check `uptime` first all the same.
#
# Usage: bench/compare.sh --base DIR --new DIR [--images N] [--rounds N] [--threads N]
#   --base DIR    build directory of the baseline (cli/ecr-lifecycle)
#   --new DIR     build directory of the change (cli/ecr-lifecycle, bench/ecrlc_floor)
#   --images N    images in the inventory (default 1000000, about 650 MB)
#   --rounds N    runs of each program (default 3)
#   --threads N   preview --threads (default: the number of cores)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
base=""
new=""
images=1000000
rounds=3
threads=$(nproc 2>/dev/null || echo 1)
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --images) images=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -eu/{/^#/p}' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -z "$base" ] || [ -z "$new" ]; then
  echo "compare.sh: --base DIR and --new DIR are required" >&2
  exit 2
fi
for program in "$base/cli/ecr-lifecycle" "$new/cli/ecr-lifecycle" "$new/bench/ecrlc_floor"; do
  if [ ! -x "$program" ]; then
    echo "compare.sh: $program is not built" >&2
    exit 2
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inventory="$work/inventory.json"
"$new/cli/ecr-lifecycle" generate --images "$images" --seed 1 --format json >"$inventory"
policy="$root/fixtures/bench/policy.json"
now=2025-06-01T00:00:00Z

# One timed run: appends "label wall cpu rss_kib" to $work/times.
timed() {
  label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/one" "$@" >/dev/null
  read -r wall user sys rss <"$work/one"
  echo "$label $wall $(echo "$user + $sys" | bc) $rss" >>"$work/times"
}

round=1
while [ "$round" -le "$rounds" ]; do
  timed floor "$new/bench/ecrlc_floor" "$inventory"
  for format in aws table; do
    for build in base new; do
      eval "dir=\$$build"
      timed "$build-$format" "$dir/cli/ecr-lifecycle" preview --policy "$policy" \
        --images "$inventory" --now "$now" --format "$format" --threads "$threads"
    done
  done
  round=$((round + 1))
done

# Medians per label, then the table.
median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
stat_of() {
  grep "^$1 " "$work/times" | awk -v f="$2" '{ print $f }' | median
}
floor_wall=$(stat_of floor 2)
floor_cpu=$(stat_of floor 3)
echo "$images images, $(du -m "$inventory" | cut -f1) MB JSON, --threads $threads, median of $rounds rounds"
echo
echo "| program | wall s | CPU s | peak RSS MB | wall / floor | CPU / floor |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for label in floor base-aws new-aws base-table new-table; do
  wall=$(stat_of "$label" 2)
  cpu=$(stat_of "$label" 3)
  rss=$(stat_of "$label" 4)
  awk -v l="$label" -v w="$wall" -v c="$cpu" -v r="$rss" -v fw="$floor_wall" -v fc="$floor_cpu" \
    'function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
     BEGIN { printf "| %s | %.2f | %.2f | %.0f | %s | %s |\n", l, w, c, r / 1024, ratio(w, fw), ratio(c, fc) }'
done
