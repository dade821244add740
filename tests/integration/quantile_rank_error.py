#!/usr/bin/python3
"""Rank error of every stored quantile of a fundsim file against its per-replicate arrays.

Usage: quantile_rank_error.py FILE.h5 MAX_PERCENT
For each per-replicate metric, stored scenario, month, class and quantile level q, the value v
the sketch reported is correct to rank error e if it lies between the exact (q-e) and (q+e)
quantiles of the replicates, i.e. e = distance from q to [share of replicates < v, share <= v].
Prints the largest e and its cell and exits 1 if it exceeds MAX_PERCENT.
"""
import sys

import h5py
import numpy as np


def main(path, max_percent):
    worst, where, errors = 0.0, None, []
    with h5py.File(path, "r") as f:
        levels = f["quantile"][()]
        stored = np.nonzero(f["replicates_stored"][()])[0]
        metrics = [n for n in f if n + "_quantile" in f and f[n].ndim == 4]
        for name in metrics:
            quantiles = f[name + "_quantile"][()]  # scenario, quantile, month, class
            for s in stored:
                values = np.sort(f[name][s], axis=0)  # replicate, month, class
                n = values.shape[0]
                for qi, q in enumerate(levels):
                    v = quantiles[s, qi][None]
                    below = (values < v).sum(axis=0) / n
                    at_most = (values <= v).sum(axis=0) / n
                    e = np.maximum(0.0, np.maximum(below - q, q - at_most))
                    errors.append(e.ravel())
                    if e.max() > worst:
                        worst = float(e.max())
                        where = (name, int(s), float(q), np.unravel_index(e.argmax(), e.shape))
    errors = np.concatenate(errors)
    print(f"{errors.size} cell-levels of {len(metrics)} metrics: max rank error {100 * worst:.3f}% at {where}, "
          f"99.9th percentile {100 * np.quantile(errors, 0.999):.3f}%")
    return 0 if 100 * worst <= max_percent + 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2])))
