"""The engine against the independent reference model (tests/reference/model.py, numpy, written
from docs/model.md, not from engine/), on CENTRAL runs (every parameter at its median, the monthly
draws stochastic; the reference uses its own PCG64 random numbers, so agreement is statistical).

compare() compares, for every scenario, month, class and metric of model.md 5 (plus capacity and
safeguarded), the engine mean with the reference mean:

    z = (mean_engine - mean_ref) / sqrt(sd_engine^2 / N + sd_ref^2 / N)

TOLERANCES (family-wise; ~ scenarios x months x (12 x classes + 2) cells, 6,384 for small.toml):
  (a) every cell: |mean_engine - mean_ref| <= 5.0 se + 1e-9. Under the null a |z| > 5 has
      probability 5.7e-7 per cell, ~0.4% for the whole family even if all cells were independent;
  (b) the fraction of stochastic cells with |z| > 3 must be below 1% (expected 0.27% under the
      null; cells are positively correlated across months and, in the engine, across scenarios
      through common random numbers, so the margin is generous). This catches a small systematic
      bias spread over many cells that (a) alone would miss. The rule is meant for thousands of
      cells; with a few hundred (e.g. tiny.toml) a handful of chance |z| > 3 cells reaches 1%.
Cells where both standard deviations are 0 (e.g. contact_abuse of a class with contact = 0) must
agree to 1e-9 + 2^-23 |mean_ref|. capacity is deterministic in a central run: the per-replicate
values (float32) must equal the reference's C rounded to float32 within 2^-23 relative, and
capacity_mean must agree within 1e-9 + 2^-24 |C| + 1/512, because the engine summarises capacity
in fixed point with 1/256 steps (engine/analysis/scenario_summary.hpp, kCapacityScale = 256).

month0_expectations() gives the closed-form month-0 means of a central run (see its docstring).
"""
import sys
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "reference"))
import model  # noqa: E402  (tests/reference/model.py)

Z_CELL = 5.0          # tolerance (a)
Z_FRACTION = 3.0      # tolerance (b): |z| threshold ...
MAX_FRACTION = 0.01   # ... and the largest allowed fraction of cells above it
ABS_TOL = 1e-9
DET_REL_TOL = 2.0 ** -23
CAPACITY_F32_REL = 2.0 ** -24      # float32 storage of C
CAPACITY_FIXED_POINT = 1.0 / 512   # half a step of the engine's 1/256 fixed-point summary
METRICS = model.CLASS_METRICS + model.TOTAL_METRICS

# Deliberately wrong references that the comparison must reject (its power): a 10% parameter
# error, and the order-of-steps details of model.md 4 that are easy to get wrong (each shifts its
# metric by a few percent). The other triage rule only differs from the study's with 2+ classes.
BUGS = {"arrest x 1.1": {"perturb": {"arrest": 1.1}},
        "identification before onset": {"variant": "identify_before_onset"},
        "release after arrests": {"variant": "release_after_arrests"},
        "other triage rule": {"variant": "other_triage"}}


def _names(ds):
    return [x.decode() if isinstance(x, bytes) else str(x) for x in ds[:]]


def load_engine(path):
    """What the comparison reads from an engine file of a central run."""
    with h5py.File(path, "r") as f:
        eng = {"scenario": _names(f["scenario"]), "class": _names(f["class"]),
               "lever": _names(f["lever"]) if "lever" in f else [],
               "months": int(f.attrs["months"]), "central": f.attrs.get("central"),
               "spend": f["spend"][...] if "spend" in f else None,
               "parameter": _names(f["parameter"]) if "parameter" in f else None,
               "parameters": f["parameters"][...] if "parameters" in f else None,
               "capacity_rep": f["capacity"][...] if "capacity" in f else None}
        for m in METRICS:
            eng[m] = (f[m + "_mean"][...], f[m + "_sd"][...])
    return eng


def central_parameter_problems(study, eng):
    """Every replicate holds the medians, and they are the reference's."""
    problems = []
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
    return problems


