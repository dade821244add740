"""docs/examples/read_run.py (xarray) and read_run.R (hdf5r) on a run of
tests/data/studies/briefing.toml (six named scenarios, a 15-point sweep over three levers, the
objective harm = 6520 x contact_abuse + 1000 x active, minimised on its mean).

Every number they print is checked against a computation here from h5py and the study text:
1. the monthly paired difference of the class total: mean, and 5%/50%/95% inverted-CDF quantiles;
2. the best sweep point: the objective recomputed from the per-replicate totals with the weights
   of the study (tomllib), its mean and Monte Carlo se;
3. P(best point beats the reference): wins and ties counted here, paired by replicate;
and for R: the dimension names in R's (reversed) order and the count of NA = fill values.
Python and R print the same lines for parts 1-3. Each script runs twice: with its defaults and
with another metric, scenario and reference.
"""
import math
import re
import shutil
import subprocess
import tomllib

import h5py
import numpy as np
import pytest

from helpers.shared_runs import BRIEFING_FULL_200, BRIEFING_SUMMARY_200
from helpers.stats import exact_mean, inverted_cdf, standard_error

INVOCATIONS = {
    "defaults": [],
    "arrests": ["--metric", "arrests", "--scenario", "detection-led", "--reference", "balanced"],
}
# What each invocation means (the defaults: the first named scenario after the baseline, the
# first sweep, the first objective; the reference is the scenario).
MEANING = {
    "defaults": dict(metric="contact_abuse", scenario="announced-2018", reference="announced-2018"),
    "arrests": dict(metric="arrests", scenario="detection-led", reference="balanced"),
}
SWEEP, OBJECTIVE = "split", "harm"
P_METRICS = ["contact_abuse", "arrests", "safeguarded"]  # the scripts' default --metrics


@pytest.fixture(scope="module")
def run_file(runs):
    return runs.run(*BRIEFING_FULL_200).path


