#!/usr/bin/env bash
# Installs what freshcheck needs to build and test on Debian 12. Idempotent: when every
# package is already installed it asks apt nothing and returns in well under a second.
set -euo pipefail

# --build-only: what building and running freshcheck needs (the nightly job), without the
# test tools (Chromium, Node.js and the npm packages).
build_only=0
[ "${1:-}" = "--build-only" ] && build_only=1

packages=(
  build-essential cmake ninja-build pkg-config ccache git ca-certificates curl
  libcurl4-openssl-dev libgumbo-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libphonenumber-dev libicu-dev libcli11-dev libre2-dev libssl-dev
  libpoppler-cpp-dev  # reads PDF sources
  libzstd-dev  # the stored pages (--pages), compressed
  jq  # scripts/nightly.sh reads the GitHub event and API answers
)
if [ $build_only -eq 0 ]; then
  packages+=(
    clang-format doctest-dev libcpp-httplib-dev
    clang libclang-rt-14-dev  # libFuzzer targets (scripts/fuzz.sh)
    chromium  # renders report.html in a test, and "render" sources in tests
    cmark-gfm  # renders report.md as GitHub would, in a test
    python3
  )
  # Node.js runs the test tools (the reference opening_hours validator, the workflow
  # checks). Use the machine's node and npm when present (18 or later), else Debian's.
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
else
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ $build_only -eq 1 ] && exit 0

# Test tools from the npm registry, pinned by tests/tools/package-lock.json.
tools="$(dirname "$0")/../tests/tools"
if [ ! -f "$tools/node_modules/.package-lock.json" ] ||
   [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  echo "setup: installing test tools (npm ci in tests/tools)"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi
