#!/usr/bin/env bash
# scripts/plot on a full and a summary-only file of small.toml and on a
# summary-only file of the default study (uk-2018.toml: its sweep is over 3
# levers, so the ternary heatmaps are drawn). Every expected PNG must exist,
# be > 10 kB and not blank; that includes the paired differences from the
# baseline (diff_*), which come from the NAME_diff_* datasets of every file.
# The SVG run draws a few plots only (--only), which keeps the test short.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
PLOT="$SRC/scripts/plot"

expect_exit 0 "run small study (full, 100 replicates)" -- \
  "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/small.h5" --replicates 100 --quiet
expect_exit 0 "run small study (summary-only, 100 replicates)" -- \
  "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/small-so.h5" --replicates 100 --summary-only --quiet
expect_exit 0 "run uk-2018 study (summary-only, 40 replicates)" -- \
  "$FUNDSIM" run "$SRC/scenarios/uk-2018.toml" -o "$WORK/uk.h5" --replicates 40 --summary-only --quiet

fans="fan_referrals fan_arrests fan_active fan_backlog fan_contact_abuse"
diffs="diff_horizon diff_month_contact_abuse diff_month_arrests"
# Decision plots (docs/output-format.md §6): P(best) from the streamed statistics (every file),
# EVPPI and the acceptability curve from the per-replicate values (full files).
p_best="decision_p_best_contact_abuse decision_p_best_arrests decision_p_best_safeguarded decision_p_best_active"
evppi="decision_evppi_contact_abuse decision_evppi_arrests decision_evppi_safeguarded decision_evppi_active"
declare -A expected=(
  [small]="$fans horizon_totals spend sweep_enf-prev $diffs $p_best $evppi acceptability"
  [small-so]="$fans horizon_totals spend sweep_enf-prev $diffs $p_best"
  [uk]="$fans horizon_totals spend sweep_split-grid_contact_abuse sweep_split-grid_arrests $diffs $p_best"
)

# The plot runs, two at a time.
plot_job() {  # plot_job NAME FILE.h5 [options]: output in $WORK/NAME.{out,err,rc}
  local name=$1; shift
  local rc=0
  "$PLOT" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  echo "$rc" >"$WORK/$name.rc"
}
plot_job uk "$WORK/uk.h5" -o "$WORK/plots-uk" &
plot_job small "$WORK/small.h5" -o "$WORK/plots-small" &
wait -n
plot_job small-so "$WORK/small-so.h5" -o "$WORK/plots-small-so" &
wait -n
plot_job svg "$WORK/small.h5" -o "$WORK/svg" --format svg --only spend,diff_ &
wait

# Not blank: pixel standard deviation and number of distinct colours (one Python for all files).
for run in small small-so uk; do
  for s in ${expected[$run]}; do echo "$run/$s"; done
done >"$WORK/pngs"
"$PY" - "$WORK" >"$WORK/blank" 2>&1 <<'PYEOF' || true
import os, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.image as mpimg
import numpy as np
for line in open(os.path.join(sys.argv[1], "pngs")):
    run, stem = line.split()[0].split("/")
    f = os.path.join(sys.argv[1], "plots-" + run, stem + ".png")
    if not os.path.isfile(f):
        print(f"{run}/{stem} missing")
        continue
    img = mpimg.imread(f)[..., :3]
    sd = float(img.std())
    rgb = (img.reshape(-1, 3) * 255).round().astype(np.uint32)
    colours = len(np.unique((rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]))  # 1-D unique: fast
    print(f"{run}/{stem}", "ok" if sd > 0.03 and colours > 2 else "blank", f"pixel sd {sd:.3f}, {colours} distinct colours")
PYEOF

for run in small small-so uk; do
  out="$WORK/plots-$run"
  rc=$(cat "$WORK/$run.rc")
  [ "$rc" = 0 ] && pass "scripts/plot on $run.h5 (exit 0)" \
    || fail "scripts/plot on $run.h5: exit $rc; stderr: $(head -c 400 "$WORK/$run.err")"
  [ -d "$out" ] && pass "$run: output directory created" || fail "$run: output directory missing"
  # The list printed is the list of files written, and it is the list expected.
  want=$(for s in ${expected[$run]}; do echo "$out/$s.png"; done | sort)
  got=$(sort "$WORK/$run.out")
  [ "$got" = "$want" ] && pass "$run: files printed = files expected" \
    || fail "$run: printed files differ: $(diff <(echo "$want") <(echo "$got") | tr '\n' ' ')"

  for s in ${expected[$run]}; do
    f="$out/$s.png"
    if [ ! -f "$f" ]; then fail "$run/$s.png missing"; continue; fi
    size=$(stat -c %s "$f")
    [ "$size" -gt 10240 ] && pass "$run/$s.png is $size bytes (> 10 kB)" || fail "$run/$s.png is only $size bytes"
    verdict=$(awk -v s="$run/$s" '$1 == s { $1 = ""; print substr($0, 2) }' "$WORK/blank")
    case "$verdict" in
      ok\ *) pass "$run/$s.png not blank (${verdict#ok })" ;;
      *) fail "$run/$s.png looks blank: ${verdict:-$(tail -3 "$WORK/blank")}" ;;
    esac
  done
done

# Other formats, --only and bad input.
[ "$(cat "$WORK/svg.rc")" = 0 ] && pass "--format svg --only spend,diff_ (exit 0)" \
  || fail "--format svg: $(head -c 400 "$WORK/svg.err")"
want=$(for s in spend $diffs; do echo "$WORK/svg/$s.svg"; done | sort)
[ "$(sort "$WORK/svg.out")" = "$want" ] && pass "--only: exactly spend and the diff_* plots written" \
  || fail "--only wrote: $(tr '\n' ' ' <"$WORK/svg.out")"
for s in spend $diffs; do
  grep -q '<svg' "$WORK/svg/$s.svg" 2>/dev/null && pass "svg: $s.svg written" || fail "svg: $s.svg missing or not SVG"
done
expect_exit 2 "missing input file refused" -- "$PLOT" "$WORK/no-such.h5" -o "$WORK/x"
expect_exit 2 "unknown format refused" -- "$PLOT" "$WORK/small.h5" -o "$WORK/x" --format gif

finish
