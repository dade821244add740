#!/usr/bin/python3
"""The fundsim model as a modeller would write it in NumPy: the yardstick of issue 14.

    numpy_model.py STUDY --replicates N [--no-sweep] [--central] [--seed S]
                   [--chunk C] [--npz OUT.npz] [--quiet]

Runs every scenario of a study (docs/model.md §4, step by step) on the same replicates and
computes what `fundsim run --summary-only` stores (docs/output-format.md §2.4-2.7):

- per-replicate parameter draws by inversion, x = F^-1(u), with Latin hypercube (McKay,
  Beckman & Conover 1979) or plain Monte Carlo uniforms from numpy's Generator; every
  scenario uses the same draws (overrides by the same u, model.md interpretation g);
- the monthly dynamics vectorised over replicates: state arrays of shape (R, K), numpy's
  own Poisson and binomial samplers. Every scenario restarts the same random stream for
  each chunk of replicates, which keeps a little of the common-random-numbers coupling
  cheaply; only the parameter draws are truly shared (statistical agreement with the
  engine, not bitwise);
- per scenario the per-replicate arrays (R, months, classes) of all 14 metrics, then
  np.quantile / mean / sd over replicates: per month and class, over the horizon (flows
  summed, stocks at the end), and the paired differences against the baseline (horizon,
  per year, per month: mean, se, quantiles, probability better), offender-years and the
  cost ratios of output-format.md §2.7.

Study parsing (sweeps, allocations, effects, parameter names and ranges) is
tests/reference/model.py's `Study`, imported unchanged; like it, this script does not run
studies whose parameters use beta, gamma or PERT distributions (Study cannot take their
median).

Prints scenarios, replicates, months, replicate-months, CPU seconds (process time: all
threads of this process, numpy's included) and wall seconds of the work after start-up,
and replicate-months per CPU-second and per wall second. The last line is machine-readable:
    RESULT rep_months=... cpu_s=... wall_s=... per_cpu_s=... per_wall_s=...
--npz writes the summaries with the names and axis orders of the HDF5 file
(NAME_mean (scenario, month, class), NAME_horizon_quantile (scenario, quantile), ...).
"""
import argparse
import math
import os
import sys
import time

import numpy as np
from scipy import special, stats

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import model as reference  # noqa: E402  (tests/reference/model.py: the study parser)

QUANTILES = np.array([0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975])
CLASS_METRICS = reference.CLASS_METRICS  # new_offenders ... in_justice, per class
STOCKS = ("active", "backlog", "in_justice")  # horizon value = class total at the last month
# Metrics with a horizon value and paired differences (output-format.md §2.5-2.6), in order.
HORIZON_METRICS = CLASS_METRICS + ("safeguarded",)
LOWER_IS_BETTER = {"new_offenders", "offences", "contact_abuse", "active", "backlog"}
NEITHER = {"released"}  # prob_better is NaN


# --------------------------------------------------------------------------
# Parameter draws: x = F^-1(u), docs/study-format.md §4
# --------------------------------------------------------------------------

def inverse_cdf(value, u):
    """Quantile function of a parameter value (number or distribution table) at u (array)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return np.full(u.shape, float(value))
    d = value["dist"]
    if d == "uniform":
        return value["min"] + (value["max"] - value["min"]) * u
    if d == "lognormal":
        return np.exp(math.log(value["median"]) + math.log(value["gsd"]) * special.ndtri(u))
    if d == "normal":
        mu, sd = float(value["mean"]), float(value["sd"])
        lo = (value["lo"] - mu) / sd if "lo" in value else -np.inf
        hi = (value["hi"] - mu) / sd if "hi" in value else np.inf
        return stats.truncnorm.ppf(u, lo, hi, loc=mu, scale=sd)
    if d == "triangular":
        a, c, b = float(value["min"]), float(value["mode"]), float(value["max"])
        return stats.triang.ppf(u, (c - a) / (b - a), loc=a, scale=b - a)
    raise NotImplementedError(f"distribution '{d}' (the reference Study parser rejects it too)")


def uniforms(study, names, n, rng, central):
    """u of shape (n, parameters): a Latin hypercube (one random permutation of the n strata
    per parameter, jittered within its stratum) or plain Monte Carlo; 0.5 for --central."""
    if central:
        return np.full((n, len(names)), 0.5)
    if study.doc["run"].get("sampling", "mc") == "lhs":
        return np.stack([(rng.permutation(n) + rng.random(n)) / n for _ in names], axis=1)
    return rng.random((n, len(names)))


def draw(study, name, value, u):
    """One parameter's values over replicates: inversion, clamp if asked, counts rounded."""
    x = inverse_cdf(value, u)
    lo, hi = study.ranges[name]
    if isinstance(value, dict) and value.get("clamp", False):
        x = np.clip(x, lo, hi)
    if name.split(".")[-1] in reference.COUNT_PARAMS:
        x = np.floor(x + 0.5)  # nearest integer, halves away from zero (x >= 0)
    if not ((x >= lo) & (x <= hi)).all():
        raise ValueError(f"{name}: draws outside [{lo}, {hi}]")
    return x


