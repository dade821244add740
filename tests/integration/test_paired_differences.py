"""Streamed paired differences (scenario - baseline) and cost-effectiveness (output-format.md
2.6-2.7) against the same figures computed from the stored per-replicate arrays of a full run of
small.toml (2,000 replicates): means exact, standard errors to 1e-9, prob_better exact, quantiles
within the histogram's 0.5% rank error (output-format.md 3). A summary-only run with another
thread count gives bitwise the same datasets. --independent is reproducible across thread counts.
"""
import math

import numpy as np
import pytest
import xarray as xr

from helpers import h5
from helpers.h5_compare import differences
from helpers.stats import (exact_mean, horizon_values, inverted_cdf, prob_better, rank_error,
                           rank_errors, standard_error, yearly_values)

# The sketch's stated accuracy (test_quantile_rank_error.py); 1e-12 for the float comparison.
MAX_RANK_ERROR = 0.005 + 1e-12
# Quantile values are compared to integers with a relative slack of 1e-9 (they are computed in
# floating point, e.g. offender-years x 12).
VALUE_SLACK = 1e-9
DIFF_VARIABLES = ("_diff_horizon_mean", "_diff_horizon_se", "_diff_horizon_quantile",
                  "_diff_horizon_prob_better", "_diff_mean", "_diff_se", "_diff_quantile",
                  "_diff_year_mean", "_diff_year_se", "_diff_year_quantile", "_diff_year_prob_better")


@pytest.fixture(scope="module")
def full(small_full_2000):
    with h5.open_file(small_full_2000.path) as f:
        yield f


@pytest.fixture(scope="module")
def summary_only(small_summary_2000):
    with h5.open_file(small_summary_2000.path) as f:
        yield f


@pytest.fixture(scope="module")
def layout(full):
    """Quantile levels, scenario names, the baseline's index and the stored scenarios."""
    class Layout:
        levels = full["quantile"][()]
        scenarios = h5.names(full["scenario"])
        baseline = h5.baseline_index(full)
        stored = h5.stored_scenarios(full)
        replicates = int(full.attrs["replicates"])
    return Layout


_monthly = {}


@pytest.fixture(scope="module")
def monthly_diff(full, layout):
    """monthly_diff(name) -> {stored scenario: (replicate, month) paired difference of the class
    total}, from the per-replicate arrays (read once per metric)."""
    def get(name):
        if name not in _monthly:
            total = h5.class_total(full, name)
            _monthly[name] = {s: total[s] - total[layout.baseline] for s in layout.stored}
        return _monthly[name]
    return get


def _check_rank(x, got, levels, what):
    """Each row got[qi] holds level-levels[qi] quantiles of the columns of x."""
    for qi, q in enumerate(levels):
        e = rank_errors(x, got[qi], q, VALUE_SLACK)
        worst = np.unravel_index(np.argmax(e), e.shape) if e.ndim else ()
        assert e.max() <= MAX_RANK_ERROR, (
            f"{what}: level {q} at {worst}: stored {got[qi][worst]}, rank error {e.max():.4%} > 0.5%")


def test_full_run_stores_the_baseline_and_two_other_scenarios(layout):
    assert layout.baseline in layout.stored and len(layout.stored) >= 3, layout.stored


# --- every metric with paired differences ---------------------------------------------------------

def test_diff_datasets_carry_better_direction_units_and_long_name(full, diff_metric):
    for var in DIFF_VARIABLES:
        attrs = full[diff_metric.name + var].attrs
        assert h5.text(attrs["better"]) == diff_metric.better, var
        assert "long_name" in attrs and "units" in attrs, var


def test_summary_only_diff_datasets_are_bitwise_those_of_the_full_run(full, summary_only, diff_metric):
    for var in DIFF_VARIABLES:
        name = diff_metric.name + var
        assert full[name][()].tobytes() == summary_only[name][()].tobytes(), name


