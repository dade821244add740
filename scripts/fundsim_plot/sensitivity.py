"""Plots of a `fundsim sensitivity` file (docs/sensitivity.md §5 explains how to read them).

    scripts/plot FILE.h5 -o DIR [--format png|svg|pdf] [--only PREFIX,...]

Plots (METRIC: each metric or objective of the file; all over the horizon)
  tornado_METRIC     per difference from the reference (one panel each): the top drivers by
                     PRCC (signed), ST (with S1) or Morris mu* (coloured by the sign of mu),
                     with their intervals
  sobol_METRIC       Sobol' files: S1 and ST bars with intervals per scenario and difference
  prcc_time_METRIC   PRCC files: PRCC of the top drivers per year (per month if the file has
                     months) for each difference, with the band where |PRCC| is not significant
  morris_METRIC      Morris files: mu* against sigma per difference, with the lines
                     sigma / mu* = 0.1, 0.5 and 1
  noise_share        share of each output's variance due to the model's own randomness
"""
import os
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402
from scipy import stats  # noqa: E402

TOP = 10  # drivers per panel
TIME_TOP = 6  # lines per panel of the PRCC-over-time plot
NEGATIVE, POSITIVE = "#c0392b", "#2471a3"
S1_COLOUR, ST_COLOUR = "#85c1e9", "#1f4e79"


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def strings(da):
    return [text(v) for v in da.values]


