"""Every malformed study in tests/data/malformed (its first line: `# expect: LINE:COLUMN KEY`):
`validate` and `run` exit 2 with a message located at the expected LINE:COLUMN and naming the
key, and `run` writes nothing.
"""
from pathlib import Path

import pytest

MALFORMED_DIR = Path(__file__).resolve().parents[1] / "data" / "malformed"
MALFORMED = sorted(p.name for p in MALFORMED_DIR.glob("*.toml"))


def expectation(path):
    """(LINE:COLUMN, KEY) from the study's first line."""
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name}: no '# expect:' line"
    location, key = first.removeprefix("# expect:").strip().split(" ", 1)
    return location, key


@pytest.fixture
def study(request, source_dir):
    return source_dir / "tests" / "data" / "malformed" / request.param


def test_there_are_at_least_20_malformed_studies():
    assert len(MALFORMED) >= 20, MALFORMED


@pytest.mark.parametrize("study", MALFORMED, indirect=True)
def test_validate_exits_2_at_the_expected_location_naming_the_key(fundsim, study):
    location, key = expectation(study)
    p = fundsim.call("validate", study)
    assert p.returncode == 2, p.stderr
    first = p.stderr.splitlines()[0] if p.stderr else ""
    assert f"{study}:{location}:" in first and key in first, f"wanted {location} and '{key}'; got: {first}"


@pytest.mark.parametrize("study", MALFORMED, indirect=True)
def test_run_exits_2_and_writes_nothing(fundsim, study, tmp_path):
    p = fundsim.call("run", study, "-o", tmp_path / "out.h5", "--quiet", cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    assert list(tmp_path.iterdir()) == []
