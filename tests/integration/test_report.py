"""fundsim report (output-format.md 5.7): the league table against the baseline, in four formats,
from a summary-only file of small.toml (200 replicates); JSON and CSV values are those of the
file's datasets; bad arguments and files exit 2.
"""
import csv
import io
import json
import math

import h5py
import pytest

from helpers import h5

# The report's documented default metrics (output-format.md 5.7): a choice of the report, not a
# registry, so it is spelled out here; every name must also be a metric of the schema.
DOCUMENTED_DEFAULT_METRICS = ["referrals", "arrests", "contact_abuse", "safeguarded", "active", "backlog"]
REPLICATES = 200
HALVE_SE_NOTE = "se ~ 1/sqrt(replicates): 800 replicates (4 x 200) would halve each se above."
COST_RATIOS = [("arrest_gained", "cost_per_arrest_gained"),
               ("contact_abuse_averted", "cost_per_contact_abuse_averted"),
               ("offender_year_averted", "cost_per_offender_year_averted")]


@pytest.fixture(scope="module")
def file(small_summary_200):
    with h5.open_file(small_summary_200.path) as f:
        yield f


@pytest.fixture(scope="module")
def report(fundsim, small_summary_200):
    """report(*ARGS) -> CompletedProcess of `fundsim report FILE ARGS` (each made once)."""
    made = {}

    def get(*args):
        if args not in made:
            made[args] = fundsim.call("report", small_summary_200.path, *args)
        return made[args]
    return get


def _json(report, *args):
    p = report("--format", "json", *args)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


@pytest.fixture(scope="module")
def default_json(report):
    return _json(report)


@pytest.fixture(scope="module")
def every_metric_json(report, schema):
    """The JSON report of every metric of the schema that has paired differences."""
    return _json(report, "--metric", ",".join(m.name for m in schema.difference_metrics))


@pytest.fixture(scope="module")
def levels(file):
    lv = list(file["quantile"][()])
    return {"p5": lv.index(0.05), "median": lv.index(0.5), "p95": lv.index(0.95)}


def _same(reported, stored):
    """JSON null stands for NaN; other values are the stored double, exactly."""
    return (reported is None and math.isnan(stored)) or (reported is not None and reported == float(stored))


# --- JSON -----------------------------------------------------------------------------------------

def test_json_names_study_baseline_replicates_and_mode(default_json):
    r = default_json
    got = (r["study"], r["baseline"], r["replicates"], r["summary_only"])
    assert got == ("small", "baseline", REPLICATES, True)


def test_json_lists_every_scenario_in_file_order(default_json, file):
    assert [s["name"] for s in default_json["scenarios"]] == h5.names(file["scenario"])


def test_json_default_metrics_are_the_documented_ones(default_json):
    assert list(default_json["metrics"]) == DOCUMENTED_DEFAULT_METRICS


def test_documented_default_metrics_are_schema_metrics_with_differences(schema):
    assert {m.name for m in schema.difference_metrics} >= set(DOCUMENTED_DEFAULT_METRICS)


def test_json_budgets_are_the_files(default_json, file):
    # `budget` (in the study's currency, `currency`) replaced `budget_gbp` (output-format.md 5.7).
    assert default_json["currency"] == "GBP"
    for s, sc in enumerate(default_json["scenarios"]):
        assert "budget_gbp" not in sc
        assert _same(sc["budget"], file["budget"][s]), sc["name"]
        assert _same(sc["spend_within_horizon"], file["spend_within_horizon"][s]), sc["name"]


def test_json_metric_better_direction_is_the_schemas(every_metric_json, diff_metric):
    assert every_metric_json["metrics"][diff_metric.name]["better"] == diff_metric.better


def test_json_totals_are_the_horizon_quantiles(every_metric_json, file, levels, diff_metric):
    stored = file[diff_metric.name + "_horizon_quantile"]
    for s, sc in enumerate(every_metric_json["scenarios"]):
        total = sc["metrics"][diff_metric.name]["total"]
        for key, qi in levels.items():
            assert _same(total[key], stored[s, qi]), (sc["name"], key)


def test_json_differences_are_the_paired_difference_datasets(every_metric_json, file, levels, diff_metric):
    name = diff_metric.name
    for s, sc in enumerate(every_metric_json["scenarios"]):
        diff = sc["metrics"][name]["diff"]
        for key in ("p5", "p95"):
            assert _same(diff[key], file[name + "_diff_horizon_quantile"][s, levels[key]]), (sc["name"], key)
        assert _same(diff["mean"], file[name + "_diff_horizon_mean"][s]), sc["name"]
        assert _same(diff["se"], file[name + "_diff_horizon_se"][s]), sc["name"]
        assert _same(diff["prob_better"], file[name + "_diff_horizon_prob_better"][s]), sc["name"]


def test_json_replicates_to_halve_se_is_four_times_the_replicates(every_metric_json, file, diff_metric):
    # se ~ 1/sqrt(N); null where there is no se to halve (the baseline).
    for s, sc in enumerate(every_metric_json["scenarios"]):
        se = float(file[diff_metric.name + "_diff_horizon_se"][s])
        want = 4 * REPLICATES if se > 0 else None
        assert sc["metrics"][diff_metric.name]["diff"]["replicates_to_halve_se"] == want, (sc["name"], se)


def test_json_default_figures_are_those_of_the_metric_list(default_json, every_metric_json):
    for default, listed in zip(default_json["scenarios"], every_metric_json["scenarios"]):
        for name in DOCUMENTED_DEFAULT_METRICS:
            assert default["metrics"][name] == listed["metrics"][name], (default["name"], name)