def scenario_parameters(study, u, central):
    """{scenario name: {parameter: values over replicates}}: the common draw, with each
    scenario's overrides drawn from the same u (model.md interpretation g)."""
    names = list(study.raw)
    common = {p: draw(study, p, study.raw[p], u[:, i]) for i, p in enumerate(names)}
    out = {}
    for sc in study.scenarios:
        out[sc["name"]] = common
    for raw_sc in study.doc.get("scenario", []):
        ov = reference._flatten_override(raw_sc.get("override", {}))
        if ov:
            params = dict(common)
            for p, value in ov.items():
                if central and isinstance(value, dict):  # a central run uses override medians
                    value = reference.median_of(value, p)
                params[p] = draw(study, p, value, u[:, names.index(p)])
            out[raw_sc["name"]] = params
    return out


# --------------------------------------------------------------------------
# One scenario over a chunk of replicates: docs/model.md §4
# --------------------------------------------------------------------------

def effective_spend(study, sc):
    """e_L(t) of every month, shape (months, levers): spend smoothed by each lever's lag."""
    spend = reference.spend_schedule(study, sc)
    e = np.zeros_like(spend)
    prev = np.zeros(spend.shape[1])
    for t in range(study.months):
        for li, lev in enumerate(study.levers):
            if lev["lag"] == 0:
                prev[li] = spend[t, li]
            else:
                prev[li] += (spend[t, li] - prev[li]) * (1.0 - math.exp(-1.0 / lev["lag"]))
        e[t] = prev
    return e


def triage(study, Q, I, priority):
    """Investigations per class, Ik (R, K), from the backlogs Q (R, K) and I (R,) (§4 step 10)."""
    if study.triage == "proportional":
        return reference._triage(study, Q, I, None, "proportional")
    Ik = np.zeros_like(Q)
    left = I.copy()
    if (priority == priority[0]).all():  # the usual case: the same order in every replicate
        for k in np.argsort(-priority[0], kind="stable"):
            Ik[:, k] = np.minimum(Q[:, k], left)
            left -= Ik[:, k]
        return Ik
    order = np.argsort(-priority, axis=1, kind="stable")  # uncertain priorities
    for j in range(Q.shape[1]):
        k = order[:, j:j + 1]
        take = np.minimum(np.take_along_axis(Q, k, axis=1)[:, 0], left)
        np.put_along_axis(Ik, k, take[:, None], axis=1)
        left -= take
    return Ik


