"""[[correlation]] end to end (docs/study-format.md 11, docs/model.md 8 "Correlated inputs"): a
copy of small.toml with a pair, a pair sharing a parameter with it and a 3x3 matrix.

- The sampled parameters in the file show the target rank correlations (Spearman, 4,500
  replicates: one block) and exactly the values of the same study without correlations, only
  reordered within the block.
- Bitwise the same datasets with 1 and 2 threads, as 2 shards merged, and killed after a
  checkpoint (mid-block) and resumed with another thread count.
- The target is recorded in the root attribute input_correlation.
- Malformed tables (a matrix that is not positive definite, an unknown name, a parameter with
  one value, |rank| > 1 or = 1, a pair declared twice) are refused with exit 2 and
  FILE:LINE:COLUMN and the key path.
- A study without [[correlation]] gives bitwise the file of main's build (FUNDSIM_MAIN=PATH of a
  fundsim built from the commit this branch started from; skipped without it).
- `fundsim sensitivity --method prcc` draws the same correlated design as `fundsim run`; Morris
  and Sobol' refuse a correlated study (exit 2).
- `--target-se` on a correlated Monte Carlo study restarts its rounds and equals a fixed run.
"""
import json
import os
import signal
import subprocess
import time

import numpy as np
import pytest
from scipy.stats import spearmanr

from helpers import h5
from helpers.h5_compare import differences
from helpers.studies import edited

CORRELATIONS = """
[[correlation]]
parameters = ["onset_growth", "groomer.onset"]
rank = 0.7

[[correlation]]
parameters = ["groomer.onset", "prevention.onset.max_effect"]
rank = -0.4

[[correlation]]
parameters = ["noncontact.detect", "groomer.detect", "prolific.detect"]
matrix = [[1, 0.5, 0.2], [0.5, 1, -0.3], [0.2, -0.3, 1]]
"""

# The targets the file must show (pairs not declared within a group count as 0).
TARGETS = {
    ("onset_growth", "groomer.onset"): 0.7,
    ("groomer.onset", "prevention.onset.max_effect"): -0.4,
    ("onset_growth", "prevention.onset.max_effect"): 0.0,
    ("noncontact.detect", "groomer.detect"): 0.5,
    ("noncontact.detect", "prolific.detect"): 0.2,
    ("groomer.detect", "prolific.detect"): -0.3,
}

IDENTITY = ("--replicates", "1000", "--seed", "31")  # one block of 1,000 (Latin hypercube)
ACCURACY = ("--replicates", "4500", "--seed", "8", "--threads", "2")


@pytest.fixture(scope="module")
def studies(fundsim, tmp_path_factory):
    """small.toml (Latin hypercube) with the correlations; the same with Monte Carlo sampling;
    and small.toml without correlations, written beside them."""
    folder = tmp_path_factory.mktemp("correlated")
    text = fundsim.study("small.toml").read_text()
    assert 'sampling = "lhs"' in text
    paths = {
        "lhs": (text + CORRELATIONS, folder / "correlated-lhs.toml"),
        "mc": (edited(text, (r'^sampling = "lhs"', 'sampling = "mc"')) + CORRELATIONS,
               folder / "correlated-mc.toml"),
        "plain-mc": (edited(text, (r'^sampling = "lhs"', 'sampling = "mc"')), folder / "plain-mc.toml"),
        "plain-lhs": (text, folder / "plain-lhs.toml"),
    }
    for content, path in paths.values():
        path.write_text(content)
    return {k: path for k, (_, path) in paths.items()}


@pytest.fixture(scope="module")
def one_thread(runs, studies):
    return runs.run(studies["lhs"], *IDENTITY, "--threads", "1").path


def parameters(path):
    with h5.open_file(path) as f:
        return h5.names(f["parameter"]), f["parameters"][()]


def test_study_validates(fundsim, studies):
    p = fundsim.call("validate", studies["lhs"])
    assert p.returncode == 0, p.stderr


