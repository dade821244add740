#!/usr/bin/env bash
# What common random numbers are worth (docs/model.md §8): on uk-2018, announced-2018 vs baseline,
# the Monte Carlo variance (se^2) of the mean difference in 5-year arrests and contact abuse is
# at least 10 times smaller with common random numbers than with --independent streams and
# parameter draws. Prints the measured ratios (docs/model.md quotes them).
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
R=${CRN_REPLICATES:-400}
expect_exit 0 "uk-2018, common random numbers" -- "$FUNDSIM" run "$SRC/scenarios/uk-2018.toml" -o "$WORK/crn.h5" --replicates $R --summary-only --quiet
expect_exit 0 "uk-2018, --independent" -- "$FUNDSIM" run "$SRC/scenarios/uk-2018.toml" -o "$WORK/ind.h5" --replicates $R --summary-only --independent --quiet
for metric in arrests contact_abuse; do
  if "$PY" - "$WORK/crn.h5" "$WORK/ind.h5" "$metric" >"$WORK/ratio" 2>&1 <<'PYEOF'
import sys
import h5py
crn, ind, metric = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r"), sys.argv[3]
assert crn.attrs["independent"] == 0 and ind.attrs["independent"] == 1
s = list(crn["scenario"].asstr()[:]).index("announced-2018")
se_crn = crn[metric + "_diff_horizon_se"][s]
se_ind = ind[metric + "_diff_horizon_se"][s]
ratio = (se_ind / se_crn) ** 2
print(f"{metric}: se {se_ind:.1f} independent vs {se_crn:.1f} paired, variance ratio {ratio:.0f}")
sys.exit(0 if ratio >= 10 else 1)
PYEOF
  then pass "$(cat "$WORK/ratio")"; else fail "variance ratio below 10: $(cat "$WORK/ratio")"; fi
done
# The baseline keeps the plain seed under --independent: its summaries are the same.
"$PY" -c "
import h5py
a, b = h5py.File('$WORK/crn.h5', 'r'), h5py.File('$WORK/ind.h5', 'r')
s = list(a['scenario'].asstr()[:]).index(a.attrs['baseline'].decode())
for n in ('arrests_horizon_quantile', 'contact_abuse_mean', 'backlog_horizon_mean'):
    assert a[n][s].tobytes() == b[n][s].tobytes(), n
s2 = list(a['scenario'].asstr()[:]).index('announced-2018')
assert a['arrests_horizon_mean'][s2] != b['arrests_horizon_mean'][s2]
" && pass "--independent keeps the baseline's numbers and changes the other scenarios'" || fail "--independent baseline check"
finish
