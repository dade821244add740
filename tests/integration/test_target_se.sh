#!/usr/bin/env bash
# run --target-se X: replicates are added until every scenario's 5-year contact-abuse difference
# from the baseline has Monte Carlo se <= X, and the file equals (bitwise, every dataset) a
# fixed-size run with the final replicate count: Monte Carlo sampling (rounds extend the file)
# and Latin hypercube sampling (rounds start afresh at a new count).
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
cmp_h5() { $PY "$SRC/tests/integration/h5_compare.py" "$1" "$2" >"$WORK/cmp" 2>&1; }
check_se() {  # check_se FILE TARGET: the file's own se meets the target; prints the count
  $PY - "$1" "$2" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as f:
    names = [s.decode() if isinstance(s, bytes) else s for s in f["scenario"][()]]
    base = names.index(f.attrs["baseline"].decode() if isinstance(f.attrs["baseline"], bytes) else f.attrs["baseline"])
    se = np.delete(f["contact_abuse_diff_horizon_se"][()], base)
    assert np.all(se <= float(sys.argv[2])), se
    print(int(f.attrs["replicates"]))
PY
}
for case in "tiny mc 0.05" "small lhs 60"; do
  set -- $case
  expect_exit 0 "$1 ($2): --target-se $3" -- \
    "$FUNDSIM" run "$SRC/scenarios/$1.toml" --replicates 100 --seed 8 --target-se "$3" -o "$WORK/$1-target.h5" --quiet
  rounds=$(grep -c "target-se:" "$WORK/err" || true)
  if n=$(check_se "$WORK/$1-target.h5" "$3"); then
    pass "$1 ($2): se <= $3 after $rounds rounds, $n replicates"
  else
    fail "$1 ($2): target not met: $n"
  fi
  [ "$rounds" -ge 2 ] && pass "$1 ($2): more than one round was needed" || fail "$1 ($2): only $rounds round(s): make the target harder"
  "$FUNDSIM" run "$SRC/scenarios/$1.toml" --replicates "$n" --seed 8 -o "$WORK/$1-fixed.h5" --quiet
  cmp_h5 "$WORK/$1-fixed.h5" "$WORK/$1-target.h5" && pass "$1 ($2): identical to a fixed run of $n replicates" \
    || fail "$1 ($2): differs from the fixed run: $(head -5 "$WORK/cmp")"
done
expect_exit 0 "--max-replicates caps the count" -- \
  "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --replicates 100 --target-se 0.0001 --max-replicates 300 -o "$WORK/capped.h5" --quiet --summary-only
grep -q "without reaching the target" "$WORK/err" && pass "says the target was not reached" || fail "no warning: $(cat "$WORK/err")"
expect_exit 2 "--target-se must be positive" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --target-se 0 -o "$WORK/x.h5"
expect_exit 2 "--target-se with --shard is refused" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --target-se 1 --shard 0/2 -o "$WORK/x.h5"
finish
