"""The engine against the independent reference model of docs/model.md (tests/reference/model.py,
numpy, written from the spec, not from engine/), on central runs of small.toml (priority triage,
a sweep, an override) and proportional.toml, 4,000 replicates each: exact checks of the central
parameters, capacity and spend; every scenario x month x class x metric compared statistically
(|z| <= 5 per cell, < 1% of cells with |z| > 3; helpers/reference.py gives the reasons); the
comparison must reject deliberately wrong references (its power); and month-0 means of a
20,000-replicate central run against their closed-form expectations (within 5 standard errors).
"""
import pytest

from helpers import reference
from helpers.reference import model

REPLICATES = 4000
# (study, engine seed, reference seed)
STUDIES = [("small.toml", 20180903, 1103), ("proportional.toml", 20180904, 2207)]


@pytest.fixture(scope="module", params=STUDIES, ids=[s[0].removesuffix(".toml") for s in STUDIES])
def case(request, runs, fundsim):
    """A study's central engine run and reference run."""
    name, seed, ref_seed = request.param
    study = model.Study(str(fundsim.study(name)))
    # --sweep-months: sweep points keep their monthly summaries (NaN without it), so every
    # scenario is compared month by month.
    run = runs.run(name, "--central", "--replicates", str(REPLICATES), "--seed", str(seed),
                   "--threads", "2", "--sweep-months")
    eng = reference.load_engine(run.path)
    return study, eng, ref_seed, reference.run_reference(study, REPLICATES, ref_seed)


def test_reference_model_computes_every_metric_of_the_engine(schema):
    assert set(model.CLASS_METRICS) == {m.name for m in schema.metrics if m.per_class}
    assert set(model.TOTAL_METRICS) == {m.name for m in schema.metrics if not m.per_class}


def test_scenarios_classes_and_months_are_the_references(case):
    study, eng, _, _ = case
    assert sorted(eng["scenario"]) == sorted(study.scenario_names)
    assert eng["class"] == study.classes and eng["months"] == study.months


def test_file_is_marked_central(case):
    assert bool(case[1]["central"])


def test_central_parameters_are_the_reference_medians(case):
    study, eng, _, _ = case
    assert reference.central_parameter_problems(study, eng) == []


def test_per_replicate_capacity_is_the_references(case):
    _, eng, _, ref = case
    assert reference.capacity_problems(eng, ref) == []


def test_spend_schedule_is_the_references(case):
    study, eng, _, ref = case
    assert reference.spend_problems(study, eng, ref) == []


@pytest.fixture(scope="module")
def comparison(case):
    study, eng, _, ref = case
    return reference.compare(study, eng, ref, REPLICATES, REPLICATES)


def test_every_cell_within_5_se_of_the_reference(comparison):
    assert comparison.failed_cells == 0, str(comparison)


def test_under_1_percent_of_cells_beyond_3_se(comparison):
    assert comparison.share_beyond_3 < reference.MAX_FRACTION, str(comparison)


# The power check runs the reference with each deliberate bug on the baseline and the first
# funded scenario (to save time) against the same engine output: the comparison must fail. (The
# other triage rule equals the study's with one class; both studies here have three.)
@pytest.mark.parametrize("bug", list(reference.BUGS))
def test_comparison_rejects_a_deliberately_wrong_reference(case, bug):
    study, eng, ref_seed, _ = case
    funded = [s["name"] for s in study.scenarios if s["budget"] > 0][:1]
    bug_seed = ref_seed + 1000 * (list(reference.BUGS).index(bug) + 1)
    wrong = reference.run_reference(study, REPLICATES, bug_seed, bug, [study.scenario_names[0]] + funded)
    result = reference.compare(study, eng, wrong, REPLICATES, REPLICATES)
    assert not result.agrees, f"the deliberate bug '{bug}' went unnoticed: {result}"


# --- month 0 against closed-form expectations -----------------------------------------------------

MONTH0_REPLICATES = 20000


@pytest.fixture(scope="module")
def month0_run(runs):
    return runs.run("small.toml", "--central", "--summary-only", "--replicates", str(MONTH0_REPLICATES),
                    "--seed", "77", "--threads", "2", "--sweep-months")


@pytest.mark.parametrize("name", reference.MONTH0_METRICS)
def test_month0_mean_matches_its_closed_form_expectation(fundsim, month0_run, name):
    study = model.Study(str(fundsim.study("small.toml")))
    assert reference.month0_problems(study, month0_run.path, name, MONTH0_REPLICATES) == []
