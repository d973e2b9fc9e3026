#!/usr/bin/env bash
# Builds the benchmarks of bench/ and runs each once with its defaults: figures and ratios,
# never pass/fail (see bench/README.md). Every request goes to 127.0.0.1.
#   FRESHCHECK_BENCH_BUILD=DIR   build folder (default build-bench, a RelWithDebInfo build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FRESHCHECK_BENCH_BUILD:-build-bench}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFRESHCHECK_BENCH=ON \
  -DFRESHCHECK_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target freshcheck extract_bench fetch_bench links_bench check_bench
for bench in extract_bench fetch_bench links_bench check_bench; do
  echo "== $bench"
  "$build/bench/$bench"
done
