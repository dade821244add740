"""Plots of an optimisation file (`fundsim optimise`, docs/output-format.md §9).

  optimisation_splits       the scored splits, the near-optimal region and the best split:
                            score against the share for 2 levers, a ternary for 3, pairwise
                            projections for 4 or more (the best score over the other levers)
  optimisation_parallel     the near-optimal splits in parallel coordinates (3 levers or more)
  optimisation_p_best       P(best) among the finalists, with their scores and intervals
  optimisation_comparisons  the best split against the baseline and each named scenario:
                            paired difference with its 95% interval
"""
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402

from fundsim_plot import simplex  # noqa: E402

Z95 = 1.959963984540054


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


class Optimisation:
    """What the plots need from the file."""

    def __init__(self, path):
        with h5py.File(path, "r") as f:
            a = f.attrs
            self.objective = text(a["objective"])
            self.units = text(a.get("objective_units", ""))
            self.risk = text(a.get("objective_risk", "mean"))
            self.lower_better = text(a.get("score_better", "lower")) == "lower"
            self.tolerance = float(a["tolerance"])
            self.tolerance_given = text(a.get("tolerance_given", ""))
            self.budget = float(a["budget"])
            self.currency = text(a.get("currency", "GBP"))
            self.duration = int(a["duration_months"])
            self.replicates = int(a["replicates"])
            self.fresh = int(a["fresh_replicates"])
            self.study = text(a.get("study_name", ""))
            self.levers = [text(v) for v in f["lever"][:]]
            self.shares = f["candidate_share"][:]
            self.score = f["candidate_score"][:]
            self.phase = [text(v) for v in f["candidate_phase"][:]]
            self.finalist_candidate = f["finalist_candidate"][:]
            self.finalist_score = f["finalist_score"][:]
            self.finalist_se = f["finalist_se"][:]
            self.finalist_p_best = f["finalist_p_best"][:]
            self.finalist_near = f["finalist_near_optimal"][:].astype(bool)
            self.finalist_value = f["finalist_value"][:]
            self.best_finalist = int(a["best_finalist"])
            self.search_best = int(a["search_best_candidate"])
            self.compared = [text(v) for v in f["comparison"][:]]
            self.diff_mean = f["best_minus_comparison_mean"][:]
            self.diff_se = f["best_minus_comparison_se"][:]
            self.diff_better = f["best_minus_comparison_prob_better"][:]
        self.best = int(self.finalist_candidate[self.best_finalist])
        # The near-optimal region as the search saw it: splits within the tolerance of the search's
        # best score (on the search replicates, so paired with each other).
        sign = 1.0 if self.lower_better else -1.0
        self.region = sign * (self.score - self.score[self.search_best]) <= self.tolerance

    def label(self, shares):
        return ", ".join(f"{lv} {s:.2f}" for lv, s in zip(self.levers, shares))

    def title(self):
        return (f"'{self.objective}' ({self.risk}{', ' + self.units if self.units else ''}): "
                f"split of {self.currency} {self.budget / 1e6:.1f}m over {self.duration} months, "
                f"study {self.study}")


def save(fig, outdir, stem, fmt, only, written):
    if only and not any(stem.startswith(p) for p in only):
        plt.close(fig)
        return
    path = os.path.join(outdir, f"{stem}.{fmt}")
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    written.append(path)


def plot_splits(o, outdir, fmt, only, written):
    n = len(o.levers)
    cmap = "viridis_r" if o.lower_better else "viridis"
    best_label = f"best split: {o.label(o.shares[o.best])}\n  {o.finalist_score[o.best_finalist]:,.1f} on fresh replicates"
    region_label = f"near-optimal (within {o.tolerance:,.1f} of the search's best)"
    if n == 1:
        return
    if n == 2:
        fig, ax = plt.subplots(figsize=(8, 5))
        x = o.shares[:, 0]
        grid = np.array([p == "grid" for p in o.phase])
        ax.plot(x[grid], o.score[grid], "o", color="C0", label="grid", markersize=5)
        ax.plot(x[~grid], o.score[~grid], ".", color="C1", label="refinement", markersize=4)
        ax.plot(x[o.region], o.score[o.region], "o", mfc="none", mec="black", label=region_label)
        fx = o.shares[o.finalist_candidate, 0]
        ax.errorbar(fx, o.finalist_score, yerr=Z95 * o.finalist_se, fmt="s", color="C3",
                    capsize=3, label="finalists on fresh replicates (95%)")
        ax.plot(o.shares[o.best, 0], o.finalist_score[o.best_finalist], "*", markersize=18,
                color="red", mec="white", label=best_label)
        ax.set_xlabel(f"share of {o.levers[0]} (rest: {o.levers[1]})")
        ax.set_ylabel(f"{o.objective} ({o.units})" if o.units else o.objective)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        ax.set_title(o.title(), fontsize=10)
        save(fig, outdir, "optimisation_splits", fmt, only, written)
        return
    if n == 3:
        fig, ax = plt.subplots(figsize=(8.2, 7.6))
        simplex.ternary_frame(ax, o.levers, 0.1)
        x, y = simplex.to_xy(o.shares)
        order = np.argsort(-o.score if o.lower_better else o.score)  # best drawn last
        sc = ax.scatter(x[order], y[order], c=o.score[order], cmap=cmap, s=22, zorder=3)
        ax.scatter(x[o.region], y[o.region], facecolors="none", edgecolors="black", s=40,
                   linewidths=0.8, zorder=4, label=region_label)
        ax.plot(x[o.best], y[o.best], "*", markersize=20, color="red", mec="white", zorder=6,
                label=best_label, linestyle="")
        cb = fig.colorbar(sc, ax=ax, shrink=0.75, pad=0.02)
        cb.set_label(f"{o.objective} on the search replicates ({o.units})")
        ax.legend(loc="upper center", fontsize=8, bbox_to_anchor=(0.5, 0.0), framealpha=0.9)
        ax.set_title(o.title() + f"\n{len(o.score)} splits scored", fontsize=10)
        save(fig, outdir, "optimisation_splits", fmt, only, written)
    else:
        fig = plt.figure(figsize=(2.6 * (n - 1) + 1.5, 2.6 * (n - 1)))
        mappable, axes = simplex.pairwise_projections(
            fig, o.levers, o.shares, o.score, "min" if o.lower_better else "max", cmap,
            highlight=o.region, star=o.best)
        cb = fig.colorbar(mappable, ax=axes, shrink=0.7, pad=0.02)
        cb.set_label(f"best {o.objective} over the other levers ({o.units})")
        fig.suptitle(o.title() + f"\n{len(o.score)} splits scored; circled: {region_label}; "
                     f"star: {best_label}", fontsize=9)
        save(fig, outdir, "optimisation_splits", fmt, only, written)
    # Parallel coordinates of the near-optimal region (3 levers or more).
    fig, ax = plt.subplots(figsize=(1.8 * n + 3, 4.5))
    idx = np.flatnonzero(o.region)
    norm = Normalize(vmin=float(o.score[idx].min()), vmax=float(o.score[idx].max()) + 1e-12)
    cm = plt.get_cmap(cmap)
    simplex.parallel_coordinates(ax, o.levers, o.shares[idx], o.score[idx], cm, norm,
                                 star=None)
    ax.plot(np.arange(n), o.shares[o.best], color="red", linewidth=2.5, marker="*",
            markersize=12, label=best_label)
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cm)
    fig.colorbar(sm, ax=ax, pad=0.02).set_label(f"{o.objective} ({o.units})")
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title(f"{len(idx)} near-optimal splits (within {o.tolerance:,.1f} of the best)\n"
                 + o.title(), fontsize=10)
    save(fig, outdir, "optimisation_parallel", fmt, only, written)


