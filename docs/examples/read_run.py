#!/usr/bin/python3
"""Reading a fundsim run file with xarray: three questions a briefing asks.

    /usr/bin/python3 docs/examples/read_run.py FILE.h5 [--metric M] [--scenario S] [--sweep W]
                                               [--objective O] [--reference R] [--metrics M1,M2]

1. How does METRIC differ between SCENARIO and the baseline month by month? The paired
   difference of the class total, replicate by replicate (docs/output-format.md 2.2), its mean
   and a 90% band (5% and 95% quantiles over replicates).
2. Which split of the sweep SWEEP is best by the objective OBJECTIVE? The sweep point with the
   best objective_score, the objective's own risk measure (docs/decision.md 1).
3. How likely is that split to beat the scenario REFERENCE? The share of replicates in which it
   does better, paired by replicate (ties count half), from the per-replicate objective values
   and from the per-replicate totals NAME_horizon_total of a few metrics (output-format.md 2.8).

Defaults: METRIC contact_abuse, SCENARIO and REFERENCE the first named scenario after the
baseline, SWEEP the first sweep, OBJECTIVE the first objective. Needs a full file (not
--summary-only): parts 1 and 3 use per-replicate values. docs/examples/README.md shows the output.
Quantiles are the inverted CDF (the smallest value whose cumulative share reaches the level), the
rule the engine uses (output-format.md 3) and R's quantile(type = 1).
"""
import argparse
import sys

import numpy as np
import xarray as xr


def names(da):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in da.values]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--metric", default="contact_abuse")
    ap.add_argument("--scenario")
    ap.add_argument("--sweep")
    ap.add_argument("--objective")
    ap.add_argument("--reference")
    ap.add_argument("--metrics", default="contact_abuse,arrests,safeguarded",
                    help="metrics whose per-replicate totals part 3 compares")
    args = ap.parse_args(argv)

    # Fill values (-1 for counts: "not stored") become NaN, so the counts arrive as float64.
    ds = xr.open_dataset(args.file, engine="h5netcdf")
    if "replicate" not in ds.dims:
        sys.exit(f"{args.file}: a --summary-only file has no per-replicate values; run without it")
    baseline = ds.attrs["baseline"]
    scenarios = names(ds.scenario)
    sweep_of = dict(zip(scenarios, names(ds.sweep)))
    named = [s for s in scenarios if sweep_of[s] == ""]
    scenario = args.scenario or next(s for s in named if s != baseline)
    reference = args.reference or scenario
    sweep = args.sweep or next(w for w in sweep_of.values() if w)
    objective = args.objective or names(ds.objective)[0]
    nrep = ds.sizes["replicate"]
    print(f"file: {args.file} - study '{ds.attrs['study_name']}', {nrep} replicates, "
          f"baseline '{baseline}'")

    # 1. The paired difference per month: class totals first, then the difference per replicate.
    metric = ds[args.metric]
    if int(ds.replicates_stored.sel(scenario=scenario)) != 1:
        sys.exit(f"{scenario}: no per-replicate arrays stored (a sweep point); its streamed "
                 f"{args.metric}_diff_quantile has the band")
    total = metric.sel(scenario=[scenario, baseline]).sum("class", skipna=False)  # (scenario, replicate, month)
    diff = total.sel(scenario=scenario) - total.sel(scenario=baseline)  # (replicate, month)
    band = diff.quantile([0.05, 0.5, 0.95], dim="replicate", method="inverted_cdf")
    mean = diff.mean("replicate")
    print(f"\n1. {args.metric}: {scenario} - {baseline} per month, class total, paired by replicate")
    print(f"   mean, and 5%, 50%, 95% quantiles over {nrep} replicates (a 90% band); "
          f"units: {metric.attrs['units']}")
    print(f"   {'month':>5}  {'date':7}  {'mean':>9}  {'p5':>7}  {'median':>7}  {'p95':>7}")
    for t, date in enumerate(names(ds.date)):
        lo, med, hi = band.isel(month=t).values
        print(f"   {t:5d}  {date:7}  {float(mean[t]):9.1f}  {lo:7.0f}  {med:7.0f}  {hi:7.0f}")

    # 2. The best split of the sweep by the objective's risk measure (its score).
    points = [s for s in scenarios if sweep_of[s] == sweep]
    o = ds.sel(objective=objective)
    direction, risk = str(o.objective_direction.values), str(o.objective_risk.values)
    score = o.objective_score.sel(scenario=points)
    # A p_beat score is a probability of doing better: higher is better whatever the direction.
    best = points[int(score.argmax() if risk.startswith("p_beat") or direction == "maximise" else score.argmin())]
    units = str(o.objective_units.values)
    print(f"\n2. best split of sweep '{sweep}' ({len(points)} points) by objective '{objective}': "
          f"{direction} {o.objective_definition.values}, risk measure {risk}")
    print(f"   best: {best}")
    print(f"   score {float(score.sel(scenario=best)):,.1f} {units}; mean {float(o.objective_mean.sel(scenario=best)):,.1f}"
          f" (se {float(o.objective_se.sel(scenario=best)):,.1f})")
    shares = ds.share.sel(scenario=best)
    print("   shares: " + ", ".join(f"{lv} {float(shares.sel(lever=lv)):g}" for lv in names(ds.lever)))

    # 3. P(best split beats the reference), paired by replicate: replicate r of both scenarios
    #    shares its parameter draw and random numbers (model.md 8). Ties count half.
    def p_beat(a, b, higher_is_better):
        d = (a - b).values if higher_is_better else (b - a).values
        wins, ties = int(np.sum(d > 0)), int(np.sum(d == 0))
        return (wins + 0.5 * ties) / d.size, wins, ties

    print(f"\n3. P({best} beats {reference}), paired over {nrep} replicates, ties count half")
    value = o.objective_value
    p, wins, ties = p_beat(value.sel(scenario=best), value.sel(scenario=reference), direction == "maximise")
    print(f"   objective {objective} ({direction}): {p:.4f} (better in {wins}, tied in {ties})")
    for m in args.metrics.split(","):
        t = ds[m + "_horizon_total"]
        better = ds[m + "_diff_horizon_mean"].attrs["better"]  # "higher", "lower" or "none"
        if better == "none":
            continue
        p, wins, ties = p_beat(t.sel(scenario=best), t.sel(scenario=reference), better == "higher")
        print(f"   {m} over the horizon ({better} is better): {p:.4f} (better in {wins}, tied in {ties})")
    ds.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
