"""The test helpers themselves, on cases with known answers (no fundsim needed): a helper that
cannot see a difference would let every test that uses it pass.
"""
import json
import math
import random
import stat

import h5py
import numpy as np
import pytest

from helpers import complete_run, h5_compare, images, mutants, quantile_rank, readers, schema, stats, studies
from helpers.runs import Fundsim, RunCache, RunFailed


# --- h5_compare -----------------------------------------------------------------------------------

def _file(path, **datasets):
    with h5py.File(path, "w") as f:
        for name, value in datasets.items():
            f.create_dataset(name, data=value)
    return path


def test_h5_compare_finds_identical_files_identical_nan_included(tmp_path):
    a = _file(tmp_path / "a.h5", x=[1.0, np.nan], n=[1, 2])
    b = _file(tmp_path / "b.h5", x=[1.0, np.nan], n=[1, 2])
    assert h5_compare.differences(a, b) == []


@pytest.mark.parametrize("other, problem", [
    ({"x": [1.0, 3.0], "n": [1, 2]}, "x: 1 values differ"),
    ({"x": [1.0, 2.0], "n": [1, 5]}, "n: 1 values differ"),
    ({"x": [1.0, 2.0]}, "dataset names differ"),
    ({"x": np.array([1.0, 2.0], dtype=np.float32), "n": [1, 2]}, "x: float64(2,) vs float32(2,)"),
])
def test_h5_compare_names_each_kind_of_difference(tmp_path, other, problem):
    a = _file(tmp_path / "a.h5", x=[1.0, 2.0], n=[1, 2])
    b = _file(tmp_path / "b.h5", **other)
    assert any(p.startswith(problem) for p in h5_compare.differences(a, b))


# --- stats ----------------------------------------------------------------------------------------

def test_inverted_cdf_is_numpys():
    x = np.random.default_rng(1).integers(0, 50, 101)
    for q in (0.0, 0.01, 0.05, 0.5, 0.95, 1.0):
        assert stats.inverted_cdf(x, q) == np.quantile(x, q, method="inverted_cdf")


def test_rank_error_of_known_values():
    x = np.arange(1, 101)  # share < v is (v - 1) / 100, share <= v is v / 100
    assert stats.rank_error(x, 50, 0.5) == 0
    assert math.isclose(stats.rank_error(x, 60, 0.5), 0.09)
    assert math.isclose(stats.rank_error(x, 40, 0.5), 0.10)
    assert stats.rank_error(x, 50.5, 0.5) == 0         # between two values: exactly at the level
    assert math.isclose(stats.rank_error(x, 51 + 1e-12, 0.5, rel_tol=1e-9), 0.0)


def test_rank_errors_is_rank_error_per_column():
    x = np.random.default_rng(2).normal(size=(200, 3))
    v = np.array([0.0, 1.0, -1.0])
    want = [stats.rank_error(x[:, j], v[j], 0.25) for j in range(3)]
    assert np.allclose(stats.rank_errors(x, v, 0.25), want)


def test_horizon_and_yearly_values_sum_flows_and_take_stocks_at_the_end():
    monthly = np.arange(30).reshape(1, 30)  # one replicate, 30 months
    assert stats.horizon_values(monthly, "flow")[0] == sum(range(30))
    assert stats.horizon_values(monthly, "stock")[0] == 29
    years = [sum(range(12)), sum(range(12, 24)), sum(range(24, 30))]
    assert stats.yearly_values(monthly, "flow").tolist() == [years]
    assert stats.yearly_values(monthly, "stock").tolist() == [[11, 23, 29]]


def test_prob_better_counts_ties_half():
    d = np.array([-2, -1, 0, 0, 3])
    assert stats.prob_better(d, "lower") == (2 * 2 + 2) / 10
    assert stats.prob_better(d, "higher") == (2 * 1 + 2) / 10


def test_exact_mean_and_standard_error():
    x = np.array([1, 2, 3, 4])
    assert stats.exact_mean(x) == 2.5
    assert math.isclose(stats.standard_error(x), np.std(x, ddof=1) / 2)


# --- quantile_rank on a made-up file ---------------------------------------------------------------

def test_stored_quantile_rank_errors_sees_a_wrong_quantile(tmp_path):
    values = np.arange(100, dtype=np.int32).reshape(1, 100, 1, 1)  # scenario, replicate, month, class
    levels = np.array([0.1, 0.5, 0.9])
    right = np.array([9, 49, 89], dtype=float).reshape(1, 3, 1, 1)
    with h5py.File(tmp_path / "f.h5", "w") as f:
        f["quantile"], f["scenario"] = levels, [b"baseline"]
        f["replicates_stored"] = np.array([1], dtype=np.int8)
        f["m"], f["m_quantile"] = values, right
        f["w"], f["w_quantile"] = values, right + np.array([0, 0, 5]).reshape(1, 3, 1, 1)  # 94 at 0.9
        assert quantile_rank.stored_quantile_rank_errors(f, "m")[0].max() == 0
        errors, worst = quantile_rank.stored_quantile_rank_errors(f, "w")
        assert math.isclose(errors.max(), 0.04) and "level 0.9" in worst  # 94: 94% of values below


