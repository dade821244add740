"""scripts/plot pictures for a briefing (issue 15, item 7), checked on the figures themselves.

The script is loaded as a module and its `save` replaced by a hook that keeps each figure, so the
tests read what was drawn (panels, labels, line data) instead of guessing from pixels:
- fan charts and monthly differences of six named scenarios (tests/data/studies/briefing.toml)
  have one panel per scenario, with the baseline's median as a grey reference line whose values
  are the median computed here from the per-replicate arrays; four scenarios keep one panel;
- money labels use the root attribute `currency` (a copy of the file with currency = "AUD"; GBP
  when the attribute is absent);
- spend is a step (steps-post) equal to the file's spend, zero from the month funding stops;
- P(better) labels are the file's prob_better as percentages, outside the data area, apart from
  each other and at least 8 points high.
"""
import importlib.machinery
import importlib.util
import shutil

import h5py
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.images import looks_blank
from helpers.shared_runs import BRIEFING_FULL_200, BRIEFING_SUMMARY_200

NAMED = ["baseline", "announced-2018", "balanced", "enforcement-only", "prevention-led", "detection-led"]


@pytest.fixture(scope="module")
def plot_module(source_dir):
    loader = importlib.machinery.SourceFileLoader("fundsim_plot_script", str(source_dir / "scripts" / "plot"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def draw(plot_module, tmp_path_factory):
    """draw(FILE, ONLY) -> {plot name: matplotlib figure}: the figures scripts/plot would save."""
    out = tmp_path_factory.mktemp("unused")

    def run(path, only):
        figures = {}

        def keep(fig, outdir, stem, fmt, written):
            if plot_module.wanted(stem):
                figures[stem] = fig
                written.append(stem)
            else:
                plt.close(fig)

        original = plot_module.save
        plot_module.save = keep
        try:
            assert plot_module.main([str(path), "-o", str(out), "--only", only]) == 0
        finally:
            plot_module.save = original
        for fig in figures.values():
            fig.canvas.draw()  # lays the text out, for the positions checked below
        return figures

    return run


@pytest.fixture(scope="module")
def briefing(runs):
    return runs.run(*BRIEFING_FULL_200).path


@pytest.fixture(scope="module")
def briefing_aud(briefing, tmp_path_factory):
    """A copy of the briefing file whose root attribute currency is "AUD"."""
    path = tmp_path_factory.mktemp("aud") / "briefing-aud.h5"
    shutil.copyfile(briefing, path)
    with h5py.File(path, "r+") as f:
        f.attrs["currency"] = "AUD"
    return path


@pytest.fixture(scope="module")
def full_figures(draw, briefing):
    return draw(briefing, "fan_arrests,diff_,spend")


@pytest.fixture(scope="module")
def aud_figures(draw, briefing_aud):
    return draw(briefing_aud, "spend,sweep_")


def data_panels(fig):
    """Visible axes that hold data (the twin axes of P(better) labels hold none)."""
    return [ax for ax in fig.axes if ax.get_visible() and (ax.lines or ax.collections)]


def all_text(fig):
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return "\n".join(t for t in texts if isinstance(t, str))


# --- fan charts and monthly differences ----------------------------------------------------------

def test_briefing_study_has_six_named_scenarios(briefing):
    with h5py.File(briefing, "r") as f:
        names = [s.decode() for s in f["scenario"][()]]
        sweeps = [s.decode() for s in f["sweep"][()]]
    assert [n for n, s in zip(names, sweeps) if s == ""] == NAMED


def test_fan_of_six_scenarios_has_one_panel_per_scenario(full_figures):
    panels = data_panels(full_figures["fan_arrests"])
    assert sorted(ax.get_title(loc="left") for ax in panels) == sorted(NAMED)


def test_fan_panels_share_their_axes(full_figures):
    panels = data_panels(full_figures["fan_arrests"])
    assert len({ax.get_ylim() for ax in panels}) == 1 and len({ax.get_xlim() for ax in panels}) == 1


def test_fan_panels_show_the_baseline_median_as_reference(full_figures, briefing):
    """Each non-baseline panel has a grey line equal to the baseline's monthly median of the class
    total, computed here from the per-replicate arrays (sum over classes, then the median)."""
    with h5py.File(briefing, "r") as f:
        names = [s.decode() for s in f["scenario"][()]]
        arrests = f["arrests"][names.index("baseline")].sum(axis=2)  # (replicate, month)
    want = np.quantile(arrests, 0.5, axis=0)
    for ax in data_panels(full_figures["fan_arrests"]):
        grey = [ln for ln in ax.lines if ln.get_color() == "0.45"]
        if ax.get_title(loc="left") == "baseline":
            assert not grey
            continue
        assert len(grey) == 1, ax.get_title(loc="left")
        np.testing.assert_allclose(grey[0].get_ydata(), want, rtol=0, atol=1e-9)


def test_fan_of_four_scenarios_keeps_one_panel(draw, small_full_200):
    # small.toml has 4 named scenarios, below the threshold of 5.
    panels = data_panels(draw(small_full_200.path, "fan_arrests")["fan_arrests"])
    assert len(panels) == 1
    assert len(panels[0].get_legend_handles_labels()[1]) == 4


def test_summary_only_fan_has_a_row_per_scenario_and_a_column_per_class(draw, runs):
    path = runs.run(*BRIEFING_SUMMARY_200).path
    fig = draw(path, "fan_arrests")["fan_arrests"]
    titles = sorted(ax.get_title(loc="left") for ax in data_panels(fig))
    classes = ["noncontact", "groomer", "prolific"]  # arrests are non-zero in every class
    assert titles == sorted(f"{s} - class: {c}" for s in NAMED for c in classes)


def test_monthly_differences_of_five_scenarios_have_one_panel_each(full_figures):
    for metric in ("arrests", "contact_abuse"):
        panels = data_panels(full_figures[f"diff_month_{metric}"])
        assert sorted(ax.get_title(loc="left") for ax in panels) == sorted(NAMED[1:]), metric


# --- currency and spend --------------------------------------------------------------------------

def test_spend_axis_label_carries_the_currency(aud_figures):
    fig = aud_figures["spend"]
    labels = {ax.get_ylabel() for ax in data_panels(fig)} - {""}
    assert labels == {"spend (AUD m per month)"}
    assert "GBP" not in all_text(fig)


def test_spend_titles_give_totals_in_the_currency(aud_figures, briefing):
    with h5py.File(briefing, "r") as f:
        names = [s.decode() for s in f["scenario"][()]]
        total = f["spend"][names.index("balanced")].sum()
    assert f"balanced: AUD {total / 1e6:.1f}m in total" in all_text(aud_figures["spend"])


def test_sweep_labels_carry_the_currency(aud_figures):
    text = all_text(aud_figures["sweep_split_contact_abuse"])
    assert "AUD 23.6m over 18 months" in text and "GBP" not in text


def test_currency_defaults_to_gbp(full_figures):
    fig = full_figures["spend"]
    assert {ax.get_ylabel() for ax in data_panels(fig)} - {""} == {"spend (GBP m per month)"}


def test_spend_is_a_step_that_stops_when_funding_ends(aud_figures, briefing):
    """The outline of each stack is drawn steps-post: month t's spend holds over [t, t+1) and
    is 0 from the month after the last funded one (announced-2018: months 0-17 of 24)."""
    with h5py.File(briefing, "r") as f:
        names = [s.decode() for s in f["scenario"][()]]
        monthly = f["spend"][names.index("announced-2018")].sum(axis=1) / 1e6  # (month,)
    ax = next(ax for ax in data_panels(aud_figures["spend"]) if ax.get_title().startswith("announced-2018"))
    outline = [ln for ln in ax.lines if ln.get_drawstyle() == "steps-post"]
    assert len(outline) == 1
    x, y = outline[0].get_xdata(), outline[0].get_ydata()
    np.testing.assert_array_equal(x, np.arange(len(monthly) + 1))
    np.testing.assert_allclose(y[:-1], monthly, rtol=1e-12)
    assert np.all(y[:18] > 0) and np.all(y[18:] == 0)
    assert ax.get_xlim() == (0, len(monthly))
    # The stacked areas are steps too: their top edge is still at month 17's total at x = 18
    # (a ramp would reach 0 there).
    vertices = np.vstack([p.vertices for c in ax.collections for p in c.get_paths()])
    at_end = vertices[vertices[:, 0] == 18, 1]
    assert np.any(np.isclose(at_end, monthly[17], rtol=1e-9)), at_end


# --- P(better) labels ----------------------------------------------------------------------------

def expected_percent(p):
    """The label of a probability, written out independently of the script."""
    if np.isnan(p):
        return "n/a"
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1:
        return ">99%"
    return f"{int(np.floor(100 * p + 0.5))}%"  # halves up: 193 of 200 replicates is 97%


def prob_label_axes(fig):
    return [ax for ax in fig.axes if ax.get_visible() and not (ax.lines or ax.collections)
            and ax.get_yticklabels()]


def test_prob_better_labels_are_the_file_values_in_percent(full_figures, briefing):
    fig = full_figures["diff_horizon"]
    with h5py.File(briefing, "r") as f:
        names = [s.decode() for s in f["scenario"][()]]
        want = {m: [expected_percent(f[f"{m}_diff_horizon_prob_better"][names.index(s)])
                    for s in NAMED[1:]]
                for m in ("referrals", "arrests", "contact_abuse", "safeguarded", "active", "backlog")}
    # The rows run from the top down in scenario order: labels ordered by height, highest first.
    got = [[t.get_text() for _, t in sorted(zip(ax.get_yticks(), ax.get_yticklabels()), key=lambda p: -p[0])]
           for ax in prob_label_axes(fig)]
    assert got == list(want.values())


def test_prob_better_labels_are_legible_and_apart(full_figures):
    fig = full_figures["diff_horizon"]
    renderer = fig.canvas.get_renderer()
    twins = prob_label_axes(fig)
    data = [ax for ax in data_panels(fig)]
    assert len(twins) == len(data) == 6
    for twin, ax in zip(twins, data):
        boxes = [t.get_window_extent(renderer) for t in twin.get_yticklabels()]
        area = ax.get_window_extent(renderer)
        assert all(b.x0 >= area.x1 for b in boxes), "a P(better) label lies over the data"
        assert all(t.get_fontsize() >= 8 for t in twin.get_yticklabels())
        for a, b in zip(boxes, boxes[1:]):
            assert not a.overlaps(b), "two P(better) labels overlap"
        # Nothing drawn in the next panel to the right may reach into the labels.
        right = [o.get_window_extent(renderer) for o in data if o is not ax
                 and abs(o.get_window_extent(renderer).y0 - area.y0) < 1
                 and o.get_window_extent(renderer).x0 > area.x1]
        for o in right:
            assert all(b.x1 < o.x0 for b in boxes), "a P(better) label runs into the next panel"


# --- the script end to end -----------------------------------------------------------------------

def test_script_writes_the_pictures(source_dir, briefing_aud, tmp_path):
    import subprocess

    p = subprocess.run([str(source_dir / "scripts" / "plot"), str(briefing_aud), "-o", str(tmp_path),
                        "--only", "fan_arrests,spend"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-600:]
    for stem in ("fan_arrests", "spend"):
        png = tmp_path / f"{stem}.png"
        assert png.is_file() and not looks_blank(png), stem


def policy_start_marks(fig):
    """x positions of the 'policy start' labels over all panels."""
    return [t.get_position()[0] for ax in fig.axes for t in ax.texts if "policy start" in t.get_text()]


def test_history_months_are_shaded_and_the_policy_start_marked(briefing, draw, tmp_path):
    """A file whose month axis starts with a history (root attribute history_months, model.md §4
    "History") gets the policy start marked in every month panel; a file without it gets none."""
    plain = draw(briefing, "fan_contact_abuse")["fan_contact_abuse"]
    assert policy_start_marks(plain) == []
    path = tmp_path / "with-history.h5"
    shutil.copyfile(briefing, path)
    with h5py.File(path, "r+") as f:
        f.attrs["history_months"] = np.int64(6)
    fig = draw(path, "fan_contact_abuse")["fan_contact_abuse"]
    marks = policy_start_marks(fig)
    panels = [ax for ax in fig.axes if ax.lines]
    assert len(marks) == len(panels) == len(NAMED)
    assert all(x == 5.5 for x in marks)  # between month 5 (last history month) and month 6
