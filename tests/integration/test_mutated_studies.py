"""Robustness: 150 random single edits of each of two valid studies (small.toml, uk-2018.toml;
fixed seeds, so the same mutants every run). Each mutant validates and then runs, or is rejected
with exit 2 and a message located FILE:LINE:COLUMN: - never a crash, a hang or another exit.
A run may also stop with exit 1 and a clear numeric error naming the study, scenario and
replicate, for parameters in range that make a draw impossible (e.g. onset_growth = 1e308).
The sanitizer stage runs the first 50 mutants of each study (the rest are marked `extended`);
the study reader is fuzzed under ASan and UBSan as well (docs/robustness.md).
"""
import hashlib
import subprocess
from pathlib import Path

import pytest

from helpers.mutants import LOCATED, edit, mutants

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
# (study, mutants, seed)
CASES = [("small.toml", 150, 1), ("uk-2018.toml", 150, 2)]
UNDER_SANITIZERS = 50  # the first mutants of each study; the others are `extended`
MUTANTS = [pytest.param(study, n, text, id=f"{study.removesuffix('.toml')}-{n}",
                        marks=[pytest.mark.extended] if n >= UNDER_SANITIZERS else [])
           for study, count, seed in CASES
           for n, text in enumerate(mutants((SCENARIOS / study).read_text(), count, seed))]


@pytest.fixture(scope="module")
def outcome(fundsim, tmp_path_factory):
    """outcome(text) -> (validate, run or None): fundsim on a mutant, once per distinct text.
    About one mutant in seven is byte for byte the study or another mutant (an edit of a blank
    line, a line reversed twice): the same input gives the same result."""
    directory = tmp_path_factory.mktemp("mutants")
    done = {}

    def get(text):
        if text not in done:
            path = directory / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.toml"
            path.write_text(text)
            try:
                v = fundsim.call("validate", path, timeout=30)
            except subprocess.TimeoutExpired:
                v = None
            r = None
            if v is not None and v.returncode == 0:  # a study that validates must run
                r = fundsim.call("run", path, "--replicates", "3", "--summary-only", "--quiet",
                                 "--overwrite", "-o", path.with_suffix(".h5"), timeout=120)
            done[text] = (path, v, r)
        return done[text]
    return get


@pytest.mark.parametrize("study, n, text", MUTANTS)
def test_mutant_runs_or_is_rejected_with_a_location(outcome, study, n, text):
    path, v, r = outcome(text)
    change = edit((SCENARIOS / study).read_text(), text)
    assert v is not None, f"validate hangs on:\n{change}"
    if v.returncode == 2:
        assert LOCATED.match(v.stderr) and v.stderr.startswith(f"{path}:"), \
            f"rejected without a location: {v.stderr[:300]}\n{change}"
        return
    assert v.returncode == 0, f"validate exits {v.returncode}: {v.stderr[:300]}\n{change}"
    numeric = (r.returncode == 1 and r.stderr.startswith(f"{path}: scenario '")
               and "replicate" in r.stderr and "too large" in r.stderr)
    assert r.returncode == 0 or numeric, f"validates but run exits {r.returncode}: {r.stderr[:300]}\n{change}"
