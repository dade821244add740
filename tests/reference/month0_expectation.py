#!/usr/bin/python3
"""Month-0 expectations of a central run, analytically, against the engine.

    month0_expectation.py FUNDSIM STUDY [--replicates 20000] [--seed S] [--scenario NAME ...]

At t = 0 every replicate of a central run starts from the same state
(A0, Q0, J0 = the rounded medians) with z = arrests_ref, so g = 1, and the
expected values of the first steps of docs/model.md §4 are exact closed forms
(m, p, q, c, C are the month-0 values after the lever effects of step 1;
in the baseline m = 1, p = detect, q = desist, c = contact, C = base_capacity):

    E[N_k] = onset_k * m_k * g                        (g = 1 at t = 0)
    E[O_k] = (A0_k + Q0_k + E[N_k]) * offence_rate_k
    E[R_k] = E[O_k] * p_k
    E[M_k] = (A0_k + E[N_k]) * (1 - exp(-offence_rate_k p_k actionable_k))
    E[H_k] = E[O_k] * c_k
    E[W_k] = (A0_k + E[N_k]) * exp(-offence_rate_k p_k actionable_k) * q_k
    E[L_k] = J0_k / sentence_months_k
    E[C]   = C

(binomial thinning of a Poisson or binomial count multiplies its mean by the
probability).  The engine's month-0 means (run with --central --summary-only)
must lie within 5 Monte Carlo standard errors (se = sd / sqrt(N), sd from the
file) of these values, for every scenario given (default: all scenarios of
the study; funded scenarios also exercise the month-0 lever effects).
Cells with sd = 0 must agree to 1e-9 (contact_abuse of a class with
contact = 0) or, for capacity, to 1e-9 + 2^-24 C + 1/512 (float32 storage and
the engine's 1/256 fixed-point capacity summary, see compare_central.py).
Exit 0 on success, 1 on failure.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402

Z_LIMIT = 5.0
DET_ABS = 1e-9
CAPACITY_F32_REL, CAPACITY_FIXED_POINT = 2.0 ** -24, 1.0 / 512


def expectations(study, scenario):
    sc = study.scenario(scenario)
    rates = model.MonthRates(study, sc)
    r = rates.step(0)
    m, p, c, q, C = r.m, r.p, r.c, r.q, r.C
    P = rates.P
    cv = lambda n: study.class_vector(P, n)
    A0, Q0, J0 = cv("initial_active"), cv("initial_backlog"), cv("initial_justice")
    rate, act = cv("offence_rate"), cv("actionable")
    g = 1.0                                           # z(0) = arrests_ref
    EN = cv("onset") * (1.0 + P["onset_growth"]) ** 0.0 * m * g
    EO = (A0 + Q0 + EN) * rate
    pid = 1.0 - np.exp(-rate * p * act)
    return {
        "new_offenders": EN,
        "offences": EO,
        "referrals": EO * p,
        "identified": (A0 + EN) * pid,
        "contact_abuse": EO * c,
        "desisted": (A0 + EN) * (1.0 - pid) * q,
        "released": J0 / cv("sentence_months"),
        "capacity": np.array([C]),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description="month-0 analytic expectations vs the engine")
    ap.add_argument("fundsim")
    ap.add_argument("study")
    ap.add_argument("--replicates", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--scenario", action="append", default=None)
    args = ap.parse_args(argv)
    N = args.replicates
    study = model.Study(args.study)

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "m0.h5")
        cmd = [args.fundsim, "run", args.study, "--central", "--summary-only", "--replicates", str(N),
               "--seed", str(args.seed), "--threads", str(args.threads), "-o", out, "--quiet",
               "--sweep-months"]  # sweep points keep their monthly summaries
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"engine failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
            return 1
        with h5py.File(out, "r") as f:
            names = [x.decode() if isinstance(x, bytes) else str(x) for x in f["scenario"][:]]
            eng = {}
            for metric in ("new_offenders", "offences", "referrals", "identified", "contact_abuse",
                           "desisted", "released", "capacity"):
                eng[metric] = (f[metric + "_mean"][...], f[metric + "_sd"][...])

    scenarios = args.scenario or study.scenario_names
    checked = failed = 0
    zmax = 0.0
    print(f"study {args.study}: month 0, central run, N = {N}, seed {args.seed}")
    print(f"{'scenario':42s} {'metric':14s} {'class':11s} {'engine':>12s} {'expected':>12s} {'se':>9s} {'z':>7s}")
    for sname in scenarios:
        si = names.index(sname)
        exp = expectations(study, sname)
        for metric, want in exp.items():
            mean, sd = eng[metric]
            got = np.atleast_1d(mean[si, 0])
            s = np.atleast_1d(sd[si, 0])
            for k in range(len(want)):
                cname = study.classes[k] if metric != "capacity" else "(total)"
                se = s[k] / math.sqrt(N)
                diff = got[k] - want[k]
                if se > 0:
                    z = diff / se
                    ok = abs(z) <= Z_LIMIT
                    zmax = max(zmax, abs(z))
                else:
                    z = 0.0 if diff == 0 else math.copysign(math.inf, diff)
                    tol = DET_ABS
                    if metric == "capacity":
                        tol += CAPACITY_F32_REL * abs(want[k]) + CAPACITY_FIXED_POINT
                    ok = abs(diff) <= tol
                checked += 1
                failed += not ok
                if not ok or sname == scenarios[0]:
                    print(f"{sname:42s} {metric:14s} {cname:11s} {got[k]:12.4f} {want[k]:12.4f} {se:9.4f} "
                          f"{z:7.2f}{'' if ok else '  FAIL'}")
    print(f"month-0 expectations: {checked} cells, max |z| = {zmax:.2f} (limit {Z_LIMIT}), {failed} failed "
          f"({len(scenarios)} scenarios; table shows {scenarios[0]} and any failures)")
    print("OK" if failed == 0 else "FAILED")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
