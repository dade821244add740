"""fundsim report as a brief uses it (issue 15; output-format.md 5.7): markdown pipe tables,
tables within 100 columns, 3 significant figures, sweep points by their shares, tidy CSV, "no gain"
wording, the reference row without differences; the study's currency in the file and the report;
funding windows past the horizon (a warning, and cost per outcome from the money spent within it).
"""
import csv
import io
import json
import math
import re

import pytest

from helpers import h5

DEFAULT_METRICS = ["referrals", "arrests", "contact_abuse", "safeguarded", "active", "backlog"]
METRIC_STATISTICS = ["total_median", "total_p5", "total_p95", "diff_mean", "diff_se", "diff_p5",
                     "diff_p95", "prob_better"]
COST_STATISTICS = ["value", "se", "median", "p5", "p95", "replicates_without_gain"]
COSTS = ["cost_per_arrest_gained", "cost_per_contact_abuse_averted", "cost_per_offender_year_averted"]

# scenarios/small.toml (24 months) with two more scenarios: one whose lever acts on contact abuse
# only (it gains no arrest in any replicate: common random numbers, and contact abuse does not
# feed back into the state, model.md §7), and one funded for 12 of its 24 months after the
# horizon.
EXTRA_SCENARIOS = """
[[scenario]]
name = "safeguarding-only"
budget = 5e6
split = { safeguarding = 1 }

[[scenario]]
name = "late"
budget = 12e6
split = { enforcement = 1 }
start_month = 12
duration_months = 24
"""
LATE_WARNING = ("warning: scenario 'late' is funded for 12 of its 24 months after the horizon "
                "(run.months = 24): GBP 6,000,000 of its 12,000,000 is not simulated; cost per "
                "outcome uses the 6,000,000 spent within the horizon")


def _ok(p):
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.fixture(scope="module")
def report(fundsim):
    made = {}

    def get(path, *args):
        key = (str(path), args)
        if key not in made:
            made[key] = fundsim.call("report", path, *args)
        return made[key]
    return get


@pytest.fixture(scope="module")
def extended_study(fundsim, tmp_path_factory):
    path = tmp_path_factory.mktemp("studies") / "small-extended.toml"
    path.write_text(fundsim.study("small.toml").read_text() + EXTRA_SCENARIOS)
    return path


@pytest.fixture(scope="module")
def extended(runs, extended_study):
    return runs.run(extended_study, "--replicates", "200")


@pytest.fixture(scope="module")
def aud(runs, source_dir):
    # A test study in tests/ that declares currency = "AUD" (tests/data/studies/small.toml).
    return runs.run(source_dir / "tests" / "data" / "studies" / "small.toml", "--replicates", "100")


# --- markdown -------------------------------------------------------------------------------------

def _pipe_tables(text):
    """Blocks of consecutive lines that start with '|', split into cells ('\\|' is not a border)."""
    tables, block = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            assert line.endswith("|"), line
            cells = re.split(r"(?<!\\)\|", line[1:-1])
            block.append([c.strip() for c in cells])
        elif block:
            tables.append(block)
            block = []
    return tables


def test_markdown_is_pipe_tables_with_the_right_number_of_columns(report, uk_summary_400):
    text = _ok(report(uk_summary_400.path, "--format", "markdown"))
    tables = _pipe_tables(text)
    # scenarios; 6 metrics x (named, sweep); 3 costs x (named, sweep)
    assert len(tables) == 1 + 6 * 2 + 3 * 2
    for table in tables:
        header, rule, rows = table[0], table[1], table[2:]
        assert all(re.fullmatch(r":?-{3,}:?", cell) for cell in rule), rule
        assert len(rule) == len(header) and rows
        assert all(len(row) == len(header) for row in rows), header
    lines = text.splitlines()
    # Titles and notes are plain lines, each followed by a blank line before a table.
    assert not any(line.startswith("#") for line in lines)
    for i, line in enumerate(lines):
        if line.startswith("| ") and (i == 0 or not lines[i - 1].startswith("|")):
            assert lines[i - 1] == "" and lines[i - 2] != "", lines[i - 2:i + 1]


def test_markdown_cells_are_rounded_like_the_table(report, small_summary_200):
    md = _pipe_tables(_ok(report(small_summary_200.path, "--format", "markdown", "--named")))
    table = _ok(report(small_summary_200.path, "--named"))
    first_metric = md[1]  # after the scenarios table
    announced = next(row for row in first_metric if row[0] == "announced-2018")
    line = next(l for l in table.splitlines() if l.startswith("announced-2018") and "," in l
                and len(l.split()) == 9)
    assert announced == line.split()


