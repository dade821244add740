"""End-to-end checks of `fundsim decide`, `fundsim optimise`, the decision statistics `run` writes,
and their plots (docs/decision.md §3-5, docs/output-format.md §8-9). One test per check; runs are
made once per module and shared.

The executable: conftest.py's (--fundsim PATH, env FUNDSIM, or build/engine/fundsim).
"""
import json
import os
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

from helpers import h5_compare

SOURCE = Path(__file__).resolve().parent.parent.parent  # this checkout (the studies, scripts/plot)
PLOT = SOURCE / "scripts" / "plot"


@pytest.fixture(scope="module")
def fundsim(fundsim):
    """fundsim(*ARGS, check=CODE): conftest's executable, run from the checkout, its exit code
    checked when CODE is given."""
    def call(*args, check=None):
        r = fundsim.call(*args, cwd=SOURCE)
        if check is not None:
            assert r.returncode == check, f"exit {r.returncode}, wanted {check}: {r.stderr[-800:]}"
        return r
    return call


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("decision")


def study(name):
    return SOURCE / "scenarios" / name


@pytest.fixture(scope="module")
def small_full(fundsim, work):
    """small.toml, full, 200 replicates: the run writes the EVPPIs of the named set."""
    out = work / "small.h5"
    fundsim("run", study("small.toml"), "-o", out, "--replicates", 200, "--quiet", check=0)
    return out


@pytest.fixture(scope="module")
def small_summary(fundsim, work):
    out = work / "small-summary.h5"
    fundsim("run", study("small.toml"), "-o", out, "--replicates", 100, "--summary-only", "--quiet",
            check=0)
    return out


@pytest.fixture(scope="module")
def tiny_evpi(fundsim, work):
    """tiny.toml (two uncertain parameters), 200 replicates, with the EVPI."""
    out = work / "tiny.h5"
    fundsim("run", study("tiny.toml"), "-o", out, "--replicates", 200, "--decision-evpi",
            "--quiet", check=0)
    return out


def decide_json(fundsim, *args):
    r = fundsim("decide", *args, "--format", "json", check=0)
    return json.loads(r.stdout)


# --- decide ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_decision(fundsim, small_full):
    """decide on the named scenarios of small.h5 for contact abuse, with one ad hoc group."""
    return decide_json(fundsim, small_full, "--objective", "contact_abuse", "--group",
                       "effects=prevention.onset.max_effect,prevention.onset.half_spend")


def test_decide_json_has_the_issue_fields(small_decision):
    d = small_decision
    assert d["objective"] == "contact_abuse"
    for key in ("scenarios", "evpi", "evppi", "evpi_naive"):
        assert key in d
    row = d["scenarios"][0]
    for key in ("name", "shares", "mean", "p_best", "expected_loss"):
        assert key in row
    assert set(row["shares"]) == {"enforcement", "prevention", "detection", "safeguarding"}
    assert all(set(e) >= {"parameters", "value", "se"} for e in d["evppi"])


def test_decide_p_best_sums_to_one(small_decision):
    d = small_decision
    assert [s["name"] for s in d["scenarios"]] == ["baseline", "announced-2018", "balanced",
                                                   "no-evasion"]
    assert sum(s["p_best"] for s in d["scenarios"]) == pytest.approx(1, abs=1e-12)
    assert sum(s["p_best_replicates"] for s in d["scenarios"]) == pytest.approx(1, abs=1e-12)
    assert all(s["expected_loss"] >= 0 and s["expected_loss_replicates"] >= 0
               for s in d["scenarios"])


def test_decide_evppi_between_zero_and_evpi(small_decision):
    d = small_decision
    assert 0 <= d["evpi"] <= d["evpi_naive"]
    assert len(d["evppi"]) == d["uncertain_parameters"] + 1
    assert any(e["group"] == "effects" for e in d["evppi"])
    for e in d["evppi"]:
        assert 0 <= e["value"] <= d["evpi"] + 1e-9, e


def test_decide_on_a_sweep(fundsim, small_full):
    d = decide_json(fundsim, small_full, "--scenarios", "enf-prev", "--evppi", "none")
    assert [s["name"] for s in d["scenarios"]] == [
        "enf-prev[enforcement=1,prevention=0]", "enf-prev[enforcement=0.5,prevention=0.5]",
        "enf-prev[enforcement=0,prevention=1]"]
    assert d["evppi"] == []
    assert sum(s["p_best"] for s in d["scenarios"]) == pytest.approx(1, abs=1e-12)


def test_decide_reads_what_the_run_stored_bitwise(fundsim, tiny_evpi):
    stored = decide_json(fundsim, tiny_evpi)
    computed = decide_json(fundsim, tiny_evpi, "--recompute")
    assert stored.pop("source") == "stored by the run"
    assert computed.pop("source") == "computed"
    assert stored == computed