def run_example(source_dir, language, path, args):
    # R is part of the test set-up (scripts/deps.sh installs r-cran-hdf5r, which pulls in
    # r-base-core): without it the R example fails here, loudly, rather than being skipped.
    if language == "R":
        assert shutil.which("Rscript"), "Rscript is not installed: bash scripts/deps.sh installs r-cran-hdf5r"
    script = source_dir / "docs" / "examples" / ("read_run.py" if language == "python" else "read_run.R")
    command = ["/usr/bin/python3", str(script)] if language == "python" else ["Rscript", str(script)]
    return subprocess.run(command + [str(path), *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def outputs(source_dir, run_file):
    """(language, invocation) -> stdout; fails on a non-zero exit."""
    out = {}
    for language in ("python", "R"):
        for name, args in INVOCATIONS.items():
            p = run_example(source_dir, language, run_file, args)
            hint = " (hdf5r missing: bash scripts/deps.sh installs r-cran-hdf5r)" if "hdf5r" in p.stderr else ""
            assert p.returncode == 0, (language, name, p.stderr[-1000:] + hint)
            out[language, name] = p.stdout
    return out


@pytest.fixture(scope="module")
def data(run_file):
    """What the checks compute from: scenario names, sweeps, dates, study text, reader."""
    f = h5py.File(run_file, "r")
    decode = lambda v: [s.decode() for s in v[()]]  # noqa: E731
    d = dict(f=f, scenarios=decode(f["scenario"]), sweep=decode(f["sweep"]), dates=decode(f["date"]),
             levers=decode(f["lever"]), study=tomllib.loads(f.attrs["study"].decode()))
    yield d
    f.close()


def index(data, name):
    return data["scenarios"].index(name)


def harm(data, scenario):
    """The objective per replicate from the horizon totals and the study's weights."""
    study = data["study"]
    objective = next(o for o in study["objective"] if o["name"] == OBJECTIVE)
    total = np.zeros(data["f"]["replicate"].shape[0])
    for metric, weight in objective["weights"].items():
        total += weight * data["f"][f"{metric}_horizon_total"][index(data, scenario)].astype(float)
    return total


def best_point(data):
    points = [s for s, w in zip(data["scenarios"], data["sweep"]) if w == SWEEP]
    means = {s: harm(data, s).mean() for s in points}
    return min(means, key=means.get), len(points)  # harm is minimised on its mean


LANGUAGES_AND_INVOCATIONS = [(lang, name) for lang in ("python", "R") for name in INVOCATIONS]
IDS = [f"{lang}-{name}" for lang, name in LANGUAGES_AND_INVOCATIONS]


# --- 1. the monthly paired difference ------------------------------------------------------------

ROW = re.compile(r"^ +(\d+)  (\d{4}-\d{2}) +(-?\d+\.\d) +(-?\d+) +(-?\d+) +(-?\d+)$")


@pytest.mark.parametrize("language, name", LANGUAGES_AND_INVOCATIONS, ids=IDS)
def test_monthly_difference_and_90_percent_band(outputs, data, language, name):
    meaning = MEANING[name]
    x = data["f"][meaning["metric"]]
    totals = {s: x[index(data, s)].sum(axis=2) for s in (meaning["scenario"], "baseline")}  # (replicate, month)
    diff = totals[meaning["scenario"]].astype(np.int64) - totals["baseline"]
    rows = [ROW.match(line) for line in outputs[language, name].splitlines()]
    rows = [r.groups() for r in rows if r]
    assert len(rows) == len(data["dates"])
    for t, (month, date, mean, p5, median, p95) in enumerate(rows):
        assert (int(month), date) == (t, data["dates"][t])
        # Printed with one decimal: within half of the last digit (and a little for the printing).
        assert abs(float(mean) - exact_mean(diff[:, t])) <= 0.05 + 1e-9, (t, mean)
        want = [inverted_cdf(diff[:, t], q) for q in (0.05, 0.5, 0.95)]
        assert [int(p5), int(median), int(p95)] == want, (t, date)


def test_monthly_difference_is_not_all_zero(data):
    """The check above has something to check: the difference varies (not 0 in every month)."""
    x = data["f"]["contact_abuse"]
    diff = x[index(data, "announced-2018")].sum(axis=2) - x[index(data, "baseline")].sum(axis=2)
    assert np.count_nonzero(diff) > diff.size // 4


# --- 2. the best split -------------------------------------------------------------------------

@pytest.mark.parametrize("language, name", LANGUAGES_AND_INVOCATIONS, ids=IDS)
def test_best_split(outputs, data, language, name):
    best, npoints = best_point(data)
    text = outputs[language, name]
    assert f"best split of sweep '{SWEEP}' ({npoints} points) by objective '{OBJECTIVE}': minimise" in text
    assert re.search(r"^   best: (.*)$", text, re.M).group(1) == best
    values = harm(data, best)
    currency = data["f"].attrs["currency"].decode()  # the objective's units: money in the study's currency
    m = re.search(rf"^   score ([\d,.]+) {currency}; mean ([\d,.]+) \(se ([\d,.]+)\)$", text, re.M)
    score, mean, se = (float(v.replace(",", "")) for v in m.groups())
    assert abs(score - values.mean()) <= 0.05 + 1e-9 * values.mean()  # risk = mean: score = mean
    assert abs(mean - values.mean()) <= 0.05 + 1e-9 * values.mean()
    assert abs(se - standard_error(values)) <= 0.05 + 1e-9 * se
    shares = dict(re.findall(r"(\w+) ([\d.]+)", re.search(r"^   shares: (.*)$", text, re.M).group(1)))
    stated = dict(kv.split("=") for kv in re.search(r"\[(.*)\]", best).group(1).split(","))
    for lever in data["levers"]:
        assert float(shares[lever]) == float(stated.get(lever, 0)), lever


def test_best_split_is_not_the_first_point(data):
    """The check above could not pass by taking the first point (or the last)."""
    best, _ = best_point(data)
    points = [s for s, w in zip(data["scenarios"], data["sweep"]) if w == SWEEP]
    assert best not in (points[0], points[-1])


# --- 3. P(best split beats the reference) ------------------------------------------------------

P_LINE = re.compile(r"^   (objective \S+ \((?:minimise|maximise)\)|\w+ over the horizon \((?:higher|lower) is better\)): "
                    r"(\d\.\d{4}) \(better in (\d+), tied in (\d+)\)$", re.M)


def wins_and_ties(a, b, higher_is_better):
    d = (a - b) if higher_is_better else (b - a)
    return int(np.sum(d > 0)), int(np.sum(d == 0))


@pytest.mark.parametrize("language, name", LANGUAGES_AND_INVOCATIONS, ids=IDS)
def test_probability_best_split_beats_reference(outputs, data, language, name):
    best, _ = best_point(data)
    reference = MEANING[name]["reference"]
    text = outputs[language, name]
    assert f"3. P({best} beats {reference}), paired over 200 replicates" in text
    got = {label: (float(p), int(w), int(t)) for label, p, w, t in P_LINE.findall(text)}
    want = {f"objective {OBJECTIVE} (minimise)": wins_and_ties(harm(data, best), harm(data, reference), False)}
    for metric in P_METRICS:
        better = data["f"][f"{metric}_diff_horizon_mean"].attrs["better"].decode()
        totals = data["f"][f"{metric}_horizon_total"]
        want[f"{metric} over the horizon ({better} is better)"] = wins_and_ties(
            totals[index(data, best)].astype(np.int64), totals[index(data, reference)].astype(np.int64),
            better == "higher")
    assert set(got) == set(want)
    for label, (wins, ties) in want.items():
        p, w, t = got[label]
        assert (w, t) == (wins, ties), label
        assert p == pytest.approx((wins + 0.5 * ties) / 200, abs=5e-5), label


def test_probabilities_are_not_all_zero_or_one(data):
    """Part 3 checks something: for the default reference some P is strictly between 0 and 1."""
    best, _ = best_point(data)
    a, b = harm(data, best), harm(data, "announced-2018")
    t = data["f"]["contact_abuse_horizon_total"]
    ps = [np.mean(a < b), np.mean(t[index(data, best)] < t[index(data, "announced-2018")])]
    assert any(0 < p < 1 for p in ps), ps


@pytest.mark.parametrize("language", ["python", "R"])
def test_ties_count_half(source_dir, run_file, data, language):
    """Against itself every replicate ties: each P is 0.5 with 200 ties (no pair above ties)."""
    best, _ = best_point(data)
    p = run_example(source_dir, language, run_file, ["--reference", best])
    assert p.returncode == 0, p.stderr[-1000:]
    got = P_LINE.findall(p.stdout)
    assert len(got) == 1 + len(P_METRICS), p.stdout
    for label, prob, wins, ties in got:
        assert (prob, int(wins), int(ties)) == ("0.5000", 0, 200), label


# --- R: dimensions, NA, and the same lines as Python ---------------------------------------------

def test_r_names_the_dimensions_in_its_reversed_order(outputs, data):
    x = data["f"]["contact_abuse"]
    file_dims = [x.dims[i][0].name.lstrip("/") for i in range(x.ndim)]
    want = " x ".join(f"{n} {s}" for n, s in zip(file_dims[::-1], x.shape[::-1]))
    assert f"0. contact_abuse as R reads it: {want} (the file's order reversed)" in outputs["R", "defaults"]


@pytest.mark.parametrize("name", INVOCATIONS)
def test_r_turns_fill_values_into_na(outputs, data, name):
    metric = MEANING[name]["metric"]
    x = data["f"][metric]
    fill = int(x.attrs["_FillValue"])
    stored = data["f"]["replicates_stored"][()]
    n_fill = int(np.count_nonzero(x[()] == fill))
    # The fill is exactly the slots of the scenarios without per-replicate arrays.
    assert n_fill == int((stored == 0).sum()) * math.prod(x.shape[1:]) > 0
    m = re.search(r"NA \(not stored: (\d+) scenarios without per-replicate arrays\): (\d+) of (\d+) values",
                  outputs["R", name])
    assert m and tuple(map(int, m.groups())) == (int((stored == 0).sum()), n_fill, x.size)


@pytest.mark.parametrize("name", INVOCATIONS)
def test_python_and_r_print_the_same_parts_1_to_3(outputs, name):
    r = outputs["R", name]
    r = re.sub(r"\n0\. .*?\n   NA .*?\n", "", r)  # the R-only part 0
    assert outputs["python", name] == r


# --- what they do with a file they cannot use --------------------------------------------------

@pytest.mark.parametrize("language", ["python", "R"])
def test_summary_only_file_is_refused_with_a_reason(source_dir, runs, language):
    p = run_example(source_dir, language, runs.run(*BRIEFING_SUMMARY_200).path, [])
    assert p.returncode != 0
    assert "summary-only" in p.stderr, p.stderr[-600:]


# --- the README shows what they print ----------------------------------------------------------

def test_readme_shows_what_r_prints(source_dir, outputs):
    """docs/examples/README.md's sample output (briefing.toml, 200 replicates, the defaults) is the
    R script's output: every line but the file name and the "..." of the months left out, in order."""
    readme = (source_dir / "docs" / "examples" / "README.md").read_text()
    block = re.search(r"^```\n(file: .*?)^```$", readme, re.M | re.S).group(1).splitlines()
    shown = [line for line in block[1:] if line.strip() not in ("...", "")]
    printed = iter(outputs["R", "defaults"].splitlines()[1:])
    # Each shown line is found after the one before it (the iterator only moves forward).
    missing = [line for line in shown if line not in printed]
    assert not missing and len(shown) > 20, missing
