"""Robustness: 150 random single edits of each of two valid studies (small.toml, uk-2018.toml;
fixed seeds, so the same mutants every run). Each mutant validates and then runs, or is rejected
with exit 2 and a message located FILE:LINE:COLUMN: - never a crash, a hang or another exit.
A run may also stop with exit 1 and a clear numeric error naming the study, scenario and
replicate, for parameters in range that make a draw impossible (e.g. onset_growth = 1e308).
"""
import subprocess
from pathlib import Path

import pytest

from helpers.mutants import LOCATED, edit, mutants

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
# (study, mutants, seed)
CASES = [("small.toml", 150, 1), ("uk-2018.toml", 150, 2)]
MUTANTS = [pytest.param(study, n, text, id=f"{study.removesuffix('.toml')}-{n}")
           for study, count, seed in CASES
           for n, text in enumerate(mutants((SCENARIOS / study).read_text(), count, seed))]


@pytest.mark.parametrize("study, n, text", MUTANTS)
def test_mutant_runs_or_is_rejected_with_a_location(fundsim, tmp_path, study, n, text):
    path = tmp_path / "mutant.toml"
    path.write_text(text)
    change = edit((SCENARIOS / study).read_text(), text)
    try:
        p = fundsim.call("validate", path, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"validate hangs on:\n{change}")
    if p.returncode == 2:
        assert LOCATED.match(p.stderr) and p.stderr.startswith(f"{path}:"), \
            f"rejected without a location: {p.stderr[:300]}\n{change}"
        return
    assert p.returncode == 0, f"validate exits {p.returncode}: {p.stderr[:300]}\n{change}"
    # A study that validates must run.
    r = fundsim.call("run", path, "--replicates", "3", "--summary-only", "--quiet", "--overwrite",
                     "-o", tmp_path / "mutant.h5", timeout=120)
    numeric = (r.returncode == 1 and r.stderr.startswith(f"{path}: scenario '")
               and "replicate" in r.stderr and "too large" in r.stderr)
    assert r.returncode == 0 or numeric, f"validates but run exits {r.returncode}: {r.stderr[:300]}\n{change}"