def simulate(study, sc, P, rng, rec, rows):
    """Run scenario `sc` for the replicates of the parameter arrays P (values over the chunk's
    replicates) and write the month's outputs into rec[metric][rows, t(, k)]."""
    K, T = len(study.classes), study.months
    cv = lambda name: np.stack([P[f"{c}.{name}"] for c in study.classes], axis=1)  # (R, K)
    onset, rate, detect, trend = cv("onset"), cv("offence_rate"), cv("detect"), cv("detect_trend")
    identify_rate = rate * cv("actionable")
    desist, arrest, contact, attrition = cv("desist"), cv("arrest"), cv("contact"), cv("attrition")
    release, reoffend = 1.0 / cv("sentence_months"), cv("reoffend")
    saf, priority = cv("safeguard_per_arrest"), cv("priority")
    growth, ref, elast = P["onset_growth"], P["arrests_ref"], P["deterrence_elasticity"]
    memory = 1.0 - np.exp(-1.0 / P["deterrence_lag"])
    effects = [(eff, {k: P[v] for k, v in eff["params"].items()}) for eff in study.effects]
    e = effective_spend(study, sc)

    A = cv("initial_active").astype(np.int64)
    Q = cv("initial_backlog").astype(np.int64)
    J = cv("initial_justice").astype(np.int64)
    z = ref.copy()
    for t in range(T):
        # 1. spend and lever effects on the base values
        m = np.ones_like(onset)
        p = np.minimum(1.0, detect * (1.0 + trend) ** (t / 12.0))
        q, a, c, s = desist, arrest, contact, saf
        C = P["base_capacity"]
        for eff, ep in effects:
            spend = e[t, eff["lever"]]
            if spend == 0.0:
                continue  # no money, no effect
            if eff["curve"] == "linear":
                C = C + spend / ep["unit_cost"]
                continue
            v = (ep["max_effect"] * -np.expm1(-math.log(2.0) * spend / ep["half_spend"]))[:, None]
            mask = eff["mask"]
            if eff["target"] == "onset":
                m = np.where(mask, m * (1.0 - v), m)
            elif eff["target"] == "detection":
                p = np.where(mask, 1.0 - (1.0 - p) * (1.0 - v), p)
            elif eff["target"] == "desistance":
                q = np.where(mask, 1.0 - (1.0 - q) * (1.0 - v), q)
            elif eff["target"] == "arrest":
                a = np.where(mask, 1.0 - (1.0 - a) * (1.0 - v), a)
            elif eff["target"] == "contact":
                c = np.where(mask, c * (1.0 - v), c)
            elif eff["target"] == "safeguard":
                s = np.where(mask, s * (1.0 + v), s)
        # 2. deterrence, from z as it stood at the end of last month
        with np.errstate(divide="ignore"):
            g = np.clip((z / ref) ** -elast, 0.5, 2.0)
        # 3. onset
        N = rng.poisson(onset * ((1.0 + growth) ** (t / 12.0) * g)[:, None] * m)
        A += N
        # 4.-5. offending and industry referrals
        O = rng.poisson((A + Q) * rate)
        referrals = rng.binomial(O, p)
        # 6. identification of the unreferred
        M = rng.binomial(A, -np.expm1(-identify_rate * p))
        A -= M
        Q += M
        # 7. contact abuse
        H = rng.binomial(O, c)
        # 8. desistance
        W = rng.binomial(A, q)
        A -= W
        # 9. queue attrition
        X = rng.binomial(Q, attrition)
        Q -= X
        A += X
        # 10.-11. investigations by triage, arrests
        Ik = triage(study, Q, np.minimum(Q.sum(axis=1), np.floor(C).astype(np.int64)), priority)
        B = rng.binomial(Ik, a)
        Q -= Ik
        A += Ik - B
        # 12. release (J before this month's arrests) and re-offending
        L = rng.binomial(J, release)
        Y = rng.binomial(L, reoffend)
        J += B - L
        A += Y
        # 13. children safeguarded
        S = rng.poisson((B * s).sum(axis=1))
        # 14. deterrence memory
        z = z + (B.sum(axis=1) - z) * memory
        # 15. record
        for name, x in (("new_offenders", N), ("offences", O), ("referrals", referrals),
                        ("identified", M), ("contact_abuse", H), ("desisted", W),
                        ("investigations", Ik), ("arrests", B), ("released", L),
                        ("active", A + Q), ("backlog", Q), ("in_justice", J)):
            rec[name][rows, t] = x
        rec["capacity"][rows, t] = C
        rec["safeguarded"][rows, t] = S


# --------------------------------------------------------------------------
# Summaries over replicates: docs/output-format.md §2.4-2.7
# --------------------------------------------------------------------------

def describe(x, axis=0):
    """mean, sd (divisor R-1) and the 7 quantiles over replicates (axis 0)."""
    return (x.mean(axis=axis), x.std(axis=axis, ddof=1) if x.shape[axis] > 1 else np.zeros(x.shape[1:]),
            np.quantile(x, QUANTILES, axis=axis))


def prob_better(d, metric):
    if metric in NEITHER:
        return np.full(d.shape[1:], np.nan)
    better = d < 0 if metric in LOWER_IS_BETTER else d > 0
    return better.mean(axis=0) + 0.5 * (d == 0).mean(axis=0)