class Plotter:
    def __init__(self, path, outdir, fmt, only):
        self.ds = xr.open_dataset(path, engine="h5netcdf")
        self.outdir, self.fmt, self.only = outdir, fmt, list(only or [])
        self.written = []
        a = self.ds.attrs
        self.method = text(a["method"])
        self.study = text(a.get("study_name", ""))
        self.reference = text(a.get("reference", ""))
        self.confidence = float(a.get("confidence", 0.95))
        self.samples = int(a.get("samples", 0))
        self.scenarios = strings(self.ds["scenario"])
        refs = strings(self.ds["reference"])
        self.differences = [s for s, r in zip(self.scenarios, refs) if r]
        self.outcomes = [s for s, r in zip(self.scenarios, refs) if not r]
        self.metrics = strings(self.ds["metric"])
        self.periods = strings(self.ds["period"])
        self.units = dict(zip(self.metrics, strings(self.ds["metric_units"])))

    # -- helpers ---------------------------------------------------------------------------------
    def wanted(self, stem):
        return not self.only or any(stem.startswith(p) for p in self.only)

    def save(self, fig, stem):
        path = os.path.join(self.outdir, f"{stem}.{self.fmt}")
        fig.savefig(path, dpi=120, bbox_inches="tight")
        plt.close(fig)
        self.written.append(path)

    def cell(self, name, scenario, metric, period="horizon"):
        return self.ds[name].sel(scenario=scenario, metric=metric, period=period).values

    def panels(self):
        """The differences from the reference; the outcomes when there is none."""
        return self.differences or self.outcomes

    def subtitle(self):
        what = {"prcc": "rows", "morris": "trajectories", "sobol": "base rows"}[self.method]
        source = text(self.ds.attrs.get("source", "study"))
        n = f"{self.samples} replicates of {os.path.basename(source)}" if source != "study" \
            else f"{self.samples} {what}"
        return f"study '{self.study}', {n}, {self.confidence:.0%} intervals"

    def grid(self, n, width, height):
        cols = 1 if n == 1 else 2 if n <= 4 else 3
        rows = -(-n // cols)
        fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False)
        for ax in axes.flat[n:]:
            ax.set_visible(False)
        return fig, list(axes.flat[:n])

    def order(self, values, top, absolute=False):
        score = np.abs(values) if absolute else values.copy()
        score = np.where(np.isnan(score), -np.inf, score)
        idx = np.argsort(-score, kind="stable")[:top]
        return [i for i in idx if np.isfinite(score[i])]

    # -- tornado ---------------------------------------------------------------------------------
    def tornado(self, metric):
        params = strings(self.ds["parameter"])
        panels = self.panels()
        fig, axes = self.grid(len(panels), 7.5, 0.45 * TOP + 1.6)
        for ax, target in zip(axes, panels):
            if self.method == "prcc":
                v = self.cell("prcc", target, metric)
                lo, hi = self.cell("prcc_lower", target, metric), self.cell("prcc_upper", target, metric)
                idx = self.order(v, TOP, absolute=True)
                label = "PRCC"
            elif self.method == "sobol":
                v = self.cell("ST", target, metric)
                lo, hi = self.cell("ST_lower", target, metric), self.cell("ST_upper", target, metric)
                idx = self.order(v, TOP)
                label = "total index ST (light: first-order S1)"
            else:
                v = self.cell("mu_star", target, metric)
                lo, hi = self.cell("mu_star_lower", target, metric), self.cell("mu_star_upper", target, metric)
                mu = self.cell("mu", target, metric)
                idx = self.order(v, TOP)
                label = f"Morris mu* ({self.units.get(metric, '')} per unit of probability)"
            if not idx:
                ax.text(0.5, 0.5, "constant output: no indices", ha="center", va="center",
                        transform=ax.transAxes)
                ax.set_axis_off()
                ax.set_title(target, fontsize=10)
                continue
            y = np.arange(len(idx))[::-1]
            vals = v[idx]
            if self.method == "morris":
                colours = [POSITIVE if m >= 0 else NEGATIVE for m in mu[idx]]
            else:
                colours = [POSITIVE if x >= 0 else NEGATIVE for x in vals]
            if self.method == "sobol":
                s1 = self.cell("S1", target, metric)[idx]
                ax.barh(y, vals, color=ST_COLOUR, height=0.7)
                ax.barh(y, np.clip(s1, 0, None), color=S1_COLOUR, height=0.4)
            else:
                ax.barh(y, vals, color=colours, height=0.7)
            err = np.vstack([vals - lo[idx], hi[idx] - vals])
            ax.errorbar(vals, y, xerr=np.clip(err, 0, None), fmt="none", ecolor="black",
                        elinewidth=1, capsize=3)
            ax.set_yticks(y)
            ax.set_yticklabels([params[i] for i in idx], fontsize=9)
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set_xlabel(label, fontsize=9)
            ax.grid(axis="x", alpha=0.3)
            ax.set_title(target, fontsize=10)
            if self.method == "prcc":
                ax.set_xlim(-1, 1)
        what = {"prcc": "partial rank correlation", "sobol": "Sobol' total index",
                "morris": "Morris mu*"}[self.method]
        sign = "" if self.method == "sobol" else \
            ("; blue: raises the value, red: lowers it" if self.method == "prcc"
             else "; blue: mean effect mu > 0, red: mu < 0")
        fig.suptitle(textwrap.fill(f"Top drivers of {metric} over the horizon ({what}){sign}", 110)
                     + "\n" + self.subtitle(), fontsize=11)
        fig.tight_layout()
        self.save(fig, f"tornado_{metric}")

    # -- Sobol' bars -----------------------------------------------------------------------------
    def sobol_bars(self, metric):
        params = strings(self.ds["parameter"])
        targets = self.outcomes[:1] + self.differences if self.differences else self.outcomes
        fig, axes = self.grid(len(targets), 7.5, 0.45 * TOP + 1.8)
        for ax, target in zip(axes, targets):
            st = self.cell("ST", target, metric)
            idx = self.order(st, TOP)
            if not idx:
                ax.text(0.5, 0.5, "constant output: no indices", ha="center", va="center",
                        transform=ax.transAxes)
                ax.set_axis_off()
                continue
            y = np.arange(len(idx))[::-1]
            for name, offset, colour in (("S1", 0.2, S1_COLOUR), ("ST", -0.2, ST_COLOUR)):
                v = self.cell(name, target, metric)[idx]
                lo = self.cell(name + "_lower", target, metric)[idx]
                hi = self.cell(name + "_upper", target, metric)[idx]
                ax.barh(y + offset, v, height=0.38, color=colour, label=name)
                ax.errorbar(v, y + offset, xerr=np.clip(np.vstack([v - lo, hi - v]), 0, None),
                            fmt="none", ecolor="black", elinewidth=0.8, capsize=2)
            noise = float(self.cell("noise_share", target, metric))
            ax.set_yticks(y)
            ax.set_yticklabels([params[i] for i in idx], fontsize=9)
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set_xlabel("share of Var(Y), the model's noise included", fontsize=9)
            ax.grid(axis="x", alpha=0.3)
            ax.set_title(f"{target}   (noise share {noise:.3f})", fontsize=10)
            ax.legend(fontsize=8, loc="lower right")
        fig.suptitle(f"Sobol' first-order (S1) and total (ST) indices of {metric} over the horizon\n"
                     + self.subtitle(), fontsize=11)
        fig.tight_layout()
        self.save(fig, f"sobol_{metric}")

    # -- PRCC over time --------------------------------------------------------------------------
    def prcc_time(self, metric):
        params = strings(self.ds["parameter"])
        months = [p for p in self.periods if p.startswith("month ")]
        periods = months or [p for p in self.periods if p.startswith("year ")]
        if len(periods) < 2:
            return
        starts = dict(zip(self.periods, strings(self.ds["period_start"])))
        rows = int(self.ds.attrs.get("samples", 0))
        d = len(params)
        df = rows - 2 - (d - 1)
        critical = None
        if df > 0:
            t = stats.t.ppf(0.975, df)
            critical = t / np.sqrt(df + t * t)  # |PRCC| with p = 0.05
        panels = self.panels()
        fig, axes = self.grid(len(panels), 7.5, 4.2)
        x = np.arange(len(periods))
        cmap = plt.get_cmap("tab10")
        for ax, target in zip(axes, panels):
            v = self.ds["prcc"].sel(scenario=target, metric=metric, period=periods).values  # (t, p)
            score = np.nanmax(np.abs(v), axis=0) if np.isfinite(v).any() else np.full(d, np.nan)
            idx = self.order(score, TIME_TOP)
            if critical is not None:
                ax.axhspan(-critical, critical, color="grey", alpha=0.2, linewidth=0,
                           label="not significant (p > 0.05)")
            for k, j in enumerate(idx):
                ax.plot(x, v[:, j], marker="o" if len(x) <= 12 else None, color=cmap(k % 10),
                        label=params[j], linewidth=1.6)
            ax.axhline(0, color="black", linewidth=0.7)
            ax.set_ylim(-1, 1)
            step = max(1, len(x) // 12)
            ax.set_xticks(x[::step])
            ax.set_xticklabels([starts.get(p, p) for p in periods][::step], rotation=45, ha="right",
                               fontsize=8)
            ax.set_xlabel(("month" if months else "year") + " starting (YYYY-MM)", fontsize=9)
            ax.set_ylabel("PRCC", fontsize=9)
            ax.grid(alpha=0.3)
            ax.set_title(target, fontsize=10)
            ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
        fig.suptitle(f"PRCC of {metric} per {'month' if months else 'year'}: the {TIME_TOP} "
                     f"strongest drivers of each panel\n" + self.subtitle(), fontsize=11)
        fig.tight_layout()
        self.save(fig, f"prcc_time_{metric}")

    # -- Morris scatter --------------------------------------------------------------------------
    def morris_scatter(self, metric):
        params = strings(self.ds["parameter"])
        panels = self.panels()
        fig, axes = self.grid(len(panels), 6.5, 5.2)
        for ax, target in zip(axes, panels):
            ms = self.cell("mu_star", target, metric)
            sg = self.cell("sigma", target, metric)
            mu = self.cell("mu", target, metric)
            ok = np.isfinite(ms) & np.isfinite(sg)
            if not ok.any() or np.nanmax(ms) <= 0:
                ax.text(0.5, 0.5, "constant output: no effects", ha="center", va="center",
                        transform=ax.transAxes)
                ax.set_axis_off()
                ax.set_title(target, fontsize=10)
                continue
            colours = [POSITIVE if m >= 0 else NEGATIVE for m in mu[ok]]
            ax.scatter(ms[ok], sg[ok], c=colours, s=24, zorder=3)
            top = max(np.nanmax(ms), np.nanmax(sg)) * 1.1
            line = np.array([0, top])
            for ratio, style in ((0.1, ":"), (0.5, "--"), (1.0, "-")):
                ax.plot(line, ratio * line, color="grey", linestyle=style, linewidth=0.8,
                        label=f"sigma / mu* = {ratio:g}")
            for j in self.order(ms, 6):
                ax.annotate(params[j], (ms[j], sg[j]), fontsize=7, xytext=(4, 2),
                            textcoords="offset points")
            ax.set_xlim(0, top)
            ax.set_ylim(0, top)
            ax.set_xlabel(f"mu* ({self.units.get(metric, '')} per unit of probability)", fontsize=9)
            ax.set_ylabel("sigma", fontsize=9)
            ax.grid(alpha=0.3)
            ax.set_title(target, fontsize=10)
            ax.legend(fontsize=7, loc="upper left")
        fig.suptitle(f"Morris screening of {metric} over the horizon: importance (mu*) against "
                     "non-linearity and interactions (sigma); blue mu > 0, red mu < 0\n"
                     + self.subtitle(), fontsize=11)
        fig.tight_layout()
        self.save(fig, f"morris_{metric}")

    # -- noise share -----------------------------------------------------------------------------
    def noise_share(self):
        if "noise_share" not in self.ds.variables:
            return
        v = self.ds["noise_share"].sel(period="horizon")
        lo = self.ds["noise_share_lower"].sel(period="horizon")
        hi = self.ds["noise_share_upper"].sel(period="horizon")
        fig, ax = plt.subplots(figsize=(max(7, 1.1 * len(self.scenarios)), 4.8))
        width = 0.8 / len(self.metrics)
        x = np.arange(len(self.scenarios))
        cmap = plt.get_cmap("tab10")
        for k, m in enumerate(self.metrics):
            vals = v.sel(metric=m).values
            err = np.clip(np.vstack([vals - lo.sel(metric=m).values, hi.sel(metric=m).values - vals]), 0, None)
            ax.bar(x + (k - (len(self.metrics) - 1) / 2) * width, vals, width, label=m,
                   color=cmap(k % 10), yerr=err, capsize=2, error_kw={"elinewidth": 0.8})
        ax.set_xticks(x)
        ax.set_xticklabels([textwrap.fill(s, 18) for s in self.scenarios], rotation=45, ha="right",
                           fontsize=8)
        ax.set_ylabel("E[Var(Y | parameters)] / Var(Y)")
        ax.set_yscale("symlog", linthresh=1e-3)
        ax.set_ylim(0, 1)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        note = " (Morris: relative to the variance over the grid's start points)" \
            if self.method == "morris" else ""
        ax.set_title("Share of the variance over the horizon due to the model's own randomness"
                     f"{note}\n" + self.subtitle(), fontsize=11)
        self.save(fig, "noise_share")

    def draw(self):
        for m in self.metrics:
            if self.wanted(f"tornado_{m}"):
                self.tornado(m)
            if self.method == "sobol" and self.wanted(f"sobol_{m}"):
                self.sobol_bars(m)
            if self.method == "prcc" and self.wanted(f"prcc_time_{m}"):
                self.prcc_time(m)
            if self.method == "morris" and self.wanted(f"morris_{m}"):
                self.morris_scatter(m)
        if self.wanted("noise_share"):
            self.noise_share()
        self.ds.close()
        return self.written


def draw(path, outdir, fmt, only):
    """Draws the plots of sensitivity file PATH into OUTDIR; returns the paths written."""
    return Plotter(path, outdir, fmt, only).draw()
