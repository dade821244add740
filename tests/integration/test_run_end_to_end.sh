#!/usr/bin/env bash
# Runs a small study through the CLI and reads the file back with xarray (both engines) and h5py.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"

expect_exit 0 "run small study" -- "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/small.h5" --replicates 64 --threads 2 --quiet
[ -f "$WORK/small.h5" ] && pass "output exists" || fail "output missing"
ls -a "$WORK" | grep -q partial && fail "temporary file left behind" || pass "no temporary file left"

if "$PY" - "$WORK/small.h5" "$SRC/scenarios/small.toml" <<'PYEOF'
import sys, hashlib
import numpy as np, xarray as xr, h5py
path, study = sys.argv[1], sys.argv[2]
for engine in ("h5netcdf", "netcdf4"):
    ds = xr.open_dataset(path, engine=engine)
    assert ds.arrests.dims == ("scenario", "replicate", "month", "class"), ds.arrests.dims
    assert ds.capacity.dims == ("scenario", "replicate", "month")
    assert ds.spend.dims == ("scenario", "month", "lever")
    assert ds.parameters.dims == ("replicate", "parameter")
    assert ds.arrests_quantile.dims == ("scenario", "quantile", "month", "class")
    assert ds.sizes["replicate"] == 64 and ds.sizes["month"] == 24 and ds.sizes["class"] == 3
    assert list(ds["class"].values) == ["noncontact", "groomer", "prolific"]
    assert str(ds.date.values[0]) == "2018-10" and str(ds.date.values[3]) == "2019-01"
    assert ds.arrests.attrs["units"] == "arrests per month"
    # sweep points keep summaries only: their per-replicate values are missing (fill)
    stored = ds.replicates_stored.values.astype(bool)
    assert stored[0] and not stored.all()
    assert np.isnan(ds.arrests.values[~stored]).all()
    assert not np.isnan(ds.arrests.values[stored]).any()
    # the summaries agree with the stored replicates (exact mean of integer counts)
    m = ds.arrests.isel(scenario=0).mean("replicate").values
    assert np.allclose(m, ds.arrests_mean.isel(scenario=0).values, rtol=0, atol=1e-9)
    print(engine, "ok")
with h5py.File(path, "r") as f:
    text = f.attrs["study"]
    text = text.decode() if isinstance(text, bytes) else text
    sha = f.attrs["study_sha256"]
    sha = sha.decode() if isinstance(sha, bytes) else sha
    assert hashlib.sha256(text.encode()).hexdigest() == sha
    assert text == open(study).read()
    assert int(f.attrs["replicates"]) == 64
print("h5py ok")
PYEOF
then pass "xarray (h5netcdf, netcdf4) and h5py read the file with named dimensions"; else fail "reading the file back"; fi

# Existing file: refused without --overwrite, untouched; replaced with it.
before=$(sha256sum "$WORK/small.h5")
expect_exit 3 "existing output refused" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" -o "$WORK/small.h5" --quiet
[ "$(sha256sum "$WORK/small.h5")" = "$before" ] && pass "existing file untouched" || fail "existing file changed"
grep -q -- "--overwrite" "$WORK/err" && pass "message suggests --overwrite" || fail "message: $(cat "$WORK/err")"
expect_exit 0 "--overwrite replaces" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" -o "$WORK/small.h5" --overwrite --quiet
[ "$(sha256sum "$WORK/small.h5")" != "$before" ] && pass "file replaced" || fail "file not replaced"

# Output problems: exit 3, nothing written.
expect_exit 3 "missing output directory" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" -o "$WORK/no/such/dir/x.h5" --quiet
mkdir "$WORK/adir"
expect_exit 3 "output path is a directory" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" -o "$WORK/adir" --quiet

# Bad arguments: exit 2.
expect_exit 2 "unknown option" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --frobnicate
expect_exit 2 "replicates not a number" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --replicates many -o "$WORK/r.h5"
expect_exit 2 "negative seed (no silent wrap)" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --seed -1 -o "$WORK/r.h5"
expect_exit 2 "negative replicates" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --replicates -5 -o "$WORK/r.h5"
expect_exit 2 "seed above 2^64-1" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --seed 18446744073709551616 -o "$WORK/r.h5"
expect_exit 2 "zero threads" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --threads 0 -o "$WORK/r.h5"
expect_exit 2 "zero replicates" -- "$FUNDSIM" run "$SRC/scenarios/tiny.toml" --replicates 0 -o "$WORK/r.h5"
expect_exit 2 "missing study file" -- "$FUNDSIM" run "$WORK/nope.toml" -o "$WORK/r.h5"
[ ! -e "$WORK/r.h5" ] && pass "nothing written after bad input" || fail "output written after bad input"
expect_exit 2 "unknown command" -- "$FUNDSIM" frobnicate
expect_exit 0 "--help" -- "$FUNDSIM" --help
expect_exit 0 "run --help" -- "$FUNDSIM" run --help
grep -q -- "--summary-only" "$WORK/out" && pass "run --help lists options" || fail "run --help output"
expect_exit 0 "--version" -- "$FUNDSIM" --version

# Summary-only: no per-replicate arrays, summaries present.
expect_exit 0 "summary-only run" -- "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/s.h5" --replicates 32 --summary-only --quiet
"$PY" -c "
import h5py,sys
f=h5py.File('$WORK/s.h5','r')
assert 'arrests' not in f and 'parameters' not in f and 'replicate' not in f, list(f)
assert f['arrests_mean'].shape == (7, 24, 3)
" && pass "summary-only file has summaries and no per-replicate arrays" || fail "summary-only layout"

# Central run: parameters are the medians, identical across replicates.
expect_exit 0 "central run" -- "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/c.h5" --replicates 8 --central --quiet
"$PY" -c "
import h5py, numpy as np
p=h5py.File('$WORK/c.h5','r')['parameters'][()]
assert (p == p[0]).all()
" && pass "central run uses one parameter set" || fail "central parameters differ between replicates"

finish