def test_decide_table_labels_primary_and_raw(fundsim, tiny_evpi):
    out = fundsim("decide", tiny_evpi, check=0).stdout
    assert "P(best) raw" in out and "given the parameters" in out
    assert "EVPI:" in out and "naive EVPI" in out and "EVPPI" in out


def test_decide_csv_and_markdown(fundsim, tiny_evpi):
    csv = fundsim("decide", tiny_evpi, "--format", "csv", check=0).stdout
    assert csv.splitlines()[0] == ("scenario,share_enforcement,mean,se,p_best,expected_loss,"
                                   "p_best_replicates,expected_loss_replicates")
    md = fundsim("decide", tiny_evpi, "--format", "markdown", check=0).stdout
    assert "| scenario" in md


def test_decide_summary_only_gives_the_streamed_statistics(fundsim, small_summary):
    r = fundsim("decide", small_summary, "--format", "json", check=0)
    d = json.loads(r.stdout)
    assert d["evpi"] is None and d["evppi"] == [] and "summary-only" in d["note"]
    assert d["evpi_naive"] > 0
    assert sum(s["p_best_replicates"] for s in d["scenarios"]) == pytest.approx(1, abs=1e-9)
    table = fundsim("decide", small_summary, check=0).stdout
    assert "need per-replicate values" in table


@pytest.mark.parametrize("args, message", [
    (["--evppi", "all"], "need per-replicate values"),
    (["--group", "base_capacity,onset_growth"], "need per-replicate values"),
])
def test_decide_summary_only_refuses_evppi(fundsim, small_summary, args, message):
    r = fundsim("decide", small_summary, *args, check=2)
    assert message in r.stderr


@pytest.mark.parametrize("args, message", [
    (["--objective", "contact_abus"], "no objective is named 'contact_abus'; did you mean "
                                      "'contact_abuse'?"),
    (["--scenarios", "enf-prv"], "did you mean 'enf-prev'?"),
    (["--format", "xml"], "--format must be table, markdown, csv or json"),
    (["--evppi", "some"], "--evppi must be all, groups or none"),
    (["--group", "base_capacity,onset_grwth"], "unknown parameter 'onset_grwth'; did you mean "
                                               "'onset_growth'?"),
    (["--group", "base_capacity,arrests_ref"], "parameter 'arrests_ref' is fixed"),
    (["--group", "base_capacity,base_capacity"], "listed twice"),
    (["--threads", "0"], "--threads must be at least 1"),
])
def test_decide_malformed_options(fundsim, small_full, args, message):
    r = fundsim("decide", small_full, *args, check=2)
    assert message in r.stderr, r.stderr


def test_decide_missing_file(fundsim, work):
    r = fundsim("decide", work / "nothing.h5", check=2)
    assert "no such file" in r.stderr


# --- what run writes ---------------------------------------------------------------------------

def test_run_writes_the_evppis_of_the_named_set(small_full):
    with h5py.File(small_full) as f:
        sets = [s.decode() for s in f["choice_set"][:]]
        c = sets.index("named")
        evppi = f["objective_evppi"][:]
        naive = f["objective_evpi_naive"][:]
        params = [p.decode() for p in f["parameter"][:]]
        assert f.attrs["decision_sets"] == b"named"
        assert "objective_evpi" not in f  # only with --decision-evpi
        uncertain = np.isfinite(evppi[0, c])
        assert uncertain.sum() == 45  # small.toml: 43 uncertain parameters + the safeguard effect (2)
        assert not uncertain[params.index("arrests_ref")]  # fixed
        for o in range(evppi.shape[0]):
            v = evppi[o, c][np.isfinite(evppi[o, c])]
            assert np.all(v >= 0) and np.all(v <= naive[o, c] + 1e-9)
        others = [i for i in range(len(sets)) if i != c]
        assert np.all(np.isnan(evppi[:, others]))


def test_run_with_evpi_writes_p_best_given_parameters(tiny_evpi):
    with h5py.File(tiny_evpi) as f:
        c = [s.decode() for s in f["choice_set"][:]].index("named")
        evpi = f["objective_evpi"][:, c]
        naive = f["objective_evpi_naive"][:, c]
        p = f["objective_p_best_given_parameters"][:, c, :]
        assert np.all((0 <= evpi) & (evpi <= naive + 1e-9))
        assert np.allclose(p.sum(axis=1), 1.0, atol=1e-12)


def test_run_decision_sets_are_checked(fundsim, work):
    r = fundsim("run", study("small.toml"), "-o", work / "x.h5", "--replicates", 20,
                "--decision-sets", "named,enf-prv", check=2)
    assert "did you mean 'enf-prev'?" in r.stderr


