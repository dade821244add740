#!/usr/bin/env bash
# Readers other than fundsim read the SAME values from an output file: xarray with engine
# h5netcdf, xarray with engine netcdf4, h5py, R's hdf5r and h5dump. Each reader prints the shape
# it sees and every value, in full precision (floats with 17 significant digits, so the text
# reads back to the same double), into READER/VAR.txt; Python then compares them with h5py's,
# value by value and exactly. Variables of each kind: an int32 per-replicate metric with -1 fill
# (arrests), float64 summaries (a mean, horizon quantiles, a cost ratio with NaN), string
# coordinates (scenario, class, parameter), the per-month string `date`, the int32 and float64
# coordinates month and quantile, and the parameters matrix.
# Column-major readers: R must see every dimension order reversed (docs/output-format.md 5.3),
# so R's dim is the reverse of h5py's shape, R's x[k+1, t+1, r+1, s+1] is h5py's a[s, r, t, k],
# and R's as.vector() (first index fastest) is the file's C order.
# Finally the reading snippets of docs/output-format.md 5.4 (Python and R) are run and must
# print the same lines.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"

VARS="arrests,contact_abuse_mean,arrests_diff_horizon_quantile,cost_per_arrest_gained,parameters,scenario,class,parameter,date,month,quantile"

expect_exit 0 "run small study (full, 200 replicates)" -- \
  "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/small.h5" --replicates 200 --quiet
mkdir -p "$WORK"/{h5py,h5netcdf,netcdf4,hdf5r,h5dump}

# --- Python readers -------------------------------------------------------------------------
expect_exit 0 "h5py, xarray (h5netcdf), xarray (netcdf4) print the variables" -- "$PY" - "$WORK" "$VARS" <<'PYEOF'
import sys, os
import numpy as np
import h5py
import xarray as xr
work, names = sys.argv[1], sys.argv[2].split(",")

def fmt(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, str):
        return v
    if isinstance(v, (np.integer, int)):
        return str(int(v))
    return repr(float(v))  # shortest text that reads back to the same double

def write(reader, name, shape, values, dims=None):
    with open(os.path.join(work, reader, name + ".txt"), "w", encoding="utf-8") as out:
        out.write("shape " + " ".join(str(n) for n in shape) + "\n")
        if dims is not None:
            out.write("dims " + " ".join(dims) + "\n")
        for v in values:
            out.write(fmt(v) + "\n")

with h5py.File(os.path.join(work, "small.h5"), "r") as f:
    for n in names:
        d = f[n]
        v = d.asstr()[()] if h5py.check_string_dtype(d.dtype) else d[()]
        dims = [n] if h5py.h5ds.is_scale(d.id) else [dim[0].name.lstrip("/") for dim in d.dims]   # a coordinate is its own scale
        write("h5py", n, d.shape, np.ravel(v, order="C"), dims)
for engine in ("h5netcdf", "netcdf4"):
    # mask_and_scale=False: the stored values (int32 with -1 fill), not NaN-masked float64
    with xr.open_dataset(os.path.join(work, "small.h5"), engine=engine, mask_and_scale=False) as ds:
        for n in names:
            da = ds[n]
            write(engine, n, da.shape, np.ravel(da.values, order="C"), da.dims)
PYEOF

# --- R (hdf5r) ------------------------------------------------------------------------------
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(hdf5r)' >/dev/null 2>&1; then
  fail "R with hdf5r is not installed (Debian r-cran-hdf5r; bash scripts/deps.sh installs it)"
