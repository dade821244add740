"""What common random numbers are worth (docs/model.md 8): on uk-2018, announced-2018 against
the baseline, the Monte Carlo variance (se^2) of the mean difference in 5-year arrests and contact
abuse is at least 10 times smaller with common random numbers than with --independent streams
and parameter draws (measured: about 85x and 1,700x, the figures docs/model.md quotes).
"""
import pytest

from helpers import h5

MIN_VARIANCE_RATIO = 10


@pytest.fixture(scope="module")
def paired(uk_summary_400):
    with h5.open_file(uk_summary_400.path) as f:
        yield f


@pytest.fixture(scope="module")
def independent(runs):
    run = runs.run("uk-2018.toml", "--replicates", "400", "--summary-only", "--independent")
    with h5.open_file(run.path) as f:
        yield f


def test_files_say_whether_streams_are_independent(paired, independent):
    assert paired.attrs["independent"] == 0 and independent.attrs["independent"] == 1


@pytest.mark.parametrize("name", ["arrests", "contact_abuse"])
def test_common_random_numbers_cut_the_variance_of_the_difference_tenfold(paired, independent, name):
    s = h5.scenario_index(paired, "announced-2018")
    se_paired = paired[name + "_diff_horizon_se"][s]
    se_independent = independent[name + "_diff_horizon_se"][s]
    ratio = (se_independent / se_paired) ** 2
    assert ratio >= MIN_VARIANCE_RATIO, (
        f"{name}: se {se_independent:.1f} independent vs {se_paired:.1f} paired, variance ratio {ratio:.0f}")


def test_independent_run_keeps_the_baselines_summaries(paired, independent, metric):
    # The baseline keeps the plain seed under --independent.
    b = h5.baseline_index(paired)
    names = [metric.name + v for v in ("_mean", "_sd", "_quantile")]
    if metric.in_differences:
        names += [metric.name + v for v in ("_horizon_mean", "_horizon_sd", "_horizon_quantile")]
    changed = [n for n in names if paired[n][b].tobytes() != independent[n][b].tobytes()]
    assert changed == []


def test_independent_run_changes_the_other_scenarios(paired, independent):
    s = h5.scenario_index(paired, "announced-2018")
    assert paired["arrests_horizon_mean"][s] != independent["arrests_horizon_mean"][s]
