#!/usr/bin/python3
"""Independent reference implementation of the fundsim model (docs/model.md §3-4).

Written from the specification only (docs/model.md and the study-file
reference docs/study-format.md), not from the engine's C++ sources, so that it
is a genuine cross-check of the engine.  It supports the CENTRAL run only:
every parameter distribution is replaced by its median, the monthly draws of
docs/model.md §4 stay stochastic.  Random numbers come from numpy's PCG64
Generator, deliberately different from the engine's counter-based streams:
agreement between the two can only be statistical.

Vectorised across replicates: every state variable is an array of shape
(R, K) (replicates x classes) or (R,).

Usage as a script:
    model.py STUDY.toml [--replicates N] [--seed S] [--scenario NAME]
prints the month-by-month means of arrests and active offenders.
"""
import argparse
import collections
import math
import statistics
import sys
import tomllib

import numpy as np

# --------------------------------------------------------------------------
# Parameters: names, valid ranges (docs/study-format.md §5-6)
# --------------------------------------------------------------------------

INF = math.inf
GLOBAL_PARAMS = {
    "onset_growth": (-1.0, INF),          # > -1
    "base_capacity": (0.0, INF),
    "arrests_ref": (0.0, INF),            # > 0
    "deterrence_elasticity": (0.0, INF),
    "deterrence_lag": (0.0, INF),         # > 0
}
CLASS_PARAMS = {
    "initial_active": (0.0, INF),
    "initial_backlog": (0.0, INF),
    "initial_justice": (0.0, INF),
    "onset": (0.0, INF),
    "offence_rate": (0.0, INF),
    "detect": (0.0, 1.0),
    "detect_trend": (-1.0, INF),          # > -1
    "actionable": (0.0, 1.0),
    "contact": (0.0, 1.0),
    "desist": (0.0, 1.0),
    "attrition": (0.0, 1.0),
    "arrest": (0.0, 1.0),
    "sentence_months": (1.0, INF),
    "reoffend": (0.0, 1.0),
    "safeguard_per_arrest": (0.0, INF),
    "priority": (-INF, INF),
}
COUNT_PARAMS = ("initial_active", "initial_backlog", "initial_justice")
EFFECT_PARAMS = {
    "max_effect": (0.0, 1.0),
    "half_spend": (0.0, INF),             # > 0
    "unit_cost": (0.0, INF),              # > 0
}
SATURATING_TARGETS = ("onset", "detection", "desistance", "arrest", "contact", "safeguard")

# Metrics of docs/model.md §7 (per class), in output order, and the unclassed ones.
CLASS_METRICS = ("new_offenders", "offences", "referrals", "identified",
                 "contact_abuse", "desisted", "investigations", "arrests",
                 "released", "active", "backlog", "in_justice", "closed")
TOTAL_METRICS = ("capacity", "safeguarded")


def median_of(value, where="parameter"):
    """Median of a parameter value: a number, or a distribution table
    (docs/study-format.md §4).  Clamping (clamp = true) is applied by the
    caller, since the median of a clamped distribution is the clamped median."""
    if isinstance(value, bool):
        raise TypeError(f"{where}: boolean is not a parameter value")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, dict) or "dist" not in value:
        raise TypeError(f"{where}: not a number or distribution table: {value!r}")
    d = value["dist"]
    if d == "uniform":
        return (float(value["min"]) + float(value["max"])) / 2.0
    if d == "lognormal":
        return float(value["median"])
    if d == "normal":
        mu, sd = float(value["mean"]), float(value["sd"])
        lo, hi = value.get("lo"), value.get("hi")
        if lo is None and hi is None:
            return mu
        nd = statistics.NormalDist(mu, sd)
        flo = nd.cdf(float(lo)) if lo is not None else 0.0
        fhi = nd.cdf(float(hi)) if hi is not None else 1.0
        return nd.inv_cdf((flo + fhi) / 2.0)
    if d == "triangular":
        a, c, b = float(value["min"]), float(value["mode"]), float(value["max"])
        if c >= (a + b) / 2.0:
            return a + math.sqrt((b - a) * (c - a) / 2.0)
        return b - math.sqrt((b - a) * (b - c) / 2.0)
    if d in ("beta", "gamma", "pert"):
        raise NotImplementedError(f"{where}: median of '{d}' not implemented in the reference model")
    raise ValueError(f"{where}: unknown distribution '{d}'")


def central_value(value, rng_range, where, is_count=False):
    x = median_of(value, where)
    lo, hi = rng_range
    if isinstance(value, dict) and value.get("clamp", False):
        x = min(max(x, lo), hi)
    if is_count:
        x = float(math.floor(x + 0.5))    # nearest integer, halves away from zero (x >= 0)
    if not (lo <= x <= hi):
        raise ValueError(f"{where}: central value {x} outside [{lo}, {hi}]")
    return x


