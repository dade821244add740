"""The NumPy yardstick (numpy_model.py) is the same model as fundsim: statistical agreement.

    /usr/bin/python3 -m pytest tests/bench/test_numpy_agreement.py [-s]
    FUNDSIM=path/to/fundsim  (default: build/engine/fundsim of this tree)

uk-2018 without its sweep (the 6 named scenarios), 2,000 replicates: `fundsim run
--summary-only` against numpy_model.py. The two share nothing but the specification (numpy's
PCG64 and samplers against the engine's Philox streams; a different Latin hypercube), so they
can agree only statistically. For each named scenario and each main metric (referrals,
arrests, contact_abuse, safeguarded over the horizon, active at the end):

  (1) horizon means:  |mean_f - mean_n| < 4 * sqrt(sd_f^2 / R + sd_n^2 / R)
  (2) paired differences against the baseline (mean over replicates of scenario - baseline):
                      |diff_f - diff_n| < 4 * sqrt(se_f^2 + se_n^2)

Twice: with the study's parameter sampling switched to plain Monte Carlo (sampling = "mc"), where
sd / sqrt(R) is the standard error of a mean, so z is about standard normal; and as the study is
(Latin hypercube), where sd / sqrt(R) over-states the standard error (stratification removes
the additive part of the variance), so (1) is conservative there. Measured against the one
fundsim run of each: Monte Carlo, NumPy seeds 1-4: rms z 0.94-1.18, largest |z| 1.7-2.2 of 55
cells; seed 1103 (the test's): rms 1.74, largest |z| 3.21, contact_abuse means of every
scenario alike (one event: the fundsim run is 2.2 se low and this NumPy run 1.9 se high against
a 20,000-replicate NumPy estimate; at 20,000 replicates each the two differ by z = -1.46). Latin
hypercube, seeds 1-4 and 1103: rms z 0.24-0.42, largest |z| 0.4-1.5.

Why 4: the two runs are independent, so P(|z| > 4) = 6.3e-5 per cell under the null, and the
family of 30 + 25 cells fails by chance with probability below 55 x 6.3e-5 = 0.35% whatever the
correlation between cells (the union bound; they are positively correlated: the scenarios share
each run's parameter draws).
The power tests show that the comparison (Monte Carlo sampling) tells a 10% error in a
parameter or the wrong triage rule from the model: each deliberately wrong NumPy model must
FAIL it.
"""
import os
import re
import subprocess
import sys

import h5py
import numpy as np
import pytest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import numpy_model  # noqa: E402

REPLICATES = 2000
Z_MAX = 4.0
METRICS = ("referrals", "arrests", "contact_abuse", "safeguarded", "active")
STUDY = os.path.join(ROOT, "scenarios", "uk-2018.toml")


def named_only(text):
    """The study text without its [[sweep]] tables (as scripts/bench and measure-memory.sh) and
    without its history (numpy_model.py starts at the policy start)."""
    text = re.sub(r"(?m)^history_start *=.*\n", "", text)
    return re.sub(r"(?ms)^\[\[sweep\]\].*?(?=^\[\[scenario\]\]|\Z)", "", text)


def write_study(directory, sampling):
    with open(STUDY) as fh:
        text = named_only(fh.read())
    assert 'sampling = "lhs"' in text
    path = directory / f"uk-2018-named-{sampling}.toml"
    path.write_text(text.replace('sampling = "lhs"', f'sampling = "{sampling}"'))
    return str(path)


