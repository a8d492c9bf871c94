#!/bin/sh
# Instruction counts of one preview under valgrind's callgrind: a number that does not depend
# on the machine's load or its neighbours, for comparing two builds where wall and CPU times
# swing by 10-30% between runs (docs/benchmarks.md, "Instruction counts"). Generates a
# many-random inventory (--images, 74,000 repositories scaled down with it), runs `preview
# --format FORMAT --threads 1` of the 5-rule bench policy under callgrind with each build, and
# prints per build the total instructions and the top functions; with --baseline, the change
# in percent. Both builds must print the same preview (checked). Counts are not times: cache
# misses and page faults, which matter on large inventories, are not in them.
#
# Usage: bench/instructions.sh [--build DIR] [--baseline DIR] [--images N] [--format F]
#                              [--top N]
#   --build DIR     build directory holding cli/ecr-lifecycle (default: build)
#   --baseline DIR  another build directory, measured on the same inventory
#   --images N      images in the inventory (default 200000; about 20 s per build)
#   --format F      aws (default) or table
#   --top N         functions listed per build (default 15)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"
baseline=""
images=200000
format=aws
top=15
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --images) images=$2; shift 2 ;;
    --format) format=$2; shift 2 ;;
    --top) top=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -eu/{/^#/p}' "$0"; exit 0 ;;
    *) echo "instructions.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$images" in ''|*[!0-9]*|0) echo "instructions.sh: --images must be a positive number" >&2; exit 2 ;; esac
case "$format" in aws|table) ;; *) echo "instructions.sh: --format is aws or table" >&2; exit 2 ;; esac
if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
  echo "instructions.sh: needs valgrind (apt-get install -y valgrind)" >&2
  exit 2
fi
for dir in "$build" $baseline; do
  if [ ! -x "$dir/cli/ecr-lifecycle" ]; then
    echo "instructions.sh: $dir/cli/ecr-lifecycle is not built" >&2
    exit 2
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ecrlc-instructions.XXXXXX")
trap 'rm -rf "$work"' EXIT
repositories=$((images * 74 / 1000))
[ "$repositories" -ge 1 ] || repositories=1
"$build/cli/ecr-lifecycle" generate --images "$images" --repositories "$repositories" \
  --order random --format json --output "$work/inventory.json"

# measure NAME DIR: callgrind of one preview; the total goes to $work/NAME.total.
measure() {
  name=$1; dir=$2
  # The tool execs itself to set GLIBC_TUNABLES (io/memory_tuning.cpp), which valgrind cannot
  # follow: set it here, as the exec would.
  if ! GLIBC_TUNABLES=glibc.malloc.hugetlb=1 valgrind --tool=callgrind \
    --callgrind-out-file="$work/$name.out" "$dir/cli/ecr-lifecycle" preview \
    --policy "$root/fixtures/bench/policy.json" --images "$work/inventory.json" \
    --format "$format" --now 2026-01-01T00:00:00Z --threads 1 \
    >"$work/$name.preview" 2>"$work/$name.log"; then
    echo "instructions.sh: the preview of $dir failed under valgrind:" >&2
    tail -5 "$work/$name.log" >&2
    exit 1
  fi
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/$name.log" >"$work/$name.total"
  echo "$name ($dir): $(cat "$work/$name.total") instructions"
  callgrind_annotate "$work/$name.out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n "2,$((top + 1))p" |
    sed -e 's/ \[[^]]*\]$//' -e 's/(std::basic_string_view<char, std::char_traits<char> >/(string_view/g' |
    cut -c1-150
  echo
}

echo "preview --format $format --threads 1, $images images, $repositories repositories, random order"
echo
measure build "$build"
if [ -n "$baseline" ]; then
  measure baseline "$baseline"
  if ! cmp -s "$work/build.preview" "$work/baseline.preview"; then
    echo "instructions.sh: the two builds print different previews" >&2
    exit 1
  fi
  awk -v a="$(cat "$work/build.total")" -v b="$(cat "$work/baseline.total")" \
    'BEGIN { printf "build against baseline: %+.1f%% instructions\n", (a - b) * 100 / b }'
fi