def _flatten_override(table, prefix=""):
    """Quoted keys ("prolific.detect_trend") and dotted keys (nested tables) both."""
    out = {}
    for key, val in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(val, dict) and "dist" not in val:
            out.update(_flatten_override(val, name))
        else:
            out[name] = val
    return out


# --------------------------------------------------------------------------
# Study
# --------------------------------------------------------------------------

class Study:
    """A parsed study: central parameter values, levers, effects, scenarios."""

    def __init__(self, path):
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        self.path = path
        self.doc = doc
        run = doc["run"]
        self.months = int(run["months"])
        self.triage = run.get("triage", "priority")
        if self.triage not in ("priority", "proportional"):
            raise ValueError(f"unknown triage '{self.triage}'")
        self.seed = int(run["seed"])
        self.classes = [c["name"] for c in doc["class"]]
        K = len(self.classes)

        # raw (declared) parameter values by name, and their valid ranges
        self.raw = {}
        self.ranges = {}
        for name, rr in GLOBAL_PARAMS.items():
            self.raw[name] = doc["parameters"][name]
            self.ranges[name] = rr
        for c in doc["class"]:
            for name, rr in CLASS_PARAMS.items():
                self.raw[f"{c['name']}.{name}"] = c[name]
                self.ranges[f"{c['name']}.{name}"] = rr

        # levers and effects (parameter names LEVER.TARGET[#n].NAME)
        self.levers = []
        self.effects = []   # dicts: lever index, target, curve, classes mask, param names
        for li, lev in enumerate(doc.get("lever", [])):
            lag = float(lev["lag"])
            if lag < 0:
                raise ValueError(f"lever {lev['name']}: negative lag")
            self.levers.append({"name": lev["name"], "lag": lag})
            seen = {}
            for eff in lev["effect"]:
                target, curve = eff["target"], eff["curve"]
                seen[target] = seen.get(target, 0) + 1
                tname = target if seen[target] == 1 else f"{target}#{seen[target]}"
                base = f"{lev['name']}.{tname}"
                if target == "capacity":
                    if curve != "linear" or "classes" in eff:
                        raise ValueError(f"{base}: capacity needs curve linear and no classes")
                    pnames = {"unit_cost": f"{base}.unit_cost"}
                elif target in SATURATING_TARGETS:
                    if curve != "saturating":
                        raise ValueError(f"{base}: target {target} needs curve saturating")
                    pnames = {"max_effect": f"{base}.max_effect", "half_spend": f"{base}.half_spend"}
                else:
                    raise ValueError(f"{base}: unknown target {target}")
                for short, full in pnames.items():
                    self.raw[full] = eff[short]
                    self.ranges[full] = EFFECT_PARAMS[short]
                mask = np.ones(K, dtype=bool)
                if "classes" in eff:
                    mask[:] = False
                    for cn in eff["classes"]:
                        mask[self.classes.index(cn)] = True
                self.effects.append({"lever": li, "target": target, "curve": curve,
                                     "mask": mask, "params": pnames})
        self.lever_names = [lv["name"] for lv in self.levers]
        self.central = self._centralise({})
        self.scenarios = self._scenarios()
        self.scenario_names = [s["name"] for s in self.scenarios]

    def _centralise(self, override):
        vals = {}
        for name, raw in self.raw.items():
            v = override.get(name, raw)
            is_count = name.split(".")[-1] in COUNT_PARAMS and "." in name
            vals[name] = central_value(v, self.ranges[name], name, is_count)
        for name in override:
            if name not in self.raw:
                raise ValueError(f"override of unknown parameter '{name}'")
        return vals

    def _money(self, sc, where):
        """budget and split vector (over levers) of a scenario."""
        L = len(self.levers)
        share = np.zeros(L)
        if "allocation" in sc:
            if "budget" in sc or "split" in sc:
                raise ValueError(f"{where}: allocation together with budget/split")
            amounts = np.zeros(L)
            for lname, amt in sc["allocation"].items():
                amounts[self.lever_names.index(lname)] = float(amt)
            budget = float(amounts.sum())
            if budget > 0:
                share = amounts / budget
            return budget, share
        budget = float(sc["budget"])
        if "split" in sc:
            for lname, s in sc["split"].items():
                share[self.lever_names.index(lname)] = float(s)
            if budget > 0 and abs(share.sum() - 1.0) > 1e-9:
                raise ValueError(f"{where}: split sums to {share.sum()}")
        elif budget > 0:
            raise ValueError(f"{where}: budget > 0 without split")
        return budget, share

    def _scenarios(self):
        out = []
        for i, sc in enumerate(self.doc.get("scenario", [])):
            budget, share = self._money(sc, f"scenario[{i}]")
            ov = _flatten_override(sc.get("override", {}))
            out.append({"name": sc["name"], "budget": budget, "share": share,
                        "start": int(sc.get("start_month", 0)),
                        "duration": int(sc.get("duration_months", 12)),
                        "params": self._centralise(ov) if ov else self.central})
        for sw in self.doc.get("sweep", []):
            step = float(sw["step"])
            n = int(round(1.0 / step))
            if abs(n * step - 1.0) > 1e-9:
                raise ValueError(f"sweep {sw['name']}: 1/step not whole")
            decimals = next(d for d in range(0, 10) if abs(step * 10 ** d - round(step * 10 ** d)) < 1e-9)
            names = sw["levers"]

            def compositions(total, parts):
                if parts == 1:
                    yield (total,)
                    return
                for first in range(total, -1, -1):
                    for rest in compositions(total - first, parts - 1):
                        yield (first,) + rest

            for comp in compositions(n, len(names)):
                share = np.zeros(len(self.levers))
                labels = []
                for lname, units in zip(names, comp):
                    s = units / n
                    share[self.lever_names.index(lname)] = s
                    labels.append(f"{lname}={'0' if units == 0 else '1' if units == n else f'{s:.{decimals}f}'}")
                out.append({"name": f"{sw['name']}[{','.join(labels)}]", "budget": float(sw["budget"]),
                            "share": share, "start": int(sw.get("start_month", 0)),
                            "duration": int(sw.get("duration_months", 12)), "params": self.central})
        return out

    def scenario(self, name):
        return self.scenarios[self.scenario_names.index(name)]

    def class_vector(self, params, pname):
        return np.array([params[f"{c}.{pname}"] for c in self.classes], dtype=float)


