"""fundsim run --shard I/N + fundsim merge (docs/cluster.md): the merged file's datasets are
bitwise those of one run (a Latin hypercube study, whose design depends on the replicate count;
full and summary-only; shards merged in any order); bad shard sets are refused with exit 2 and a
message naming the problem.
"""
import shutil

import pytest

from helpers import h5
from helpers.h5_compare import differences

STUDY = "small.toml"  # sampling = "lhs"
COMMON = ("--replicates", "240", "--seed", "4242")
MODES = {"full": (), "summary-only": ("--summary-only",)}


def shard(runs, mode, i, n, *extra):
    return runs.run(STUDY, *COMMON, *MODES[mode], "--threads", "1", "--shard", f"{i}/{n}", *extra).path


@pytest.fixture(scope="module", params=MODES)
def mode(request):
    return request.param


@pytest.fixture(scope="module")
def single_run(runs):
    return {m: runs.run(STUDY, *COMMON, *extra, "--threads", "2").path for m, extra in MODES.items()}


@pytest.fixture(scope="module")
def three_shards(runs):
    return {m: [shard(runs, m, i, 3) for i in range(3)] for m in MODES}


def merge(fundsim, out, *shards):
    return fundsim.call("merge", out, *shards)


def test_three_shards_merged_out_of_order_are_bitwise_the_single_run(fundsim, tmp_path, single_run,
                                                                     three_shards, mode):
    s = three_shards[mode]
    p = merge(fundsim, tmp_path / "merged.h5", s[2], s[0], s[1])
    assert p.returncode == 0, p.stderr
    assert differences(single_run[mode], tmp_path / "merged.h5") == []


def test_seven_shards_merge_to_the_single_run(fundsim, runs, tmp_path, single_run):
    shards = [shard(runs, "summary-only", i, 7) for i in range(7)]
    p = fundsim.call("merge", tmp_path / "seven.h5", *shards, "--quiet")
    assert p.returncode == 0, p.stderr
    assert differences(single_run["summary-only"], tmp_path / "seven.h5") == []


def test_shard_file_names_its_shard_and_replicates(three_shards):
    with h5.open_file(three_shards["full"][1]) as f:
        assert h5.text(f.attrs["shard"]) == "1/3"
        assert h5.text(f.attrs["shard_replicates"]) == "80-159"


# --- refused merges: exit 2, a message naming the problem, no output ------------------------------

def _refused(fundsim, tmp_path, shards, message=None):
    out = tmp_path / "x.h5"
    p = merge(fundsim, out, *shards)
    assert p.returncode == 2, p.stderr
    if message:
        assert message in p.stderr, p.stderr
    assert not out.exists()


def test_missing_shard_is_refused_and_named(fundsim, tmp_path, three_shards):
    s = three_shards["full"]
    _refused(fundsim, tmp_path, [s[0], s[2]], "shard 1/3 missing")


def test_duplicated_shard_is_refused_and_named(fundsim, tmp_path, three_shards):
    s = three_shards["full"]
    _refused(fundsim, tmp_path, [s[0], s[1], s[1], s[2]], "given twice")


def test_shard_of_another_seed_is_refused_and_named(fundsim, runs, tmp_path, three_shards):
    s = three_shards["full"]
    other = runs.run(STUDY, "--replicates", "240", "--seed", "4243", "--shard", "1/3").path
    _refused(fundsim, tmp_path, [s[0], other, s[2]], "seed differs")


def test_shards_of_full_and_summary_only_runs_do_not_mix(fundsim, tmp_path, three_shards):
    s = three_shards["full"]
    _refused(fundsim, tmp_path, [s[0], three_shards["summary-only"][1], s[2]])


def test_whole_run_file_is_not_a_shard(fundsim, tmp_path, single_run):
    _refused(fundsim, tmp_path, [single_run["full"]], "not a fundsim shard")


def test_file_that_is_not_hdf5_is_refused(fundsim, tmp_path):
    junk = tmp_path / "junk.h5"
    junk.write_text("not hdf5\n")
    _refused(fundsim, tmp_path, [junk])


def test_merge_does_not_replace_an_existing_output(fundsim, tmp_path, single_run, three_shards):
    existing = tmp_path / "merged.h5"
    shutil.copy(single_run["full"], existing)
    p = merge(fundsim, existing, *three_shards["full"])
    assert p.returncode == 3, p.stderr
    assert differences(single_run["full"], existing) == []


# --- bad --shard values: exit 2 -------------------------------------------------------------------

@pytest.mark.parametrize("value", ["3/3", "1/0", "x/3", "-1/3", "1/", "2"])
def test_bad_shard_is_refused(fundsim, tmp_path, value):
    p = fundsim.call("run", fundsim.study(STUDY), "--replicates", "10", "--shard", value,
                     "-o", tmp_path / "bad.h5")
    assert p.returncode == 2, p.stderr


def test_more_shards_than_replicates_is_refused(fundsim, tmp_path):
    p = fundsim.call("run", fundsim.study(STUDY), "--replicates", "4", "--shard", "0/5",
                     "-o", tmp_path / "bad.h5")
    assert p.returncode == 2, p.stderr
