"""Readers other than fundsim print a file's values as text, to be compared value by value.

Each reader writes READER/VAR.txt: "shape D1 D2 ...", optionally "dims NAME ...", then every value
in C order, one per line, in full precision (floats as the shortest text that reads back to the
same double, or 17 significant digits). Readers: h5py, xarray (engines h5netcdf and netcdf4), R's
hdf5r (read_with_hdf5r.R; column-major, so its shape is reversed) and h5dump.
"""
import math
import re
import subprocess
from pathlib import Path

import h5py
import numpy as np
import xarray as xr

R_SCRIPT = Path(__file__).resolve().parent / "read_with_hdf5r.R"


def fmt(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, str):
        return v
    if isinstance(v, (np.integer, int)):
        return str(int(v))
    return repr(float(v))  # shortest text that reads back to the same double


def write(path, shape, values, dims=None):
    with open(path, "w", encoding="utf-8") as out:
        out.write("shape " + " ".join(str(n) for n in shape) + "\n")
        if dims is not None:
            out.write("dims " + " ".join(dims) + "\n")
        for v in values:
            out.write(fmt(v) + "\n")


def print_with_python(h5_path, out_dir, names):
    """h5py, xarray (h5netcdf) and xarray (netcdf4) into OUT_DIR/{h5py,h5netcdf,netcdf4}/."""
    out_dir = Path(out_dir)
    with h5py.File(h5_path, "r") as f:
        (out_dir / "h5py").mkdir(exist_ok=True)
        for n in names:
            d = f[n]
            v = d.asstr()[()] if h5py.check_string_dtype(d.dtype) else d[()]
            # a coordinate is its own dimension scale
            dims = [n] if h5py.h5ds.is_scale(d.id) else [dim[0].name.lstrip("/") for dim in d.dims]
            write(out_dir / "h5py" / f"{n}.txt", d.shape, np.ravel(v, order="C"), dims)
    for engine in ("h5netcdf", "netcdf4"):
        (out_dir / engine).mkdir(exist_ok=True)
        # mask_and_scale=False: the stored values (int32 with -1 fill), not NaN-masked float64
        with xr.open_dataset(h5_path, engine=engine, mask_and_scale=False) as ds:
            for n in names:
                da = ds[n]
                write(out_dir / engine / f"{n}.txt", da.shape, np.ravel(da.values, order="C"), da.dims)


def print_with_hdf5r(h5_path, out_dir, names):
    """Rscript read_with_hdf5r.R into OUT_DIR/hdf5r/; returns the CompletedProcess."""
    (Path(out_dir) / "hdf5r").mkdir(exist_ok=True)
    command = ["Rscript", str(R_SCRIPT), str(h5_path), str(Path(out_dir) / "hdf5r"), ",".join(names)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def print_with_h5dump(h5_path, out_dir, names):
    """h5dump -d /VAR into OUT_DIR/h5dump/VAR.{raw,hdr}; returns the names h5dump failed on."""
    d = Path(out_dir) / "h5dump"
    d.mkdir(exist_ok=True)
    failed = []
    for n in names:
        with open(d / f"{n}.hdr", "w") as hdr:
            command = ["h5dump", "-d", "/" + n, "-y", "-w", "0", "-m", "%.17g", "-o", str(d / f"{n}.raw"),
                       str(h5_path)]
            p = subprocess.run(command, stdout=hdr, stderr=subprocess.STDOUT, timeout=300)
        if p.returncode != 0:
            failed.append(n)
    return failed


def load(out_dir, reader, name):
    """(shape, dims or None, values as text) of READER/NAME.txt."""
    lines = (Path(out_dir) / reader / f"{name}.txt").read_text(encoding="utf-8").split("\n")[:-1]
    shape = tuple(int(n) for n in lines[0].split()[1:])
    dims = None
    if len(lines) > 1 and lines[1].startswith("dims"):
        dims = tuple(lines[1].split()[1:])
        lines = lines[1:]
    return shape, dims, lines[1:]


def load_h5dump(out_dir, name):
    """(shape, None, values as text) of h5dump's output for NAME."""
    d = Path(out_dir) / "h5dump"
    hdr = (d / f"{name}.hdr").read_text(encoding="utf-8")
    m = re.search(r"DATASPACE\s+SIMPLE \{ \( ([0-9, ]+) \)", hdr)  # the dataset's, before any attribute's
    shape = tuple(int(n) for n in m.group(1).split(","))
    raw = (d / f"{name}.raw").read_text(encoding="utf-8")
    if '"' in raw:
        values = [re.sub(r"\\(.)", r"\1", s) for s in re.findall(r'"((?:[^"\\]|\\.)*)"', raw)]
    else:
        values = [t for t in re.split(r"[,\s]+", raw) if t]
    return shape, None, values


def same(ref, got, text):
    """Equal as text, or as the double both texts read back to (NaN equals NaN)."""
    if text:
        return ref == got
    x, y = float(ref), float(got)
    return (math.isnan(x) and math.isnan(y)) or x == y


def doc_snippet(markdown_path, name):
    """The fenced block after the line "<!-- snippet: NAME -->" of a markdown file ("" if none)."""
    lines = Path(markdown_path).read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index(f"<!-- snippet: {name} -->")
    except ValueError:
        return ""
    block, inside = [], False
    for line in lines[start + 1:]:
        if line.startswith("```"):
            if inside:
                break
            inside = True
        elif inside:
            block.append(line)
    return "\n".join(block) + "\n" if block else ""
