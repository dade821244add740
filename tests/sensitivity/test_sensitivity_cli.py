"""`fundsim sensitivity` end to end (docs/sensitivity.md), on tests/data/studies/sensitivity.toml:
five uncertain parameters, one of which (`unused.onset.max_effect`) no scenario uses.

Each method runs once (module fixtures) with --format json and an output file; the tests then
check the JSON shape the issue gives, that the file opens in xarray and holds the same numbers,
that the unused parameter gets zero, that thread counts change nothing, that PRCC of a full run's
file equals PRCC of the same design from the study, that bad options exit 2 with a message
naming the option, and that scripts/plot draws every picture.
"""
import json
import math
import subprocess
import sys

import numpy as np
import pytest
import xarray as xr

STUDY = "tests/data/studies/sensitivity.toml"
UNUSED = "unused.onset.max_effect"
SAMPLES = {"prcc": 200, "morris": 30, "sobol": 128}
INDEX_NAMES = {"prcc": {None}, "morris": {"mu_star", "sigma"}, "sobol": {"S1", "ST"}}


@pytest.fixture(scope="module")
def study(source_dir):
    return source_dir / STUDY


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("sensitivity")


def run_method(fundsim, study, work, method, *extra, name=None):
    out = work / f"{name or method}.h5"
    r = fundsim.call("sensitivity", study, "--method", method, "--samples", SAMPLES[method],
                     "--format", "json", "-o", out, "--overwrite", "--quiet", *extra)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout), out


@pytest.fixture(scope="module")
def results(fundsim, study, work):
    """{method: (json document, output file)} with 2 threads."""
    return {m: run_method(fundsim, study, work, m, "--threads", "2") for m in SAMPLES}


@pytest.mark.parametrize("method", sorted(SAMPLES))
def test_json_shape(results, method):
    doc, _ = results[method]
    assert doc["method"] == method
    assert set(doc) >= {"method", "indices", "noise_share"}
    entries = doc["indices"]
    # 5 factors x 5 targets (3 scenarios, 2 differences) x 5 quantities x 3 periods per index.
    assert len(entries) == 5 * 5 * 5 * 3 * len(INDEX_NAMES[method])
    for e in entries:
        keys = {"parameter", "scenario", "metric", "period", "value", "ci"}
        assert set(e) >= keys, e
        assert e.get("index") in INDEX_NAMES[method]
        if e["ci"] is not None:
            assert len(e["ci"]) == 2
            lo, hi = e["ci"]
            if e["value"] is not None and lo is not None:
                assert lo <= hi
    assert {e["scenario"] for e in entries} == {
        "baseline", "funded", "late", "funded - baseline", "late - baseline"}
    assert {e["period"] for e in entries} == {"horizon", "year 0", "year 1"}
    assert {e["metric"] for e in entries} == {"contact_abuse", "arrests", "safeguarded", "active",
                                              "harm"}
    if method == "prcc":
        assert all(e["value"] is None or -1 <= e["value"] <= 1 for e in entries)
        assert all("p_value" in e for e in entries)
    if method == "morris":
        assert all(e["ci"] is None for e in entries if e["index"] == "sigma")
    assert len(doc["noise_share"]) == 5 * 5 * 3
    for n in doc["noise_share"]:
        assert set(n) >= {"scenario", "metric", "period", "value"}


@pytest.mark.parametrize("method", sorted(SAMPLES))
def test_file_opens_in_xarray_and_matches_json(results, method):
    doc, path = results[method]
    with xr.open_dataset(path) as ds:
        assert ds.attrs["file_kind"] == "sensitivity"
        assert ds.attrs["method"] == method
        for attr in ("study", "study_sha256", "seed", "command_line", "fundsim_version"):
            assert attr in ds.attrs
        assert dict(ds.sizes) == {"parameter": 5, "scenario": 5, "metric": 5, "period": 3}
        name = {"prcc": "prcc", "morris": "mu_star", "sobol": "ST"}[method]
        assert ds[name].dims == ("scenario", "metric", "period", "parameter")
        for e in doc["indices"]:
            if e.get("index", name) != name:
                continue
            v = float(ds[name].sel(scenario=e["scenario"], metric=e["metric"], period=e["period"],
                                   parameter=e["parameter"]))
            if e["value"] is None:
                assert math.isnan(v)
            else:
                assert v == e["value"]


@pytest.mark.parametrize("method", sorted(SAMPLES))
def test_unused_parameter_gets_zero(results, method):
    """Sobol' and Morris give exactly 0 (its steps change nothing); PRCC only noise."""
    doc, _ = results[method]
    values = [e["value"] for e in doc["indices"] if e["parameter"] == UNUSED
              and e.get("index") != "sigma" and e["value"] is not None]
    assert values
    if method == "prcc":
        # 4 standard errors of a null correlation, 1/sqrt(N - D).
        assert max(abs(v) for v in values) < 4 / math.sqrt(SAMPLES[method] - 5)
    else:
        assert all(v == 0 for v in values)
    used = [abs(e["value"]) for e in doc["indices"] if e["parameter"] == "offender.arrest"
            and e["value"] is not None and e.get("index") != "sigma"]
    assert max(used) > 0.3  # a used parameter is not zero, so the check above can fail


