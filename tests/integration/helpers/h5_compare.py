#!/usr/bin/python3
"""Bitwise comparison of every dataset in two fundsim HDF5 files.

    python3 tests/integration/helpers/h5_compare.py A.h5 B.h5

Exits 0 when every dataset has the same name, shape, dtype and bytes (NaN == NaN); prints the
differences and exits 1 otherwise. Attributes that describe the run rather than its results
(times, command line) are not compared. Bash tests call it as a script; pytest imports
`differences`.
"""
import sys

import h5py
import numpy as np


def datasets(f):
    """Every dataset of an open file, by its path inside the file."""
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def differences(a_path, b_path):
    """The ways the datasets of two files differ (an empty list: bitwise identical)."""
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        da, db = datasets(a), datasets(b)
        problems = []
        if sorted(da) != sorted(db):
            problems.append(f"dataset names differ: {sorted(set(da) ^ set(db))}")
        for name in sorted(set(da) & set(db)):
            x, y = da[name][()], db[name][()]
            if x.dtype != y.dtype or x.shape != y.shape:
                problems.append(f"{name}: {x.dtype}{x.shape} vs {y.dtype}{y.shape}")
            elif x.dtype.kind in "fiu":
                if x.tobytes() != y.tobytes():
                    if x.dtype.kind == "f":
                        differ = int(np.sum(~((x == y) | (np.isnan(x) & np.isnan(y)))))
                    else:
                        differ = int(np.sum(x != y))
                    problems.append(f"{name}: {differ} values differ")
            elif not np.array_equal(x, y):
                problems.append(f"{name}: values differ")
        return problems


def dataset_count(path):
    with h5py.File(path, "r") as f:
        return len(datasets(f))


def main(a_path, b_path):
    problems = differences(a_path, b_path)
    for p in problems:
        print(p)
    print(f"compared {dataset_count(a_path)} datasets: {'identical' if not problems else 'DIFFERENT'}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
