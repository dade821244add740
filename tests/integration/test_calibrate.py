"""`fundsim calibrate` and `run --parameters` end to end on a small study with a 33-month history
(the study of tests/unit/calibrate/calibrate_fixture.hpp, with observations of its order of
magnitude):
  - a malformed observations file: exit 2, a message located FILE:LINE:COLUMN, nothing written;
  - observations the model cannot reach: exit 2, "no parameter point reproduces the observations"
    with advice (a larger discrepancy), no traceback, nothing written;
  - a calibration killed (SIGKILL) after a saved wave and resumed with --resume writes a posterior
    whose every dataset is bitwise that of an uninterrupted calibration;
  - `run --parameters POSTERIOR` is reproducible and bitwise the same with 1 and 2 threads;
  - scripts/plot draws the four diagnostics of a posterior file.
"""
import os
import signal
import subprocess
import time
from pathlib import Path

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


def test_the_plot_script_draws_the_diagnostics_of_a_posterior(posterior, source_dir, tmp_path):
    _, file = posterior
    p = subprocess.run(["/usr/bin/python3", str(source_dir / "scripts" / "plot"), str(file), "-o",
                        str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    names = sorted(Path(line).name for line in p.stdout.splitlines())
    assert names == ["acceptance.png", "fit_to_data.png", "marginals.png", "pairs_waves.png"]
    assert all((tmp_path / n).stat().st_size > 10_000 for n in names)