# --- the terminal table ---------------------------------------------------------------------------

def test_uk_2018_report_fits_in_100_columns(report, uk_summary_400):
    text = _ok(report(uk_summary_400.path))
    lines = text.splitlines()
    cost = lines[next(i for i, l in enumerate(lines) if l.startswith("Cost per arrest gained")):]
    assert len(cost) > 3 * 66  # every sweep point in each of the three cost outcomes
    assert max(len(l) for l in cost) <= 100
    assert max(len(l) for l in lines) <= 100


def _significant_digits(cell):
    digits = cell.lstrip("+-").replace(",", "")
    if "e" in digits:
        digits = digits.split("e")[0]
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0"))
    return len(digits.rstrip("0"))  # 23,600,000: the zeros of a whole number hold the place


def test_numbers_have_three_significant_figures_and_digits_full_has_all(report, small_summary_200):
    def numeric_cells(text):
        cells = []
        for line in text.splitlines():
            for cell in line.split():
                if re.fullmatch(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?", cell):
                    cells.append(cell)
        return cells
    rounded = numeric_cells(_ok(report(small_summary_200.path)))
    assert rounded and max(_significant_digits(c) for c in rounded) <= 3
    full = numeric_cells(_ok(report(small_summary_200.path, "--digits", "full")))
    assert max(_significant_digits(c) for c in full) > 3
    assert report(small_summary_200.path, "--digits", "0").returncode == 2


def test_sweep_points_are_shown_by_their_shares(report, small_summary_200):
    text = _ok(report(small_summary_200.path, "--metric", "arrests"))
    lines = text.splitlines()
    title = next(i for i, l in enumerate(lines) if l.startswith("arrests, sweep 'enf-prev'"))
    header, rows = lines[title + 1].split(), [l.split() for l in lines[title + 3:title + 6]]
    assert header[:3] == ["enforcement", "prevention", "median"]
    assert sorted(r[:2] for r in rows) == [["0", "1"], ["0.5", "0.5"], ["1", "0"]]
    # In the tables, sweep points are not named by their long names.
    assert "enf-prev[" not in text


def test_reference_row_has_no_differences(report, small_summary_200):
    lines = _ok(report(small_summary_200.path, "--metric", "arrests")).splitlines()
    header = next(i for i, l in enumerate(lines) if l.split()[:2] == ["scenario", "median"])
    baseline = lines[header + 2].split()
    assert baseline[0] == "baseline" and len(baseline) == 4  # name and the three totals only
    costs = next(i for i, l in enumerate(lines) if l.startswith("scenario") and "cost" in l)
    assert lines[costs + 2].split() == ["baseline", "reference"]


def test_no_gain_wording_for_a_scenario_without_effect(report, extended):
    text = _ok(report(extended.path, "--metric", "arrests"))
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("Cost per arrest gained"))
    row = next(l for l in lines[start:] if l.startswith("safeguarding-only"))
    # It gains no arrest in any replicate: no cost figure, the share of replicates instead.
    assert row.split()[:6] == ["safeguarding-only", "–", "–", "–", "–", "–"]
    assert row.endswith("no gain in 100% of replicates")
    with h5.open_file(extended.path) as f:
        s = h5.names(f["scenario"]).index("safeguarding-only")
        assert int(f["cost_per_arrest_gained_nonpositive"][s]) == 200


# --- CSV --long -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def long_rows(report, small_summary_200):
    return list(csv.DictReader(io.StringIO(_ok(report(small_summary_200.path, "--format", "csv",
                                                       "--long")))))


def test_csv_long_has_one_row_per_scenario_metric_and_statistic(long_rows, small_summary_200):
    with h5.open_file(small_summary_200.path) as f:
        scenarios = h5.names(f["scenario"])
    keys = [(r["scenario"], r["metric"], r["statistic"]) for r in long_rows]
    assert len(set(keys)) == len(keys)
    want = {(s, m, st) for s in scenarios for m in DEFAULT_METRICS for st in METRIC_STATISTICS}
    want |= {(s, c, st) for s in scenarios for c in COSTS for st in COST_STATISTICS}
    assert set(keys) == want


