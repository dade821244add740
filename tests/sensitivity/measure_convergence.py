#!/usr/bin/python3
"""How the indices of one output settle with the sample size: the measurement behind the
convergence table of docs/sensitivity.md §4. Not a test (it takes minutes); run by hand:

    tests/sensitivity/measure_convergence.py build/engine/fundsim scenarios/uk-2018.toml \\
        --method sobol --samples 256,512,1024,2048,4096 --seeds 1,2 [--reference-samples 8192]

For each sample size and seed it runs `fundsim sensitivity --scenarios SCENARIO --metrics METRIC`
(only the reference and SCENARIO are evaluated: the indices of their difference are the same as
with every scenario, docs/sensitivity.md §3) and prints, per row of the table: wall time, model
runs, the top five by the ranking index (|PRCC|, ST or mu*) with values, the Spearman
correlation of the whole index vector between the two seeds and with the largest run, and how
many of the top five agree with the largest run's.
"""
import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy import stats

RANK_BY = {"prcc": (None, True), "sobol": ("ST", False), "morris": ("mu_star", False)}


def run(fundsim, study, method, samples, seed, scenario, metric, period, threads, workdir):
    out = Path(workdir) / f"{method}-{samples}-{seed}.h5"
    started = time.monotonic()
    r = subprocess.run([fundsim, "sensitivity", study, "--method", method, "--samples",
                        str(samples), "--seed", str(seed), "--scenarios", scenario, "--metrics",
                        metric, "--threads", str(threads), "--format", "json", "-o", str(out),
                        "--overwrite", "--quiet"], capture_output=True, text=True, check=True)
    seconds = time.monotonic() - started
    doc = json.loads(r.stdout)
    name, absolute = RANK_BY[method]
    target = [s for s in {e["scenario"] for e in doc["indices"]} if " - " in s][0]
    cells = {}
    for e in doc["indices"]:
        if e["scenario"] == target and e["period"] == period and e.get("index") == name:
            cells[e["parameter"]] = (e["value"], e["ci"])
    params = doc["parameters"]
    values = np.array([cells[p][0] if cells[p][0] is not None else np.nan for p in params])
    score = np.abs(values) if absolute else values
    order = list(np.argsort(-np.nan_to_num(score, nan=-np.inf), kind="stable"))
    noise = [n for n in doc["noise_share"] if n["scenario"] == target and n["period"] == period]
    return {"seconds": seconds, "evaluations": doc["evaluations"], "params": params,
            "values": values, "score": score, "order": order, "cells": cells,
            "noise": noise[0] if noise else None, "target": target}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fundsim")
    ap.add_argument("study")
    ap.add_argument("--method", required=True, choices=sorted(RANK_BY))
    ap.add_argument("--samples", required=True, help="comma-separated sample sizes")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--reference-samples", type=int, help="one more run (first seed) as reference")
    ap.add_argument("--scenario", default="announced-2018")
    ap.add_argument("--metric", default="contact_abuse")
    ap.add_argument("--period", default="horizon")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    sizes = [int(s) for s in args.samples.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    with tempfile.TemporaryDirectory() as work:
        runs = {(n, s): run(args.fundsim, args.study, args.method, n, s, args.scenario,
                            args.metric, args.period, args.threads, work)
                for n in sizes for s in seeds}
        largest = args.reference_samples or max(sizes)
        if (largest, seeds[0]) not in runs:
            runs[(largest, seeds[0])] = run(args.fundsim, args.study, args.method, largest,
                                            seeds[0], args.scenario, args.metric, args.period,
                                            args.threads, work)
    ref = runs[(largest, seeds[0])]
    name = RANK_BY[args.method][0] or "PRCC"
    print(f"{args.method}: {ref['target']}, {args.metric}, {args.period}; reference: "
          f"{largest} samples, seed {seeds[0]}\n")
    print(f"| samples | seed | model runs | seconds | top 5 by {name} (value) | noise share | "
          "Spearman vs other seed | Spearman vs reference | top 5 shared with reference |")
    print("|---|---|---|---|---|---|---|---|---|")
    top_ref = set(ref["order"][:5])
    for (n, s), r in sorted(runs.items()):
        others = [runs[(n, t)] for t in seeds if t != s and (n, t) in runs]
        rho_seed = stats.spearmanr(r["score"], others[0]["score"], nan_policy="omit")[0] \
            if others else float("nan")
        rho_ref = stats.spearmanr(r["score"], ref["score"], nan_policy="omit")[0]
        top = ", ".join(f"{r['params'][j]} ({r['values'][j]:.3g})" for j in r["order"][:5])
        noise = r["noise"]
        noise_text = (f"{noise['value']:.4f} [{noise['ci'][0]:.4f}, {noise['ci'][1]:.4f}]"
                      if noise else "")
        print(f"| {n} | {s} | {r['evaluations']:,} | {r['seconds']:.1f} | {top} | {noise_text} | "
              f"{rho_seed:.3f} | {rho_ref:.3f} | {len(top_ref & set(r['order'][:5]))}/5 |")
    print("\nreference top 10 with intervals:")
    for j in ref["order"][:10]:
        v, ci = ref["cells"][ref["params"][j]]
        print(f"  {ref['params'][j]}: {v:.4g} [{ci[0]:.4g}, {ci[1]:.4g}]" if ci else
              f"  {ref['params'][j]}: {v:.4g}")


if __name__ == "__main__":
    main()
