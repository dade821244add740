"""Input extremes (docs/robustness.md): 1 replicate, 1 month, zero offenders, probabilities exactly
0 and 1, a budget of 0 with shares, very large rates and populations, NaN and infinities, a 10 MB
study, deeply nested and huge TOML arrays and tables, all edits of scenarios/tiny.toml. Each gives
a correct result or a clear, located error with the documented exit code; never a crash, a hang or
a wrapped count.
"""
import re
import subprocess
import time

import numpy as np
import pytest

from helpers import h5
from helpers.studies import edited

TIMEOUT = 120          # seconds for any one command: more is a hang
LOCATED = re.compile(r":[0-9]+:[0-9]+: ")


@pytest.fixture(scope="module")
def tiny(fundsim):
    return fundsim.study("tiny.toml").read_text()


def write(tmp_path, text, name="study.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def run(fundsim, study, out, *args):
    return fundsim.call("run", study, "-o", out, "--quiet", *args, timeout=TIMEOUT)


def assert_no_wrapped_counts(f):
    for m in ("arrests", "active", "identified"):
        assert (f[m][()] >= 0).all(), f"{m} has negative (wrapped or unwritten) counts"


def assert_located(fundsim, study):
    """validate exits 2 with a first line "STUDY:LINE:COLUMN: ..."; returns stderr."""
    p = fundsim.call("validate", study, timeout=TIMEOUT)
    assert p.returncode == 2, p.stderr[:400]
    first = p.stderr.splitlines()[0]
    path = str(study)
    assert first.startswith(path) and re.match(r"^:[0-9]+:[0-9]+: ", first[len(path):]), first[:300]
    return p.stderr


# --- small extremes that must run and give a correct result -----------------------------------------

def test_one_replicate(fundsim, tmp_path):
    p = run(fundsim, fundsim.study("tiny.toml"), tmp_path / "out.h5", "--replicates", "1")
    assert p.returncode == 0, p.stderr
    with h5.open_file(tmp_path / "out.h5") as f:
        assert f["arrests"].shape[1] == 1
        assert_no_wrapped_counts(f)


def test_one_month(fundsim, tiny, tmp_path):
    study = write(tmp_path, edited(tiny, (r"^months = 12", "months = 1"),
                                   (r"^duration_months = 12", "duration_months = 1")))
    p = run(fundsim, study, tmp_path / "out.h5")
    assert p.returncode == 0, p.stderr
    with h5.open_file(tmp_path / "out.h5") as f:
        assert f["arrests"].shape[2] == 1 and f["month"].shape == (1,)
        assert_no_wrapped_counts(f)


def test_one_month_with_a_spending_window_longer_than_the_run(fundsim, tiny, tmp_path):
    study = write(tmp_path, edited(tiny, (r"^months = 12", "months = 1")))
    p = run(fundsim, study, tmp_path / "out.h5")
    assert p.returncode == 0, p.stderr
    with h5.open_file(tmp_path / "out.h5") as f:
        assert f["spend"].shape[1] == 1


def test_zero_offenders_nothing_happens_and_no_division_by_zero(fundsim, tiny, tmp_path):
    study = write(tmp_path, edited(tiny, (r"^initial_active = \d+", "initial_active = 0"),
                                   (r"^onset = 10 ", "onset = 0 "),
                                   (r"^initial_backlog = \d+", "initial_backlog = 0"),
                                   (r"^initial_justice = \d+", "initial_justice = 0")))
    p = run(fundsim, study, tmp_path / "out.h5")
    assert p.returncode == 0, p.stderr
    with h5.open_file(tmp_path / "out.h5") as f:
        for m in ("arrests", "active", "identified"):
            assert (f[m][()] == 0).all(), m
        named = f["sweep"][()] == b""   # sweep points have no monthly summaries by default
        assert np.isfinite(f["arrests_mean"][()][named]).all()
        assert np.isfinite(f["capacity_mean"][()][named]).all()
        assert np.isfinite(f["arrests_horizon_mean"][()]).all()


PROBABILITIES = ["detect", "actionable", "contact", "reoffend", "arrest", "desist", "attrition"]


@pytest.mark.parametrize("value", ["0", "1"])
@pytest.mark.parametrize("name", PROBABILITIES)
def test_probability_exactly_0_or_1(fundsim, tiny, tmp_path, name, value):
    study = write(tmp_path, edited(tiny, (rf"^{name} = [^\n]*", f"{name} = {value}")))
    p = run(fundsim, study, tmp_path / "out.h5")
    assert p.returncode == 0, p.stderr
    with h5.open_file(tmp_path / "out.h5") as f:
        if (name, value) == ("arrest", "0"):
            assert (f["arrests"][()] == 0).all()
        elif (name, value) == ("detect", "0"):
            assert (f["identified"][()] == 0).all()
        else:
            assert_no_wrapped_counts(f)


def test_budget_0_with_shares_gives_the_baseline_or_a_located_error(fundsim, tiny, tmp_path):
    study = write(tmp_path, edited(tiny, (r"^budget = 120000", "budget = 0")))
    v = fundsim.call("validate", study, timeout=TIMEOUT)
    if v.returncode == 0:  # no money: the baseline's numbers (common random numbers)
        p = run(fundsim, study, tmp_path / "out.h5")
        assert p.returncode == 0, p.stderr
        with h5.open_file(tmp_path / "out.h5") as f:
            assert (f["spend"][()] == 0).all()
            assert (f["arrests"][0] == f["arrests"][1]).all(), "differs from the baseline"
    else:
        assert v.returncode == 2 and re.search(r":[0-9]+:[0-9]+: .*(budget|split)", v.stderr), v.stderr


# --- very large numbers: a correct result, or exit 1 naming file, scenario and replicate ------------

TOO_LARGE = {  # name: (substitution, must the run fail?)
    "population 3e9 (above int32)": ((r"^initial_active = \d+", "initial_active = 3000000000"), False),
    "population 2^63-1": ((r"^initial_active = \d+", "initial_active = 9223372036854775807"), True),
    "onset 1e15 a month": ((r"^onset = 10 ", "onset = 1e15 "), False),
    "offence rate 1e300": ((r"^offence_rate = [^\n]*", "offence_rate = 1e300"), False),
    "onset growth 1e6": ((r"^onset_growth = 0.0", "onset_growth = 1e6"), False),
    "capacity 1e300": ((r"^base_capacity = 10 ", "base_capacity = 1e300 "), False),
    "budget 1e300": ((r"^budget = 120000", "budget = 1e300"), False),
}


@pytest.mark.parametrize("substitution, must_fail", TOO_LARGE.values(), ids=TOO_LARGE.keys())
def test_large_value_gives_a_result_or_a_clear_error(fundsim, tiny, tmp_path, substitution, must_fail):
    study = write(tmp_path, edited(tiny, substitution))
    out = tmp_path / "out.h5"
    p = run(fundsim, study, out, "--replicates", "4")
    if p.returncode == 0:
        assert not must_fail, "accepted: a count that cannot be held was silently changed"
        with h5.open_file(out) as f:
            assert_no_wrapped_counts(f)
    elif p.returncode == 1:
        assert f"{study}: scenario '" in p.stderr and re.search(r"replicate [0-9]", p.stderr) \
            and "too large" in p.stderr, p.stderr
        assert not out.exists(), "left an output"
    else:
        assert p.returncode == 2 and LOCATED.search(p.stderr), f"exit {p.returncode}: {p.stderr[:400]}"


# --- NaN, infinities and integers beyond int64: exit 2 with the location ------------------------------

LOCATED_ERRORS = {
    "integer beyond int64": (r"^initial_backlog = \d+", "initial_backlog = 99999999999999999999"),
    **{f"detect = {v}": (r"^detect = [^\n]*", f"detect = {v}")
       for v in ("nan", "+nan", "-nan", "inf", "+inf", "-inf")},
    "nan inside a distribution": (r"median = 1.0", "median = nan"),
    "budget = inf": (r"^budget = 120000", "budget = inf"),
    "months = inf": (r"^months = 12", "months = inf"),
}


@pytest.mark.parametrize("substitution", LOCATED_ERRORS.values(), ids=LOCATED_ERRORS.keys())
def test_non_finite_or_unrepresentable_value_is_a_located_error(fundsim, tiny, tmp_path, substitution):
    assert_located(fundsim, write(tmp_path, edited(tiny, substitution)))


# --- big studies: bounded time ------------------------------------------------------------------------

def test_study_with_a_10_mb_comment_runs_in_bounded_time(fundsim, tiny, tmp_path):
    study = write(tmp_path, ("# " + "x" * 98 + "\n") * 100_000 + tiny)
    start = time.monotonic()
    p = run(fundsim, study, tmp_path / "out.h5", "--replicates", "2")
    assert p.returncode == 0, p.stderr
    assert time.monotonic() - start < TIMEOUT
    with h5.open_file(tmp_path / "out.h5") as f:
        assert len(f.attrs["study"]) > 10_000_000


def test_study_with_150000_scenarios_validates_in_bounded_time(fundsim, tiny, tmp_path):
    extra = "".join(f'\n[[scenario]]\nname = "s{i:06d}"\nbudget = {i}\nsplit = {{ enforcement = 1.0 }}\n'
                    for i in range(150_000))
    study = write(tmp_path, tiny + extra)
    start = time.monotonic()
    p = fundsim.call("validate", study, timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr[:400]
    assert time.monotonic() - start < TIMEOUT


N = 10_000
DEEP_OR_HUGE = {
    "nested-arrays": lambda t: t + "\nx = " + "[" * N + "]" * N + "\n",
    "nested-arrays-unclosed": lambda t: t + "\nx = " + "[" * N + "\n",
    "nested-inline-tables": lambda t: t + "\nx = " + "{a=" * N + "1" + "}" * N + "\n",
    "nested-headers": lambda t: t + "\n[" + ".".join(["a"] * N) + "]\n",
    "nested-dotted-keys": lambda t: t + "\n" + ".".join(["a"] * N) + " = 1\n",
    "deep-headers-100k": lambda t: t + "\n[" + ".".join(["a"] * 100_000) + "]\n",
    "nested-array-of-tables":
        lambda t: t + "".join("\n[[" + ".".join(["a"] * k) + "]]" for k in range(1, 300)) + "\n",
    "huge-array": lambda t: t + "\nx = [" + ",".join(["1"] * 1_000_000) + "]\n",
    "huge-array-value":
        lambda t: t.replace("detect = 0.05", "detect = [" + ",".join(["0.05"] * 1_000_000) + "]"),
    "huge-key": lambda t: t + "\n" + "k" * 1_000_000 + " = 1\n",
}


@pytest.mark.parametrize("make", DEEP_OR_HUGE.values(), ids=DEEP_OR_HUGE.keys())
def test_deep_or_huge_toml_is_a_short_located_error(fundsim, tiny, tmp_path, make):
    study = write(tmp_path, make(tiny))
    try:
        stderr = assert_located(fundsim, study)
    except subprocess.TimeoutExpired:
        pytest.fail("validate hangs")
    assert len(stderr.encode()) < 2000, f"message of {len(stderr.encode())} bytes"


def test_5_mb_string_is_read(fundsim, tiny, tmp_path):
    study = write(tmp_path, tiny.replace('description = "', 'description = "' + "x" * 5_000_000))
    p = fundsim.call("validate", study, timeout=TIMEOUT)
    assert p.returncode == 0, p.stderr[:400]
