#!/usr/bin/python3
"""Bitwise comparison of every dataset in two fundsim HDF5 files.

Usage: h5_compare.py A.h5 B.h5
Exits 0 when every dataset has the same shape, dtype and bytes (NaN == NaN); prints the
differences and exits 1 otherwise. Attributes that describe the run rather than its results
(times, command line) are not compared.
"""
import sys

import h5py
import numpy as np


def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def main(a_path, b_path):
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
                    diff = int(np.sum(~((x == y) | (np.isnan(x) & np.isnan(y))))) if x.dtype.kind == "f" else int(np.sum(x != y))
                    problems.append(f"{name}: {diff} values differ")
            elif not np.array_equal(x, y):
                problems.append(f"{name}: values differ")
        for p in problems:
            print(p)
        print(f"compared {len(da)} datasets: {'identical' if not problems else 'DIFFERENT'}")
        return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
