#!/bin/sh
# Formatting and whitespace checks over the tracked sources.
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp')
# shellcheck disable=SC2086
clang-format --dry-run -Werror $files
status=0
for f in $(git ls-files); do
  case "$f" in fixtures/*|tests/fuzz/seeds/*|tests/e2e/fixtures/*|*.png) continue ;; esac  # images are binary
  if grep -nE '[[:space:]]+$' "$f" >/dev/null 2>&1; then
    echo "$f: trailing whitespace"; status=1
  fi
  if [ -s "$f" ] && [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
    echo "$f: no final newline"; status=1
  fi
done
exit $status
