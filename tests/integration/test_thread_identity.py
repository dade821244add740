"""Same study, seed and build: bitwise-identical datasets for 1, 2 and 4 threads (model.md 6);
another seed gives other results; a summary-only run's summaries are the full run's.
Runs under ThreadSanitizer too (scripts/test.sh --tsan).
"""
import pytest

from helpers import h5
from helpers.h5_compare import differences

COMMON = ("--replicates", "300")


@pytest.fixture(scope="module")
def one_thread(runs):
    return runs.run("small.toml", *COMMON, "--threads", "1")


@pytest.mark.parametrize("threads", [2, 4])
def test_every_dataset_is_bitwise_that_of_one_thread(runs, one_thread, threads):
    other = runs.run("small.toml", *COMMON, "--threads", str(threads))
    assert differences(one_thread.path, other.path) == []


def test_another_seed_changes_the_results(runs, one_thread):
    other = runs.run("small.toml", *COMMON, "--seed", "7")
    assert differences(one_thread.path, other.path) != []


def test_summary_only_summaries_are_bitwise_those_of_the_full_run(runs, one_thread):
    summary_only = runs.run("small.toml", *COMMON, "--threads", "2", "--summary-only")
    with h5.open_file(one_thread.path) as full, h5.open_file(summary_only.path) as so:
        names = [n for n in so if n.endswith(("_mean", "_sd", "_quantile"))]
        assert len(names) > 40, names
        changed = [n for n in names if full[n][()].tobytes() != so[n][()].tobytes()]
        assert changed == []
