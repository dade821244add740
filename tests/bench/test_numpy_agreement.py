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

Why 4: the two runs are independent, so under the null each z is about standard normal;
P(|z| > 4) = 6.3e-5, and the family of 30 + 25 cells fails by chance with probability below
0.4% even if the cells were independent (they are positively correlated: the scenarios share
each run's parameter draws). sd / sqrt(R) over-states the standard error of a Latin-hypercube
mean (stratification removes the additive part of the variance), which makes (1) conservative;
the power tests below show that it still tells a 10% parameter error or the wrong triage rule
from the model: each deliberately wrong NumPy model must FAIL the same comparison.
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
    """The study text without its [[sweep]] tables (as scripts/bench and measure-memory.sh)."""
    return re.sub(r"(?ms)^\[\[sweep\]\].*?(?=^\[\[scenario\]\]|\Z)", "", text)


@pytest.fixture(scope="module")
def study_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("study") / "uk-2018-named.toml"
    with open(STUDY) as fh:
        path.write_text(named_only(fh.read()))
    return str(path)


@pytest.fixture(scope="module")
def engine(study_path, tmp_path_factory):
    """fundsim's summaries: {dataset: array over the named scenarios, in the NumPy order}."""
    fundsim = os.environ.get("FUNDSIM", os.path.join(ROOT, "build", "engine", "fundsim"))
    if not os.access(fundsim, os.X_OK):
        pytest.fail(f"no fundsim binary at {fundsim}: build it (bash scripts/build.sh) or set FUNDSIM")
    out = str(tmp_path_factory.mktemp("engine") / "engine.h5")
    subprocess.run([fundsim, "run", study_path, "--replicates", str(REPLICATES), "--summary-only",
                    "--threads", "2", "-o", out, "--overwrite", "--quiet"], check=True)
    with h5py.File(out, "r") as f:
        names = [x.decode() if isinstance(x, bytes) else str(x) for x in f["scenario"][:]]
        return names, {k: f[k][...] for k in f if k.endswith(("_horizon_mean", "_horizon_sd", "_horizon_se"))}


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


def test_numpy_model_agrees_with_fundsim(engine, study_path):
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
def test_comparison_has_power(engine, study_path, mutate):
    z = z_scores(engine, numpy_run(study_path, ["baseline", "announced-2018"], mutate))
    print(f"\nwrong model ({mutate.__name__}), largest |z|:")
    report(z)
    assert max(abs(v) for v in z.values()) >= Z_MAX, "a deliberately wrong model passed the comparison"
