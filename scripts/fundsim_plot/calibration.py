"""Plots of a `fundsim calibrate` posterior file (docs/calibration.md §7 explains how to read them).

    scripts/plot FILE.h5 -o DIR [--format png|svg|pdf] [--only PREFIX,...]

Plots
  fit_to_data    each observation (with its observation error and model discrepancy, 2 sd) against
                 the prior- and posterior-predictive 90% intervals and medians
  marginals      prior (wave 1's Latin hypercube) against posterior histogram of every calibrated
                 parameter, ordered by shrinkage (1 - posterior 90% width / prior 90% width)
  pairs_waves    the non-implausible points of each history-matching wave, in the prior's
                 uniforms, for the most shrunk parameters
  acceptance     share of each wave's points kept, and the Metropolis-Hastings acceptance of each
                 posterior step with its temperature
"""
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

PRIOR, POSTERIOR, OBSERVED = "#aab7b8", "#1f4e79", "#c0392b"
PAIRS = 5  # parameters in the pairs plot


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def shrinkage(prior, posterior):
    """1 - (posterior 90% width) / (prior 90% width), per column."""
    width = lambda a: np.quantile(a, 0.95, axis=0) - np.quantile(a, 0.05, axis=0)  # noqa: E731
    p = width(prior)
    return np.where(p > 0, 1 - width(posterior) / np.where(p > 0, p, 1), 0.0)


