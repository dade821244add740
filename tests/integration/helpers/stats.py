"""Statistics the tests recompute from per-replicate arrays, to check the engine's summaries.

Definitions follow docs/output-format.md: quantiles are the inverted CDF (section 3); a reported
quantile v of level q is within rank error e if it lies between the exact (q - e) and (q + e)
quantiles, i.e. e = distance from q to [share of values < v, share <= v]; horizon and yearly
values sum flows and take stocks at the period's last month (2.5-2.6); prob_better counts a tie
as half (2.6).
"""
import math

import numpy as np


def inverted_cdf(x, q):
    """The smallest value of x whose cumulative share reaches q (numpy's method="inverted_cdf")."""
    xs = np.sort(np.asarray(x))
    rank = min(max(1, math.ceil(q * len(xs))), len(xs))
    return xs[rank - 1]


def rank_errors(x, v, q, rel_tol=0.0, abs_tol=0.0):
    """Rank error of the values v (shape S) as level-q quantiles of x (shape (n, *S)).

    The comparison is widened by abs_tol + rel_tol * max(1, |v|): rel_tol for v computed in
    floating point from integers (e.g. an offender-year quantile times 12), abs_tol for values
    the engine rounds before summarising (capacity: to 1/256)."""
    x = np.asarray(x, dtype=float)
    v = np.asarray(v, dtype=float)
    tol = abs_tol + rel_tol * np.maximum(1.0, np.abs(v))
    below = (x < v - tol).mean(axis=0)
    at_most = (x <= v + tol).mean(axis=0)
    return np.maximum(0.0, np.maximum(below - q, q - at_most))


def rank_error(x, v, q, rel_tol=0.0):
    return float(rank_errors(np.asarray(x)[:, None], [v], q, rel_tol)[0])


def horizon_values(monthly, kind):
    """Per-replicate horizon value from (replicate, month): flows summed, stocks at the last month."""
    return monthly[:, -1] if kind == "stock" else monthly.sum(axis=1)


def yearly_values(monthly, kind):
    """(replicate, year) from (replicate, month): flows summed over each year, stocks at its end."""
    years = (monthly.shape[1] + 11) // 12
    return np.stack([horizon_values(monthly[:, 12 * y:12 * y + 12], kind) for y in range(years)], axis=1)


def exact_mean(x, axis=0):
    """Mean of integers with an exact sum (int64), as the engine computes it."""
    x = np.asarray(x, dtype=np.int64)
    return x.sum(axis=axis) / x.shape[axis]


def standard_error(x, axis=0):
    """Monte Carlo standard error of a mean: sd (divisor n - 1) / sqrt(n)."""
    x = np.asarray(x, dtype=float)
    return x.std(axis=axis, ddof=1) / math.sqrt(x.shape[axis])


def prob_better(diff, better, axis=0):
    """Share of replicates where the difference is an improvement, a tie counting half."""
    diff = np.asarray(diff)
    wins = (diff < 0) if better == "lower" else (diff > 0)
    return (2 * wins.sum(axis=axis) + (diff == 0).sum(axis=axis)) / (2 * diff.shape[axis])
