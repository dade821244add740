#!/usr/bin/env bash
# Peak memory (max RSS) of `fundsim run --summary-only --threads 2` against the replicate count,
# on uk-2018 without its 66-point sweep (6 named scenarios) and, unless --no-sweep-only, with it.
#
#   scripts/measure-memory.sh [--no-sweep-only] [--sample SECONDS] [REPLICATES...]
#
# Default replicates 10000 100000. 10^6 without the sweep is about 3.6e8 replicate-months
# (~12 minutes on 2 idle cores), 10^7 ten times that. With --sample, every SECONDS the running
# process's peak so far (VmHWM) and current RSS go to stderr, so a long run shows whether its
# memory moves while it runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fundsim=${FUNDSIM:-$root/build/engine/fundsim}
sweep=1 sample=0
while [ $# -gt 0 ]; do
  case $1 in
    --no-sweep-only) sweep=0; shift ;;
    --sample) sample=$2; shift 2 ;;
    *) break ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The same study without the [[sweep]] table (6 named scenarios).
awk '/^\[\[sweep\]\]/ { skip = 1 } /^\[\[scenario\]\]/ { skip = 0 } !skip' "$root/scenarios/uk-2018.toml" \
  | sed 's/^name = "uk-2018"/name = "uk-2018-no-sweep"/' > "$tmp/no-sweep.toml"
studies=("$tmp/no-sweep.toml")
[ "$sweep" = 1 ] && studies+=("$root/scenarios/uk-2018.toml")
reps=("$@")
[ ${#reps[@]} -gt 0 ] || reps=(10000 100000)
printf "%-18s %12s %14s %10s %16s\n" study replicates "peak RSS (MB)" seconds "M rep-months/s"
for study in "${studies[@]}"; do
  for r in "${reps[@]}"; do
    /usr/bin/time -f "%M %e" -o "$tmp/time" "$fundsim" run "$study" --replicates "$r" --summary-only \
      --threads 2 -o "$tmp/out.h5" --overwrite --quiet &
    timer=$!
    if [ "$sample" != 0 ]; then
      started=$SECONDS
      while kill -0 "$timer" 2>/dev/null; do
        sleep "$sample"
        pid=$(pgrep -P "$timer" -x fundsim || true)
        [ -n "$pid" ] && [ -r "/proc/$pid/status" ] || continue
        awk -v t=$((SECONDS - started)) -v r="$r" '/VmHWM|VmRSS/ { v[$1] = $2 }
          END { printf "  %s replicates, %6d s: peak so far %d MB, now %d MB\n", r, t, v["VmHWM:"] / 1024, v["VmRSS:"] / 1024 }' \
          "/proc/$pid/status" >&2 || true
      done
    fi
    wait "$timer"
    read -r kb secs < "$tmp/time"
    scenarios=$("$fundsim" validate "$study" | sed -n 's/.*, \([0-9]*\) scenarios.*/\1/p')
    rate=$(awk "BEGIN { printf \"%.2f\", $r * $scenarios * 60 / $secs / 1e6 }")
    printf "%-18s %12s %14.0f %10s %16s\n" "$(basename "$study" .toml)" "$r" "$((kb / 1024))" "$secs" "$rate"
  done
done
