#!/usr/bin/env bash
# Streamed paired differences (scenario - baseline) and cost-effectiveness agree with the same
# figures computed from the stored per-replicate arrays of a full run: means and standard
# errors exact, quantiles within the histogram's 0.39% bound, probability better exact. A
# summary-only run gives bitwise the same datasets.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
expect_exit 0 "full run" -- "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/full.h5" --replicates 2000 --threads 2 --quiet
expect_exit 0 "summary-only run" -- "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/so.h5" --replicates 2000 --threads 1 --summary-only --quiet
"$PY" - "$WORK/full.h5" "$WORK/so.h5" >"$WORK/check" 2>&1 <<'PYEOF' && pass "differences match the per-replicate arrays: $(tail -1 "$WORK/check")" || fail "differences: $(tail -20 "$WORK/check")"
import sys, math
import h5py, numpy as np

full, so = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
def text(v): return v.decode() if isinstance(v, bytes) else str(v)
levels = full["quantile"][()]
scen = list(full["scenario"].asstr()[:])
b = scen.index(text(full.attrs["baseline"]))
stored = [s for s in range(len(scen)) if full["replicates_stored"][s] == 1]
assert b in stored and len(stored) >= 3, stored
better = {"new_offenders": "lower", "offences": "lower", "contact_abuse": "lower", "active": "lower",
          "backlog": "lower", "referrals": "higher", "identified": "higher", "desisted": "higher",
          "investigations": "higher", "arrests": "higher", "in_justice": "higher",
          "safeguarded": "higher", "released": "none"}
stocks = {"active", "backlog", "in_justice"}
checked = 0

def inverted_cdf(x, q):
    xs = np.sort(x)
    rank = min(max(1, math.ceil(q * len(xs))), len(xs))
    return xs[rank - 1]

def rank_error(x, v, q):
    """Distance from q to the ranks [share < v, share <= v] of v among x (docs/output-format.md §3)."""
    x = np.asarray(x, dtype=float)
    tol = 1e-9 * max(1.0, abs(v))
    below, at_most = (x < v - tol).mean(), (x <= v + tol).mean()
    return max(0.0, below - q, q - at_most)

def check_quantiles(got, x, what):
    # The sketch's stated accuracy: rank error at most 0.5% (test_quantile_rank_error.sh).
    global checked
    for qi, q in enumerate(levels):
        e = rank_error(x, got[qi], q)
        assert e <= 0.005 + 1e-12, (what, q, got[qi], float(inverted_cdf(x, q)), e)
        checked += 1

