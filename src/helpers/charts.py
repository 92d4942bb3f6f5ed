"""One house style and one function per chart kind; each returns a matplotlib Figure."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402

__all__ = [
    "apply_style",
    "trend_chart",
    "ranking_chart",
    "rank_history_chart",
    "coverage_heatmap",
    "figure_to_img",
    "PALETTE",
]

# Colour-blind-safe colours that also differ in lightness (readable in greyscale);
# each line also has its own marker and dash pattern.
PALETTE = {
    "province": "#0b4f8a",
    "national": "#d55e00",
    "other": "#8c8c8c",
    "target": "#444444",
    "highlight": "#d55e00",
}
_STYLES = [("o", "-"), ("s", "--"), ("^", "-."), ("D", ":")]
WIDTH_IN = 7.5  # 720 px at 96 dpi: the brief's column width
DPI = 96


def apply_style() -> None:
    """Set the house style: seaborn white grid, DejaVu Sans (has Vietnamese diacritics)."""
    sns.set_theme(
        style="whitegrid",
        context="notebook",
        font="DejaVu Sans",
        rc={
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.labelsize": 11,
            "legend.fontsize": 9.5,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "axes.spines.top": False,
            "axes.spines.right": False,
        },
    )


def trend_chart(
    lines: list[tuple[str, str, pd.DataFrame]],
    targets: list[tuple[int, float, str]],
    title: str,
    xlabel: str,
    ylabel: str,
) -> plt.Figure:
    """Draw shares by year, one line per (area, series), with target lines.

    Parameters
    ----------
    lines : list of (label, role, frame)
        ``role`` is ``"province"`` or ``"national"``; ``frame`` has ``year`` and ``value``.
        Missing years stay gaps: the line is broken there, never drawn through zero.
    targets : list of (year, value, label)
        Horizontal dotted lines, labelled at the right.
    title, xlabel, ylabel : str
        Texts in the brief's language.

    Returns
    -------
    matplotlib.figure.Figure
        The chart.
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.4))
    years = [int(y) for _, _, f in lines for y in f.year] + [y for y, _, _ in targets]
    lo, hi = (min(years), max(years)) if years else (2020, 2030)
    for i, (label, role, frame) in enumerate(lines):
        full = frame.set_index("year")["value"].reindex(
            range(int(frame.year.min()), int(frame.year.max()) + 1)
        )
        marker, dash = _STYLES[i % len(_STYLES)]
        ax.plot(
            full.index,
            full.values,
            marker=marker,
            linestyle=dash,
            linewidth=2.2,
            markersize=7,
            color=PALETTE.get(role, PALETTE["other"]) if i < 2 else None,
            label=label,
        )
    for year, value, label in targets:
        ax.axhline(value, color=PALETTE["target"], linestyle=(0, (1, 2)), linewidth=1.2)
        ax.annotate(
            label,
            xy=(year, value),
            xytext=(0, 4),
            textcoords="offset points",
            ha="right",
            fontsize=9,
            color=PALETTE["target"],
        )
    ax.set_xlim(lo - 0.5, hi + 0.5)
    ax.set_xticks(range(lo, hi + 1))
    top = max(
        [v for _, v, _ in targets] + [np.nanmax(f.value) for _, _, f in lines if len(f)] + [1]
    )
    ax.set_ylim(0, top * 1.15)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    # Below the axes, so that it never hides a point.
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.2), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def ranking_chart(
    labels: list[str],
    values: list[float],
    highlight: int | None,
    value_labels: list[str],
    title: str,
    lines: list[tuple[float, str]] = (),
) -> plt.Figure:
    """Horizontal bars, highest first, one bar optionally highlighted.

    Parameters
    ----------
    labels : list of str
        Province names, in rank order.
    values : list of float
        Values in the same order.
    highlight : int or None
        Position of the bar to highlight (the brief's province), if present.
    value_labels : list of str
        Formatted values written at the end of each bar.
    title : str
        Chart title.
    lines : list of (float, str)
        Vertical reference lines (a national share, a target) with their labels.

    Returns
    -------
    matplotlib.figure.Figure
        The chart.
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.38 * len(labels) + 1.2))
    for i, (x, label) in enumerate(lines):
        ax.axvline(x, color=PALETTE["target"], linestyle=_STYLES[i + 1][1], linewidth=1.3)
        ax.annotate(
            label,
            xy=(x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -12 - 12 * i),
            textcoords="offset points",
            fontsize=9,
            color=PALETTE["target"],
        )
    colours = [PALETTE["other"]] * len(labels)
    hatches = [""] * len(labels)
    if highlight is not None:
        colours[highlight] = PALETTE["highlight"]
        hatches[highlight] = "//"
    y = np.arange(len(labels))
    bars = ax.barh(y, values, color=colours, edgecolor="#222222", linewidth=0.6)
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    for yi, v, text in zip(y, values, value_labels, strict=True):
        ax.text(v, yi, " " + text, va="center", fontsize=9)
    ax.set_yticks(y, labels)
    if highlight is not None:
        ax.get_yticklabels()[highlight].set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlim(0, max([*values, *(x for x, _ in lines)]) * 1.18)
    ax.set_title(title, loc="left")
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def rank_history_chart(
    years: list[int],
    ranks: list[int],
    title: str,
    ylabel: str,
    note: str,
    out_of: int = 63,
    method_breaks: tuple[int, ...] = (),
) -> plt.Figure:
    """Draw published ranks by year, rank 1 at the top (lower is better).

    Parameters
    ----------
    years, ranks : list of int
        The province's ranks; missing years stay gaps.
    title, ylabel : str
        Texts in the brief's language.
    note : str
        Written under the axis, e.g. "Rank 1 is best: lower is better".
    out_of : int
        Number of provinces ranked (the bottom of the axis).
    method_breaks : tuple of int
        Years from which the method changed: the line is not drawn across them.

    Returns
    -------
    matplotlib.figure.Figure
        The chart.
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.6))
    lo, hi = min(years), max(years)
    full = pd.Series(ranks, index=years, dtype=float).reindex(range(lo, hi + 1))
    edges = [lo, *[b for b in method_breaks if lo < b <= hi], hi + 1]
    for start, stop in zip(edges, edges[1:], strict=False):
        part = full.loc[start : stop - 1]
        ax.plot(
            part.index,
            part.values,
            marker="o",
            linewidth=2.2,
            markersize=8,
            color=PALETTE["province"],
        )
    for y, r in zip(years, ranks, strict=True):
        ax.annotate(
            str(int(r)),
            (y, r),
            xytext=(0, 8),
            textcoords="offset points",
            ha="center",
            fontsize=10,
            fontweight="bold",
        )
    ax.set_ylim(out_of + 1, 0)
    ax.set_yticks([1, 10, 20, 30, 40, 50, 60] if out_of >= 60 else [1, 10, 20, 30])
    ax.set_xticks(range(lo, hi + 1))
    ax.set_xlim(lo - 0.5, hi + 0.5)
    ax.set_title(title, loc="left")
    ax.set_xlabel(note, fontsize=9.5)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def coverage_heatmap(matrix: pd.DataFrame, title: str, yes: str, no: str) -> plt.Figure:
    """Provinces by indicators: reported cells dark with a tick, missing cells light.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Booleans, provinces as rows, indicator codes as columns.
    title : str
        Chart title.
    yes, no : str
        Legend words for reported and missing.

    Returns
    -------
    matplotlib.figure.Figure
        The chart (dark and light differ in greyscale; ticks mark reported cells too).
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.26 * len(matrix) + 1.6))
    sns.heatmap(
        matrix.astype(int),
        cmap=sns.color_palette(["#f1f1f1", PALETTE["province"]], as_cmap=True),
        cbar=False,
        linewidths=0.5,
        linecolor="white",
        annot=matrix.map(lambda v: "✓" if v else ""),
        fmt="",
        annot_kws={"color": "white", "fontsize": 9, "fontweight": "bold"},
        ax=ax,
    )
    ax.set_title(f"{title}   ■ {yes}   □ {no}", loc="left")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8.5)
    ax.xaxis.tick_top()
    fig.tight_layout()
    return fig


def figure_to_img(fig: plt.Figure, alt: str) -> Markup:
    """Embed a figure as an ``<img>`` with a data URL and alt text, and close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str
        What the chart shows, in words (escaped here).

    Returns
    -------
    markupsafe.Markup
        The ``<img>`` element.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return Markup('<img class="chart" src="data:image/png;base64,{}" alt="{}">').format(
        Markup(data), escape(alt)
    )
