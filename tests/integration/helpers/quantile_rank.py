"""Rank error of the quantiles a fundsim file stores, against its own per-replicate arrays.

For a metric, stored scenario, month, class and level q, the stored value v is correct to rank
error e if it lies between the exact (q - e) and (q + e) quantiles of the replicates
(docs/output-format.md 3).
"""
import numpy as np

from helpers import h5
from helpers.stats import rank_errors


def stored_quantile_rank_errors(f, name, rel_tol=0.0, abs_tol=0.0):
    """Rank errors of NAME_quantile for every stored scenario: (scenario, quantile, month[, class]),
    and a description of the worst cell. rel_tol, abs_tol: see stats.rank_errors."""
    levels = f["quantile"][()]
    quantiles = f[name + "_quantile"][()]  # (scenario, quantile, month[, class])
    stored = h5.stored_scenarios(f)
    errors = np.zeros((len(stored),) + quantiles.shape[1:])
    for i, s in enumerate(stored):
        values = f[name][s]  # (replicate, month[, class])
        for qi, q in enumerate(levels):
            errors[i, qi] = rank_errors(values, quantiles[s, qi], q, rel_tol, abs_tol)
    i, qi, *cell = np.unravel_index(np.argmax(errors), errors.shape)
    scenarios = h5.names(f["scenario"])
    worst = (f"{100 * errors.max():.3f}% at scenario {scenarios[stored[i]]}, level {levels[qi]}, "
             f"month/class {tuple(int(c) for c in cell)}")
    return errors, worst