def test_csv_long_share_columns_sum_to_1_for_sweep_points(long_rows, small_summary_200):
    with h5.open_file(small_summary_200.path) as f:
        levers = h5.names(f["lever"])
    points = [r for r in long_rows if r["sweep"]]
    assert points
    for r in points:
        assert math.isclose(sum(float(r["share_" + l]) for l in levers), 1.0, abs_tol=1e-12)


def test_csv_long_values_are_the_json_figures_to_3_significant_figures(long_rows, report,
                                                                       small_summary_200):
    doc = json.loads(_ok(report(small_summary_200.path, "--format", "json")))
    by_name = {s["name"]: s for s in doc["scenarios"]}
    json_cost = {"value": "value", "se": "se", "median": "median", "p5": "p5", "p95": "p95",
                 "replicates_without_gain": "replicates_without_gain"}
    checked = 0
    for r in long_rows:
        sc = by_name[r["scenario"]]
        if r["metric"] in DEFAULT_METRICS:
            statistic = r["statistic"]
            part, key = ("diff", statistic) if statistic == "prob_better" else statistic.split("_", 1)
            full = sc["metrics"][r["metric"]][part][key]
        else:
            full = sc["cost_per"][r["metric"][len("cost_per_"):]][json_cost[r["statistic"]]]
        if full is None:
            assert r["value"] == "", r
            continue
        # Rounding to 3 significant figures moves a value by at most half a unit of its third
        # digit: a relative 0.5e-2 of the value's leading digit (5e-3 of the value at most).
        assert math.isclose(float(r["value"]), full, rel_tol=5e-3, abs_tol=1e-12), (r, full)
        checked += 1
    assert checked > len(long_rows) // 2
    units = {(r["metric"], r["statistic"]): r["units"] for r in long_rows}
    assert units[("cost_per_arrest_gained", "value")] == "GBP per arrest"
    assert units[("arrests", "prob_better")] == "1"


# --- messages -------------------------------------------------------------------------------------

def test_unknown_metric_suggests_the_metric_it_begins(report, small_summary_200):
    p = report(small_summary_200.path, "--metric", "contact")
    assert p.returncode == 2
    assert "unknown metric 'contact'; did you mean 'contact_abuse'?" in p.stderr, p.stderr


def test_long_lists_of_names_end_with_a_count_not_a_cut_name(fundsim, tmp_path):
    study = fundsim.study("uk-2018.toml").read_text().replace('baseline = "baseline"',
                                                               'baseline = "basline"', 1)
    path = tmp_path / "uk.toml"
    path.write_text(study)
    p = fundsim.call("validate", path)
    assert p.returncode == 2
    listed = p.stderr.strip().split(" scenarios: ", 1)[1]
    m = re.fullmatch(r"(.*), \.\.\. \((\d+) more\)", listed)
    assert m, listed
    names = re.split(r", (?=baseline|announced|prevention|detection|balanced|sustained|split-grid)",
                     m.group(1))
    shown = len(names)
    assert shown + int(m.group(2)) == 72  # uk-2018: 6 scenarios and 66 sweep points
    for name in names:  # each a whole scenario name of the study
        assert name in ("baseline", "announced-2018", "prevention-heavy", "detection-heavy",
                        "balanced", "sustained") or re.fullmatch(
            r"split-grid\[enforcement=[0-9.]+,prevention=[0-9.]+,detection=[0-9.]+\]", name), name


# --- currency -------------------------------------------------------------------------------------

def test_files_of_studies_without_a_currency_say_gbp(small_summary_200):
    with h5.open_file(small_summary_200.path) as f:
        assert h5.text(f.attrs["currency"]) == "GBP"
        assert h5.text(f["budget"].attrs["units"]) == "GBP"


def test_an_aud_study_writes_aud_everywhere_in_its_file(aud):
    with h5.open_file(aud.path) as f:
        assert h5.text(f.attrs["currency"]) == "AUD"
        assert h5.text(f["spend"].attrs["units"]) == "AUD per month"
        assert h5.text(f["budget"].attrs["units"]) == "AUD"
        assert h5.text(f["spend_within_horizon"].attrs["units"]) == "AUD"
        assert h5.text(f["cost_per_arrest_gained"].attrs["units"]) == "AUD per arrest"
        assert h5.text(f["cost_per_contact_abuse_averted_quantile"].attrs["units"]) == "AUD per event"
        assert h5.text(f["cost_per_offender_year_averted_se"].attrs["units"]) == "AUD per offender-year"
        assert not any("GBP" in h5.text(v.attrs.get("units", b"")) for v in f.values())


