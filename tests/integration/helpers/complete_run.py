#!/usr/bin/python3
"""Is a fundsim file one complete, valid run? (for tests of faults and races while writing)

    python3 tests/integration/helpers/complete_run.py FILE.h5 REPLICATES

Exits 0 if the file opens, says it has REPLICATES replicates, and its per-replicate arrays hold
no unwritten chunk (fill value -1) and finite means; prints the problems and exits 1 otherwise.
"""
import sys

import h5py
import numpy as np


def problems(path, replicates):
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        return [f"cannot open {path}: {e}"]
    with f:
        found = []
        if int(f.attrs["replicates"]) != replicates:
            found.append(f"replicates attribute {f.attrs['replicates']}, wanted {replicates}")
        stored = f["replicates_stored"][()] == 1
        arrests = f["arrests"][()][stored]
        if arrests.shape[1] != replicates:
            found.append(f"arrests of the stored scenarios has shape {arrests.shape}")
        if not (arrests >= 0).all():
            found.append("unwritten chunks (fill value) in arrests")
        # Monthly summaries of sweep points are NaN unless --sweep-months (docs/output-format.md
        # 2.4); every scenario has its horizon summaries.
        named = f["sweep"][()] == b""
        if not np.isfinite(f["arrests_mean"][()][named]).all():
            found.append("arrests_mean of a named scenario is not finite")
        if not np.isfinite(f["arrests_horizon_mean"][()]).all():
            found.append("arrests_horizon_mean is not finite")
        return found


if __name__ == "__main__":
    found = problems(sys.argv[1], int(sys.argv[2]))
    for p in found:
        print(p)
    sys.exit(1 if found else 0)
