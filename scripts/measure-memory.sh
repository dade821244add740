#!/usr/bin/env bash
# Peak memory (max RSS) of `fundsim run --summary-only` against the replicate count, on uk-2018
# with and without its 66-point sweep. Usage: scripts/measure-memory.sh [REPLICATES...]
# (default 10000 100000; add 1000000 for the long run: about 10 minutes on 2 cores without the sweep).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fundsim=${FUNDSIM:-$root/build/engine/fundsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The same study without the [[sweep]] table (6 named scenarios).
awk '/^\[\[sweep\]\]/ { skip = 1 } /^\[\[scenario\]\]/ { skip = 0 } !skip' "$root/scenarios/uk-2018.toml" \
  | sed 's/^name = "uk-2018"/name = "uk-2018-no-sweep"/' > "$tmp/no-sweep.toml"
printf "%-18s %12s %14s %10s %16s\n" study replicates "peak RSS (MB)" seconds "M rep-months/s"
for study in "$tmp/no-sweep.toml" "$root/scenarios/uk-2018.toml"; do
  for n in "${@:-10000 100000}"; do
    for r in $n; do
      /usr/bin/time -f "%M %e" -o "$tmp/time" "$fundsim" run "$study" --replicates "$r" --summary-only \
        -o "$tmp/out.h5" --overwrite --quiet
      read -r kb secs < "$tmp/time"
      scenarios=$("$fundsim" validate "$study" | sed -n 's/.*, \([0-9]*\) scenarios.*/\1/p')
      rate=$(awk "BEGIN { printf \"%.2f\", $r * $scenarios * 60 / $secs / 1e6 }")
      printf "%-18s %12s %14.0f %10s %16s\n" "$(basename "$study" .toml)" "$r" "$((kb / 1024))" "$secs" "$rate"
    done
  done
done