def test_an_aud_study_reports_budget_and_currency(report, aud):
    doc = json.loads(_ok(report(aud.path, "--format", "json")))
    assert doc["currency"] == "AUD"
    assert doc["costs"]["arrest_gained"]["units"] == "AUD per arrest"
    announced = next(s for s in doc["scenarios"] if s["name"] == "announced")
    assert announced["budget"] == 23.6e6 and "budget_gbp" not in announced
    table = _ok(report(aud.path))
    assert "Money in AUD." in table and "Cost per arrest gained (AUD per arrest)" in table
    assert "GBP" not in table
    long = _ok(report(aud.path, "--format", "csv", "--long"))
    assert ",cost_per_arrest_gained,value," in long and "AUD per arrest" in long and "GBP" not in long


# --- funding past the horizon ---------------------------------------------------------------------

def test_validate_and_run_warn_of_funding_past_the_horizon(fundsim, extended_study, extended):
    p = fundsim.call("validate", extended_study)
    assert p.returncode == 0
    assert p.stderr.strip() == f"{extended_study}: {LATE_WARNING}"
    assert f"fundsim: {extended_study}: {LATE_WARNING}" in extended.stderr
    # Windows that fit get none.
    assert fundsim.call("validate", fundsim.study("small.toml")).stderr == ""


def test_cost_per_outcome_uses_the_money_spent_within_the_horizon(extended):
    with h5.open_file(extended.path) as f:
        names = h5.names(f["scenario"])
        s = names.index("late")
        spent = float(f["spend"][s].sum())  # every month and lever the run simulated
        assert spent == pytest.approx(6e6, rel=1e-12)  # 12 of its 24 months: 12e6 x 12 / 24
        assert float(f["budget"][s]) == 12e6
        assert float(f["spend_within_horizon"][s]) == pytest.approx(spent, rel=1e-12)
        gain = float(f["arrests_diff_horizon_mean"][s])
        assert gain > 0
        assert float(f["cost_per_arrest_gained"][s]) == pytest.approx(spent / gain, rel=1e-12)
        levels = list(f["quantile"][()])
        for q in (0.05, 0.5, 0.95):  # spend over the gain's (1 - q) quantile
            g = float(f["arrests_diff_horizon_quantile"][s, levels.index(round(1 - q, 3))])
            cost = float(f["cost_per_arrest_gained_quantile"][s, levels.index(q)])
            assert (math.isnan(cost) and g <= 0) or cost == pytest.approx(spent / g, rel=1e-12)


def test_windows_that_fit_divide_the_budget_exactly(extended):
    with h5.open_file(extended.path) as f:
        names = h5.names(f["scenario"])
        for s, name in enumerate(names):
            if name == "late":
                continue
            budget = float(f["budget"][s])
            assert float(f["spend_within_horizon"][s]) == budget, name  # bit for bit
            gain = float(f["arrests_diff_horizon_mean"][s])
            if budget > 0 and gain > 0:
                assert float(f["cost_per_arrest_gained"][s]) == budget / gain, name


# --- the table after a run ------------------------------------------------------------------------

def test_run_table_rounds_and_names_sweep_points_by_their_shares(fundsim, tmp_path):
    p = fundsim.call("run", fundsim.study("small.toml"), "--replicates", "50", "--summary-only",
                     "-o", tmp_path / "s.h5")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    header = next(i for i, l in enumerate(lines) if l.startswith("scenario"))
    rows = lines[header + 2:header + 2 + 6]  # 4 named scenarios, 2 best sweep points
    assert [r.split("  ")[0] for r in rows[-2:]] == ["enf-prev: least abuse", "enf-prev: most arrests"]
    for r in rows:  # every number to 3 significant figures, with a k, M or B suffix
        cells = re.split(r"\s{2,}", r.strip())
        numbers = re.findall(r"[0-9][0-9.,]*[kMB]?", " ".join(cells[1:]))
        assert len(numbers) == 12, r  # 4 columns of median [5%, 95%]
        assert all(_significant_digits(n.rstrip("kMB")) <= 3 for n in numbers), r
    assert any(l.startswith("sweep 'enf-prev' (3 points, all in the file): least contact abuse at "
                            "enforcement ") for l in lines)
    assert "enf-prev[" not in p.stdout