def difference(d, metric):
    """Paired-difference summary of d (R, ...): mean, se, quantiles, probability better."""
    mean, sd, qs = describe(d)
    return mean, sd / math.sqrt(d.shape[0]), qs, prob_better(d, metric)


def totals(rec, months):
    """Per-replicate class totals per month (R, T), per year (R, Y) and over the horizon (R,)
    of the metrics with a horizon value; flows summed, stocks at the period's last month."""
    years = math.ceil(months / 12)
    per_month, per_year, horizon = {}, {}, {}
    for name in HORIZON_METRICS:
        x = rec[name]
        tot = x.sum(axis=2, dtype=np.int64) if x.ndim == 3 else x.astype(np.int64)
        per_month[name] = tot
        if name in STOCKS:
            per_year[name] = tot[:, [min(12 * y + 11, months - 1) for y in range(years)]]
            horizon[name] = tot[:, -1]
        else:
            per_year[name] = np.stack([tot[:, 12 * y:12 * y + 12].sum(axis=1) for y in range(years)], axis=1)
            horizon[name] = tot.sum(axis=1)
    offender_months = per_month["active"].sum(axis=1)
    return per_month, per_year, horizon, offender_months


def cost_ratio(budget, gain):
    """output-format.md §2.7: budget over the mean gain, its delta-method se, quantiles of
    budget / gain per replicate (NaN = unbounded where the replicate gains nothing)."""
    mean, se = gain.mean(), gain.std(ddof=1) / math.sqrt(gain.size) if gain.size > 1 else 0.0
    ok = budget > 0 and mean > 0
    value = budget / mean if ok else np.nan
    value_se = budget * se / mean ** 2 if ok else np.nan
    if budget > 0:
        with np.errstate(divide="ignore"):
            per_rep = np.where(gain > 0, budget / np.where(gain > 0, gain, 1), np.inf)
        with np.errstate(invalid="ignore"):
            qs = np.quantile(per_rep, QUANTILES)
        qs[~np.isfinite(qs)] = np.nan
    else:
        qs = np.full(QUANTILES.size, np.nan)
    return value, value_se, qs, int((gain <= 0).sum())


class Summaries:
    """The summary datasets of a run, filled scenario by scenario (HDF5 names and axes)."""

    def __init__(self, study, names):
        self.data = {}
        self.S, self.T, self.K = len(names), study.months, len(study.classes)
        self.Y = math.ceil(study.months / 12)

    def put(self, key, s, value, shape):
        if key not in self.data:
            self.data[key] = np.full((self.S,) + shape, np.nan)
        self.data[key][s] = value

    def add_scenario(self, s, rec, base, budget):
        T, K, Y, nq = self.T, self.K, self.Y, QUANTILES.size
        for name, x in rec.items():
            shape = (T, K) if x.ndim == 3 else (T,)
            mean, sd, qs = describe(x)
            self.put(f"{name}_mean", s, mean, shape)
            self.put(f"{name}_sd", s, sd, shape)
            self.put(f"{name}_quantile", s, qs, (nq,) + shape)
        per_month, per_year, horizon, offender_months = totals(rec, T)
        for name in HORIZON_METRICS:
            mean, sd, qs = describe(horizon[name])
            self.put(f"{name}_horizon_mean", s, mean, ())
            self.put(f"{name}_horizon_sd", s, sd, ())
            self.put(f"{name}_horizon_quantile", s, qs, (nq,))
            for suffix, shape, x, xb in (("_horizon", (), horizon, base[2]), ("_year", (Y,), per_year, base[1]),
                                         ("", (T,), per_month, base[0])):
                mean, se, qs, pb = difference(x[name] - xb[name], name)
                self.put(f"{name}_diff{suffix}_mean", s, mean, shape)
                self.put(f"{name}_diff{suffix}_se", s, se, shape)
                self.put(f"{name}_diff{suffix}_quantile", s, qs, (nq,) + shape)
                if suffix != "":
                    self.put(f"{name}_diff{suffix}_prob_better", s, pb, shape)
        oy = (offender_months - base[3]) / 12.0
        mean, se, qs, pb = difference(oy, "active")
        for key, value, shape in (("mean", mean, ()), ("se", se, ()), ("quantile", qs, (nq,)),
                                  ("prob_better", pb, ())):
            self.put(f"offender_years_diff_horizon_{key}", s, value, shape)
        for label, gain in (("arrest_gained", horizon["arrests"] - base[2]["arrests"]),
                            ("contact_abuse_averted", base[2]["contact_abuse"] - horizon["contact_abuse"]),
                            ("offender_year_averted", -oy)):
            value, se, qs, nonpositive = cost_ratio(budget, gain)
            self.put(f"cost_per_{label}", s, value, ())
            self.put(f"cost_per_{label}_se", s, se, ())
            self.put(f"cost_per_{label}_quantile", s, qs, (nq,))
            self.put(f"cost_per_{label}_nonpositive", s, nonpositive, ())


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------

