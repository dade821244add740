"""Golden regression: a fixed run of scenarios/small.toml reproduces tests/golden/small-summary.json
exactly, summary by summary (tests/golden/golden.py says when and how to regenerate it).
"""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "golden"))
import golden  # noqa: E402


@pytest.fixture(scope="module")
def summaries(runs):
    return golden.summarise(runs.run(golden.STUDY, *golden.ARGS).path)


@pytest.mark.parametrize("key", list(golden.expected()))
def test_summary_is_unchanged(summaries, key):
    want, got = golden.expected()[key], summaries[key]
    if key == "scenario":
        assert got == want
        return
    want, got = np.array(want, dtype=float), np.array(got, dtype=float)
    assert got.shape == want.shape
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    assert same.all(), f"{int((~same).sum())} values changed, first at {np.argwhere(~same)[0]}"