# --------------------------------------------------------------------------
# One scenario, R replicates, docs/model.md §4
# --------------------------------------------------------------------------

def spend_schedule(study, sc):
    """spend_L(t), shape (months, levers)  (docs/model.md §3)."""
    T, L = study.months, len(study.levers)
    sp = np.zeros((T, L))
    for t in range(T):
        if sc["start"] <= t < sc["start"] + sc["duration"]:
            sp[t] = sc["budget"] * sc["share"] / sc["duration"]
    return sp


# This month's rates after the lever effects (docs/model.md section 4, step 1), by their
# symbols there; callers read them by name, so a new rate does not change every caller.
MonthRateValues = collections.namedtuple("MonthRateValues", "m p q a c C s")


class MonthRates:
    """Deterministic per-month quantities of step 1 (central run: identical for
    every replicate).  Iterate t = 0, 1, ... in order (the lag filter has state)."""

    def __init__(self, study, sc, perturb=None):
        self.study, self.sc = study, sc
        self.P = dict(sc["params"])
        if perturb:
            for pname, factor in perturb.items():   # e.g. {"arrest": 1.1}: every class's value
                keys = [f"{c}.{pname}" for c in study.classes] if f"{study.classes[0]}.{pname}" in self.P else [pname]
                for k in keys:
                    lo, hi = self.study.ranges[k]
                    self.P[k] = min(max(self.P[k] * factor, lo), hi)
        self.spend = spend_schedule(study, sc)
        self.e = np.zeros(len(study.levers))          # e_L(-1) = 0
        self.t = -1

    def step(self, t):
        assert t == self.t + 1, "months must be evaluated in order"
        self.t = t
        st, P = self.study, self.P
        for li, lev in enumerate(st.levers):
            s = self.spend[t, li]
            if lev["lag"] == 0:
                self.e[li] = s
            else:
                self.e[li] = self.e[li] + (s - self.e[li]) * (1.0 - math.exp(-1.0 / lev["lag"]))
        m = np.ones(len(st.classes))
        p = np.minimum(1.0, st.class_vector(P, "detect") * (1.0 + st.class_vector(P, "detect_trend")) ** (t / 12.0))
        q = st.class_vector(P, "desist")
        a = st.class_vector(P, "arrest")
        c = st.class_vector(P, "contact")
        C = P["base_capacity"]
        s = st.class_vector(P, "safeguard_per_arrest")
        for eff in st.effects:                        # file order: lever order, then effect order
            e = self.e[eff["lever"]]
            if eff["curve"] == "linear":
                v = e / P[eff["params"]["unit_cost"]]
            else:
                v = P[eff["params"]["max_effect"]] * (1.0 - math.exp(-math.log(2.0) * e / P[eff["params"]["half_spend"]]))
            k = eff["mask"]
            tg = eff["target"]
            if tg == "onset":
                m = np.where(k, m * (1.0 - v), m)
            elif tg == "detection":
                p = np.where(k, 1.0 - (1.0 - p) * (1.0 - v), p)
            elif tg == "desistance":
                q = np.where(k, 1.0 - (1.0 - q) * (1.0 - v), q)
            elif tg == "arrest":
                a = np.where(k, 1.0 - (1.0 - a) * (1.0 - v), a)
            elif tg == "contact":
                c = np.where(k, c * (1.0 - v), c)
            elif tg == "capacity":
                C = C + v
            elif tg == "safeguard":
                s = np.where(k, s * (1.0 + v), s)
        return MonthRateValues(m, p, q, a, c, C, s)