def test_horizon_mean_is_exact(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got = full[diff_metric.name + "_diff_horizon_mean"][s]
        want = exact_mean(horizon_values(monthly, diff_metric.kind))
        assert abs(got - want) <= 1e-12 * max(1, abs(got)), (layout.scenarios[s], got, want)


def test_horizon_se(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got = full[diff_metric.name + "_diff_horizon_se"][s]
        want = standard_error(horizon_values(monthly, diff_metric.kind))
        assert abs(got - want) <= 1e-9 * max(1.0, want), (layout.scenarios[s], got, want)


def test_horizon_prob_better(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got = full[diff_metric.name + "_diff_horizon_prob_better"][s]
        if diff_metric.better == "none":
            assert math.isnan(got), (layout.scenarios[s], got)
        else:
            want = prob_better(horizon_values(monthly, diff_metric.kind), diff_metric.better)
            assert got == want, (layout.scenarios[s], got, want)


def test_horizon_quantiles_within_rank_error(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got = full[diff_metric.name + "_diff_horizon_quantile"][s]  # (quantile,)
        _check_rank(horizon_values(monthly, diff_metric.kind), got, layout.levels,
                    f"{layout.scenarios[s]} horizon")


def test_baseline_row_is_zero(full, layout, diff_metric):
    b = layout.baseline
    assert full[diff_metric.name + "_diff_horizon_mean"][b] == 0
    assert full[diff_metric.name + "_diff_horizon_se"][b] == 0


def test_yearly_means_are_exact(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        yearly = yearly_values(monthly, diff_metric.kind)
        got, want = full[diff_metric.name + "_diff_year_mean"][s], exact_mean(yearly)
        slack = 1e-12 * np.maximum(1, np.abs(yearly.mean(axis=0)))
        assert (np.abs(got - want) <= slack).all(), (layout.scenarios[s], got, want)


def test_yearly_se(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        yearly = yearly_values(monthly, diff_metric.kind)
        got, want = full[diff_metric.name + "_diff_year_se"][s], standard_error(yearly)
        slack = 1e-9 * np.maximum(1.0, yearly.std(axis=0))
        assert (np.abs(got - want) <= slack).all(), (layout.scenarios[s], got, want)


def test_yearly_prob_better(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got = full[diff_metric.name + "_diff_year_prob_better"][s]
        if diff_metric.better == "none":
            assert np.isnan(got).all(), (layout.scenarios[s], got)
        else:
            want = prob_better(yearly_values(monthly, diff_metric.kind), diff_metric.better)
            assert (got == want).all(), (layout.scenarios[s], got, want)


def test_yearly_quantiles_within_rank_error(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got = full[diff_metric.name + "_diff_year_quantile"][s]  # (quantile, year)
        _check_rank(yearly_values(monthly, diff_metric.kind), got, layout.levels,
                    f"{layout.scenarios[s]} year")


def test_monthly_means_are_exact(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got, want = full[diff_metric.name + "_diff_mean"][s], exact_mean(monthly)
        slack = 1e-12 * np.maximum(1, np.abs(monthly.mean(axis=0)))
        assert (np.abs(got - want) <= slack).all(), (layout.scenarios[s], got, want)


def test_monthly_se(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got, want = full[diff_metric.name + "_diff_se"][s], standard_error(monthly)
        slack = 1e-9 * np.maximum(1.0, monthly.std(axis=0))
        assert (np.abs(got - want) <= slack).all(), (layout.scenarios[s], got, want)


def test_monthly_quantiles_within_rank_error(full, layout, monthly_diff, diff_metric):
    for s, monthly in monthly_diff(diff_metric.name).items():
        got = full[diff_metric.name + "_diff_quantile"][s]  # (quantile, month)
        _check_rank(monthly, got, layout.levels, f"{layout.scenarios[s]} month")


# --- offender-years: the `active` class total summed over months, / 12 ---------------------------

OFFENDER_YEAR_VARIABLES = ["offender_years_diff_horizon" + v
                           for v in ("_mean", "_se", "_quantile", "_prob_better")]


@pytest.fixture(scope="module")
def offender_months(monthly_diff):
    """{stored scenario: per-replicate paired difference in offender-months}."""
    return {s: d.sum(axis=1) for s, d in monthly_diff("active").items()}


@pytest.mark.parametrize("name", OFFENDER_YEAR_VARIABLES)
def test_offender_years_summary_only_is_bitwise_the_full_run(full, summary_only, name):
    assert full[name][()].tobytes() == summary_only[name][()].tobytes()


def test_offender_years_mean_is_exact(full, layout, offender_months):
    for s, om in offender_months.items():
        got = full["offender_years_diff_horizon_mean"][s]
        assert abs(got - exact_mean(om) / 12) <= 1e-12 * max(1, abs(om.mean())), layout.scenarios[s]


def test_offender_years_prob_better(full, layout, offender_months):
    for s, om in offender_months.items():
        assert full["offender_years_diff_horizon_prob_better"][s] == prob_better(om, "lower"), \
            layout.scenarios[s]


def test_offender_years_quantiles_within_rank_error(full, layout, offender_months):
    for s, om in offender_months.items():
        got = full["offender_years_diff_horizon_quantile"][s] * 12
        _check_rank(om, got, layout.levels, f"{layout.scenarios[s]} offender-years")


# --- cost-effectiveness: budget / gain (output-format.md 2.7) --------------------------------------

# (variable, the difference it divides the budget by, sign that turns the difference into a gain)
COST_RATIOS = [("cost_per_arrest_gained", "arrests", 1),
               ("cost_per_contact_abuse_averted", "contact_abuse", -1),
               ("cost_per_offender_year_averted", "offender_years", -1)]


@pytest.fixture(scope="module")
def gains(monthly_diff, offender_months):
    """gains(name, sign) -> {stored scenario: per-replicate gain over the horizon}."""
    def get(name, sign):
        if name == "offender_years":
            return {s: -om / 12 for s, om in offender_months.items()}
        return {s: sign * d.sum(axis=1) for s, d in monthly_diff(name).items()}
    return get


@pytest.mark.parametrize("var, name, sign", COST_RATIOS, ids=[c[0] for c in COST_RATIOS])
def test_cost_datasets_summary_only_are_bitwise_the_full_run(full, summary_only, var, name, sign):
    for v in (var, var + "_se", var + "_quantile", var + "_nonpositive"):
        assert v in summary_only and full[v][()].tobytes() == summary_only[v][()].tobytes(), v


@pytest.mark.parametrize("var, name, sign", COST_RATIOS, ids=[c[0] for c in COST_RATIOS])
def test_cost_units_are_gbp(full, var, name, sign):
    assert "GBP" in h5.text(full[var].attrs["units"])


@pytest.mark.parametrize("var, name, sign", COST_RATIOS, ids=[c[0] for c in COST_RATIOS])
def test_cost_is_budget_over_mean_gain_or_nan(full, layout, gains, var, name, sign):
    budget = full["budget"][()]
    for s, gain in gains(name, sign).items():
        point = full[var][s]
        if budget[s] > 0 and gain.mean() > 0:
            assert abs(point - budget[s] / gain.mean()) <= 1e-9 * point, (layout.scenarios[s], point)
        else:
            assert math.isnan(point), (layout.scenarios[s], point)


@pytest.mark.parametrize("var, name, sign", COST_RATIOS, ids=[c[0] for c in COST_RATIOS])
def test_cost_nonpositive_counts_replicates_without_gain(full, layout, gains, var, name, sign):
    for s, gain in gains(name, sign).items():
        assert full[var + "_nonpositive"][s] == int((gain <= 0).sum()), layout.scenarios[s]


@pytest.mark.parametrize("var, name, sign", COST_RATIOS, ids=[c[0] for c in COST_RATIOS])
def test_cost_quantiles_within_rank_error_or_unbounded(full, layout, gains, var, name, sign):
    # The cost's level-q quantile is budget / the gain's (1 - q) quantile (for the averted ones:
    # budget / minus the difference's q quantile); NaN means unbounded (a gain <= 0 there).
    budget = full["budget"][()]
    for s, gain in gains(name, sign).items():
        for qi, q in enumerate(layout.levels):
            got = full[var + "_quantile"][s, qi]
            what = (layout.scenarios[s], q, got)
            if not math.isnan(got):
                implied = budget[s] / got  # the gain quantile the sketch gave
                e = (rank_error(gain, implied, 1 - q, VALUE_SLACK) if sign > 0
                     else rank_error(-gain, -implied, q, VALUE_SLACK))
                assert budget[s] > 0 and e <= MAX_RANK_ERROR, (*what, e)
            else:  # no budget, or a gain at most 0 within the rank error of this level
                lowest = (float(inverted_cdf(gain, max(0.0, 1 - q - 0.005))) if sign > 0
                          else -float(inverted_cdf(-gain, min(1.0, q + 0.005))))
                assert budget[s] <= 0 or lowest <= 0, (*what, lowest)


# --- other readers, and --independent -------------------------------------------------------------

@pytest.mark.parametrize("engine", ["h5netcdf", "netcdf4"])
def test_xarray_reads_the_differences_of_a_summary_only_file(small_summary_2000, full, engine):
    with xr.open_dataset(small_summary_2000.path, engine=engine) as ds:
        assert ds.arrests_diff_year_quantile.dims == ("scenario", "quantile", "year")
        got = float(ds.arrests_diff_horizon_mean.sel(scenario="announced-2018"))
        assert got == full["arrests_diff_horizon_mean"][h5.scenario_index(full, "announced-2018")]


def test_independent_streams_are_identical_for_1_and_2_threads(runs):
    common = ("--replicates", "200", "--independent")
    one = runs.run("small.toml", *common, "--threads", "1")
    two = runs.run("small.toml", *common, "--threads", "2")
    assert differences(one.path, two.path) == []
