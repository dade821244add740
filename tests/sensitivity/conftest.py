"""Fixtures of the `fundsim sensitivity` end-to-end tests (test_sensitivity_cli.py).

Options (ctest passes them; by hand they default to this checkout's Release build), the same as
tests/integration's pytest options so the file can move there:
  --fundsim PATH     the executable under test   (env FUNDSIM; default build/engine/fundsim)
  --source-dir PATH  the repository              (env FUNDSIM_SOURCE_DIR; default: this checkout)
"""
import os
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_addoption(parser):
    parser.addoption("--fundsim", default=os.environ.get("FUNDSIM"), help="the fundsim executable")
    parser.addoption("--source-dir", default=os.environ.get("FUNDSIM_SOURCE_DIR"),
                     help="the fundsim repository")


@pytest.fixture(scope="session")
def source_dir(pytestconfig):
    return Path(pytestconfig.getoption("--source-dir") or HERE.parent.parent).resolve()


class Fundsim:
    def __init__(self, path, source_dir):
        self.path, self.source_dir = Path(path), Path(source_dir)

    def call(self, *args, cwd=None):
        return subprocess.run([str(self.path), *map(str, args)], capture_output=True, text=True,
                              cwd=cwd, timeout=300)


@pytest.fixture(scope="session")
def fundsim(pytestconfig, source_dir):
    path = Path(pytestconfig.getoption("--fundsim") or source_dir / "build" / "engine" / "fundsim")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no fundsim executable at {path}: build it or pass --fundsim PATH",
                    pytrace=False)
    return Fundsim(path.resolve(), source_dir)
