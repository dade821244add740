#!/usr/bin/env bash
# Builds the libFuzzer target fundsim-fuzz-study with clang and runs it on the study parser.
# Usage: scripts/fuzz.sh [SECONDS (default 60)] [extra libFuzzer flags...]
# Findings (crash-*, leak-*, timeout-*) are written to build-fuzz/findings/; see docs/robustness.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
build=${FUNDSIM_FUZZ_BUILD:-"$root/build-fuzz"}
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFUNDSIM_FUZZ=ON \
  -DFUNDSIM_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target fundsim-fuzz-study -j"$(nproc)"
# Seed corpus: every study file of the repository (valid and malformed). libFuzzer adds what it
# finds to the first directory, which persists between runs.
corpus=$build/corpus
mkdir -p "$corpus" "$build/findings"
while IFS= read -r f; do
  rel=${f#"$root"/}
  cp "$f" "$corpus/seed-${rel//\//_}"
done < <(find "$root/scenarios" "$root/tests/data" -name '*.toml')
exec "$build/tests/fuzz/fundsim-fuzz-study" "$corpus" -max_total_time="$seconds" -max_len=65536 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build/findings/" -print_final_stats=1 "$@"