@pytest.mark.parametrize("key, var", COST_RATIOS, ids=[c[0] for c in COST_RATIOS])
def test_json_cost_ratios_are_the_files(default_json, file, levels, key, var):
    for s, sc in enumerate(default_json["scenarios"]):
        c = sc["cost_per"][key]
        assert _same(c["value"], file[var][s]) and _same(c["se"], file[var + "_se"][s]), sc["name"]
        for level, qi in levels.items():
            assert _same(c[level], file[var + "_quantile"][s, qi]), (sc["name"], level)
        assert c["replicates_without_gain"] == int(file[var + "_nonpositive"][s]), sc["name"]


def test_json_announced_2018_gains_arrests_at_a_positive_cost(default_json):
    ann = next(s for s in default_json["scenarios"] if s["name"] == "announced-2018")
    assert ann["metrics"]["arrests"]["diff"]["mean"] > 0 and ann["cost_per"]["arrest_gained"]["value"] > 0


# --- CSV ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def csv_report(report):
    p = report("--format", "csv", "--metric", "arrests,contact_abuse")
    assert p.returncode == 0, p.stderr
    return list(csv.reader(io.StringIO(p.stdout)))


def _csv_rows(table):
    return [dict(zip(table[0], row)) for row in table[1:]]


def test_csv_has_one_row_per_scenario_and_quotes_names_with_commas(csv_report):
    rows = _csv_rows(csv_report)
    assert len(rows) == 7
    assert rows[4]["scenario"] == "enf-prev[enforcement=1,prevention=0]"


def test_csv_has_only_the_metrics_asked_for_and_nan_is_empty(csv_report):
    rows = _csv_rows(csv_report)
    assert float(rows[1]["arrests_diff_mean"]) > 0 and rows[0]["cost_per_arrest_gained"] == ""
    assert "referrals_diff_mean" not in rows[0]


def test_csv_replicates_to_halve_se_come_after_the_figures(csv_report):
    head, rows = csv_report[0], _csv_rows(csv_report)
    assert head[:4] == ["scenario", "sweep", "budget", "arrests_total_median"]
    halve = ["arrests_diff_replicates_to_halve_se", "contact_abuse_diff_replicates_to_halve_se"]
    at = head.index(halve[0])
    assert head[at:at + 2] == halve
    assert head[at - 1] == "cost_per_offender_year_averted_replicates_without_gain"
    assert rows[1]["arrests_diff_replicates_to_halve_se"] == "800"
    assert rows[0]["arrests_diff_replicates_to_halve_se"] == ""


def test_csv_ends_with_spend_currency_and_shares(csv_report, file):
    head, rows = csv_report[0], _csv_rows(csv_report)
    levers = h5.names(file["lever"])
    assert head[-2 - len(levers):] == ["spend_within_horizon", "currency"] + ["share_" + l for l in levers]
    for s, row in enumerate(rows):
        assert row["currency"] == "GBP"
        for l, lever in enumerate(levers):
            assert float(row["share_" + lever]) == file["share"][s, l], (row["scenario"], lever)


# --- markdown and the terminal table --------------------------------------------------------------

@pytest.fixture(scope="module")
def markdown_named(report):
    p = report("--format", "markdown", "--named")
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_markdown_named_has_the_named_scenarios_and_no_sweep_points(markdown_named):
    lines = markdown_named.splitlines()
    assert any(line.startswith("| announced-2018 ") for line in lines)
    assert "enf-prev[" not in markdown_named
    assert any(line.startswith("contact_abuse: ") for line in lines)  # titles are plain lines


def test_markdown_has_the_halve_se_note_under_each_metric_table(markdown_named):
    assert markdown_named.splitlines().count(HALVE_SE_NOTE) == len(DOCUMENTED_DEFAULT_METRICS)


def _table_lines(text):
    """From the first metric table's header ("scenario  median ...") to the halve-se note under it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["scenario", "median"])
    end = next(i for i in range(start, len(lines)) if "would halve each se" in lines[i])
    return lines[start:end + 1]


@pytest.fixture(scope="module")
def sorted_table(report):
    p = report("--metric", "contact_abuse", "--sort", "contact_abuse")
    assert p.returncode == 0, p.stderr
    return _table_lines(p.stdout)


def test_table_sorted_by_difference_best_first(sorted_table):
    assert sorted_table[2].split()[0] == "balanced"  # header, rule, first row


def test_table_has_the_halve_se_note_under_it(sorted_table):
    assert sorted_table[-1] == HALVE_SE_NOTE


def test_table_of_named_scenarios_with_its_note_fits_in_100_columns(report):
    p = report("--named", "--metric", "arrests")
    assert p.returncode == 0, p.stderr
    widest = max(len(line) for line in _table_lines(p.stdout))
    assert 0 < widest <= 100


# --- refusals -------------------------------------------------------------------------------------

def test_unknown_metric_is_refused_and_named(report):
    p = report("--metric", "arrestz")
    assert p.returncode == 2 and "unknown metric 'arrestz'" in p.stderr, p.stderr


def test_unknown_format_is_refused(report):
    assert report("--format", "xml").returncode == 2


def test_missing_file_is_refused(fundsim, tmp_path):
    assert fundsim.call("report", tmp_path / "nope.h5").returncode == 2


def test_hdf5_file_that_is_not_a_fundsim_output_is_refused(fundsim, tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f.create_dataset("x", data=[1])
    assert fundsim.call("report", other).returncode == 2


def test_file_that_is_not_hdf5_is_refused(fundsim, tmp_path):
    text = tmp_path / "text.h5"
    text.write_text("not hdf5\n")
    assert fundsim.call("report", text).returncode == 2
