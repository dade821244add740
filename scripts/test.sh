#!/usr/bin/env bash
# Installs what is missing, builds and runs every test (unit, statistical, end to end).
# Usage: scripts/test.sh            Release build in build/
#        scripts/test.sh --sanitize ASan+UBSan build in build-sanitize/
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh"
if [ "${1:-}" = "--sanitize" ]; then
  build="$root/build-sanitize"
  bash "$root/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFUNDSIM_SANITIZE=ON
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  build="$root/build"
  bash "$root/scripts/build.sh" "$build"
fi
cd "$build"
ctest --output-on-failure -j"$(nproc)"