else
  cat >"$WORK/read.R" <<'REOF'
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(hdf5r))
f <- h5file(args[1], mode = "r")
fmt <- function(v) if (is.character(v)) v else if (is.integer(v)) as.character(v) else sprintf("%.17g", v)
for (name in strsplit(args[3], ",")[[1]]) {
  v <- f[[name]]$read()
  d <- if (is.null(dim(v))) length(v) else dim(v)      # R's dim: the file's order reversed
  # as.vector() runs the first index fastest, which is the last one of the file: C order.
  writeLines(c(paste("shape", paste(d, collapse = " ")), fmt(as.vector(v))),
             file.path(args[2], paste0(name, ".txt")), useBytes = TRUE)
}
# Index mapping of docs/output-format.md 5.3, with distinct indices so that a transposition shows:
# h5py a[0, 3, 2, 1] (scenario 0, replicate 3, month 2, class 1) is R x[2, 3, 4, 1].
x <- f[["arrests"]]$read()
p <- f[["parameters"]]$read()
writeLines(c(as.character(x[2, 3, 4, 1]), sprintf("%.17g", p[5, 8]),
             paste(dim(aperm(x)), collapse = " ")), file.path(args[2], "elements.txt"))
f$close_all()
REOF
  expect_exit 0 "R hdf5r prints the variables" -- Rscript "$WORK/read.R" "$WORK/small.h5" "$WORK/hdf5r" "$VARS"
fi