class Plotter:
    def __init__(self, path, outdir, fmt, only):
        self.outdir, self.fmt, self.only = outdir, fmt, only
        with h5py.File(path, "r") as f:
            self.names = [text(v) for v in f["parameter"][()]]
            self.observations = [text(v) for v in f["observation"][()]]
            self.d = {k: f[k][()] for k in f if isinstance(f[k], h5py.Dataset)}
            self.study = text(f.attrs.get("study_name", ""))
        self.written = []

    def wanted(self, name):
        return not self.only or any(name.startswith(p) for p in self.only)

    def save(self, fig, name):
        path = os.path.join(self.outdir, f"{name}.{self.fmt}")
        fig.savefig(path, dpi=90, bbox_inches="tight")
        plt.close(fig)
        self.written.append(path)

    def fit_to_data(self):
        d, n = self.d, len(self.observations)
        cols = min(4, n)
        rows = (n + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
        for j, name in enumerate(self.observations):
            ax = axes[j // cols][j % cols]
            z = d["observation_value"][j]
            model = text(d["observation_model"][j])
            # The observation's own sd (Poisson: sqrt of the count over the period, scaled back)
            # and the discrepancy sd, as the likelihood combines them.
            sd = d["observation_sd"][j] if model == "normal" else np.sqrt(max(z, 1.0))
            if model != "normal" and text(d["observation_aggregate"][j]) == "mean_per_month":
                months = _months(text(d["observation_first_month"][j]),
                                 text(d["observation_last_month"][j]))
                sd = np.sqrt(max(z * months, 1.0)) / months
            err = 2 * np.hypot(sd, d["observation_discrepancy_sd"][j])
            for y, key, colour, label in ((0, "prior_predictive", PRIOR, "prior predictive"),
                                          (1, "posterior_predictive", POSTERIOR,
                                           "posterior predictive")):
                draws = d[key][:, j]
                lo, med, hi = np.quantile(draws, [0.05, 0.5, 0.95])
                ax.plot([lo, hi], [y, y], color=colour, linewidth=5, alpha=0.7, label=label)
                ax.plot(med, y, "|", color="black", markersize=12)
            ax.errorbar(z, 0.5, xerr=err, fmt="o", color=OBSERVED, label="observed ± 2 sd")
            ax.set_yticks([])
            ax.set_ylim(-0.6, 1.6)
            ax.set_title(name, fontsize=9)
            ax.tick_params(labelsize=7)
        for k in range(n, rows * cols):
            axes[k // cols][k % cols].axis("off")
        axes[0][0].legend(fontsize=7, loc="upper left")
        fig.suptitle(f"{self.study}: fit to the observed series (90% predictive intervals)")
        fig.tight_layout()
        self.save(fig, "fit_to_data")

    def marginals(self):
        prior, post = self.d["prior_value"], self.d["posterior_value"]
        s = shrinkage(prior, post)
        order = np.argsort(-s)
        cols = 6
        rows = (len(order) + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(2.6 * cols, 1.9 * rows), squeeze=False)
        for k, c in enumerate(order):
            ax = axes[k // cols][k % cols]
            bins = np.linspace(min(prior[:, c].min(), post[:, c].min()),
                               max(prior[:, c].max(), post[:, c].max()), 30)
            ax.hist(prior[:, c], bins=bins, density=True, color=PRIOR, label="prior")
            ax.hist(post[:, c], bins=bins, density=True, color=POSTERIOR, alpha=0.7,
                    label="posterior")
            ax.set_title(f"{self.names[c]}\nshrinkage {s[c]:.0%}", fontsize=7)
            ax.set_yticks([])
            ax.tick_params(labelsize=6)
        for k in range(len(order), rows * cols):
            axes[k // cols][k % cols].axis("off")
        axes[0][0].legend(fontsize=6)
        fig.suptitle(f"{self.study}: prior and posterior marginals, most informed first")
        fig.tight_layout()
        self.save(fig, "marginals")

    def pairs_waves(self):
        d = self.d
        s = shrinkage(d["prior_value"], d["posterior_value"])
        top = list(np.argsort(-s)[:PAIRS])
        keep = d["point_nonimplausible"] == 1
        u, wave = d["point_u"][keep], d["point_wave"][keep]
        waves = sorted(set(wave.tolist()))
        k = len(top)
        fig, axes = plt.subplots(k, k, figsize=(2.1 * k, 2.1 * k), squeeze=False)
        cmap = plt.get_cmap("viridis", max(len(waves), 2))
        for a in range(k):
            for b in range(k):
                ax = axes[a][b]
                if a == b:
                    ax.hist(d["posterior_u"][:, top[a]], bins=20, range=(0, 1), color=POSTERIOR)
                else:
                    for i, w in enumerate(waves):
                        m = wave == w
                        ax.scatter(u[m, top[b]], u[m, top[a]], s=2, color=cmap(i), rasterized=True,
                                   label=f"wave {w + 1}")
                    ax.set_ylim(0, 1)
                ax.set_xlim(0, 1)
                ax.tick_params(labelsize=6)
                if b == 0:
                    ax.set_ylabel(self.names[top[a]], fontsize=6)
                if a == k - 1:
                    ax.set_xlabel(self.names[top[b]], fontsize=6)
        if k > 1:
            axes[0][1].legend(fontsize=6, markerscale=3)
        fig.suptitle(f"{self.study}: non-implausible points by wave (prior uniforms); "
                     "diagonal: posterior")
        fig.tight_layout()
        self.save(fig, "pairs_waves")

    def acceptance(self):
        d = self.d
        fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.2))
        waves = np.arange(1, len(d["wave_acceptance"]) + 1)
        a.bar(waves, d["wave_acceptance"], color=POSTERIOR)
        a.set_xlabel("history-matching wave")
        a.set_ylabel("share of points kept")
        a.set_xticks(waves)
        steps = np.arange(len(d["step_acceptance"]))
        b.plot(steps, d["step_acceptance"], "o-", color=POSTERIOR, label="MH acceptance")
        b.plot(steps, d["step_temperature"], "s--", color=PRIOR, label="temperature")
        b.set_xlabel("posterior step")
        b.set_ylim(0, 1.05)
        b.legend(fontsize=8)
        fig.suptitle(f"{self.study}: acceptance per wave and per posterior step")
        fig.tight_layout()
        self.save(fig, "acceptance")

    def draw(self):
        os.makedirs(self.outdir, exist_ok=True)
        for name in ("fit_to_data", "marginals", "pairs_waves", "acceptance"):
            if self.wanted(name):
                getattr(self, name)()
        return self.written


def _months(first, last):
    """Months from YYYY-MM to YYYY-MM inclusive."""
    (y0, m0), (y1, m1) = (map(int, first.split("-")), map(int, last.split("-")))
    return (y1 - y0) * 12 + (m1 - m0) + 1


def draw(path, outdir, fmt, only):
    """Draws the plots of calibration file PATH into OUTDIR; returns the paths written."""
    return Plotter(path, outdir, fmt, only).draw()
