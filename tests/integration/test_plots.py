"""scripts/plot on a full and a summary-only file of small.toml and on a summary-only file of the
default study (uk-2018.toml: its sweep is over 3 levers, so the ternary heatmaps are drawn). Every
expected PNG exists, is > 10 kB and is not blank; that includes the paired differences from the
baseline (diff_*), which come from the NAME_diff_* datasets of every file, and the decision
plots of the default objectives (decision_*, acceptability). The SVG run draws a few
plots only (--only), which keeps the test short.
"""
import subprocess

import pytest

from helpers.images import pixel_spread
from helpers.shared_runs import UK_SUMMARY_400

FANS = ["fan_referrals", "fan_arrests", "fan_active", "fan_backlog", "fan_contact_abuse"]
DIFFS = ["diff_horizon", "diff_month_contact_abuse", "diff_month_arrests"]
# Decision plots (docs/output-format.md §6), one per default objective: P(best) from the streamed
# statistics (every file); EVPPI and the acceptability curve from per-replicate values (full files).
OBJECTIVES = ["contact_abuse", "arrests", "safeguarded", "active"]
P_BEST = [f"decision_p_best_{o}" for o in OBJECTIVES]
EVPPI = [f"decision_evppi_{o}" for o in OBJECTIVES]
EXPECTED = {
    "small": FANS + ["horizon_totals", "spend", "sweep_enf-prev"] + DIFFS + P_BEST + EVPPI
    + ["acceptability"],
    "small-so": FANS + ["horizon_totals", "spend", "sweep_enf-prev"] + DIFFS + P_BEST,
    "uk": FANS + ["horizon_totals", "spend", "sweep_split-grid_contact_abuse",
                  "sweep_split-grid_arrests"] + DIFFS + P_BEST,
}
SVG_ONLY = ["spend"] + DIFFS
MIN_BYTES = 10240


@pytest.fixture(scope="module")
def plot_script(source_dir):
    return source_dir / "scripts" / "plot"


@pytest.fixture(scope="module")
def plotted(plot_script, small_full_200, small_summary_200, runs, tmp_path_factory):
    """Every plot run, two at a time: name -> (output directory, stdout, stderr, exit code).
    The uk-2018 file is asked for once two plots are running: another test module may be making
    it (the run cache makes this one wait), and the plots use the time."""
    out = tmp_path_factory.mktemp("plots")
    jobs = {"small": lambda: [small_full_200.path, "-o", out / "small"],
            "small-so": lambda: [small_summary_200.path, "-o", out / "small-so"],
            "uk": lambda: [runs.run(*UK_SUMMARY_400).path, "-o", out / "uk"],
            "svg": lambda: [small_full_200.path, "-o", out / "svg", "--format", "svg",
                            "--only", "spend,diff_"]}
    done, running = {}, []
    for name, args in jobs.items():
        arguments = [str(plot_script), *map(str, args())]
        if len(running) == 2:
            finished, proc = running.pop(0)
            done[finished] = proc.communicate(timeout=600) + (proc.returncode,)
        running.append((name, subprocess.Popen(arguments, stdout=subprocess.PIPE,
                                               stderr=subprocess.PIPE, text=True)))
    for name, proc in running:
        done[name] = proc.communicate(timeout=600) + (proc.returncode,)
    return {name: (out / name, *done[name]) for name in jobs}


@pytest.mark.parametrize("run", EXPECTED)
def test_plot_exits_0(plotted, run):
    _, _, stderr, code = plotted[run]
    assert code == 0, stderr[-600:]


@pytest.mark.parametrize("run", EXPECTED)
def test_plot_creates_the_output_directory(plotted, run):
    assert plotted[run][0].is_dir()


@pytest.mark.parametrize("run", EXPECTED)
def test_files_printed_are_the_files_expected(plotted, run):
    directory, stdout, _, _ = plotted[run]
    assert sorted(stdout.split()) == sorted(str(directory / f"{s}.png") for s in EXPECTED[run])


PNGS = [(run, stem) for run, stems in EXPECTED.items() for stem in stems]


@pytest.mark.parametrize("run, stem", PNGS, ids=[f"{r}/{s}" for r, s in PNGS])
def test_png_is_over_10_kb(plotted, run, stem):
    png = plotted[run][0] / f"{stem}.png"
    assert png.is_file(), "missing"
    assert png.stat().st_size > MIN_BYTES


@pytest.mark.parametrize("run, stem", PNGS, ids=[f"{r}/{s}" for r, s in PNGS])
def test_png_is_not_blank(plotted, run, stem):
    png = plotted[run][0] / f"{stem}.png"
    assert png.is_file(), "missing"
    sd, colours = pixel_spread(png)
    assert sd > 0.03 and colours > 2, f"looks blank: pixel sd {sd:.3f}, {colours} distinct colours"


def test_svg_with_only_exits_0(plotted):
    _, _, stderr, code = plotted["svg"]
    assert code == 0, stderr[-600:]


def test_only_writes_exactly_the_plots_asked_for(plotted):
    directory, stdout, _, _ = plotted["svg"]
    assert sorted(stdout.split()) == sorted(str(directory / f"{s}.svg") for s in SVG_ONLY)


@pytest.mark.parametrize("stem", SVG_ONLY)
def test_svg_is_written(plotted, stem):
    svg = plotted["svg"][0] / f"{stem}.svg"
    assert svg.is_file() and "<svg" in svg.read_text()


def test_missing_input_file_is_refused(plot_script, tmp_path):
    p = subprocess.run([str(plot_script), str(tmp_path / "no-such.h5"), "-o", str(tmp_path / "x")],
                       capture_output=True, text=True)
    assert p.returncode == 2, p.stderr


def test_unknown_format_is_refused(plot_script, small_summary_200, tmp_path):
    p = subprocess.run([str(plot_script), str(small_summary_200.path), "-o", str(tmp_path / "x"),
                        "--format", "gif"], capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