@pytest.mark.statistical
@pytest.mark.parametrize("sampling", ["mc", "lhs"])
def test_sampled_parameters_show_the_target_rank_correlations(runs, studies, sampling):
    # One block of 4,500 replicates: the sample Spearman rho of the Iman-Conover transform has
    # sd <= 0.005 around its target (tests/unit/uncertainty/test_correlation.cpp); tolerance
    # 0.02 = 4 sd. Uncorrelated pairs: independent, sd 1/sqrt(4500) = 0.015; tolerance 4 sd.
    names, values = parameters(runs.run(studies[sampling], *ACCURACY).path)

    def rho(a, b):
        return spearmanr(values[:, names.index(a)], values[:, names.index(b)]).statistic

    for (a, b), target in TARGETS.items():
        assert abs(rho(a, b) - target) < 0.02, (a, b, rho(a, b), target)
    for a, _ in TARGETS:
        assert abs(rho("noncontact.onset", a)) < 4 / np.sqrt(4500), (a, rho("noncontact.onset", a))


@pytest.mark.statistical
@pytest.mark.parametrize("sampling", ["mc", "lhs"])
def test_values_are_those_of_the_uncorrelated_study_reordered(runs, studies, sampling):
    # The same seed and count without [[correlation]]: every correlated column holds the same
    # values (sorted: bitwise equal), every other column is equal replicate by replicate.
    names, correlated = parameters(runs.run(studies[sampling], *IDENTITY).path)
    _, plain = parameters(runs.run(studies["plain-" + sampling], *IDENTITY).path)
    members = {n for pair in TARGETS for n in pair}
    for j, name in enumerate(names):
        if name in members:
            assert np.sort(correlated[:, j]).tobytes() == np.sort(plain[:, j]).tobytes(), name
            assert correlated[:, j].tobytes() != plain[:, j].tobytes(), name
        else:
            assert correlated[:, j].tobytes() == plain[:, j].tobytes(), name


def test_two_threads_are_bitwise_one_thread(runs, studies, one_thread):
    two = runs.run(studies["lhs"], *IDENTITY, "--threads", "2").path
    assert differences(one_thread, two) == []


def test_two_shards_merged_are_bitwise_one_run(fundsim, runs, studies, one_thread, tmp_path):
    # Each shard holds half of the single block: both must recompute the whole block.
    shards = [runs.run(studies["lhs"], *IDENTITY, "--threads", "1", "--shard", f"{i}/2").path
              for i in (1, 0)]
    p = fundsim.call("merge", tmp_path / "merged.h5", *shards)
    assert p.returncode == 0, p.stderr
    assert differences(one_thread, tmp_path / "merged.h5") == []


