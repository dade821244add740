"""`fundsim calibrate` and `run --parameters` end to end on a small study with a 33-month history
(the study of tests/unit/calibrate/calibrate_fixture.hpp, with observations of its order of
magnitude):
  - a malformed observations file: exit 2, a message located FILE:LINE:COLUMN, nothing written;
  - observations the model cannot reach: exit 2, "no parameter point reproduces the observations"
    with advice (a larger discrepancy), no traceback, nothing written;
  - a calibration killed (SIGKILL) after a saved wave and resumed with --resume writes a posterior
    whose every dataset is bitwise that of an uninterrupted calibration;
  - `run --parameters POSTERIOR` is reproducible and bitwise the same with 1 and 2 threads;
  - scripts/plot draws the four diagnostics of a posterior file;
  - `optimise --parameters` scores the replicates `run --parameters` makes; `sensitivity
    --parameters` varies calibrated parameters over their posterior marginals (a parameter pinned
    in the posterior has a total Sobol' index of exactly 0); PRCC of a posterior run names it.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import h5py
import pytest

from helpers import h5_compare

HEADER = "series,metric,class,period,value,model,sd,dispersion,aggregate,source\n"

STUDY = """schema_version = 1
name = "toy"
baseline = "baseline"

[run]
months = 12
start = "2018-10"
history_start = "2016-01"
replicates = 40
seed = 42
sampling = "mc"

[parameters]
onset_growth = 0.0
base_capacity = 40
arrests_ref = 15
deterrence_elasticity = 0.1
deterrence_lag = 6

[[class]]
name = "offender"
initial_active = 3000
initial_backlog = 20
initial_justice = 150
onset = 30
offence_rate = { dist = "lognormal", median = 1.0, gsd = 1.5 }
detect = 0.05
detect_trend = { dist = "uniform", min = 0.0, max = 0.6 }
actionable = 0.2
contact = 0.01
desist = 0.005
attrition = 0.03
arrest = { dist = "uniform", min = 0.2, max = 0.8 }
sentence_months = 12
reoffend = 0.1
safeguard_per_arrest = 1.0
priority = 1

[[lever]]
name = "enforcement"
lag = 3
[[lever.effect]]
target = "capacity"
curve = "linear"
unit_cost = { dist = "lognormal", median = 1000, gsd = 1.5 }

[[scenario]]
name = "baseline"
budget = 0

[[scenario]]
name = "funded"
budget = 120000
split = { enforcement = 1.0 }
duration_months = 12

