"""Shared fixtures of the CLI end-to-end tests (README.md in this folder explains them).

Options (ctest passes them; by hand they default to this checkout's Release build):
  --fundsim PATH     the executable under test   (env FUNDSIM; default build/engine/fundsim)
  --source-dir PATH  the repository              (env FUNDSIM_SOURCE_DIR; default: this checkout)
  --run-cache DIR    where runs are kept and shared between pytest processes (env
                     FUNDSIM_RUN_CACHE; default: a temporary directory removed at the end)
"""
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers import schema as schema_module
from helpers import shared_runs
from helpers.runs import Fundsim, RunCache

HERE = Path(__file__).resolve().parent


def pytest_addoption(parser):
    parser.addoption("--fundsim", default=os.environ.get("FUNDSIM"), help="the fundsim executable")
    parser.addoption("--source-dir", default=os.environ.get("FUNDSIM_SOURCE_DIR"),
                     help="the fundsim repository")
    parser.addoption("--run-cache", default=os.environ.get("FUNDSIM_RUN_CACHE"),
                     help="directory of cached runs shared between test processes")


def _source_dir(config):
    return Path(config.getoption("--source-dir") or HERE.parent.parent).resolve()


def _fundsim_path(config):
    path = config.getoption("--fundsim") or _source_dir(config) / "build" / "engine" / "fundsim"
    return Path(path).resolve()


# --- the binary, the source tree, the run cache ---------------------------------------------------

@pytest.fixture(scope="session")
def source_dir(pytestconfig):
    return _source_dir(pytestconfig)


@pytest.fixture(scope="session")
def fundsim(pytestconfig, source_dir):
    """The executable under test: .path, .call(*args) -> CompletedProcess, .study(name) -> Path."""
    path = _fundsim_path(pytestconfig)
    if not os.access(path, os.X_OK):
        pytest.fail(f"no fundsim executable at {path}: build it (bash scripts/build.sh) or pass "
                    "--fundsim PATH", pytrace=False)
    return Fundsim(path, source_dir)


@pytest.fixture(scope="session")
def runs(pytestconfig, fundsim):
    """runs.run(STUDY, *ARGS) -> Run(path, stdout, stderr): `fundsim run` made once per binary,
    study and arguments, and shared by every test and pytest process using the same cache."""
    root = pytestconfig.getoption("--run-cache")
    if root:
        yield RunCache(fundsim, root)
    else:
        root = tempfile.mkdtemp(prefix="fundsim-runs-")
        yield RunCache(fundsim, root)
        shutil.rmtree(root, ignore_errors=True)


# --- the engine's registries (`fundsim schema --format json`) -----------------------------------

@pytest.fixture(scope="session")
def schema(fundsim):
    """The engine's schema (helpers/schema.py). Fails the test, loudly, if the binary has none."""
    try:
        return schema_module.load(fundsim.path)
    except schema_module.SchemaUnavailable as e:
        reason = str(e)
    pytest.fail(reason, pytrace=False)  # outside the except: no chained traceback


# Arguments parametrized over the schema's metrics: a test taking `metric` runs once per metric,
# one taking `diff_metric` once per metric with paired differences. The list is read when the
# tests are collected; if the binary has no schema command, each such test gets one instance,
# "schema-unavailable", that fails with the reason instead of silently running zero times.
METRIC_ARGUMENTS = {
    "metric": lambda s: s.metrics,
    "diff_metric": lambda s: s.difference_metrics,
}


def pytest_generate_tests(metafunc):
    for argname, select in METRIC_ARGUMENTS.items():
        if argname in metafunc.fixturenames:
            try:
                values = select(schema_module.load(_fundsim_path(metafunc.config)))
                metafunc.parametrize(argname, values, ids=[m.name for m in values], indirect=True)
            except schema_module.SchemaUnavailable as e:
                metafunc.parametrize(argname, [e], ids=["schema-unavailable"], indirect=True)


def _metric_from_schema(request):
    if isinstance(request.param, schema_module.SchemaUnavailable):
        pytest.fail(str(request.param), pytrace=False)
    return request.param


@pytest.fixture
def metric(request):
    """One metric of the schema (helpers.schema.Metric)."""
    return _metric_from_schema(request)


@pytest.fixture
def diff_metric(request):
    """One metric with paired differences (Metric.in_differences)."""
    return _metric_from_schema(request)


def pytest_collection_modifyitems(items):
    # Mark every test that needs the schema, so that `pytest -m needs_schema` lists them.
    for item in items:
        if {"schema", *METRIC_ARGUMENTS} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.needs_schema)


# --- runs shared by several test modules (helpers/shared_runs.py) -------------------------------

@pytest.fixture(scope="session")
def small_full_2000(runs):
    return runs.run(*shared_runs.SMALL_FULL_2000)


@pytest.fixture(scope="session")
def small_summary_2000(runs):
    return runs.run(*shared_runs.SMALL_SUMMARY_2000)


@pytest.fixture(scope="session")
def small_full_200(runs):
    return runs.run(*shared_runs.SMALL_FULL_200)


@pytest.fixture(scope="session")
def small_summary_200(runs):
    return runs.run(*shared_runs.SMALL_SUMMARY_200)


@pytest.fixture(scope="session")
def uk_summary_400(runs):
    return runs.run(*shared_runs.UK_SUMMARY_400)