def test_killed_and_resumed_run_is_bitwise_one_run(fundsim, studies, one_thread, tmp_path):
    # Killed (SIGKILL) once a checkpoint exists, i.e. part-way through the block, then resumed
    # with two threads.
    out = tmp_path / "resumed.h5"
    args = ["run", studies["lhs"], *IDENTITY, "--quiet", "--checkpoint-every", "0.1", "-o", out]
    checkpoints = tmp_path / ".resumed.h5.checkpoint"
    run = subprocess.Popen([str(fundsim.path), *map(str, args), "--threads", "1"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not list(checkpoints.glob("state-*.bin")) and run.poll() is None:
        assert time.monotonic() < deadline, "no checkpoint after 300 s"
        time.sleep(0.005)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    assert not out.exists(), "the run finished before it could be killed: make it longer"
    p = fundsim.call(*args, "--threads", "2", "--resume")
    assert p.returncode == 0, p.stderr
    assert "resuming from" in p.stderr, p.stderr
    assert differences(one_thread, out) == []


def test_the_target_is_recorded_in_the_file(one_thread):
    with h5.open_file(one_thread) as f:
        record = json.loads(h5.text(f.attrs["input_correlation"]))
    names = record["parameters"]
    rank = np.array(record["rank"])
    assert record["statistic"] == "spearman" and record["block_replicates"] == 4096
    assert sorted(names) == sorted({n for pair in TARGETS for n in pair})
    assert np.array_equal(rank, rank.T) and np.all(np.diag(rank) == 1)
    for (a, b), target in TARGETS.items():
        assert rank[names.index(a), names.index(b)] == target, (a, b)
    assert np.count_nonzero(rank - np.eye(len(names))) == 2 * 5  # only the declared pairs


def test_a_study_without_correlations_records_none(runs, studies):
    with h5.open_file(runs.run(studies["plain-lhs"], *IDENTITY).path) as f:
        assert "input_correlation" not in f.attrs


@pytest.mark.parametrize("table, where, message", [
    ('parameters = ["onset_growth", "groomer.onset", "base_capacity"]\n'
     "matrix = [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]\n",
     "[[1, 0.9, 0.9]", "correlation[0].matrix: the rank correlation matrix is not positive definite "
     "(the smallest eigenvalue of its normal-score correlations 2 sin(pi r / 6) is -0.81"),
    ('parameters = ["onset_growth", "groomer.onzet"]\nrank = 0.5\n',
     '"groomer.onzet"', "correlation[0].parameters[1]: unknown parameter 'groomer.onzet'; did "
     "you mean 'groomer.onset'?"),
    ('parameters = ["onset_growth", "groomer.onset"]\nrank = 1.2\n',
     "1.2", "correlation[0].rank: a rank correlation must be in [-1, 1], not 1.2"),
    ('parameters = ["onset_growth", "arrests_ref"]\nrank = 0.5\n',
     '"arrests_ref"', "correlation[0].parameters[1]: parameter 'arrests_ref' has one value (line "
     "23); only parameters with a distribution can be correlated"),
    ('parameters = ["onset_growth", "groomer.onset"]\nrank = 1\n',
     "1", "correlation[0].rank: a rank correlation of exactly 1 would make one parameter a "
     "function of the other"),
    ('parameters = ["onset_growth", "groomer.onset"]\nrank = 0.5\n\n[[correlation]]\nrank = 0.2\n'
     'parameters = ["groomer.onset", "onset_growth"]\n',
     '["groomer.onset"', "correlation[1].parameters: the correlation of groomer.onset and "
     "onset_growth is already declared in correlation[0] (line "),
], ids=["not-positive-definite", "unknown-name", "rank-above-one", "one-value", "rank-one",
        "duplicate-pair"])
def test_a_bad_correlation_is_refused_with_its_location(fundsim, tmp_path, table, where, message):
    text = fundsim.study("small.toml").read_text() + "\n[[correlation]]\n" + table
    assert text.splitlines()[22] == "arrests_ref = 400"  # line 23, cited by one message
    study = tmp_path / "bad.toml"
    study.write_text(text)
    lines = text.splitlines()
    line = next(i for i, s in enumerate(lines, 1) if where in s and i > len(lines) - 3)
    column = lines[line - 1].index(where) + 1
    for command in (["validate", study], ["run", study, "-o", tmp_path / "x.h5"]):
        p = fundsim.call(*command)
        assert p.returncode == 2, (command[0], p.returncode, p.stderr)
        assert f"{study}:{line}:{column}: {message}" in p.stderr, p.stderr
    assert not (tmp_path / "x.h5").exists()


# --- a study without [[correlation]] is unchanged ---------------------------------------------

# Attributes describing the run rather than its results (and the build that made it).
PROVENANCE = {"fundsim_git_commit", "fundsim_version", "command_line", "created_utc",
              "run_seconds"}


@pytest.mark.parametrize("sampling", ["mc", "lhs"])
def test_a_study_without_correlations_is_bitwise_the_file_of_main(runs, studies, sampling,
                                                                   tmp_path):
    """Every dataset and every result attribute of a plain study equals main's build's file."""
    main = os.environ.get("FUNDSIM_MAIN")
    if not main:
        pytest.skip("FUNDSIM_MAIN=PATH (a fundsim built from main) not given")
    args = ("--replicates", "300", "--seed", "77", "--threads", "2")
    ours = runs.run(studies["plain-" + sampling], *args).path
    theirs = tmp_path / "main.h5"
    p = subprocess.run([main, "run", str(studies["plain-" + sampling]), *args, "--quiet",
                        "-o", str(theirs)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert differences(ours, theirs) == []
    with h5.open_file(ours) as a, h5.open_file(theirs) as b:
        assert set(a.attrs) == set(b.attrs)
        for key in set(a.attrs) - PROVENANCE:
            assert np.array_equal(a.attrs[key], b.attrs[key]), key


# --- fundsim sensitivity ----------------------------------------------------------------------

SENSITIVITY_CORRELATIONS = """
[[correlation]]
parameters = ["offender.offence_rate", "offender.arrest"]
rank = 0.6

[[correlation]]
parameters = ["base_capacity", "offender.contact"]
rank = -0.5
"""


@pytest.fixture(scope="module")
def correlated_sensitivity_study(fundsim, tmp_path_factory):
    folder = tmp_path_factory.mktemp("correlated-sensitivity")
    text = (fundsim.source_dir / "tests/data/studies/sensitivity.toml").read_text()
    assert 'sampling = "lhs"' in text
    path = folder / "sensitivity-correlated.toml"
    path.write_text(text + SENSITIVITY_CORRELATIONS)
    return path


def test_prcc_draws_the_correlated_design_of_the_run(fundsim, correlated_sensitivity_study,
                                                     tmp_path):
    # PRCC from the study must use row r = replicate r of the run, correlations imposed: PRCC of
    # the run's file (its stored, correlated parameters) then equals PRCC of the study exactly.
    study = correlated_sensitivity_study
    run = tmp_path / "run.h5"
    p = fundsim.call("run", study, "-o", run, "--replicates", 120, "--seed", 5, "--quiet")
    assert p.returncode == 0, p.stderr
    names, values = parameters(run)
    rho = spearmanr(values[:, names.index("offender.offence_rate")],
                    values[:, names.index("offender.arrest")]).statistic
    assert abs(rho - 0.6) < 0.1, rho  # one block of 120: the design is correlated at all
    common = ["--method", "prcc", "--format", "json", "--quiet", "--metrics", "arrests,harm"]
    from_file = fundsim.call("sensitivity", run, "-o", tmp_path / "f.h5", *common)
    assert from_file.returncode == 0, from_file.stderr
    from_study = fundsim.call("sensitivity", study, "--samples", 120, "--seed", 5,
                              "-o", tmp_path / "s.h5", *common)
    assert from_study.returncode == 0, from_study.stderr
    a, b = json.loads(from_file.stdout), json.loads(from_study.stdout)
    assert len(a["indices"]) > 0
    assert a["indices"] == b["indices"]


@pytest.mark.parametrize("method, design", [("morris", "Morris"), ("sobol", "Sobol'")])
def test_morris_and_sobol_refuse_a_correlated_study(fundsim, correlated_sensitivity_study,
                                                    tmp_path, method, design):
    out = tmp_path / "x.h5"
    p = fundsim.call("sensitivity", correlated_sensitivity_study, "--method", method,
                     "--samples", 8, "-o", out, "--quiet")
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert (f"--method {method}: the study correlates its inputs ([[correlation]] of "
            f"base_capacity, offender.offence_rate, offender.contact, offender.arrest), which a "
            f"{design} design cannot carry") in p.stderr, p.stderr
    assert not out.exists()


# --- --target-se ------------------------------------------------------------------------------

def test_target_se_restarts_rounds_and_equals_a_fixed_run(runs, studies):
    # Monte Carlo sampling: a plain study's rounds extend the file, but a correlated study's
    # blocks depend on the replicate count, so each round must start afresh; the file is then
    # bitwise a fixed run of the final count (as test_target_se.py checks for plain studies).
    run = runs.run(studies["mc"], "--replicates", "100", "--seed", "8", "--target-se", "60")
    rounds = sum(1 for line in run.stderr.splitlines() if "target-se:" in line)
    assert rounds >= 2, f"only {rounds} round(s): make the target harder"
    with h5.open_file(run.path) as f:
        replicates = int(f.attrs["replicates"])
    fixed = runs.run(studies["mc"], "--replicates", str(replicates), "--seed", "8")
    assert differences(fixed.path, run.path) == []
