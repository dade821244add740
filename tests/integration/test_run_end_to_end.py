"""fundsim run end to end: a small study through the CLI, the file read back with xarray (both
engines) and h5py with named dimensions; existing outputs, output problems and bad arguments give
the documented exit codes (0 success, 2 invalid input, 3 output problem); summary-only and
central runs. Runs under ThreadSanitizer too (scripts/test.sh --tsan).
"""
import hashlib
import shutil

import numpy as np
import pytest
import xarray as xr

from helpers import h5

REPLICATES, MONTHS, CLASSES = 64, 24, ["noncontact", "groomer", "prolific"]


@pytest.fixture(scope="module")
def made(fundsim, tmp_path_factory):
    """A run of small.toml made here (not cached): the directory it wrote into, and its result."""
    directory = tmp_path_factory.mktemp("run")
    p = fundsim.call("run", fundsim.study("small.toml"), "-o", directory / "small.h5",
                     "--replicates", REPLICATES, "--threads", "2", "--quiet")
    return directory, p


@pytest.fixture(scope="module")
def output(made):
    directory, p = made
    assert p.returncode == 0, p.stderr
    return directory / "small.h5"


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_run_exits_0(made):
    assert made[1].returncode == 0, made[1].stderr


def test_output_exists(output):
    assert output.is_file()


def test_no_temporary_file_left(made, output):
    assert [p.name for p in made[0].iterdir()] == ["small.h5"]


# --- reading the file back ------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["h5netcdf", "netcdf4"])
def dataset(request, output):
    with xr.open_dataset(output, engine=request.param) as ds:
        yield ds


def test_xarray_sees_named_dimensions(dataset):
    assert dataset.arrests.dims == ("scenario", "replicate", "month", "class")
    assert dataset.capacity.dims == ("scenario", "replicate", "month")
    assert dataset.spend.dims == ("scenario", "month", "lever")
    assert dataset.parameters.dims == ("replicate", "parameter")
    assert dataset.arrests_quantile.dims == ("scenario", "quantile", "month", "class")


def test_xarray_sees_sizes_classes_and_dates(dataset):
    sizes = dataset.sizes
    assert (sizes["replicate"], sizes["month"], sizes["class"]) == (REPLICATES, MONTHS, 3)
    assert list(dataset["class"].values) == CLASSES
    assert str(dataset.date.values[0]) == "2018-10" and str(dataset.date.values[3]) == "2019-01"
    assert dataset.arrests.attrs["units"] == "arrests per month"


def test_xarray_sees_every_metric_with_its_dimensions(dataset, metric):
    dims = ("scenario", "replicate", "month") + (("class",) if metric.per_class else ())
    assert dataset[metric.name].dims == dims
    assert dataset[metric.name + "_mean"].dims == ("scenario", "month") + dims[3:]


def test_sweep_points_keep_summaries_only(dataset):
    stored = dataset.replicates_stored.values.astype(bool)
    assert stored[0] and not stored.all()
    assert np.isnan(dataset.arrests.values[~stored]).all()   # the fill value
    assert not np.isnan(dataset.arrests.values[stored]).any()


def test_means_are_those_of_the_stored_replicates(dataset):
    m = dataset.arrests.isel(scenario=0).mean("replicate").values
    assert np.allclose(m, dataset.arrests_mean.isel(scenario=0).values, rtol=0, atol=1e-9)


def test_per_replicate_arrays_have_the_schemas_dtype(output, metric):
    with h5.open_file(output) as f:
        assert str(f[metric.name].dtype) == metric.dtype


def test_file_holds_the_study_text_and_its_sha256(output, fundsim):
    with h5.open_file(output) as f:
        text = h5.text(f.attrs["study"])
        assert hashlib.sha256(text.encode()).hexdigest() == h5.text(f.attrs["study_sha256"])
        assert text == fundsim.study("small.toml").read_text()
        assert int(f.attrs["replicates"]) == REPLICATES


# --- existing outputs and output problems: exit 3 -------------------------------------------------

@pytest.fixture
def existing(output, tmp_path):
    """A copy of an earlier result, to run over."""
    path = tmp_path / "small.h5"
    shutil.copy(output, path)
    return path


