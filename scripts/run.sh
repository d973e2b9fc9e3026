#!/usr/bin/env bash
# Sets up, builds, and runs the main job: `freshcheck check` on the bundled rules and
# dataset, with snapshots in snapshots/ and reports in report/. Arguments go to check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --build-only
# Tests and benchmarks off: the main job needs only the build packages (setup --build-only).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFRESHCHECK_TESTS=OFF \
  -DFRESHCHECK_BENCH=OFF >/dev/null
cmake --build build --parallel "$(nproc)" --target freshcheck
exec ./build/freshcheck check "$@"
