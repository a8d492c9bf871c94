#!/bin/sh
# Runs clang-tidy 14 with the repository's .clang-tidy over engine/src, tools, io and cli, using the
# compile_commands.json of a configured build directory, one folder at a time, two at once.
# Usage: tests/run_clang_tidy.sh [BUILD_DIR] (default: build). Environment: CLANG_TIDY (binary,
# default clang-tidy-14), TIDY_JOBS (default 2), TIDY_LOG_DIR (keep the per-folder logs there).
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

# The translation units of the compile database that are ours (engine/src, tools, io, cli),
# checked a folder at a time: one generated file per folder (and per set of compile flags)
# includes that folder's sources, so the standard library's, simdjson's and CLI11's headers are
# parsed and matched once per folder instead of once per file: a third of the time, with the
# same findings (the checks look at each declaration where it is written). The price: within
# one folder, two sources may not define the same name at file scope, even in anonymous
# namespaces (a clash shows as "does not compile under clang-tidy" below, and is a name worth
# sharing or renaming anyway). Largest groups first, so that two jobs finish together.
python3 - "$build/compile_commands.json" "$(pwd)" "$logs" >"$logs/files" <<'PY'
import json, os, sys
database, root, logs = sys.argv[1:4]
sys.path.insert(0, os.path.join(root, "tests"))
from compile_database import our_sources
groups = {}
for path, rel, directory, args in our_sources(database, root):
    flags, skip = [], False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg == "-o":
            skip = True
        elif arg in ("-c", "-Winvalid-pch"):
            continue
        elif os.path.normpath(os.path.join(directory, arg)) == path:
            continue
        elif flags and flags[-1] == "-include" and arg.endswith("cmake_pch.hxx"):
            flags.pop()  # g++'s precompiled header: clang cannot read it, and it only saves time
        else:
            flags.append(arg)
    key = (os.path.dirname(rel), directory, args[0], tuple(flags))
    groups.setdefault(key, []).append(path)
database_out, names = [], []
for number, (key, paths) in enumerate(sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))):
    folder, directory, compiler, flags = key
    name = os.path.join(logs, "group%02d_%s.cpp" % (number, folder.replace("/", "_")))
    with open(name, "w") as out:
        for source in sorted(paths):
            out.write('#include "%s"  // NOLINT(bugprone-suspicious-include)\n' % source)
    database_out.append({"directory": directory, "file": name,
                         "arguments": [compiler, *flags, "-c", name]})
    names.append(name)
json.dump(database_out, open(os.path.join(logs, "compile_commands.json"), "w"), indent=1)
print("\n".join(names))
PY
sources=$(cat "$logs"/group*.cpp | wc -l)

# One log per group; `|| true` because a finding is an error with WarningsAsErrors. The
# configuration is named: clang-tidy would look for it beside the generated files.
export tidy logs
xargs -P "$jobs" -I{} sh -c \
  '"$tidy" --config-file=.clang-tidy -p "$logs" --quiet "$1" >"$1.log" 2>&1 || true' _ {} \
  <"$logs/files"

# A header finding appears in the log of every file that includes the header: count each
# finding once, under the file it is in (a source file or one of our headers).
pattern='(warning|error): .*\[[a-z0-9.,-]+\]$'
cat /dev/null >"$logs/findings"
while read -r file; do
  log="$file.log"
  grep -E "$pattern" "$log" | sed "s|^$(pwd)/||" >>"$logs/findings" || true
  if grep -q 'error: .*\[clang-diagnostic-error\]' "$log"; then
    echo "$(basename "$file"): does not compile under clang-tidy (see $log):" >&2
    grep 'error: .*\[clang-diagnostic-error\]' "$log" | head -5 >&2
  fi
done <"$logs/files"
sort -u "$logs/findings" -o "$logs/findings"
cat "$logs/findings"
echo "clang-tidy findings per file:"
cut -d: -f1 "$logs/findings" | sort | uniq -c
total=$(wc -l <"$logs/findings")
echo "total: $total findings in $sources sources, $(wc -l <"$logs/files") groups (logs in $logs)"
[ "$total" -eq 0 ]