def run(study, names, R, seed, central=False, chunk=4096):
    """All scenarios `names` (the baseline is simulated first, for the paired differences) on R
    replicates; returns the Summaries' datasets."""
    if "history_start" in study.doc.get("run", {}):
        raise SystemExit(f"{study.path}: numpy_model.py does not simulate a history: remove "
                         "[run] history_start (scripts/bench and the agreement test do)")
    baseline = study.doc.get("baseline", study.scenario_names[0])
    order = [baseline] + [n for n in names if n != baseline]
    u = uniforms(study, list(study.raw), R, np.random.Generator(np.random.PCG64([seed, 0])), central)
    params = scenario_parameters(study, u, central)
    summaries = Summaries(study, names)
    T, K = study.months, len(study.classes)
    base = None
    for name in order:
        sc = study.scenario(name)
        rec = {m: np.empty((R, T, K), dtype=np.int32) for m in CLASS_METRICS}
        rec["capacity"] = np.empty((R, T))
        rec["safeguarded"] = np.empty((R, T), dtype=np.int32)
        for c0 in range(0, R, chunk):
            rows = slice(c0, min(c0 + chunk, R))
            # The same stream for every scenario: numbers stay shared until the draws diverge.
            rng = np.random.Generator(np.random.PCG64([seed, 1, c0]))
            simulate(study, sc, {p: v[rows] for p, v in params[name].items()}, rng, rec, rows)
        if base is None:
            base = totals(rec, T)
        if name in names:
            summaries.add_scenario(names.index(name), rec, base, sc["budget"])
    data = summaries.data
    data["scenario"] = np.array(names)
    data["quantile"] = QUANTILES
    data["class"] = np.array(study.classes)
    data["replicates"] = np.array(R)
    return data


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("study")
    ap.add_argument("--replicates", type=int, default=None, help="default: the study's run.replicates")
    ap.add_argument("--seed", type=int, default=None, help="default: the study's run.seed")
    ap.add_argument("--no-sweep", action="store_true", help="named scenarios only")
    ap.add_argument("--central", action="store_true", help="every parameter at its median")
    ap.add_argument("--chunk", type=int, default=4096, help="replicates simulated at once (default 4096)")
    ap.add_argument("--npz", help="write the summaries to this .npz file")
    ap.add_argument("--quiet", action="store_true", help="print the RESULT line only")
    args = ap.parse_args(argv)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    study = reference.Study(args.study)
    R = args.replicates or int(study.doc["run"]["replicates"])
    seed = study.seed if args.seed is None else args.seed
    n_named = len(study.doc.get("scenario", []))
    names = study.scenario_names[:n_named] if args.no_sweep else study.scenario_names
    data = run(study, names, R, seed, args.central, args.chunk)
    if args.npz:
        np.savez(args.npz, **data)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    rep_months = len(names) * study.months * R
    if not args.quiet:
        print(f"{args.study}: {len(names)} scenarios x {R} replicates x {study.months} months"
              f" = {rep_months:,} replicate-months")
        print(f"CPU {cpu:.2f} s (process time, all threads), wall {wall:.2f} s:"
              f" {rep_months / cpu:,.0f} replicate-months per CPU-second, {rep_months / wall:,.0f} per second")
    print(f"RESULT rep_months={rep_months} cpu_s={cpu:.3f} wall_s={wall:.3f}"
          f" per_cpu_s={rep_months / cpu:.0f} per_wall_s={rep_months / wall:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