def test_existing_output_is_refused_and_untouched(fundsim, existing):
    before = _sha256(existing)
    p = fundsim.call("run", fundsim.study("tiny.toml"), "-o", existing, "--quiet")
    assert p.returncode == 3
    assert _sha256(existing) == before
    assert "--overwrite" in p.stderr, p.stderr


def test_overwrite_replaces_existing_output(fundsim, existing):
    before = _sha256(existing)
    p = fundsim.call("run", fundsim.study("tiny.toml"), "-o", existing, "--overwrite", "--quiet")
    assert p.returncode == 0, p.stderr
    assert _sha256(existing) != before


def test_missing_output_directory_is_created(fundsim, tmp_path):
    p = fundsim.call("run", fundsim.study("tiny.toml"), "-o", tmp_path / "no/such/dir/x.h5", "--quiet")
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "no/such/dir/x.h5").is_file()


def test_output_directory_that_cannot_be_created_exits_3(fundsim, tmp_path):
    (tmp_path / "afile").write_text("")
    p = fundsim.call("run", fundsim.study("tiny.toml"), "-o", tmp_path / "afile/sub/x.h5", "--quiet")
    assert p.returncode == 3, p.stderr
    assert "cannot be created" in p.stderr


def test_output_path_that_is_a_directory_exits_3(fundsim, tmp_path):
    (tmp_path / "adir").mkdir()
    p = fundsim.call("run", fundsim.study("tiny.toml"), "-o", tmp_path / "adir", "--quiet")
    assert p.returncode == 3, p.stderr


# --- bad arguments: exit 2, nothing written -------------------------------------------------------

BAD_RUN_ARGUMENTS = {
    "unknown option": ["--frobnicate"],
    "replicates not a number": ["--replicates", "many"],
    "negative seed (no silent wrap)": ["--seed", "-1"],
    "negative replicates": ["--replicates", "-5"],
    "seed above 2^64-1": ["--seed", "18446744073709551616"],
    "zero threads": ["--threads", "0"],
    "zero replicates": ["--replicates", "0"],
}


@pytest.mark.parametrize("args", BAD_RUN_ARGUMENTS.values(), ids=BAD_RUN_ARGUMENTS.keys())
def test_bad_argument_exits_2_and_writes_nothing(fundsim, tmp_path, args):
    p = fundsim.call("run", fundsim.study("tiny.toml"), *args, "-o", tmp_path / "r.h5")
    assert p.returncode == 2, p.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_study_file_exits_2_and_writes_nothing(fundsim, tmp_path):
    p = fundsim.call("run", tmp_path / "nope.toml", "-o", tmp_path / "r.h5")
    assert p.returncode == 2, p.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_command_exits_2(fundsim):
    assert fundsim.call("frobnicate").returncode == 2


@pytest.mark.parametrize("args", [["--help"], ["--version"]], ids=["help", "version"])
def test_help_and_version_exit_0(fundsim, args):
    assert fundsim.call(*args).returncode == 0


def test_run_help_lists_the_options(fundsim):
    p = fundsim.call("run", "--help")
    assert p.returncode == 0 and "--summary-only" in p.stdout


# --- summary-only and central runs ----------------------------------------------------------------

@pytest.fixture(scope="module")
def summary_only(runs):
    with h5.open_file(runs.run("small.toml", "--replicates", "32", "--summary-only").path) as f:
        yield f


def test_summary_only_file_has_summaries_and_no_per_replicate_arrays(summary_only):
    for absent in ("arrests", "parameters", "replicate"):
        assert absent not in summary_only
    assert summary_only["arrests_mean"].shape == (7, MONTHS, 3)


def test_summary_only_file_has_no_metric_per_replicate(summary_only, metric):
    assert metric.name not in summary_only
    assert summary_only[metric.name + "_mean"].shape == (7, MONTHS) + ((3,) if metric.per_class else ())


def test_central_run_uses_one_parameter_set(runs):
    with h5.open_file(runs.run("small.toml", "--replicates", "8", "--central").path) as f:
        p = f["parameters"][()]
        assert (p == p[0]).all()