def capacity_problems(eng, ref):
    """Per-replicate capacity (scenario, replicate, month; float32, NaN if not stored) = C."""
    problems = []
    for si, sname in enumerate(eng["scenario"]):
        c = eng["capacity_rep"][si].astype(np.float64)
        stored = ~np.isnan(c).any(axis=1)
        want = ref[sname]["capacity"][0].astype(np.float32).astype(np.float64)
        dev = np.abs(c[stored] - want[None, :])
        if dev.size and (dev > DET_REL_TOL * np.abs(want)[None, :] + ABS_TOL).any():
            problems.append(f"per-replicate capacity of {sname}: max |diff| {dev.max():.3g}")
    return problems


def spend_problems(study, eng, ref):
    problems = []
    li = [study.lever_names.index(n) for n in eng["lever"]]
    for si, sname in enumerate(eng["scenario"]):
        want = ref[sname]["_spend"][:, li]
        got = eng["spend"][si]
        if not np.allclose(got, want, rtol=1e-12, atol=1e-9):
            problems.append(f"spend of {sname}: max |diff| {np.abs(got - want).max():.3g}")
    return problems


@dataclass
class Comparison:
    cells: int
    stochastic: int
    failed_cells: int          # tolerance (a), deterministic cells included
    share_beyond_3: float      # tolerance (b)
    max_z: float
    worst: str
    deterministic_differences: list

    @property
    def agrees(self):
        return self.failed_cells == 0 and self.share_beyond_3 < MAX_FRACTION

    def __str__(self):
        return (f"{self.cells} cells ({self.stochastic} stochastic): "
                f"max |z| {self.max_z:.2f} (limit {Z_CELL}), "
                f"share |z| > {Z_FRACTION} {self.share_beyond_3:.4%} (limit {MAX_FRACTION:.0%}), "
                f"{self.failed_cells} cells over the limit; worst: {self.worst}; "
                f"deterministic differences: {self.deterministic_differences[:5]}")


def compare(study, eng, ref, n_eng, n_ref):
    """The statistical comparison of every cell of the scenarios the reference ran."""
    zs, det_bad = [], []
    stochastic = failed = 0
    worst = None
    for si, sname in enumerate(eng["scenario"]):
        if sname not in ref:
            continue
        r = ref[sname]
        for metric in METRICS:
            me, se_ = eng[metric][0][si], eng[metric][1][si]
            mr, sr = r[metric]
            if me.ndim == 1:
                me, se_, mr, sr = me[:, None], se_[:, None], mr[:, None], sr[:, None]
            # A missing engine value (NaN: not stored) fails instead of dropping out.
            missing = ~(np.isfinite(me) & np.isfinite(se_))
            if missing.any():
                t, k = map(int, np.argwhere(missing)[0])
                det_bad.append((sname, metric, t, k, "missing (NaN) in the engine file", None))
                failed += int(missing.sum())
            se = np.sqrt(se_ ** 2 / n_eng + sr ** 2 / n_ref)
            diff = np.abs(me - mr)
            det = se == 0
            with np.errstate(divide="ignore", invalid="ignore"):
                z = np.where(det, 0.0, diff / np.where(det, 1.0, se))
            if metric == "capacity":
                tol = ABS_TOL + CAPACITY_F32_REL * np.abs(mr) + CAPACITY_FIXED_POINT
            else:
                tol = ABS_TOL + DET_REL_TOL * np.abs(mr)
            det_fail = det & (diff > tol)
            failed += int(((~det & (diff > Z_CELL * se + ABS_TOL)) | det_fail).sum())
            stochastic += int((~det).sum())
            zs.append(z[~det])
            for t, k in zip(*np.nonzero(det_fail)):
                det_bad.append((sname, metric, int(t), int(k), float(me[t, k]), float(mr[t, k])))
            zz = np.where(det_fail, np.inf, z)
            t, k = np.unravel_index(np.argmax(zz), zz.shape)
            if worst is None or zz[t, k] > worst[0]:
                cname = study.classes[k] if eng[metric][0].ndim == 3 else "(total)"
                worst = (zz[t, k], f"scenario={sname} metric={metric} month={t} class={cname}: "
                                   f"engine {me[t, k]:.6g}, reference {mr[t, k]:.6g}, "
                                   f"se {se[t, k]:.3g}, |z| {zz[t, k]:.2f}")
    zall = np.concatenate(zs)
    cells = sum(len(ref) * eng["months"] * (len(study.classes) if eng[m][0].ndim == 3 else 1)
                for m in METRICS)
    return Comparison(cells=cells, stochastic=stochastic, failed_cells=failed,
                      share_beyond_3=float((zall > Z_FRACTION).mean()) if zall.size else 0.0,
                      max_z=float(zall.max()) if zall.size else 0.0, worst=worst[1],
                      deterministic_differences=det_bad)