[calibration]
observations = "observed.csv"
discrepancy = 0.1
"""

# Figures the toy study reaches near the middle of its priors (measured with `fundsim run` on the
# priors: referrals ~1,900 in 2017, ~12 arrests a month).
PLAUSIBLE = HEADER + (
    "referrals,referrals,,2016,1500,poisson,,,sum,toy\n"
    "referrals,referrals,,2017,2000,poisson,,,sum,toy\n"
    "arrests,arrests,,2017,12,normal,2,,mean_per_month,toy\n")

SMALL = ["--wave-points", "200", "--particles", "100", "--replicates", "2", "--max-waves", "4",
         "--seed", "7", "--quiet"]


def write_study(tmp_path, observations):
    (tmp_path / "observed.csv").write_text(observations)
    study = tmp_path / "toy.toml"
    study.write_text(STUDY)
    return study


def assert_same_bits(a, b):
    """Every dataset of the two files bitwise equal (NaN equal to NaN)."""
    assert h5_compare.differences(a, b) == []


def test_a_malformed_data_file_exits_2_with_a_located_message(fundsim, tmp_path):
    study = write_study(tmp_path, HEADER + "referrals,referrals,,2017,2000,poisson,,,sum,toy\n"
                                           "arrests,arrests,,2017,twelve,normal,2,,sum,toy\n")
    p = fundsim.call("calibrate", study, "-o", tmp_path / "p.h5", *SMALL, cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    first = p.stderr.splitlines()[0]
    assert f"{tmp_path / 'observed.csv'}:3:" in first and "value" in first, first
    assert not (tmp_path / "p.h5").exists()


def test_data_the_model_cannot_reach_give_a_clear_message(fundsim, tmp_path):
    # 5,000 arrests a month when the police can investigate 40 cases a month.
    study = write_study(tmp_path, HEADER + "arrests,arrests,,2017,5000,normal,50,,mean_per_month,x\n"
                                           "referrals,referrals,,2017,2000,poisson,,,sum,x\n")
    p = fundsim.call("calibrate", study, "-o", tmp_path / "p.h5", *SMALL, "--kth", "1",
                     cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    assert "no parameter point reproduces the observations" in p.stderr, p.stderr
    assert "Advice" in p.stderr, p.stderr
    assert "discrepancy" in p.stderr and "arrests" in p.stderr, p.stderr
    assert "internal error" not in p.stderr and "terminate" not in p.stderr, p.stderr
    assert not (tmp_path / "p.h5").exists()


def test_a_killed_calibration_resumes_to_the_identical_posterior(fundsim, tmp_path):
    study = write_study(tmp_path, PLAUSIBLE)
    args = ["--wave-points", "2000", "--particles", "300", "--replicates", "2", "--max-waves", "4",
            "--seed", "7", "--threads", "1"]
    whole = fundsim.call("calibrate", study, "-o", tmp_path / "whole.h5", "--quiet", *args,
                         cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "resumed.h5"
    state = tmp_path / ".resumed.h5.calibration-state"
    process = subprocess.Popen([str(fundsim.path), "calibrate", str(study), "-o", str(out), *args],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not state.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the calibration finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert state.exists() and not out.exists()
    resumed = fundsim.call("calibrate", study, "-o", out, "--resume", *args, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming" in resumed.stderr + resumed.stdout
    assert_same_bits(tmp_path / "whole.h5", out)


@pytest.fixture(scope="module")
def posterior(fundsim, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("posterior")
    study = write_study(tmp_path, PLAUSIBLE)
    p = fundsim.call("calibrate", study, "-o", tmp_path / "p.h5", *SMALL, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    return study, tmp_path / "p.h5"


def test_run_on_the_posterior_is_reproducible_and_thread_independent(fundsim, posterior,
                                                                     tmp_path):
    study, file = posterior
    outputs = []
    for name, threads in (("a", "1"), ("b", "2"), ("c", "2")):
        out = tmp_path / f"{name}.h5"
        p = fundsim.call("run", study, "--parameters", file, "--threads", threads, "-o", out,
                         "--quiet", cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        outputs.append(out)
    assert_same_bits(outputs[0], outputs[1])
    assert_same_bits(outputs[1], outputs[2])
    # The run's parameters are posterior draws, not the priors: a run on the priors differs.
    prior = tmp_path / "prior.h5"
    assert fundsim.call("run", study, "-o", prior, "--quiet", cwd=tmp_path).returncode == 0
    assert h5_compare.differences(prior, outputs[0]) != []


@pytest.mark.pictures
def test_the_plot_script_draws_the_diagnostics_of_a_posterior(posterior, source_dir, tmp_path):
    _, file = posterior
    p = subprocess.run(["/usr/bin/python3", str(source_dir / "scripts" / "plot"), str(file), "-o",
                        str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    names = sorted(Path(line).name for line in p.stdout.splitlines())
    assert names == ["acceptance.png", "fit_to_data.png", "marginals.png", "pairs_waves.png"]
    assert all((tmp_path / n).stat().st_size > 10_000 for n in names)


# The toy study with a second lever, so that there is a split to optimise. Its calibrated
# parameters and their priors are the toy's: the toy's posterior applies to it.
TWO_LEVERS = STUDY.replace('[[scenario]]\nname = "baseline"', '''[[lever]]
name = "prevention"
lag = 2
[[lever.effect]]
target = "onset"
curve = "saturating"
max_effect = 0.3
half_spend = 50000

[[scenario]]
name = "baseline"''', 1)

OPTIMISE = ["--objective", "contact_abuse", "--replicates", "40", "--grid-step", "0.25",
            "--max-evaluations", "10", "--refine-starts", "1", "--finalists", "3", "--quiet"]


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def root_attribute(path, name):
    with h5py.File(path, "r") as f:
        value = f.attrs[name]
    return value.decode() if isinstance(value, bytes) else str(value)


def test_optimise_on_the_posterior_scores_the_same_replicates_as_run(fundsim, posterior,
                                                                     tmp_path):
    """`optimise --parameters` draws each replicate's calibrated parameters as `run --parameters`
    does: on the fresh replicates, every named scenario's score (a mean) equals the mean of a run
    on the posterior with the fresh seed and as many replicates; the file names the posterior and
    its SHA-256; 1 and 2 threads give the same file; a run on the priors scores otherwise."""
    _, file = posterior
    study = tmp_path / "two.toml"
    study.write_text(TWO_LEVERS)
    (tmp_path / "observed.csv").write_text(PLAUSIBLE)
    runs = {}
    for name, threads in (("a", "1"), ("b", "2")):
        p = fundsim.call("optimise", study, "--parameters", file, "--threads", threads, "-o",
                         tmp_path / f"{name}.h5", "--format", "json", *OPTIMISE, cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        runs[name] = json.loads(p.stdout)
    assert_same_bits(tmp_path / "a.h5", tmp_path / "b.h5")
    assert root_attribute(tmp_path / "a.h5", "parameters_sha256") == sha256_of(file)
    assert "posterior" in root_attribute(tmp_path / "a.h5", "parameters_note")
    doc = runs["a"]
    assert doc["parameters_file"] == str(file)
    run = tmp_path / "run.h5"
    p = fundsim.call("run", study, "--parameters", file, "--seed", doc["fresh_seed"],
                     "--replicates", str(doc["fresh_replicates"]), "-o", run, "--quiet",
                     cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    with h5py.File(run, "r") as f:
        names = [s.decode() for s in f["scenario"][:]]
        means = f["contact_abuse_horizon_total"][:].mean(axis=1)
    assert [c["scenario"] for c in doc["comparisons"]] == names
    for c, mean in zip(doc["comparisons"], means):
        assert c["value"] == pytest.approx(mean, rel=1e-12), c["scenario"]
    prior = fundsim.call("optimise", study, "-o", tmp_path / "prior.h5", "--format", "json",
                         *OPTIMISE, cwd=tmp_path)
    assert prior.returncode == 0, prior.stderr
    assert [c["value"] for c in json.loads(prior.stdout)["comparisons"]] != \
        [c["value"] for c in doc["comparisons"]]
    both = fundsim.call("optimise", study, "--parameters", file, "--central", *OPTIMISE,
                        cwd=tmp_path)
    assert both.returncode == 2 and "--central" in both.stderr


def pinned_posterior(file, out, parameter, u, value):
    """A copy of a posterior in which every draw has `parameter` at uniform `u` (value `value`)."""
    shutil.copy(file, out)
    with h5py.File(out, "r+") as f:
        names = [n.decode() if isinstance(n, bytes) else n for n in f["parameter"][:]]
        c = names.index(parameter)
        for name, x in (("posterior_u", u), ("posterior_value", value)):
            data = f[name][:]
            data[:, c] = x
            f[name][...] = data


def test_sensitivity_on_the_posterior_varies_calibrated_parameters_over_their_marginals(
        fundsim, posterior, tmp_path):
    """`sensitivity STUDY --parameters`: a calibrated parameter varies over its posterior
    marginal. Known answer: in a posterior where offender.arrest is one value (u = 0.5, the
    median of its uniform(0.2, 0.8) prior) its total Sobol' index is exactly 0 for every output
    (the rows that differ only in it are the same model run), while on the real posterior it
    drives arrests (ST > 0.3). The file names the posterior and its SHA-256, the report lists the
    calibrated parameters, and 1 and 2 threads give the same file."""
    study, file = posterior
    pinned = tmp_path / "pinned-posterior.h5"
    pinned_posterior(file, pinned, "offender.arrest", 0.5, 0.5)
    args = ["--method", "sobol", "--samples", "32", "--format", "json", "--quiet"]
    docs = {}
    for name, posterior_file, threads in (("real", file, "1"), ("real2", file, "2"),
                                          ("pinned", pinned, "2")):
        p = fundsim.call("sensitivity", study, "--parameters", posterior_file, "--threads",
                         threads, "-o", tmp_path / f"{name}.h5", *args, cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        docs[name] = json.loads(p.stdout)
    assert_same_bits(tmp_path / "real.h5", tmp_path / "real2.h5")
    assert root_attribute(tmp_path / "real.h5", "parameters_sha256") == sha256_of(file)
    assert root_attribute(tmp_path / "pinned.h5", "parameters_sha256") == sha256_of(pinned)
    assert sorted(docs["real"]["posterior_marginals"]) == \
        ["offender.arrest", "offender.detect_trend", "offender.offence_rate"]
    with h5py.File(tmp_path / "pinned.h5", "r") as f, h5py.File(tmp_path / "real.h5", "r") as g:
        parameters = [p.decode() for p in f["parameter"][:]]
        metrics = [m.decode() for m in f["metric"][:]]
        arrest = parameters.index("offender.arrest")
        assert (f["ST"][..., arrest] == 0).all()
        assert (f["ST"][...].max() > 0.1)  # the other parameters still drive the outcomes
        horizon = [p.decode() for p in g["period"][:]].index("horizon")
        st_arrests = g["ST"][0, metrics.index("arrests"), horizon, arrest]
        assert st_arrests > 0.3


def test_decide_and_sensitivity_of_a_posterior_run_name_the_posterior(fundsim, posterior,
                                                                     tmp_path):
    """`decide` and PRCC on the replicates of a `run --parameters` file (the joint posterior) name
    the run's posterior; --parameters with a results file is refused (exit 2)."""
    study, file = posterior
    run = tmp_path / "run.h5"
    assert fundsim.call("run", study, "--parameters", file, "-o", run, "--quiet",
                        cwd=tmp_path).returncode == 0
    decide = fundsim.call("decide", run, "--format", "json", cwd=tmp_path)
    assert decide.returncode == 0, decide.stderr
    assert json.loads(decide.stdout)["parameters_file"] == str(file)
    p = fundsim.call("sensitivity", run, "--method", "prcc", "-o", tmp_path / "s.h5", "--quiet",
                     cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "posterior" in p.stdout
    assert root_attribute(tmp_path / "s.h5", "parameters_sha256") == sha256_of(file)
    assert root_attribute(run, "parameters_sha256") == sha256_of(file)
    assert "posterior" in root_attribute(run, "parameters_note")
    refused = fundsim.call("sensitivity", run, "--method", "prcc", "--parameters", file,
                           cwd=tmp_path)
    assert refused.returncode == 2 and "--parameters" in refused.stderr
