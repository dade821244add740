#!/usr/bin/python3
"""Statistical cross-check of the fundsim engine against the independent
reference model (tests/reference/model.py) on a CENTRAL run.

    compare_central.py FUNDSIM STUDY [--replicates N] [--seed S] [--ref-seed S]
                       [--power-check] [--keep FILE]

1. runs `FUNDSIM run STUDY --central --replicates N --seed S -o TMP --quiet`;
2. runs the reference model with N replicates (its own PCG64 random numbers);
3. checks exactly what is deterministic in a central run: the sampled
   parameters (all replicates = the medians) and the spend schedule;
4. compares, for every scenario, month, class and docs/model.md §7 metric (plus
   capacity and safeguarded), the engine mean with the reference mean:

       z = (mean_engine - mean_ref) / sqrt(sd_engine^2/N + sd_ref^2/N)

   TOLERANCES (family-wise; ~ scenarios x months x (12 x classes + 2) cells,
   6,384 for small.toml):
     (a) every cell: |mean_engine - mean_ref| <= 5.0 * se + 1e-9.  Under the
         null a |z| > 5 has probability 5.7e-7 per cell, ~0.4% for the whole
         family even if all cells were independent;
     (b) the fraction of stochastic cells with |z| > 3 must be below 1%
         (expected 0.27% under the null; cells are positively correlated
         across months and, in the engine, across scenarios through common
         random numbers, so the margin is generous).  This catches a small
         systematic bias spread over many cells that (a) alone would miss.
         The rule is meant for thousands of cells; with a few hundred (e.g.
         tiny.toml) a handful of chance |z| > 3 cells already reaches 1%.
   Cells where both standard deviations are 0 (e.g. contact_abuse of a class
   with contact = 0) must agree to 1e-9 + 2^-23 * |mean_ref|.
   capacity is deterministic in a central run and is checked separately:
   the per-replicate `capacity` values (stored as float32) must equal the
   reference's C rounded to float32 within 2^-23 relative; capacity_mean must
   agree within 1e-9 + 2^-24 |C| + 1/512: the engine stores capacity as
   float32 and summarises it in fixed point with 1/256 steps
   (engine/analysis/scenario_summary.hpp, kCapacityScale = 256), so its
   capacity_mean carries a rounding error of up to 1/512 ~ 0.002
   investigations (~2.4e-6 relative at C ~ 800).  The largest capacity
   deviation is printed as a NOTE line.
5. with --power-check, also runs the reference with deliberate bugs against
   the same engine output (scenarios baseline and the first funded one, to
   save time) and requires each of those comparisons to FAIL, proving the
   test has power:
     - arrest probability x 1.1 in every class (a 10% parameter error);
     - identification drawn from A_k before this month's onset (step 6);
     - release drawn from J_k after this month's arrests (step 12);
     - the other triage rule than the study's (step 10; skipped with one class,
       where both rules coincide).
   The middle two are the order-of-steps details of docs/model.md §4 that are easy
   to get wrong; each shifts its metric by a few percent.

Exit 0 if everything expected happened, 1 otherwise.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402

Z_CELL = 5.0          # tolerance (a)
Z_FRACTION = 3.0      # tolerance (b): |z| threshold ...
MAX_FRACTION = 0.01   # ... and the largest allowed fraction of cells above it
ABS_TOL = 1e-9
DET_REL_TOL = 2.0 ** -23
CAPACITY_F32_REL = 2.0 ** -24      # float32 storage of C
CAPACITY_FIXED_POINT = 1.0 / 512   # half a step of the engine's 1/256 fixed-point summary


def _names(ds):
    return [x.decode() if isinstance(x, bytes) else str(x) for x in ds[:]]


def load_engine(path):
    with h5py.File(path, "r") as f:
        eng = {"scenario": _names(f["scenario"]), "class": _names(f["class"]),
               "lever": _names(f["lever"]) if "lever" in f else [],
               "months": int(f.attrs["months"]), "central": f.attrs.get("central"),
               "spend": f["spend"][...] if "spend" in f else None,
               "parameter": _names(f["parameter"]) if "parameter" in f else None,
               "parameters": f["parameters"][...] if "parameters" in f else None,
               "capacity_rep": f["capacity"][...] if "capacity" in f else None}
        for m in model.CLASS_METRICS + model.TOTAL_METRICS:
            eng[m] = (f[m + "_mean"][...], f[m + "_sd"][...])
    return eng


def deterministic_checks(study, eng, ref):
    """Central parameters and spend: exact up to rounding."""
    problems = []
    if eng["parameters"] is not None:
        P = eng["parameters"]
        if not (P == P[:1]).all():
            problems.append("central run: sampled parameters differ between replicates")
        for j, name in enumerate(eng["parameter"]):
            want = study.central.get(name)
            if want is None:
                problems.append(f"engine parameter '{name}' unknown to the reference")
            elif abs(P[0, j] - want) > 1e-12 * max(1.0, abs(want)):
                problems.append(f"central value of {name}: engine {P[0, j]!r}, reference {want!r}")
        missing = set(study.central) - set(eng["parameter"])
        if missing:
            problems.append(f"parameters missing from the engine output: {sorted(missing)}")
    if eng["capacity_rep"] is not None:          # (scenario, replicate, month), float32, NaN if not stored
        for si, sname in enumerate(eng["scenario"]):
            c = eng["capacity_rep"][si].astype(np.float64)
            stored = ~np.isnan(c).any(axis=1)
            want = ref[sname]["capacity"][0].astype(np.float32).astype(np.float64)
            dev = np.abs(c[stored] - want[None, :])
            if dev.size and (dev > DET_REL_TOL * np.abs(want)[None, :] + ABS_TOL).any():
                problems.append(f"per-replicate capacity of {sname}: max |diff| {dev.max():.3g}")
    if eng["spend"] is not None:
        li = [study.lever_names.index(n) for n in eng["lever"]]
        for si, sname in enumerate(eng["scenario"]):
            want = ref[sname]["_spend"][:, li]
            got = eng["spend"][si]
            if not np.allclose(got, want, rtol=1e-12, atol=1e-9):
                problems.append(f"spend of {sname}: max |diff| {np.abs(got - want).max():.3g}")
    return problems


def compare(study, eng, ref, N_eng, N_ref, label):
    """Statistical comparison; returns (ok, summary dict) and prints a report."""
    rows = []   # (z, scenario, metric, month, class, mean_e, mean_r, det)
    zs, det_bad, cap_dev, missing_cells = [], [], [], []
    stoch = 0
    fail_cells = 0
    worst = None
    for si, sname in enumerate(eng["scenario"]):
        if sname not in ref:
            continue
        r = ref[sname]
        for metric in model.CLASS_METRICS + model.TOTAL_METRICS:
            me, se_ = eng[metric][0][si], eng[metric][1][si]
            mr, sr = r[metric]
            if me.ndim == 1:
                me, se_, mr, sr = me[:, None], se_[:, None], mr[:, None], sr[:, None]
            # A missing engine value (NaN) must fail, not drop out of the comparison.
            missing = ~(np.isfinite(me) & np.isfinite(se_))
            if missing.any():
                t, k = map(int, np.argwhere(missing)[0])
                missing_cells.append((sname, metric, t, int(missing.sum())))
                fail_cells += int(missing.sum())
            se = np.sqrt(se_ ** 2 / N_eng + sr ** 2 / N_ref)
            diff = np.abs(me - mr)
            det = se == 0
            with np.errstate(divide="ignore", invalid="ignore"):
                z = np.where(det, 0.0, diff / np.where(det, 1.0, se))
            if metric == "capacity":
                tol = ABS_TOL + CAPACITY_F32_REL * np.abs(mr) + CAPACITY_FIXED_POINT
                cap_dev.append(float(diff[det].max()) if det.any() else 0.0)
            else:
                tol = ABS_TOL + DET_REL_TOL * np.abs(mr)
            det_fail = det & (diff > tol)
            cell_fail = (~det & (diff > Z_CELL * se + ABS_TOL)) | det_fail
            fail_cells += int(cell_fail.sum())
            stoch += int((~det).sum())
            zs.append(z[~det])
            for t, k in zip(*np.nonzero(det_fail)):
                det_bad.append((sname, metric, t, k, me[t, k], mr[t, k]))
            zz = np.where(det_fail, np.inf, z)
            t, k = np.unravel_index(np.argmax(zz), zz.shape)
            if worst is None or zz[t, k] > worst[0]:
                cname = study.classes[k] if eng[metric][0].ndim == 3 else "(total)"
                worst = (zz[t, k], sname, metric, t, cname, me[t, k], mr[t, k], se[t, k])
    zall = np.concatenate(zs)
    cells = sum(len(ref) * eng["months"] * (len(study.classes) if eng[m][0].ndim == 3 else 1)
                for m in model.CLASS_METRICS + model.TOTAL_METRICS)
    frac = float((zall > Z_FRACTION).mean()) if zall.size else 0.0
    zmax = float(zall.max()) if zall.size else 0.0
    ok = fail_cells == 0 and frac < MAX_FRACTION
    print(f"[{label}] cells compared: {cells} ({stoch} stochastic, {cells - stoch} deterministic)")
    print(f"[{label}] max |z| = {zmax:.2f} (limit {Z_CELL}); fraction |z| > {Z_FRACTION} = "
          f"{frac:.4%} (limit {MAX_FRACTION:.0%}); cells over the limit: {fail_cells}")
    w = worst
    print(f"[{label}] worst cell: scenario={w[1]} metric={w[2]} month={w[3]} class={w[4]}: "
          f"engine {w[5]:.6g}, reference {w[6]:.6g}, se {w[7]:.3g}, |z| {w[0]:.2f}")
    for m in missing_cells[:5]:
        print(f"[{label}] engine value missing (NaN): scenario={m[0]} metric={m[1]} from month "
              f"{m[2]} ({m[3]} cells)")
    for b in det_bad[:5]:
        print(f"[{label}] deterministic cell differs: scenario={b[0]} metric={b[1]} month={b[2]}: "
              f"engine {b[4]!r}, reference {b[5]!r}")
    if cap_dev:
        print(f"[{label}] NOTE max |capacity_mean - C| = {max(cap_dev):.2g} "
              f"(tolerance 1/512 + float32 rounding: the engine's fixed-point capacity summary)")
    print(f"[{label}] {'PASS' if ok else 'FAIL'}")
    return ok, {"cells": cells, "zmax": zmax, "frac": frac, "fail_cells": fail_cells}


def main(argv=None):
    ap = argparse.ArgumentParser(description="engine vs reference model, central run")
    ap.add_argument("fundsim")
    ap.add_argument("study")
    ap.add_argument("--replicates", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=20240501, help="engine seed")
    ap.add_argument("--ref-seed", type=int, default=None, help="reference seed (default: seed + 1)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--power-check", action="store_true",
                    help="also require a deliberately wrong reference (arrest x 1.1) to FAIL")
    ap.add_argument("--keep", default=None, help="keep the engine output at this path")
    args = ap.parse_args(argv)
    N = args.replicates
    ref_seed = args.seed + 1 if args.ref_seed is None else args.ref_seed

    study = model.Study(args.study)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or os.path.join(tmp, "central.h5")
        # --sweep-months: sweep points keep their monthly summaries (without it they are NaN;
        # docs/output-format.md section 2.4), so every scenario is compared month by month.
        cmd = [args.fundsim, "run", args.study, "--central", "--replicates", str(N),
               "--seed", str(args.seed), "--threads", str(args.threads), "-o", out, "--quiet",
               "--sweep-months"]
        if args.keep:
            cmd.append("--overwrite")
        t0 = time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"engine failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
            return 1
        t_engine = time.time() - t0
        eng = load_engine(out)

    ok = True
    print(f"study {args.study}: {len(eng['scenario'])} scenarios, {eng['months']} months, "
          f"{len(eng['class'])} classes, triage {study.triage}, N = {N}, engine seed {args.seed}, "
          f"reference seed {ref_seed}")
    if sorted(eng["scenario"]) != sorted(study.scenario_names):
        print(f"FAIL scenario names: engine {eng['scenario']}, reference {study.scenario_names}")
        return 1
    if eng["class"] != study.classes or eng["months"] != study.months:
        print("FAIL classes or months differ")
        return 1
    if eng["central"] is not None and not bool(eng["central"]):
        print("FAIL engine output is not marked as a central run")
        ok = False

    t0 = time.time()
    ref = model.run_study(study, N, ref_seed)
    t_ref = time.time() - t0

    problems = deterministic_checks(study, eng, ref)
    for p in problems:
        print(f"FAIL deterministic: {p}")
    print(f"[deterministic] central parameters and spend schedule: {'PASS' if not problems else 'FAIL'}")
    ok &= not problems

    good, _ = compare(study, eng, ref, N, N, "reference")
    ok &= good

    if args.power_check:
        funded = [s["name"] for s in study.scenarios if s["budget"] > 0][:1]
        subset = [study.scenario_names[0]] + funded
        bugs = [("arrest x 1.1", {"perturb": {"arrest": 1.1}}),
                ("identification before onset", {"variant": "identify_before_onset"}),
                ("release after arrests", {"variant": "release_after_arrests"}),
                ("other triage rule", {"variant": "other_triage"})]
        if len(study.classes) == 1:          # both triage rules give the same allocation
            bugs = bugs[:-1]
        for i, (what, kw) in enumerate(bugs):
            bad_ref = model.run_study(study, N, ref_seed + 1000 * (i + 1), scenarios=subset, **kw)
            passed, _ = compare(study, eng, bad_ref, N, N, f"power check: {what}")
            if passed:
                print(f"FAIL power check: the comparison did not detect the deliberate bug '{what}'")
                ok = False
            else:
                print(f"[power check] PASS: deliberate bug '{what}' detected")
    print(f"engine {t_engine:.1f} s, reference {t_ref:.1f} s")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
