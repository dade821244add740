"""Readers other than fundsim read the SAME values from an output file (output-format.md 5):
xarray with engines h5netcdf and netcdf4, R's hdf5r and h5dump print the shape they see and every
value in full precision, and each is compared with h5py's, value by value and exactly. Variables
of each kind: an int32 per-replicate metric with -1 fill (arrests), float64 summaries (a mean,
horizon quantiles, a cost ratio with NaN), string coordinates (scenario, class, parameter), the
per-month string `date`, the int32 and float64 coordinates month and quantile, and the parameters
matrix. R, column-major, must see every dimension order reversed (output-format.md 5.3). Finally
the reading snippets of output-format.md 5.4 (Python and R) run and print the same lines.
"""
import math
import shutil
import subprocess

import h5py
import pytest

from helpers import h5, readers

VARIABLES = ["arrests", "contact_abuse_mean", "arrests_diff_horizon_quantile", "cost_per_arrest_gained",
             "parameters", "scenario", "class", "parameter", "date", "month", "quantile"]
OTHER_READERS = ["h5netcdf", "netcdf4", "hdf5r", "h5dump"]
SNIPPETS = ["python-xarray", "python-h5py", "r-hdf5r"]


@pytest.fixture(scope="module")
def small(small_full_200):
    return small_full_200.path


@pytest.fixture(scope="module")
def printed(small, tmp_path_factory):
    """The directory where every reader printed the variables, and how R and h5dump ended."""
    out = tmp_path_factory.mktemp("readers")
    readers.print_with_python(small, out, VARIABLES)
    r = readers.print_with_hdf5r(small, out, VARIABLES) if shutil.which("Rscript") else None
    h5dump_failed = readers.print_with_h5dump(small, out, VARIABLES)
    return out, r, h5dump_failed


def test_r_with_hdf5r_prints_the_variables(printed):
    _, r, _ = printed
    assert r is not None, "Rscript is not installed (Debian r-cran-hdf5r; bash scripts/deps.sh installs it)"
    assert r.returncode == 0, f"R with hdf5r failed (Debian r-cran-hdf5r): {r.stderr[-600:]}"


def test_h5dump_prints_the_variables(printed):
    assert printed[2] == []


@pytest.mark.parametrize("name", VARIABLES)
@pytest.mark.parametrize("reader", OTHER_READERS)
def test_reader_sees_the_shape_dimensions_and_values_h5py_sees(printed, small, reader, name):
    out = printed[0]
    ref_shape, ref_dims, ref = readers.load(out, "h5py", name)
    assert len(ref) == math.prod(ref_shape)
    with h5.open_file(small) as f:
        text = h5py.check_string_dtype(f[name].dtype) is not None
    if reader == "h5dump":
        shape, dims, values = readers.load_h5dump(out, name)
    else:
        shape, dims, values = readers.load(out, reader, name)
    assert shape == (tuple(reversed(ref_shape)) if reader == "hdf5r" else ref_shape)  # column-major: reversed
    if dims is not None:
        assert dims == ref_dims
    assert len(values) == len(ref)
    bad = [i for i, (a, b) in enumerate(zip(ref, values)) if not readers.same(a, b, text)]
    assert not bad, f"{len(bad)} values differ, first at {bad[0]}: {values[bad[0]]!r} vs h5py {ref[bad[0]]!r}"


@pytest.fixture(scope="module")
def r_elements(printed):
    path = printed[0] / "hdf5r" / "elements.txt"
    assert path.exists(), "R did not run (test_r_with_hdf5r_prints_the_variables says why)"
    return path.read_text().split("\n")


def test_r_index_is_the_h5py_index_reversed(r_elements, small):
    with h5.open_file(small) as f:
        assert int(r_elements[0]) == int(f["arrests"][0, 3, 2, 1])       # R x[2, 3, 4, 1]
        assert float(r_elements[1]) == float(f["parameters"][7, 4])      # R p[5, 8]


def test_r_aperm_gives_the_h5py_shape(r_elements, small):
    with h5.open_file(small) as f:
        assert tuple(int(n) for n in r_elements[2].split()) == f["arrests"].shape


def test_file_has_fill_values_and_nan_to_read(small):
    # The comparison must exercise what it claims to: fill values (-1), counts and NaN.
    with h5.open_file(small) as f:
        arrests = f["arrests"][()]
        assert (arrests == -1).any() and (arrests > 0).any()
        assert math.isnan(f["cost_per_arrest_gained"][0])


# --- the reading snippets of output-format.md 5.4 -------------------------------------------------

@pytest.fixture(scope="module")
def snippet_runs(source_dir, small, tmp_path_factory):
    """Each snippet run in a directory holding the file as small.h5: name -> CompletedProcess."""
    work = tmp_path_factory.mktemp("snippets")
    (work / "small.h5").symlink_to(small)
    done = {}
    for name in SNIPPETS:
        code = readers.doc_snippet(source_dir / "docs" / "output-format.md", name)
        (work / name).write_text(code)
        program = "/usr/bin/python3" if name.startswith("python") else "Rscript"
        done[name] = (code, subprocess.run([program, name], cwd=work, capture_output=True, text=True,
                                           timeout=300))
    return done


@pytest.mark.parametrize("name", SNIPPETS)
def test_doc_snippet_exists(snippet_runs, name):
    assert snippet_runs[name][0], f"docs/output-format.md has no snippet '{name}'"


@pytest.mark.parametrize("name", SNIPPETS)
def test_doc_snippet_runs(snippet_runs, name):
    p = snippet_runs[name][1]
    assert p.returncode == 0, p.stderr[-600:]


def test_doc_snippets_print_the_same_lines_in_python_and_r(snippet_runs):
    outputs = {name: snippet_runs[name][1].stdout for name in SNIPPETS}
    assert outputs["python-xarray"] and len(set(outputs.values())) == 1, outputs
