#!/bin/sh
# Runs clang-tidy 14 with the repository's .clang-tidy over engine/src, tools, io and cli, using the
# compile_commands.json of a configured build directory, two files at a time.
# Usage: tests/run_clang_tidy.sh [BUILD_DIR] (default: build). Environment: CLANG_TIDY (binary,
# default clang-tidy-14), TIDY_JOBS (default 2), TIDY_LOG_DIR (keep per-file logs there).
# Prints each finding once and a count per file; exits 1 when there is any finding, 2 on misuse.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
tidy=${CLANG_TIDY:-clang-tidy-14}
jobs=${TIDY_JOBS:-2}
if [ ! -f "$build/compile_commands.json" ]; then
  echo "run_clang_tidy.sh: error: $build/compile_commands.json not found (configure first)" >&2
  exit 2
fi
command -v "$tidy" >/dev/null || { echo "run_clang_tidy.sh: error: $tidy not found" >&2; exit 2; }
logs=${TIDY_LOG_DIR:-$(mktemp -d)}
mkdir -p "$logs"

# The translation units of the compile database that are ours (engine/src, tools, io, cli): files not
# in the database would be checked without their flags.
python3 - "$build/compile_commands.json" "$(pwd)" >"$logs/files" <<'PY'
import json, os, sys
root = sys.argv[2]
files = set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if rel.startswith(("engine/src/", "tools/", "io/", "cli/")) and rel.endswith(".cpp"):
        files.add(rel)
print("\n".join(sorted(files)))
PY

# One log per file; `|| true` because a finding is an error with WarningsAsErrors.
export tidy build logs
xargs -P "$jobs" -I{} sh -c \
  '"$tidy" -p "$build" --quiet "$1" >"$logs/$(echo "$1" | tr / _).log" 2>&1 || true' _ {} \
  <"$logs/files"

# A header finding appears in the log of every file that includes the header: count each
# finding once, under the file it is in (a source file or one of our headers).
pattern='(warning|error): .*\[[a-z0-9.,-]+\]$'
cat /dev/null >"$logs/findings"
while read -r file; do
  log="$logs/$(echo "$file" | tr / _).log"
  grep -E "$pattern" "$log" | sed "s|^$(pwd)/||" >>"$logs/findings" || true
  if grep -q 'error: .*\[clang-diagnostic-error\]' "$log"; then
    echo "$file: does not compile under clang-tidy (see $log)" >&2
  fi
done <"$logs/files"
sort -u "$logs/findings" -o "$logs/findings"
cat "$logs/findings"
echo "clang-tidy findings per file:"
cut -d: -f1 "$logs/findings" | sort | uniq -c
total=$(wc -l <"$logs/findings")
echo "total: $total findings in $(wc -l <"$logs/files") translation units (logs in $logs)"
[ "$total" -eq 0 ]