def test_sobol_first_order_within_total(results):
    doc, _ = results["sobol"]
    cells = {}
    for e in doc["indices"]:
        key = (e["parameter"], e["scenario"], e["metric"], e["period"])
        cells.setdefault(key, {})[e["index"]] = e
    checked = 0
    for key, c in cells.items():
        s1, st = c["S1"], c["ST"]
        if s1["value"] is None:
            continue
        assert s1["ci"][0] <= st["ci"][1], key
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("method", sorted(SAMPLES))
def test_threads_change_nothing(fundsim, study, work, results, method):
    doc1, _ = run_method(fundsim, study, work, method, "--threads", "1", name=f"{method}-1")
    doc2, _ = results[method]
    assert doc1["indices"] == doc2["indices"]
    assert doc1["noise_share"] == doc2["noise_share"]


def test_prcc_of_a_run_equals_prcc_of_the_study(fundsim, study, work):
    """The study's sampling is LHS: `run --replicates N` holds the design PRCC draws itself.
    Monthly values too: the run's per-replicate months give the study's monthly PRCC."""
    run = work / "run.h5"
    r = fundsim.call("run", study, "-o", run, "--replicates", 120, "--seed", 5, "--quiet")
    assert r.returncode == 0, r.stderr
    monthly = ["--monthly", "--metrics", "arrests,harm,active"]
    from_file = fundsim.call("sensitivity", run, "--method", "prcc", "--format", "json",
                             "-o", work / "from-file.h5", "--quiet", *monthly)
    assert from_file.returncode == 0, from_file.stderr
    from_study = fundsim.call("sensitivity", study, "--method", "prcc", "--samples", 120,
                              "--seed", 5, "--format", "json", "-o", work / "from-study.h5",
                              "--quiet", *monthly)
    assert from_study.returncode == 0, from_study.stderr
    a, b = json.loads(from_file.stdout), json.loads(from_study.stdout)
    assert len(a["indices"]) == 5 * 5 * 3 * (3 + 24)  # months included
    assert a["indices"] == b["indices"]
    assert a["noise_share"] == []  # a run has no repeated rows
    with xr.open_dataset(work / "from-file.h5") as ds:
        assert ds.attrs["source"] == str(run)


def test_table_lists_the_top_drivers(fundsim, study, work):
    r = fundsim.call("sensitivity", study, "--method", "sobol", "--samples", 64, "--top", 2,
                     "--metrics", "arrests", "--scenarios", "funded", "-o", work / "t.h5",
                     "--quiet")
    assert r.returncode == 0, r.stderr
    assert "funded - baseline: arrests" in r.stdout
    block = r.stdout.split("funded - baseline: arrests")[1]
    assert "offender.offence_rate" in block.splitlines()[3]  # rank 1 (after header and rule)
    assert UNUSED not in block


def test_existing_output_is_kept(fundsim, study, work):
    out = work / "kept.h5"
    out.write_text("not mine")
    r = fundsim.call("sensitivity", study, "--method", "prcc", "--samples", 50, "-o", out)
    assert r.returncode == 3
    assert out.read_text() == "not mine"


BAD = [
    (["--method", "anova"], "--method must be prcc, morris or sobol"),
    ([], "--method prcc, morris or sobol is required"),
    (["--method", "sobol", "--samples", "0"], "--samples"),
    (["--method", "sobol", "--samples", "ten"], "--samples"),
    (["--method", "prcc", "--samples", "8"], "--samples: PRCC with 5 uncertain parameters"),
    (["--method", "morris", "--samples", "1"], "--samples: Morris"),
    (["--method", "sobol", "--metrics", "arests"], "did you mean 'arrests'"),
    (["--method", "sobol", "--metrics", "capacity"], "--metrics"),
    (["--method", "sobol", "--scenarios", "fundd"], "--scenarios: no scenario is named 'fundd'"),
    (["--method", "sobol", "--reference", "nope"], "--reference: no scenario is named 'nope'"),
    (["--method", "sobol", "--monthly"], "--monthly is for --method prcc"),
    (["--method", "sobol", "--format", "xml"], "--format must be table or json"),
    (["--method", "sobol", "--confidence", "1.5"], "--confidence"),
    (["--method", "sobol", "--period", "year 9"], "--period 'year 9'"),
    (["--method", "sobol", "--threads", "0"], "--threads"),
    (["--method", "sobol", "--bogus"], "bogus"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a) or "no-method" for a, _ in BAD])
def test_bad_options_exit_2(fundsim, study, work, args, message):
    r = fundsim.call("sensitivity", study, *args, "-o", work / "bad.h5", "--overwrite")
    assert r.returncode == 2, r.stderr
    assert message in r.stderr
    assert not (work / "bad.h5").exists()