def run_engine(study_path, out):
    """fundsim's summaries: (scenario names, {horizon dataset: array over scenarios})."""
    fundsim = os.environ.get("FUNDSIM", os.path.join(ROOT, "build", "engine", "fundsim"))
    if not os.access(fundsim, os.X_OK):
        pytest.fail(f"no fundsim binary at {fundsim}: build it (bash scripts/build.sh) or set FUNDSIM")
    subprocess.run([fundsim, "run", study_path, "--replicates", str(REPLICATES), "--summary-only",
                    "--threads", "2", "-o", out, "--overwrite", "--quiet"], check=True)
    with h5py.File(out, "r") as f:
        names = [x.decode() if isinstance(x, bytes) else str(x) for x in f["scenario"][:]]
        return names, {k: f[k][...] for k in f if k.endswith(("_horizon_mean", "_horizon_sd", "_horizon_se"))}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """sampling -> (study path, fundsim's summaries), each computed once per module."""
    cache = {}

    def get(sampling):
        if sampling not in cache:
            directory = tmp_path_factory.mktemp(sampling)
            path = write_study(directory, sampling)
            cache[sampling] = path, run_engine(path, str(directory / "engine.h5"))
        return cache[sampling]

    return get


def numpy_run(study_path, names=None, mutate=None):
    study = numpy_model.reference.Study(study_path)
    if mutate:
        mutate(study)
    n_named = len(study.doc["scenario"])
    names = names or study.scenario_names[:n_named]
    return numpy_model.run(study, names, REPLICATES, seed=1103)


def z_scores(engine, data):
    """{(kind, metric, scenario): z} for the horizon means and the paired differences."""
    names, f = engine
    z = {}
    for s, name in enumerate(data["scenario"]):
        i = names.index(str(name))
        for m in METRICS:
            se = np.sqrt((f[f"{m}_horizon_sd"][i] ** 2 + data[f"{m}_horizon_sd"][s] ** 2) / REPLICATES)
            z[("mean", m, str(name))] = (f[f"{m}_horizon_mean"][i] - data[f"{m}_horizon_mean"][s]) / se
            se_d = np.hypot(f[f"{m}_diff_horizon_se"][i], data[f"{m}_diff_horizon_se"][s])
            if se_d > 0:  # the baseline's own difference is 0 with se 0 in both
                z[("diff", m, str(name))] = (f[f"{m}_diff_horizon_mean"][i] - data[f"{m}_diff_horizon_mean"][s]) / se_d
    return z


def report(z):
    for key, value in sorted(z.items(), key=lambda kv: -abs(kv[1]))[:8]:
        print(f"  z = {value:+7.2f}  {key[0]:4s} {key[1]:14s} {key[2]}")


@pytest.mark.parametrize("sampling", ["mc", "lhs"])
def test_numpy_model_agrees_with_fundsim(runs, sampling):
    study_path, engine = runs(sampling)
    z = z_scores(engine, numpy_run(study_path))
    assert len(z) == len(METRICS) * (6 + 5), "every named scenario and metric compared"
    print(f"\nlargest |z| of {len(z)} cells (tolerance {Z_MAX}):")
    report(z)
    bad = {k: v for k, v in z.items() if not abs(v) < Z_MAX}  # NaN fails too
    assert not bad, f"cells with |z| >= {Z_MAX}: {bad}"


def scale_arrest(study):
    """A 10% error in every class's arrest probability (uniform bounds x 1.1)."""
    for c in study.classes:
        value = dict(study.raw[f"{c}.arrest"])
        value["min"], value["max"] = value["min"] * 1.1, value["max"] * 1.1
        study.raw[f"{c}.arrest"] = value


def other_triage(study):
    """Step 10 with the other rule than the study's (proportional instead of priority)."""
    assert study.triage == "priority"
    study.triage = "proportional"


@pytest.mark.parametrize("mutate", [scale_arrest, other_triage], ids=["arrest_x1.1", "proportional_triage"])
def test_comparison_has_power(runs, mutate):
    study_path, engine = runs("mc")
    z = z_scores(engine, numpy_run(study_path, ["baseline", "announced-2018"], mutate))
    print(f"\nwrong model ({mutate.__name__}), largest |z|:")
    report(z)
    assert max(abs(v) for v in z.values()) >= Z_MAX, "a deliberately wrong model passed the comparison"
