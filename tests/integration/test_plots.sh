#!/usr/bin/env bash
# scripts/plot on a full file (small.toml) and on a summary-only file of the
# default study (uk-2018.toml: its sweep is over 3 levers, so the ternary
# heatmaps are drawn). Every expected PNG must exist, be > 10 kB and not blank.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
PLOT="$SRC/scripts/plot"

expect_exit 0 "run small study (full, 100 replicates)" -- \
  "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/small.h5" --replicates 100 --quiet
expect_exit 0 "run uk-2018 study (summary-only, 40 replicates)" -- \
  "$FUNDSIM" run "$SRC/scenarios/uk-2018.toml" -o "$WORK/uk.h5" --replicates 40 --summary-only --quiet

fans="fan_referrals fan_arrests fan_active fan_backlog fan_contact_abuse"
declare -A expected=(
  [small]="$fans horizon_totals spend sweep_enf-prev"
  [uk]="$fans horizon_totals spend sweep_split-grid_contact_abuse sweep_split-grid_arrests"
)

for run in small uk; do
  out="$WORK/plots-$run"
  expect_exit 0 "scripts/plot on $run.h5" -- "$PLOT" "$WORK/$run.h5" -o "$out"
  [ -d "$out" ] && pass "$run: output directory created" || fail "$run: output directory missing"
  # The list printed is the list of files written, and it is the list expected.
  want=$(for s in ${expected[$run]}; do echo "$out/$s.png"; done | sort)
  got=$(sort "$WORK/out")
  [ "$got" = "$want" ] && pass "$run: files printed = files expected" \
    || fail "$run: printed files differ: $(diff <(echo "$want") <(echo "$got") | tr '\n' ' ')"

  for s in ${expected[$run]}; do
    f="$out/$s.png"
    if [ ! -f "$f" ]; then fail "$run/$s.png missing"; continue; fi
    size=$(stat -c %s "$f")
    [ "$size" -gt 10240 ] && pass "$run/$s.png is $size bytes (> 10 kB)" || fail "$run/$s.png is only $size bytes"
    # Not blank: pixel standard deviation and number of distinct colours.
    if verdict=$("$PY" - "$f" 2>&1 <<'PYEOF'
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.image as mpimg
import numpy as np
img = mpimg.imread(sys.argv[1])[..., :3]
sd = float(img.std())
colours = len(np.unique((img.reshape(-1, 3) * 255).round().astype(np.uint8), axis=0))
print(f"pixel sd {sd:.3f}, {colours} distinct colours")
sys.exit(0 if sd > 0.03 and colours > 2 else 1)
PYEOF
    ); then pass "$run/$s.png not blank ($verdict)"; else fail "$run/$s.png looks blank: $verdict"; fi
  done
done

# Other formats and bad input.
expect_exit 0 "--format svg" -- "$PLOT" "$WORK/small.h5" -o "$WORK/svg" --format svg
[ -s "$WORK/svg/spend.svg" ] && pass "svg written" || fail "svg missing"
expect_exit 2 "missing input file refused" -- "$PLOT" "$WORK/no-such.h5" -o "$WORK/x"
expect_exit 2 "unknown format refused" -- "$PLOT" "$WORK/small.h5" -o "$WORK/x" --format gif

finish
