#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: once with warnings as errors, once under
# AddressSanitizer and UndefinedBehaviorSanitizer. This is the README's test command and
# what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== format (clang-format, .clang-format)"
if git rev-parse --git-dir >/dev/null 2>&1; then sources=$(git ls-files '*.cpp' '*.hpp'); else sources=$(find src tests bench -name '*.cpp' -o -name '*.hpp'); fi
echo "$sources" | xargs clang-format --dry-run --Werror

jobs=$(nproc)
run_suite() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja -DFRESHCHECK_WERROR=ON -DFRESHCHECK_TESTS=ON -DFRESHCHECK_BENCH=ON "$@" >/dev/null
  cmake --build "$dir" --parallel "$jobs"
  ctest --test-dir "$dir" --output-on-failure --parallel "$jobs"
}

# FRESHCHECK_SUITES picks the builds: "werror sanitize fuzz" (the default) runs all three;
# CI runs them as separate jobs. FRESHCHECK_SKIP_SANITIZERS=1 is the older spelling of
# "werror". The fuzz suite here replays every fuzz target's regressions and seed corpus
# (the same on every machine); exploring for new inputs is CI's fuzz job
# (FRESHCHECK_FUZZ_SECONDS) and `bash scripts/fuzz.sh` by hand.
suites=${FRESHCHECK_SUITES:-werror sanitize fuzz}
[ "${FRESHCHECK_SKIP_SANITIZERS:-0}" = "1" ] && suites=werror

if [[ " $suites " == *" werror "* ]]; then
  echo "== build and test (warnings are errors)"
  run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi

if [[ " $suites " == *" sanitize "* ]]; then
  echo "== build and test under ASan + UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-sanitize -DCMAKE_BUILD_TYPE=Debug -DFRESHCHECK_SANITIZE=ON
fi

if [[ " $suites " == *" fuzz "* ]]; then
  echo "== fuzz targets (clang, libFuzzer, ASan + UBSan)"
  if [ -z "${FRESHCHECK_FUZZ_SECONDS:-}" ]; then export FRESHCHECK_FUZZ_REPLAY=1; fi
  bash scripts/fuzz.sh
fi
