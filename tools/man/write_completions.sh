#!/bin/sh
# Writes the bash, zsh and fish completion scripts of BINARY into DIR (for cmake --install).
# Usage: write_completions.sh BINARY DIR
set -eu
mkdir -p "$2"
"$1" completion bash >"$2/ecr-lifecycle"
"$1" completion zsh >"$2/_ecr-lifecycle"
"$1" completion fish >"$2/ecr-lifecycle.fish"