# --- study edits and mutants ----------------------------------------------------------------------

def test_edited_applies_every_substitution_and_refuses_a_missing_pattern():
    assert studies.edited("a = 1\nb = 2\n", (r"^a = 1", "a = 3"), (r"^b = \d", "b = 4")) == "a = 3\nb = 4\n"
    with pytest.raises(AssertionError, match="pattern not found"):
        studies.edited("a = 1\n", (r"^c = 1", "c = 2"))


def test_mutants_are_the_same_for_the_same_seed_and_single_edits():
    text = "".join(f"key{i} = {i}\n" for i in range(40))
    assert mutants.mutants(text, 20, 5) == mutants.mutants(text, 20, 5)
    assert mutants.mutants(text, 20, 5) != mutants.mutants(text, 20, 6)
    for m in mutants.mutants(text, 50, 7):
        diff = mutants.edit(text, m).splitlines()
        changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        assert len(changed) <= 2, changed  # one line removed, added or replaced


def test_located_message_pattern():
    assert mutants.LOCATED.match("/x/s.toml:12:3: scenario[1].split: ...")
    assert not mutants.LOCATED.match("/x/s.toml: cannot read")


# --- readers --------------------------------------------------------------------------------------

def test_readers_compare_numbers_as_doubles_and_text_as_text():
    assert readers.same("nan", "NaN", text=False) and readers.same("0.1", "0.10000000000000001", text=False)
    assert not readers.same("0.1", "0.10000000000000002", text=False)
    assert readers.same("a b", "a b", text=True) and not readers.same("1", "1.0", text=True)


def test_doc_snippet_is_the_fenced_block_after_its_marker(tmp_path):
    md = tmp_path / "d.md"
    md.write_text("x\n<!-- snippet: one -->\nsome text\n```python\nprint(1)\nprint(2)\n```\n"
                  "```\nnot this\n```\n")
    assert readers.doc_snippet(md, "one") == "print(1)\nprint(2)\n"
    assert readers.doc_snippet(md, "two") == ""


# --- images ---------------------------------------------------------------------------------------

def test_blank_image_is_blank_and_a_drawing_is_not(tmp_path):
    import matplotlib.pyplot as plt
    blank = tmp_path / "blank.png"
    plt.imsave(blank, np.ones((50, 50, 3)))
    drawn = tmp_path / "drawn.png"
    plt.imsave(drawn, np.random.default_rng(3).random((50, 50, 3)))
    assert images.looks_blank(blank) and not images.looks_blank(drawn)


# --- complete_run ---------------------------------------------------------------------------------

def _run_file(path, arrests, sweep_means=None):
    """A run file with one named scenario (ARRESTS) and optionally a sweep point whose monthly
    means are SWEEP_MEANS (NaN, as without --sweep-months)."""
    means, stored, sweep = arrests.mean(axis=1), [1], [b""]
    if sweep_means is not None:
        means = np.concatenate([means, sweep_means[None]])
        arrests = np.concatenate([arrests, np.full_like(arrests, -1)])
        stored, sweep = [1, 0], [b"", b"grid"]
    with h5py.File(path, "w") as f:
        f.attrs["replicates"] = arrests.shape[1]
        f["replicates_stored"] = np.array(stored, dtype=np.int8)
        f["sweep"] = np.array(sweep)
        f["arrests"] = arrests
        f["arrests_mean"] = means
        f["arrests_horizon_mean"] = np.nansum(means, axis=(1, 2))
    return path


def test_complete_run_accepts_a_full_file_and_names_unwritten_chunks(tmp_path):
    good = np.ones((1, 4, 2, 1), dtype=np.int32)
    assert complete_run.problems(_run_file(tmp_path / "g.h5", good), 4) == []
    bad = good.copy()
    bad[0, 2] = -1
    found = complete_run.problems(_run_file(tmp_path / "b.h5", bad), 4)
    assert "unwritten chunks (fill value) in arrests" in found
    assert complete_run.problems(tmp_path / "missing.h5", 4)[0].startswith("cannot open")


