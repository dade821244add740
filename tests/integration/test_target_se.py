"""run --target-se X: replicates are added until every scenario's 5-year contact-abuse difference
from the baseline has Monte Carlo se <= X, and the file equals (bitwise, every dataset) a
fixed-size run with the final replicate count: Monte Carlo sampling (rounds extend the file) and
Latin hypercube sampling (rounds start afresh at a new count).
"""
import numpy as np
import pytest

from helpers import h5
from helpers.h5_compare import differences

# (study, its sampling, a target that needs more than one round from 100 replicates)
CASES = [("tiny.toml", "mc", "0.05"), ("small.toml", "lhs", "60")]


@pytest.fixture(scope="module", params=CASES, ids=[f"{s.removesuffix('.toml')}-{m}" for s, m, _ in CASES])
def target_run(request, runs):
    study, _, target = request.param
    run = runs.run(study, "--replicates", "100", "--seed", "8", "--target-se", target)
    with h5.open_file(run.path) as f:
        replicates = int(f.attrs["replicates"])
    return study, float(target), run, replicates


def test_every_difference_meets_the_target(target_run):
    _, target, run, _ = target_run
    with h5.open_file(run.path) as f:
        se = np.delete(f["contact_abuse_diff_horizon_se"][()], h5.baseline_index(f))
    assert (se <= target).all(), se


def test_more_than_one_round_was_needed(target_run):
    rounds = sum(1 for line in target_run[2].stderr.splitlines() if "target-se:" in line)
    assert rounds >= 2, f"only {rounds} round(s): make the target harder"


def test_file_is_bitwise_a_fixed_run_of_the_final_count(runs, target_run):
    study, _, run, replicates = target_run
    fixed = runs.run(study, "--replicates", str(replicates), "--seed", "8")
    assert differences(fixed.path, run.path) == []


def test_max_replicates_caps_the_count_and_says_the_target_was_missed(fundsim, tmp_path):
    out = tmp_path / "capped.h5"
    p = fundsim.call("run", fundsim.study("tiny.toml"), "--replicates", "100", "--target-se", "0.0001",
                     "--max-replicates", "300", "-o", out, "--quiet", "--summary-only")
    assert p.returncode == 0, p.stderr
    assert "without reaching the target" in p.stderr
    with h5.open_file(out) as f:
        assert int(f.attrs["replicates"]) <= 300


@pytest.mark.parametrize("args", [["--target-se", "0"], ["--target-se", "1", "--shard", "0/2"]],
                         ids=["target not positive", "target with shard"])
def test_bad_target_se_is_refused(fundsim, tmp_path, args):
    p = fundsim.call("run", fundsim.study("tiny.toml"), *args, "-o", tmp_path / "x.h5")
    assert p.returncode == 2, p.stderr