def _triage(study, Q, I, priority, rule=None):
    """Allocate I (R,) investigations over classes given backlogs Q (R, K)."""
    R, K = Q.shape
    if (rule or study.triage) == "priority":
        order = sorted(range(K), key=lambda k: -priority[k])   # stable: ties keep declaration order
        Ik = np.zeros_like(Q)
        left = I.copy()
        for k in order:
            Ik[:, k] = np.minimum(Q[:, k], left)
            left -= Ik[:, k]
        return Ik
    # proportional, in exact integer arithmetic
    S = Q.sum(axis=1)
    Ssafe = np.where(S > 0, S, 1)
    num = I[:, None] * Q                         # I * Q_k
    base = num // Ssafe[:, None]                 # floor(I Q_k / sum Q)
    rem = num - base * Ssafe[:, None]            # fractional part * sum Q (same denominator per row)
    left = I - base.sum(axis=1)
    order = np.argsort(-rem, axis=1, kind="stable")  # largest fraction first, ties declaration order
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(K)[None, :].repeat(R, axis=0), axis=1)
    Ik = base + (rank < left[:, None]).astype(Q.dtype)
    return np.where(S[:, None] > 0, Ik, 0)


# Deliberately WRONG readings of docs/model.md §4, used only by the power checks of
# tests/integration/test_reference_model.py to show that the comparison can tell them from the spec.
VARIANTS = ("identify_before_onset",   # step 6 draws from A_k as it was before step 3
            "release_after_arrests",   # step 12 draws from J_k after this month's arrests
            "other_triage")            # step 10 uses the other triage rule than the study's