for name, direction in better.items():
    per_rep = full[name][()].astype(np.int64)             # (scenario, replicate, month[, class])
    if per_rep.ndim == 4: per_rep = per_rep.sum(axis=3)     # summed over classes
    for var in ("_diff_horizon_mean", "_diff_horizon_se", "_diff_horizon_quantile", "_diff_horizon_prob_better",
                "_diff_mean", "_diff_se", "_diff_quantile",
                "_diff_year_mean", "_diff_year_se", "_diff_year_quantile", "_diff_year_prob_better"):
        d = full[name + var]
        assert text(d.attrs["better"]) == direction, (name, var)
        assert "long_name" in d.attrs and "units" in d.attrs, (name, var)
        assert d[()].tobytes() == so[name + var][()].tobytes(), ("summary-only differs", name, var)
    for s in stored:
        monthly = per_rep[s] - per_rep[b]                  # (replicate, month)
        h = monthly[:, -1] if name in stocks else monthly.sum(axis=1)
        n = len(h)
        mean = full[name + "_diff_horizon_mean"][s]
        assert abs(mean - int(h.sum()) / n) <= 1e-12 * max(1, abs(mean)), (name, s, mean, h.mean())
        se = full[name + "_diff_horizon_se"][s]
        want_se = h.std(ddof=1) / math.sqrt(n)
        assert abs(se - want_se) <= 1e-9 * max(1.0, want_se), (name, s, se, want_se)
        prob = full[name + "_diff_horizon_prob_better"][s]
        if direction == "none":
            assert math.isnan(prob)
        else:
            wins = int((h < 0).sum()) if direction == "lower" else int((h > 0).sum())
            assert prob == (2 * wins + int((h == 0).sum())) / (2 * n), (name, s, prob)
        check_quantiles(full[name + "_diff_horizon_quantile"][s], h, (name, s))
        for y in range((monthly.shape[1] + 11) // 12):   # per year: flows summed, stocks at the year's end
            months = monthly[:, 12 * y:12 * y + 12]
            yv = months[:, -1] if name in stocks else months.sum(axis=1)
            assert abs(full[name + "_diff_year_mean"][s, y] - int(yv.sum()) / n) <= 1e-12 * max(1, abs(yv.mean())), (name, s, y)
            assert abs(full[name + "_diff_year_se"][s, y] - yv.std(ddof=1) / math.sqrt(n)) <= 1e-9 * max(1.0, yv.std()), (name, s, y)
            if direction != "none":
                wins = int((yv < 0).sum()) if direction == "lower" else int((yv > 0).sum())
                assert full[name + "_diff_year_prob_better"][s, y] == (2 * wins + int((yv == 0).sum())) / (2 * n), (name, s, y)
            check_quantiles(full[name + "_diff_year_quantile"][s, :, y], yv, (name, s, "year", y))
        for t in range(monthly.shape[1]):
            m = monthly[:, t]
            assert abs(full[name + "_diff_mean"][s, t] - int(m.sum()) / n) <= 1e-12 * max(1, abs(m.mean())), (name, s, t)
            assert abs(full[name + "_diff_se"][s, t] - m.std(ddof=1) / math.sqrt(n)) <= 1e-9 * max(1.0, m.std()), (name, s, t)
            check_quantiles(full[name + "_diff_quantile"][s, :, t], m, (name, s, t))
        if s == b:
            assert mean == 0 and full[name + "_diff_horizon_se"][s] == 0

# Offender-years: the active class total summed over months, / 12.
active = full["active"][()].astype(np.int64).sum(axis=3)
for var in ("_mean", "_se", "_quantile", "_prob_better"):
    v = "offender_years_diff_horizon" + var
    assert full[v][()].tobytes() == so[v][()].tobytes(), v
for s in stored:
    om = (active[s] - active[b]).sum(axis=1)
    n = len(om)
    assert abs(full["offender_years_diff_horizon_mean"][s] - int(om.sum()) / n / 12) <= 1e-12 * max(1, abs(om.mean())), s
    assert full["offender_years_diff_horizon_prob_better"][s] == (2 * int((om < 0).sum()) + int((om == 0).sum())) / (2 * n)
    check_quantiles(full["offender_years_diff_horizon_quantile"][s] * 12, om, ("offender_years", s))

# Cost-effectiveness: budget / mean gain; quantiles = budget / the gain's (1 - q) quantile.
budget = full["budget"][()]
for var, name, sign in (("cost_per_arrest_gained", "arrests", 1), ("cost_per_contact_abuse_averted", "contact_abuse", -1),
                        ("cost_per_offender_year_averted", "offender_years", -1)):
    for v in (var, var + "_se", var + "_quantile", var + "_nonpositive"):
        assert v in so and full[v][()].tobytes() == so[v][()].tobytes(), v
    assert "GBP" in text(full[var].attrs["units"])
    for s in stored:
        if name == "offender_years":
            gain = -(active[s] - active[b]).sum(axis=1) / 12
        else:
            x = full[name][()].astype(np.int64).sum(axis=3)
            gain = sign * (x[s] - x[b]).sum(axis=1)
        point = full[var][s]
        if budget[s] > 0 and gain.mean() > 0:
            assert abs(point - budget[s] / gain.mean()) <= 1e-9 * point, (var, s, point)
        else:
            assert math.isnan(point), (var, s, point)
        assert full[var + "_nonpositive"][s] == int((gain <= 0).sum()), (var, s)
        for qi, q in enumerate(levels):
            # arrests: the gain's (1 - q) quantile; averted: minus the difference's q quantile
            g = float(inverted_cdf(gain, 1 - q)) if sign > 0 else -float(inverted_cdf(-gain, q))
            got = full[var + "_quantile"][s, qi]
            if not math.isnan(got):
                # got = budget / (a quantile of the gain from the sketch): that gain's rank error
                implied = budget[s] / got
                e = rank_error(gain, implied, 1 - q) if sign > 0 else rank_error(-gain, -implied, q)
                assert budget[s] > 0 and e <= 0.005 + 1e-12, (var, s, q, got, budget[s] / g if g > 0 else g, e)
            else:
                # NaN: no budget, or a gain at most 0 within the rank error of this level
                lowest = (float(inverted_cdf(gain, max(0.0, 1 - q - 0.005))) if sign > 0
                          else -float(inverted_cdf(-gain, min(1.0, q + 0.005))))
                assert budget[s] <= 0 or lowest <= 0, (var, s, q, g)
        checked += 1
import xarray as xr
for engine in ("h5netcdf", "netcdf4"):
    ds = xr.open_dataset(sys.argv[2], engine=engine)
    assert ds.arrests_diff_year_quantile.dims == ("scenario", "quantile", "year"), engine
    assert float(ds.arrests_diff_horizon_mean.sel(scenario="announced-2018")) == full["arrests_diff_horizon_mean"][scen.index("announced-2018")]
print(f"{checked} quantiles and ratios checked over {len(stored)} stored scenarios and {len(better)} metrics")
PYEOF
# --independent is reproducible whatever the thread count, like the paired run.
for t in 1 2; do
  expect_exit 0 "--independent with $t threads" -- "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/ind$t.h5" --replicates 200 --threads $t --independent --quiet
done
if "$PY" "$(dirname "$0")/h5_compare.py" "$WORK/ind1.h5" "$WORK/ind2.h5" >"$WORK/cmp"; then
  pass "--independent, threads 1 vs 2: $(tail -1 "$WORK/cmp")"
else
  fail "--independent, threads 1 vs 2: $(cat "$WORK/cmp")"
fi
finish
