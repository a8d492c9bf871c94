#!/bin/sh
# The whole test suite: installs dependencies, builds with warnings as errors, runs every
# test (unit, golden, cli, end to end with moto and the AWS CLI, hostile inputs), checks
# formatting, smoke-runs the benchmarks, then the sanitizer, fuzzing and clang-tidy steps.
set -eu
cd "$(dirname "$0")/.."
sh .ci/install-deps
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DECRLC_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
sh tests/check_format.sh
sh bench/smoke.sh build
sh tests/ci_extra.sh