def simulate(study, scenario_name, R, rng, perturb=None, keep=False, variant=None):
    """Run one scenario for R replicates.  Returns {metric: (mean, sd)} with
    arrays of shape (months, K) for class metrics and (months,) for capacity
    and safeguarded (sd with ddof = 1), and "_spend" (months, levers).  With
    keep=True also the per-replicate arrays under "_raw" (metric: (R, months[, K])).
    `perturb` ({param: factor}) and `variant` (one of VARIANTS) introduce
    deliberate bugs, for the power checks only."""
    sc = study.scenario(scenario_name)
    rates = MonthRates(study, sc, perturb)
    P = rates.P
    cv = lambda n: study.class_vector(P, n)
    K, T = len(study.classes), study.months
    onset, rate = cv("onset"), cv("offence_rate")
    actionable, attrition = cv("actionable"), cv("attrition")
    sentence, reoffend = cv("sentence_months"), cv("reoffend")
    priority = cv("priority")
    growth, ref = P["onset_growth"], P["arrests_ref"]
    elast, dlag = P["deterrence_elasticity"], P["deterrence_lag"]

    A = np.repeat(cv("initial_active").astype(np.int64)[None, :], R, axis=0)
    Q = np.repeat(cv("initial_backlog").astype(np.int64)[None, :], R, axis=0)
    J = np.repeat(cv("initial_justice").astype(np.int64)[None, :], R, axis=0)
    D = np.zeros(R, dtype=np.int64)
    z = np.full(R, ref, dtype=float)

    out = {m: (np.zeros((T, K)), np.zeros((T, K))) for m in CLASS_METRICS}
    out.update({m: (np.zeros(T), np.zeros(T)) for m in TOTAL_METRICS})
    raw = {m: [] for m in CLASS_METRICS + TOTAL_METRICS + ("desisted_total",)}
    ddof = 1 if R > 1 else 0

    for t in range(T):
        A0Q0J0 = A + Q + J
        # 1. spend, lever effects
        r = rates.step(t)
        m, p, q, a, c, C, saf = r.m, r.p, r.q, r.a, r.c, r.C, r.s
        # 2. deterrence (z as it stood at the end of last month)
        with np.errstate(divide="ignore"):
            g = np.clip((z / ref) ** (-elast), 0.5, 2.0)
        # 3. onset
        N = rng.poisson(onset[None, :] * (1.0 + growth) ** (t / 12.0) * m[None, :] * g[:, None])
        if variant == "identify_before_onset":
            A_pre = A.copy()
        A += N
        # 4. offending
        O = rng.poisson((A + Q) * rate[None, :])
        # 5. referrals
        Rf = rng.binomial(O, np.broadcast_to(p, O.shape))
        # 6. identification (A after onset)
        M = rng.binomial(A_pre if variant == "identify_before_onset" else A,
                         np.broadcast_to(1.0 - np.exp(-rate * p * actionable), A.shape))
        A -= M
        Q += M
        # 7. contact abuse
        H = rng.binomial(O, np.broadcast_to(c, O.shape))
        # 8. desistance
        W = rng.binomial(A, np.broadcast_to(q, A.shape))
        A -= W
        D += W.sum(axis=1)
        # 9. queue attrition
        X = rng.binomial(Q, np.broadcast_to(attrition, Q.shape))
        Q -= X
        A += X
        # 10. investigations
        cap = math.floor(C)
        I = np.minimum(Q.sum(axis=1), cap)
        rule = None
        if variant == "other_triage":
            rule = "proportional" if study.triage == "priority" else "priority"
        Ik = _triage(study, Q, I, priority, rule)
        # 11. arrests
        B = rng.binomial(Ik, np.broadcast_to(a, Ik.shape))
        Q -= Ik
        A += Ik - B
        # 12. release (J before this month's arrests)
        if variant == "release_after_arrests":
            J += B
            Lr = rng.binomial(J, np.broadcast_to(1.0 / sentence, J.shape))
            J -= Lr
        else:
            Lr = rng.binomial(J, np.broadcast_to(1.0 / sentence, J.shape))
            J += B - Lr
        Y = rng.binomial(Lr, np.broadcast_to(reoffend, Lr.shape))
        A += Y
        D += (Lr - Y).sum(axis=1)
        # 13. children safeguarded
        S = rng.poisson((B * saf[None, :]).sum(axis=1))
        # 14. deterrence memory
        z = z + (B.sum(axis=1) - z) * (1.0 - math.exp(-1.0 / dlag))
        # invariants (cheap): non-negative stocks, conservation per class
        assert (A >= 0).all() and (Q >= 0).all() and (J >= 0).all()
        assert ((A + Q + J) - A0Q0J0 == N - W - (Lr - Y)).all()
        # 15. record
        rec = {"new_offenders": N, "offences": O, "referrals": Rf, "identified": M,
               "contact_abuse": H, "desisted": W, "investigations": Ik, "arrests": B,
               "released": Lr, "active": A + Q, "backlog": Q, "in_justice": J,
               "capacity": np.full(R, C), "safeguarded": S, "closed": X}
        for name, arr in rec.items():
            arr = arr.astype(float)
            out[name][0][t] = arr.mean(axis=0)
            sd = arr.std(axis=0, ddof=ddof)
            # a constant column (e.g. capacity in a central run) has sd exactly 0,
            # not a rounding residue of the mean
            out[name][1][t] = np.where(arr.max(axis=0) == arr.min(axis=0), 0.0, sd)
            if keep:
                raw[name].append(arr)
    if keep:
        out["_raw"] = {k: np.stack(v, axis=1) for k, v in raw.items() if v}
    out["_spend"] = rates.spend
    return out


def run_study(study, R, seed, perturb=None, scenarios=None, variant=None):
    """All scenarios (or the named ones); independent PCG64 streams per scenario."""
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant}")
    names = scenarios or study.scenario_names
    seeds = np.random.SeedSequence(seed).spawn(len(names))
    return {n: simulate(study, n, R, np.random.Generator(np.random.PCG64(s)), perturb, variant=variant)
            for n, s in zip(names, seeds)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("study")
    ap.add_argument("--replicates", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", default=None)
    args = ap.parse_args(argv)
    st = Study(args.study)
    names = [args.scenario] if args.scenario else st.scenario_names
    res = run_study(st, args.replicates, args.seed, scenarios=names)
    for n in names:
        r = res[n]
        print(f"== {n}")
        print("month  arrests(total)  active(total)  capacity")
        for t in range(st.months):
            print(f"{t:5d}  {r['arrests'][0][t].sum():14.2f}  {r['active'][0][t].sum():13.1f}  {r['capacity'][0][t]:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
