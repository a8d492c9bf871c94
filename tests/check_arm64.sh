#!/bin/sh
# Compiles every source of engine/src, io, cli and tools for arm64 (aarch64) with Debian's
# cross compiler, syntax only, warnings as errors: the portable code (no x86 intrinsics
# outside ECRLC_HAS_AVX2_PATH) builds there. simdjson's, Boost's, CLI11's and libyaml's
# headers are the host's, which do not depend on the architecture. Not run in CI (the cross
# compiler is a 30 s install and the check 2 CPU minutes); nothing runs on arm64 here.
# Usage: tests/check_arm64.sh [BUILD_DIR] (a configured build, for its compile database;
# default build). Installs g++-aarch64-linux-gnu with apt-get when it is missing.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/compile_commands.json" ] || {
  echo "check_arm64.sh: error: $build/compile_commands.json not found (configure with" \
    "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)" >&2
  exit 2
}
command -v aarch64-linux-gnu-g++ >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    g++-aarch64-linux-gnu >/dev/null
headers=$(mktemp -d)
trap 'rm -rf "$headers"' EXIT
for header in simdjson.h boost CLI yaml.h; do
  ln -s "/usr/include/$header" "$headers/$header"
done
python3 - "$build/compile_commands.json" "$(pwd)" "$headers" <<'PY'
import os, subprocess, sys
database, root, headers = sys.argv[1:4]
sys.path.insert(0, os.path.join(root, "tests"))
from compile_database import our_sources
failed = checked = 0
for path, rel, directory, args in our_sources(database, root):
    command = ["aarch64-linux-gnu-g++", "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra",
               "-Wpedantic", "-Werror", "-isystem", headers]
    command += [arg for arg in args[1:] if arg.startswith(("-I", "-D"))] + [path]
    result = subprocess.run(command, capture_output=True, text=True, cwd=directory)
    checked += 1
    if result.returncode != 0:
        failed += 1
        print(rel + ":\n" + result.stderr[:2000], file=sys.stderr)
print("check_arm64.sh: %d sources compiled for aarch64, %d failed" % (checked, failed))
sys.exit(1 if failed else 0)
PY