def run_reference(study, replicates, seed, bug=None, scenarios=None):
    """The reference model's summaries: all scenarios, or with a deliberate BUGS entry."""
    return model.run_study(study, replicates, seed, scenarios=scenarios, **(BUGS[bug] if bug else {}))


def month0_expectations(study, scenario):
    """Closed-form month-0 means of a central run (scenario's month-0 lever effects included).

    At t = 0 every replicate starts from the same state (A0, Q0, J0 = the rounded medians) with
    z = arrests_ref, so g = 1, and the first steps of model.md 4 have exact expectations (m, p, q,
    c, C are the month-0 values after the lever effects of step 1; in the baseline m = 1,
    p = detect, q = desist, c = contact, C = base_capacity):

        E[N_k] = onset_k * m_k * g                        (g = 1 at t = 0)
        E[O_k] = (A0_k + Q0_k + E[N_k]) * offence_rate_k
        E[R_k] = E[O_k] * p_k
        E[M_k] = (A0_k + E[N_k]) * (1 - exp(-offence_rate_k p_k actionable_k))
        E[H_k] = E[O_k] * c_k
        E[W_k] = (A0_k + E[N_k]) * exp(-offence_rate_k p_k actionable_k) * q_k
        E[L_k] = J0_k / sentence_months_k
        E[C]   = C

    (binomial thinning of a Poisson or binomial count multiplies its mean by the probability).
    """
    sc = study.scenario(scenario)
    rates = model.MonthRates(study, sc)
    r = rates.step(0)
    m, p, q, c, C = r.m, r.p, r.q, r.c, r.C
    P = rates.P

    def cv(n):
        return study.class_vector(P, n)
    A0, Q0, J0 = cv("initial_active"), cv("initial_backlog"), cv("initial_justice")
    rate, act = cv("offence_rate"), cv("actionable")
    g = 1.0                                           # z(0) = arrests_ref
    EN = cv("onset") * m * g
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


MONTH0_METRICS = ("new_offenders", "offences", "referrals", "identified", "contact_abuse", "desisted",
                  "released", "capacity")
MONTH0_Z_LIMIT = 5.0


def month0_problems(study, path, metric, replicates, scenarios=None):
    """Month-0 cells of METRIC in an engine file of a central run (--summary-only is enough) more
    than 5 standard errors (sd / sqrt(N), sd from the file) from month0_expectations. Cells with
    sd = 0 must agree to 1e-9 (contact_abuse of a class with contact = 0) or, for capacity, to
    1e-9 + 2^-24 C + 1/512 (float32 storage and the 1/256 fixed-point summary)."""
    with h5py.File(path, "r") as f:
        names = _names(f["scenario"])
        mean, sd = f[metric + "_mean"][:, 0], f[metric + "_sd"][:, 0]
    problems = []
    for sname in scenarios or study.scenario_names:
        si = names.index(sname)
        want = month0_expectations(study, sname)[metric]
        got, s = np.atleast_1d(mean[si]), np.atleast_1d(sd[si])
        for k in range(len(want)):
            se = s[k] / np.sqrt(replicates)
            diff = got[k] - want[k]
            if se > 0:
                ok = abs(diff / se) <= MONTH0_Z_LIMIT
            else:
                tol = ABS_TOL
                if metric == "capacity":
                    tol += CAPACITY_F32_REL * abs(want[k]) + CAPACITY_FIXED_POINT
                ok = abs(diff) <= tol
            if not ok:
                cname = study.classes[k] if metric != "capacity" else "(total)"
                problems.append(f"{sname} {cname}: engine {got[k]:.4f}, expected {want[k]:.4f}, se {se:.4f}")
    return problems