def test_shards_merge_to_the_same_decision_statistics(fundsim, work, tiny_evpi):
    parts = []
    for i in range(2):
        part = work / f"tiny-shard-{i}.h5"
        fundsim("run", study("tiny.toml"), "-o", part, "--replicates", 200, "--shard", f"{i}/2",
                "--quiet", check=0)
        parts.append(part)
    merged = work / "tiny-merged.h5"
    fundsim("merge", merged, *parts, "--decision-evpi", "--quiet", check=0)
    assert h5_compare.main(str(tiny_evpi), str(merged)) == 0


# --- optimise ----------------------------------------------------------------------------------

OPTIMISE = ["--objective", "contact_abuse", "--replicates", 40, "--grid-step", 0.25,
            "--max-evaluations", 24, "--finalists", 4]


@pytest.fixture(scope="module")
def optimised(fundsim, work):
    """small.toml, three levers with a bound, 40 replicates: (JSON, file)."""
    out = work / "opt.h5"
    r = fundsim("optimise", study("small.toml"), *OPTIMISE, "--levers",
                "enforcement,prevention,safeguarding", "--bound", "prevention=0.1:0.6",
                "--format", "json", "-o", out, "--threads", 2, check=0)
    return json.loads(r.stdout), out


def test_optimise_json_has_the_issue_fields(optimised):
    d, _ = optimised
    assert d["objective"] == "contact_abuse"
    assert set(d["best"]) >= {"shares", "value", "ci"}
    assert all(set(n) >= {"shares", "value", "expected_loss"} for n in d["near_optimal"])
    assert d["evaluations"] > d["grid_points"]


def test_optimise_best_split_respects_budget_and_bounds(optimised):
    d, _ = optimised
    shares = d["best"]["shares"]
    assert list(shares) == ["enforcement", "prevention", "safeguarding"]
    assert sum(shares.values()) == pytest.approx(1, abs=1e-12)
    assert 0.1 <= shares["prevention"] <= 0.6
    lo, hi = d["best"]["ci"]
    assert lo <= d["best"]["value"] <= hi


def test_optimise_near_optimal_and_p_best(optimised):
    d, _ = optimised
    assert d["near_optimal"][0]["expected_loss"] >= 0
    assert any(n["expected_loss"] == 0 for n in d["near_optimal"])  # the best is near-optimal
    assert all(n["expected_loss"] <= d["tolerance"] for n in d["near_optimal"])
    assert sum(f["p_best_replicates"] for f in d["finalists"]) == pytest.approx(1, abs=1e-12)
    names = [c["scenario"] for c in d["comparisons"]]
    assert names == ["baseline", "announced-2018", "balanced", "no-evasion"]


def test_optimise_file_holds_every_candidate(optimised):
    d, path = optimised
    with h5py.File(path) as f:
        assert f.attrs["file_kind"] == b"optimisation"
        shares = f["candidate_share"][:]
        assert shares.shape == (d["evaluations"], 3)
        assert np.allclose(shares.sum(axis=1), 1, atol=1e-12)
        assert np.all(shares[:, 1] >= 0.1) and np.all(shares[:, 1] <= 0.6)
        assert f["candidate_score"].shape == f["candidate_se"].shape == (d["evaluations"],)
        assert f["finalist_value"].shape == (len(d["finalists"]), d["fresh_replicates"])
        assert f.attrs["study_sha256"] and f.attrs["command_line"]
        best = int(f.attrs["best_finalist"])
        assert f["finalist_score"][best] == d["best"]["value"]
        assert f["finalist_value"][best].mean() == pytest.approx(d["best"]["value"], rel=1e-12)


def test_optimise_same_result_whatever_the_thread_count(fundsim, work, optimised):
    d, path = optimised
    out = work / "opt-1-thread.h5"
    r = fundsim("optimise", study("small.toml"), *OPTIMISE, "--levers",
                "enforcement,prevention,safeguarding", "--bound", "prevention=0.1:0.6",
                "--format", "json", "-o", out, "--threads", 1, check=0)
    e = json.loads(r.stdout)
    for x in (d, e):
        x.pop("seconds"), x.pop("output")
    assert d == e
    assert h5_compare.main(str(path), str(out)) == 0