# --- h5dump ---------------------------------------------------------------------------------
ok=1
for n in ${VARS//,/ }; do
  h5dump -d "/$n" -y -w 0 -m '%.17g' -o "$WORK/h5dump/$n.raw" "$WORK/small.h5" >"$WORK/h5dump/$n.hdr" 2>&1 || ok=0
done
[ $ok = 1 ] && pass "h5dump prints the variables" || fail "h5dump: $(tail -3 "$WORK/h5dump/$n.hdr")"

# --- compare ----------------------------------------------------------------------------------
"$PY" - "$WORK" "$VARS" >"$WORK/check" 2>&1 <<'PYEOF' && pass "all readers agree: $(tail -1 "$WORK/check")" || fail "readers disagree (details below)"
import sys, os, re, math
import h5py
work, names = sys.argv[1], sys.argv[2].split(",")

def load(reader, name):
    lines = open(os.path.join(work, reader, name + ".txt"), encoding="utf-8").read().split("\n")[:-1]
    shape = tuple(int(n) for n in lines[0].split()[1:])
    dims = None
    if len(lines) > 1 and lines[1].startswith("dims"):
        dims = tuple(lines[1].split()[1:])
        lines = lines[1:]
    return shape, dims, lines[1:]

def load_h5dump(name):
    hdr = open(os.path.join(work, "h5dump", name + ".hdr"), encoding="utf-8").read()
    m = re.search(r"DATASPACE\s+SIMPLE \{ \( ([0-9, ]+) \)", hdr)   # the dataset's, before any attribute's
    shape = tuple(int(n) for n in m.group(1).split(","))
    raw = open(os.path.join(work, "h5dump", name + ".raw"), encoding="utf-8").read()
    if '"' in raw:
        values = [re.sub(r"\\(.)", r"\1", s) for s in re.findall(r'"((?:[^"\\]|\\.)*)"', raw)]
    else:
        values = [t for t in re.split(r"[,\s]+", raw) if t]
    return shape, None, values

def same(ref, got, text):
    if text:
        return ref == got
    x, y = float(ref), float(got)   # 17 significant digits: the text reads back to the same double
    return (math.isnan(x) and math.isnan(y)) or x == y

problems, compared = [], 0
for name in names:
    rshape, rdims, ref = load("h5py", name)
    with h5py.File(os.path.join(work, "small.h5"), "r") as f:
        text = h5py.check_string_dtype(f[name].dtype) is not None
    assert len(ref) == math.prod(rshape), name
    for reader in ("h5netcdf", "netcdf4", "hdf5r", "h5dump"):
        shape, dims, values = load_h5dump(name) if reader == "h5dump" else load(reader, name)
        want = tuple(reversed(rshape)) if reader == "hdf5r" else rshape   # column-major: reversed
        if shape != want:
            problems.append(f"{reader} {name}: shape {shape}, wanted {want}")
        if dims is not None and dims != rdims:
            problems.append(f"{reader} {name}: dims {dims}, wanted {rdims}")
        if len(values) != len(ref):
            problems.append(f"{reader} {name}: {len(values)} values, wanted {len(ref)}")
            continue
        bad = [i for i, (a, b) in enumerate(zip(ref, values)) if not same(a, b, text)]
        if bad:
            i = bad[0]
            problems.append(f"{reader} {name}: {len(bad)} values differ, first at {i}: {values[i]!r} vs h5py {ref[i]!r}")
        compared += len(values)
    print(f"{name}: shape {rshape} dims {rdims}, {'strings' if text else 'numbers'}; first values {ref[:3]}")

# The documented index mapping and aperm (written by the R script).
with h5py.File(os.path.join(work, "small.h5"), "r") as f:
    el = open(os.path.join(work, "hdf5r", "elements.txt")).read().split("\n")
    if int(el[0]) != int(f["arrests"][0, 3, 2, 1]):
        problems.append(f"R x[2,3,4,1] = {el[0]}, h5py a[0,3,2,1] = {f['arrests'][0, 3, 2, 1]}")
    if float(el[1]) != float(f["parameters"][7, 4]):
        problems.append(f"R p[5,8] = {el[1]}, h5py parameters[7,4] = {f['parameters'][7, 4]!r}")
    if tuple(int(n) for n in el[2].split()) != f["arrests"].shape:
        problems.append(f"R dim(aperm(x)) = {el[2]}, h5py shape {f['arrests'].shape}")
    # The test must exercise what it claims to: fill values, NaN and UTF-8 strings are present.
    assert (f["arrests"][()] == -1).any() and (f["arrests"][()] > 0).any()
    assert math.isnan(f["cost_per_arrest_gained"][0])

for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(f"{len(names)} variables, {compared} values compared across 4 readers against h5py, all identical; "
      f"R dimensions reversed as documented")
PYEOF
cat "$WORK/check"

# --- the reading snippets of docs/output-format.md 5.4 -------------------------------------------
# Each is the fenced block that follows a line "<!-- snippet: NAME -->"; run in $WORK (small.h5).
snippet() {
  awk -v name="$1" '
    $0 == "<!-- snippet: " name " -->" { found = 1; next }
    found == 1 && /^```/ { found = 2; next }
    found == 2 && /^```/ { exit }
    found == 2 { print }' "$SRC/docs/output-format.md"
}
for s in python-xarray python-h5py r-hdf5r; do
  snippet "$s" >"$WORK/snippet-$s"
  [ -s "$WORK/snippet-$s" ] || fail "docs/output-format.md has no snippet '$s'"
done
(cd "$WORK" && "$PY" snippet-python-xarray >out-xarray 2>err-xarray) \
  && pass "doc snippet python-xarray runs" || fail "doc snippet python-xarray: $(cat "$WORK/err-xarray")"
(cd "$WORK" && "$PY" snippet-python-h5py >out-h5py 2>err-h5py) \
  && pass "doc snippet python-h5py runs" || fail "doc snippet python-h5py: $(cat "$WORK/err-h5py")"
(cd "$WORK" && Rscript snippet-r-hdf5r >out-r 2>err-r) \
  && pass "doc snippet r-hdf5r runs" || fail "doc snippet r-hdf5r: $(cat "$WORK/err-r")"
if [ -s "$WORK/out-xarray" ] && cmp -s "$WORK/out-xarray" "$WORK/out-h5py" && cmp -s "$WORK/out-xarray" "$WORK/out-r"; then
  pass "doc snippets print the same lines in Python (xarray, h5py) and R: $(tr '\n' '|' <"$WORK/out-r")"
else
  fail "doc snippets differ: xarray [$(tr '\n' '|' <"$WORK/out-xarray")] h5py [$(tr '\n' '|' <"$WORK/out-h5py")] R [$(tr '\n' '|' <"$WORK/out-r")]"
fi
finish
