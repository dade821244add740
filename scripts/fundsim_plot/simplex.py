"""Drawing splits of a budget (points of a simplex) for any number of levers: a ternary frame for
three levers, pairwise projections for four or more (each panel shows two levers' shares, and
the best value over every split with those two shares), parallel coordinates. Shared by
scripts/plot (sweeps) and fundsim_plot/optimisation.py."""
import numpy as np
from matplotlib.patches import Polygon

SQ3 = np.sqrt(3.0)


def to_xy(s):
    """Shares (a, b, c) -> Cartesian: a at (0,0), b at (1,0), c at the apex."""
    s = np.asarray(s, dtype=float)
    return s[..., 1] + 0.5 * s[..., 2], SQ3 / 2 * s[..., 2]


def ternary_frame(ax, names, step):
    """The triangle with ticks and corner labels; returns the triangle as a clip path."""
    tri = np.array([[0, 0], [1, 0], [0.5, SQ3 / 2]])
    ax.add_patch(Polygon(tri, closed=True, fill=False, edgecolor="black", linewidth=1.2, zorder=5))
    ticks = np.round(np.arange(0, 1 + 1e-9, 0.2 if step < 0.2 else step), 6)
    for t in ticks:
        # Tick labels along each edge: share of the lever whose corner the edge runs towards.
        bx, by = to_xy([1 - t, t, 0])
        ax.text(bx, by - 0.035, f"{t:.1f}", ha="center", va="top", fontsize=7)
        if 0 < t < 1:  # the corners are labelled by name
            cx, cy = to_xy([0, 1 - t, t])
            ax.text(cx + 0.03, cy, f"{t:.1f}", ha="left", va="center", fontsize=7)
            ax_, ay = to_xy([t, 0, 1 - t])
            ax.text(ax_ - 0.03, ay, f"{t:.1f}", ha="right", va="center", fontsize=7)
    ax.text(0, -0.09, f"100% {names[0]}", ha="center", va="top", fontsize=9, weight="bold")
    ax.text(1, -0.09, f"100% {names[1]}", ha="center", va="top", fontsize=9, weight="bold")
    ax.text(0.5, SQ3 / 2 + 0.03, f"100% {names[2]}", ha="center", va="bottom", fontsize=9, weight="bold")
    ax.text(0.5, -0.16, f"share of {names[1]} (bottom edge) →", ha="center", va="top", fontsize=8)
    ax.text(0.86, 0.47, f"← share of {names[2]}", ha="center", va="center", fontsize=8, rotation=-60)
    ax.text(0.14, 0.47, f"← share of {names[0]}", ha="center", va="center", fontsize=8, rotation=60)
    ax.set_xlim(-0.2, 1.2)
    ax.set_ylim(-0.22, SQ3 / 2 + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return Polygon(tri, closed=True, transform=ax.transData)


def profile(shares, values, i, j, better, decimals=6):
    """For every distinct pair (share i, share j): the best value over the splits with those two
    shares (lowest when better == "min"). Returns (xs, ys, best values)."""
    keys = {}
    for s, v in zip(shares, values):
        if not np.isfinite(v):
            continue
        k = (round(float(s[i]), decimals), round(float(s[j]), decimals))
        if k not in keys or (v < keys[k] if better == "min" else v > keys[k]):
            keys[k] = v
    xs = np.array([k[0] for k in keys])
    ys = np.array([k[1] for k in keys])
    return xs, ys, np.array(list(keys.values()))


def pairwise_projections(fig, names, shares, values, better, cmap, highlight=None, star=None,
                         marker_size=40):
    """A lower-triangular grid of panels, one per pair of levers: each point is a pair of shares,
    coloured by the best value over the splits that have them (`profile`). `highlight`: boolean
    mask of splits drawn again with a black edge (e.g. the near-optimal ones); `star`: the index
    of the best split. Returns the colour mappable (for a colour bar)."""
    n = len(names)
    shares = np.asarray(shares, dtype=float)
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    mappable = None
    axes = fig.subplots(n - 1, n - 1, squeeze=False)
    for row in range(n - 1):
        for col in range(n - 1):
            ax = axes[row][col]
            i, j = col, row + 1  # x: lever i, y: lever j (j > i)
            if col > row:
                ax.axis("off")
                continue
            xs, ys, best = profile(shares, values, i, j, better)
            mappable = ax.scatter(xs, ys, c=best, cmap=cmap, vmin=vmin, vmax=vmax, s=marker_size,
                                  marker="s", linewidths=0)
            if highlight is not None and np.any(highlight):
                ax.scatter(shares[highlight, i], shares[highlight, j], facecolors="none",
                           edgecolors="black", s=marker_size * 0.9, linewidths=0.8)
            if star is not None:
                ax.plot(shares[star, i], shares[star, j], marker="*", markersize=14, color="red",
                        markeredgecolor="white", linestyle="")
            ax.plot([0, 1], [1, 0], color="grey", linewidth=0.6, linestyle=":")  # s_i + s_j = 1
            ax.set_xlim(-0.04, 1.04)
            ax.set_ylim(-0.04, 1.04)
            ax.set_aspect("equal")
            if row == n - 2:
                ax.set_xlabel(f"share of {names[i]}", fontsize=8)
            else:
                ax.set_xticklabels([])
            if col == 0:
                ax.set_ylabel(f"share of {names[j]}", fontsize=8)
            else:
                ax.set_yticklabels([])
            ax.tick_params(labelsize=7)
    return mappable, axes


def parallel_coordinates(ax, names, shares, values, cmap, norm, highlight=None, star=None):
    """One line per split across the levers' shares, coloured by its value."""
    shares = np.asarray(shares, dtype=float)
    x = np.arange(len(names))
    order = np.argsort(-np.asarray(values)) if cmap else np.arange(len(shares))
    for k in order:
        ax.plot(x, shares[k], color=cmap(norm(values[k])), linewidth=0.8, alpha=0.7)
    if highlight is not None:
        for k in np.flatnonzero(highlight):
            ax.plot(x, shares[k], color="black", linewidth=1.0, alpha=0.8)
    if star is not None:
        ax.plot(x, shares[star], color="red", linewidth=2.5, marker="*", markersize=12,
                label="best split")
    ax.set_xticks(x)
    ax.set_xticklabels(names)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share of the budget")
    ax.grid(axis="y", alpha=0.3)
