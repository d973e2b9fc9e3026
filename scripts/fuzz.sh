#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang under ASan+UBSan and runs each over
# its seed corpus, with 512 MB of memory per input so that a quadratic blow-up is caught as a
# failure. Inputs that crashed once live in tests/fuzz/regressions/TARGET/ and are replayed
# first. New inputs the fuzzer finds go to a temporary folder, never into the repository.
#   FRESHCHECK_FUZZ_REPLAY=1    only replay the regressions and the seed corpus, each input
#                               once: the same result on every machine (test.sh's gate).
#                               A fixed seed is not enough for that: libFuzzer's coverage
#                               feedback differs between runs, and so do the inputs it makes.
#   FRESHCHECK_FUZZ_SECONDS=S   explore for S seconds per target (default 20): new ground each
#                               time (CI's fuzz job, and by hand)
#   FRESHCHECK_FUZZ_TARGETS="document hours" restricts the run to those targets.
set -euo pipefail
cd "$(dirname "$0")/.."

replay=${FRESHCHECK_FUZZ_REPLAY:-0}
if [ "$replay" = 1 ]; then
  what="replay of the regressions and the seed corpus"
else
  budget=(-max_total_time="${FRESHCHECK_FUZZ_SECONDS:-20}")
  what="${FRESHCHECK_FUZZ_SECONDS:-20} s"
fi
build=${FRESHCHECK_FUZZ_BUILD:-build-fuzz}
targets=${FRESHCHECK_FUZZ_TARGETS:-document plain_text scope_slice hours osm config robots charset retry_after report}

cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFRESHCHECK_FUZZ=ON -DFRESHCHECK_WERROR=ON -DFRESHCHECK_TESTS=OFF -DFRESHCHECK_BENCH=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
for target in $targets; do
  binary="$build/tests/fuzz/fuzz_$target"
  regressions="tests/fuzz/regressions/$target"
  echo "== fuzz $target ($what)"
  if compgen -G "$regressions/*" >/dev/null; then
    "$binary" -rss_limit_mb=512 -timeout=10 "$regressions"/* >"$work/$target.replay.log" 2>&1 ||
      { tail -n 40 "$work/$target.replay.log"; failed+=("$target (a known crash is back)"); continue; }
  fi
  if [ "$replay" = 1 ]; then
    "$binary" -rss_limit_mb=512 -timeout=10 "tests/fuzz/corpus/$target"/* >"$work/$target.log" 2>&1 ||
      { tail -n 40 "$work/$target.log"; failed+=("$target (a seed input)"); continue; }
    echo "$(ls "tests/fuzz/corpus/$target" | wc -l) seed inputs clean"
    continue
  fi
  mkdir -p "$work/$target" "$work/artifacts"
  if ! "$binary" "${budget[@]}" -rss_limit_mb=512 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$target-" "$work/$target" "tests/fuzz/corpus/$target" \
      >"$work/$target.log" 2>&1; then
    tail -n 60 "$work/$target.log"
    mkdir -p "${build}/fuzz-artifacts"
    cp "$work"/artifacts/"$target"-* "${build}/fuzz-artifacts/" 2>/dev/null || true
    failed+=("$target")
    continue
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$target.log" | tr '\n' ' '
  echo
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]}"
  echo "fuzz: the crashing inputs are in $build/fuzz-artifacts/; replay one with"
  echo "      $build/tests/fuzz/fuzz_TARGET FILE, fix the cause, and add the file to"
  echo "      tests/fuzz/regressions/TARGET/ so it is replayed on every run."
  exit 1
fi
echo "fuzz: every target clean ($targets)"