def test_complete_run_allows_nan_monthly_means_of_sweep_points_only(tmp_path):
    good = np.ones((1, 4, 2, 1), dtype=np.int32)
    nan = np.full((2, 1), np.nan)
    assert complete_run.problems(_run_file(tmp_path / "s.h5", good, nan), 4) == []
    with h5py.File(_run_file(tmp_path / "n.h5", good), "r+") as f:
        f["arrests_mean"][0, 0, 0] = np.nan
    assert "arrests_mean of a named scenario is not finite" in complete_run.problems(tmp_path / "n.h5", 4)


# --- the run cache and the schema loader, with a stand-in for fundsim -----------------------------

FAKE = """#!/bin/sh
# Stand-in for fundsim: `run STUDY ARGS... -o OUT` copies STUDY and ARGS into OUT and counts calls.
echo x >> "$(dirname "$0")/calls"
if [ "$1" = schema ]; then cat "$(dirname "$0")/schema.json" || exit 2; exit 0; fi
study=$2; shift 2
out=""; args=""
while [ $# -gt 0 ]; do
  if [ "$1" = -o ]; then out=$2; shift; else args="$args $1"; fi
  shift
done
case "$args" in *fail*) echo "failed on purpose" >&2; exit 1 ;; esac
{ cat "$study"; echo "$args"; } > "$out"
echo "stderr of$args" >&2
"""


@pytest.fixture
def fake(tmp_path):
    exe = tmp_path / "bin" / "fundsim"
    exe.parent.mkdir()
    exe.write_text(FAKE)
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "s.toml").write_text("study one\n")
    return Fundsim(exe, tmp_path)


def _calls(fake):
    calls = fake.path.parent / "calls"
    return len(calls.read_text().splitlines()) if calls.exists() else 0


def test_run_cache_runs_once_per_study_and_arguments(fake, tmp_path):
    cache = RunCache(fake, tmp_path / "cache")
    first = cache.run("s.toml", "--replicates", "5")
    again = RunCache(fake, tmp_path / "cache").run("s.toml", "--replicates", "5")  # another process
    assert _calls(fake) == 1 and first == again
    assert first.path.read_text() == "study one\n --replicates 5 --quiet\n"
    assert first.stderr == "stderr of --replicates 5 --quiet\n"
    cache.run("s.toml", "--replicates", "6")
    (tmp_path / "scenarios" / "s.toml").write_text("study two\n")  # the same name, other content
    assert cache.run("s.toml", "--replicates", "5").path.read_text().startswith("study two")
    assert _calls(fake) == 3


def test_run_cache_keeps_no_failed_run(fake, tmp_path):
    cache = RunCache(fake, tmp_path / "cache")
    for _ in range(2):
        with pytest.raises(RunFailed, match="failed on purpose"):
            cache.run("s.toml", "--fail")
    assert _calls(fake) == 2


def test_run_cache_forgets_the_runs_of_another_binary(fake, tmp_path):
    RunCache(fake, tmp_path / "cache").run("s.toml")
    fake.path.write_text(FAKE + "# rebuilt\n")
    rebuilt = Fundsim(fake.path, tmp_path)
    RunCache(rebuilt, tmp_path / "cache").run("s.toml")
    assert [d.name for d in (tmp_path / "cache").iterdir() if d.is_dir()] == [rebuilt.sha256[:16]]
    assert _calls(fake) == 2


def _metric(name, **kw):
    return {"name": name, "per_class": True, "kind": "flow", "better": "higher", "units": "u",
            "long_name": name, "dtype": "int32", "in_differences": True, **kw}


def test_schema_loads_the_documented_format(fake):
    raw = {"metrics": [_metric("arrests"), _metric("capacity", per_class=False, kind="level", better="none",
                                                   dtype="float32", in_differences=False)],
           "effect_targets": [], "distributions": [], "study_keys": {}}
    (fake.path.parent / "schema.json").write_text(json.dumps(raw))
    s = schema.load(fake.path)
    assert [m.name for m in s.metrics] == ["arrests", "capacity"]
    assert [m.name for m in s.difference_metrics] == ["arrests"]
    assert s.metric("capacity").kind == "level"


@pytest.mark.parametrize("content", [None, "not json", json.dumps({"metrics": [{"name": "x"}]})],
                         ids=["command missing", "not JSON", "fields missing"])
def test_schema_unavailable_is_an_error_not_an_empty_list(fake, content, tmp_path):
    exe = tmp_path / "other" / "fundsim"  # a path of its own: schema.load remembers each binary
    exe.parent.mkdir()
    exe.write_text(FAKE)
    exe.chmod(0o755)
    if content is not None:
        (exe.parent / "schema.json").write_text(content)
    with pytest.raises(schema.SchemaUnavailable):
        schema.load(exe)


def test_random_module_is_not_seeded_by_the_helpers():
    # mutants use their own Random(seed); the global generator stays the test runner's.
    state = random.getstate()
    mutants.mutants("a = 1\nb = 2\n", 5, 1)
    assert random.getstate() == state