def test_results_file_refusals(fundsim, study, work):
    summary = work / "summary.h5"
    r = fundsim.call("run", study, "-o", summary, "--replicates", 20, "--summary-only", "--quiet")
    assert r.returncode == 0, r.stderr
    r = fundsim.call("sensitivity", summary, "--method", "prcc", "-o", work / "x.h5")
    assert r.returncode == 2 and "summary-only" in r.stderr
    full = work / "full-small.h5"
    assert fundsim.call("run", study, "-o", full, "--replicates", 20, "--quiet").returncode == 0
    for args, message in ((["--method", "sobol"], "--method prcc only"),
                          (["--method", "prcc", "--samples", "10"], "--samples does not apply"),
                          (["--method", "prcc", "--monthly", "--scenarios", "all"],
                           "does not keep")):
        r = fundsim.call("sensitivity", full, *args, "-o", work / "x.h5")
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr, r.stderr
    r = fundsim.call("sensitivity", full, "--method", "prcc", "--monthly", "-o", work / "m.h5",
                     "--quiet", "--metrics", "arrests")
    assert r.returncode == 0, r.stderr
    with xr.open_dataset(work / "m.h5") as ds:
        assert ds.sizes["period"] == 3 + 24


def test_monthly_prcc_of_the_study(fundsim, study, work):
    out = work / "monthly.h5"
    r = fundsim.call("sensitivity", study, "--method", "prcc", "--samples", 60, "--monthly",
                     "--metrics", "harm,arrests", "-o", out, "--quiet")
    assert r.returncode == 0, r.stderr
    with xr.open_dataset(out) as ds:
        assert list(ds["period"].values[-2:]) == ["month 22", "month 23"]
        assert list(ds["metric"].values) == ["harm", "arrests"]
        assert np.isfinite(ds["prcc"].sel(scenario="baseline", period="month 23").values).all()


EXPECTED_PLOTS = {
    "prcc": ["tornado_", "prcc_time_"],
    "morris": ["tornado_", "morris_"],
    "sobol": ["tornado_", "sobol_"],
}
PLOT_METRICS = ["harm", "arrests"]  # an objective and a metric keep the drawing short


@pytest.fixture(scope="module")
def plots(fundsim, study, work, source_dir):
    """{method: (completed process, output dir)}: scripts/plot on a file of each method, the
    three drawn at once."""
    jobs = {}
    for method in sorted(SAMPLES):
        path = work / f"plot-{method}.h5"
        r = fundsim.call("sensitivity", study, "--method", method, "--samples", SAMPLES[method],
                         "--metrics", ",".join(PLOT_METRICS), "-o", path, "--quiet")
        assert r.returncode == 0, r.stderr
        outdir = work / f"plots-{method}"
        jobs[method] = (subprocess.Popen([sys.executable, source_dir / "scripts" / "plot", path,
                                          "-o", outdir], stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True), outdir)
    done = {}
    for method, (process, outdir) in jobs.items():
        out, err = process.communicate(timeout=300)
        done[method] = (process.returncode, out, err, outdir)
    return done


@pytest.mark.parametrize("method", sorted(SAMPLES))
def test_plots(plots, method):
    returncode, out, err, outdir = plots[method]
    assert returncode == 0, err
    written = sorted(out.split())
    want = sorted([str(outdir / f"{p}{m}.png") for p in EXPECTED_PLOTS[method]
                   for m in PLOT_METRICS] + [str(outdir / "noise_share.png")])
    assert written == want
    import matplotlib.image as mpimg
    for f in written:
        img = mpimg.imread(f)[..., :3]
        assert img.std() > 0.03, f"{f} looks blank"


def test_sweep_point_names_keep_their_commas(fundsim, study, work):
    """--scenarios splits at commas outside brackets: sweep point names hold commas."""
    r = fundsim.call("sensitivity", study, "--method", "prcc", "--samples", 40, "--metrics",
                     "arrests", "--scenarios", "half[enforcement=1,detection=0],late",
                     "--format", "json", "-o", work / "sweep.h5", "--overwrite", "--quiet")
    assert r.returncode == 0, r.stderr
    targets = {e["scenario"] for e in json.loads(r.stdout)["indices"]}
    assert targets == {"baseline", "half[enforcement=1,detection=0]", "late",
                       "half[enforcement=1,detection=0] - baseline", "late - baseline"}


def test_stop_request_leaves_no_file(fundsim, source_dir, work):
    """SIGTERM during a long design: exit 128 + 15, nothing at the output path."""
    import signal
    import time
    out = work / "stopped.h5"
    process = subprocess.Popen([str(fundsim.path), "sensitivity", source_dir / "scenarios" /
                                "uk-2018.toml", "--method", "sobol", "--samples", "4096", "-o",
                                out, "--threads", "2", "--quiet"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + 15, err
    assert "no output was written" in err
    assert not out.exists()
    assert not list(work.glob(".stopped.h5*"))
