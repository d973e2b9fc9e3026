#!/usr/bin/env bash
# Sets up, builds, and runs the main job on the bundled rules and dataset. Until the
# `check` command exists (the diff/report stage), the job validates the configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --parallel "$(nproc)" --target freshcheck
if ./build/freshcheck --help 2>/dev/null | grep -q '^  check'; then
  exec ./build/freshcheck check "$@"
fi
exec ./build/freshcheck validate "$@"