def plot_p_best(o, outdir, fmt, only, written):
    k = len(o.finalist_candidate)
    labels = [o.label(o.shares[c]).replace(", ", "\n", 1) if len(o.levers) > 3 else o.label(o.shares[c])
              for c in o.finalist_candidate]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 0.6 * k + 2.5), sharey=True)
    y = np.arange(k)
    colours = ["red" if i == o.best_finalist else ("C0" if o.finalist_near[i] else "grey")
               for i in range(k)]
    ax1.barh(y, o.finalist_p_best, color=colours)
    ax1.set_yticks(y)
    ax1.set_yticklabels(labels, fontsize=8)
    ax1.invert_yaxis()
    ax1.set_xlabel("P(best) raw: share of fresh replicates\nwhere it does best (luck included)")
    ax1.set_xlim(0, max(1e-9, float(o.finalist_p_best.max())) * 1.15)
    # Paired against the best on the same fresh replicates: how much worse, with its interval.
    sign = 1.0 if o.lower_better else -1.0
    d = sign * (o.finalist_value - o.finalist_value[o.best_finalist])
    loss = d.mean(axis=1)
    se = d.std(axis=1, ddof=1) / np.sqrt(d.shape[1])
    ax2.errorbar(loss, y, xerr=Z95 * se, fmt="none", ecolor="black", capsize=3)
    for i in range(k):
        ax2.plot(loss[i], y[i], "o", color=colours[i])
    ax2.axvline(o.tolerance, color="C0", linestyle="--", label=f"tolerance {o.tolerance:,.1f}")
    ax2.axvline(0, color="black", linewidth=0.8)
    ax2.set_xlabel(f"worse than the best by ({o.units}; mean difference over\n"
                   f"{o.fresh:,} paired fresh replicates, 95% interval)")
    ax2.legend(fontsize=8, loc="lower right")
    ax2.grid(axis="x", alpha=0.3)
    fig.suptitle("Finalists: red the best, blue near-optimal "
                 f"(within {o.tolerance:,.1f}; --tolerance {o.tolerance_given}), grey the others\n"
                 + o.title(), fontsize=10)
    fig.tight_layout()
    save(fig, outdir, "optimisation_p_best", fmt, only, written)


def plot_comparisons(o, outdir, fmt, only, written):
    m = len(o.compared)
    if m == 0:
        return
    fig, ax = plt.subplots(figsize=(9, 0.5 * m + 2))
    y = np.arange(m)
    ax.errorbar(o.diff_mean, y, xerr=Z95 * o.diff_se, fmt="o", color="C0", capsize=4)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{n}\nP(best does better) {p:.2f}" for n, p in zip(o.compared, o.diff_better)],
                       fontsize=8)
    ax.invert_yaxis()
    better = "lower" if o.lower_better else "higher"
    ax.set_xlabel(f"best split - scenario, {o.objective} ({o.units}; {better} is better), "
                  f"mean and 95% interval over {o.fresh:,} paired fresh replicates")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"The best split ({o.label(o.shares[o.best])}) against the named scenarios\n"
                 + o.title(), fontsize=10)
    save(fig, outdir, "optimisation_comparisons", fmt, only, written)


def draw(path, outdir, fmt, only):
    o = Optimisation(path)
    written = []
    plot_splits(o, outdir, fmt, only, written)
    plot_p_best(o, outdir, fmt, only, written)
    plot_comparisons(o, outdir, fmt, only, written)
    return written