@pytest.mark.parametrize("args, message", [
    (["--objective", "contact_abus"], "did you mean 'contact_abuse'?"),
    (["--levers", "enforcement,prevntion"], "unknown lever 'prevntion'; did you mean 'prevention'?"),
    (["--levers", "enforcement,enforcement"], "listed twice"),
    (["--bound", "prevention0.1:0.5"], "expected LEVER=MIN:MAX"),
    (["--bound", "prevention=0.5:0.1"], "MIN is above MAX"),
    (["--bound", "prevention=0.1:1.5"], "--bound 'prevention=0.1:1.5' (MAX): must be a number "
                                        "from 0 to 1"),
    (["--levers", "enforcement,prevention", "--bound", "detection=0:0.5"],
     "'detection' is not among the levers searched"),
    (["--levers", "enforcement,prevention", "--bound", "enforcement=0:0.3", "--bound",
      "prevention=0:0.3"], "no split satisfies the bounds"),
    (["--budget", "-5"], "--budget: must be a number"),
    (["--duration", "0"], "--duration: must be a whole number from 1"),
    (["--start-month", "24"], "--start-month: must be a whole number from 0 to 23"),
    (["--replicates", "5"], "--replicates: must be a whole number from 10"),
    (["--grid-step", "0.3"], "1 / step must be a whole number"),
    (["--tolerance", "abc"], "--tolerance: must be a number"),
    (["--format", "csv"], "--format: must be table or json"),
    (["--threads", "0"], "--threads: must be a whole number from 1"),
])
def test_optimise_malformed_options(fundsim, work, args, message):
    base = [] if "--objective" in args else ["--objective", "contact_abuse"]
    r = fundsim("optimise", study("small.toml"), *base, *args, "-o", work / "never.h5", check=2)
    assert message in r.stderr, r.stderr
    assert not (work / "never.h5").exists()


def test_optimise_needs_an_objective(fundsim):
    r = fundsim("optimise", study("small.toml"), check=2)
    assert "--objective NAME is required" in r.stderr


def test_optimise_refuses_an_existing_output(fundsim, optimised):
    _, path = optimised
    r = fundsim("optimise", study("small.toml"), "--objective", "arrests", "-o", path, check=3)
    assert "exists" in r.stderr


# --- plots -------------------------------------------------------------------------------------

def not_blank(path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    img = mpimg.imread(path)[..., :3]
    return os.path.getsize(path) > 10_000 and float(img.std()) > 0.02


def plot(*args):
    r = subprocess.run(["/usr/bin/python3", str(PLOT), *map(str, args)], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    return [Path(p).name for p in r.stdout.split()]


@pytest.mark.pictures
def test_plots_of_an_optimisation_file(optimised, work):
    _, path = optimised
    written = plot(path, "-o", work / "plots-opt")
    assert written == ["optimisation_splits.png", "optimisation_parallel.png",
                       "optimisation_p_best.png", "optimisation_comparisons.png"]
    assert all(not_blank(work / "plots-opt" / p) for p in written)


@pytest.mark.pictures
def test_plots_of_four_and_two_lever_optimisations(fundsim, work):
    for levers, expected in (("enforcement,prevention,detection,safeguarding", 4),
                             ("enforcement,prevention", 3)):
        out = work / f"opt-{expected}.h5"
        fundsim("optimise", study("small.toml"), "--objective", "arrests", "--replicates", 20,
                "--grid-step", 0.5, "--max-evaluations", 8, "--finalists", 3, "--levers", levers,
                "-o", out, "--quiet", check=0)
        written = plot(out, "-o", work / f"plots-opt-{expected}")
        assert len(written) == expected, written
        assert all(not_blank(work / f"plots-opt-{expected}" / p) for p in written)


@pytest.mark.pictures
def test_decision_plots_of_a_run(small_full, work):
    written = plot(small_full, "-o", work / "plots-run", "--only", "decision_,acceptability")
    objectives = ["contact_abuse", "arrests", "safeguarded", "active"]
    assert sorted(written) == sorted([f"decision_p_best_{o}.png" for o in objectives] +
                                     [f"decision_evppi_{o}.png" for o in objectives] +
                                     ["acceptability.png"])
    assert all(not_blank(work / "plots-run" / p) for p in written)


@pytest.mark.pictures
def test_a_sweep_over_four_levers_gets_a_picture(fundsim, work):
    text = study("small.toml").read_text() + (
        '\n[[sweep]]\nname = "four"\nbudget = 23.6e6\nduration_months = 18\n'
        'levers = ["enforcement", "prevention", "detection", "safeguarding"]\nstep = 0.5\n')
    path = work / "four.toml"
    path.write_text(text)
    out = work / "four.h5"
    fundsim("run", path, "-o", out, "--replicates", 30, "--summary-only", "--quiet", check=0)
    written = plot(out, "-o", work / "plots-four", "--only", "sweep_four")
    assert sorted(written) == ["sweep_four_arrests.png", "sweep_four_contact_abuse.png"]
    assert all(not_blank(work / "plots-four" / p) for p in written)
