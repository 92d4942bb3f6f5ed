"""The house style and one function per chart kind; each returns a matplotlib Figure.

Series colours come from ``data/series.csv`` (the same in every brief); texts are passed in,
already in the brief's language; a researcher restyles the returned Figure in the cell.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

__all__ = [
    "WIDTH_IN",
    "ACCENT",
    "NEUTRAL",
    "apply_style",
    "series_colours",
    "trend_chart",
    "bar_chart",
    "rank_history_chart",
    "distribution_chart",
    "overlaps",
]

WIDTH_IN = 7.5  # 720 px at 96 dpi: the brief's column width
DPI = 96
#: The brief's own area, wherever it is highlighted.
ACCENT = "#d55e00"
#: Areas of the same region.
REGION = "#5b8db8"
#: Every other area.
NEUTRAL = "#c9c9c9"
INK = "#333333"
_MARKERS = ["o", "s", "^", "D", "v", "P"]


def apply_style() -> None:
    """Set the house style: seaborn white grid, DejaVu Sans (it has Vietnamese diacritics)."""
    sns.set_theme(
        style="whitegrid", context="notebook", font="DejaVu Sans",
        rc={
            "axes.titlesize": 12.5, "axes.titleweight": "bold", "axes.titlelocation": "left",
            "axes.labelsize": 10.5, "legend.fontsize": 9.5, "figure.dpi": DPI, "savefig.dpi": DPI,
            "axes.spines.top": False, "axes.spines.right": False,
        },
    )  # fmt: skip


def series_colours(series: pd.DataFrame) -> dict[str, str]:
    """Map each series id to its colour from ``series.csv``.

    Parameters
    ----------
    series : pandas.DataFrame
        ``Dataset.series``.

    Returns
    -------
    dict
        ``{series_id: "#rrggbb"}``.
    """
    return dict(zip(series.series_id, series.colour, strict=True))


def trend_chart(
    points: pd.DataFrame,
    *,
    labels: dict[str, str],
    colours: dict[str, str],
    title: str,
    ylabel: str,
    xlabel: str,
    single_note: str = "",
    references: list[tuple[float, str]] = (),
) -> plt.Figure:
    """Draw values by year, one line per series, never joined across series.

    Parameters
    ----------
    points : pandas.DataFrame
        ``series``, ``year``, ``value``, ``firm`` (False: an estimate, drawn hollow).
    labels, colours : dict
        Legend label and colour per series id.
    title, ylabel, xlabel : str
    single_note : str
        Written beside a series with one observation (a point, not a trend).
    references : list of (float, str)
        Horizontal reference levels (targets) and their labels.

    Returns
    -------
    matplotlib.figure.Figure
        The x axis spans the years with data; missing years stay gaps.
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.2))
    years = points.year.astype(int)
    lo, hi = int(years.min()), int(years.max())
    for i, (sid, part) in enumerate(points.groupby("series", sort=True)):
        part = part.sort_values("year")
        full = part.set_index("year")["value"].reindex(range(part.year.min(), part.year.max() + 1))
        colour, marker = colours.get(sid, INK), _MARKERS[i % len(_MARKERS)]
        ax.plot(full.index, full.values, color=colour, linewidth=2.2, label=labels.get(sid, sid))
        for firm, sub in part.groupby("firm"):
            ax.plot(
                sub.year,
                sub.value,
                linestyle="none",
                marker=marker,
                markersize=8,
                color=colour,
                markerfacecolor=colour if firm else "white",
                markeredgewidth=2,
            )
        if len(part) == 1 and single_note:
            ax.annotate(
                single_note,
                (part.year.iloc[0], part.value.iloc[0]),
                xytext=(10, -4),
                textcoords="offset points",
                fontsize=9,
                color=INK,
                va="top",
            )
    top = max([float(points.value.max()), *(v for v, _ in references)])
    for value, label in references:
        ax.axhline(value, color=INK, linestyle=(0, (2, 2)), linewidth=1.1)
        ax.annotate(
            label,
            (0, value),
            xycoords=("axes fraction", "data"),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=8.5,
            color=INK,
        )
    pad = 0.6 if hi > lo else 1.0
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_xticks(range(lo, hi + 1))
    ax.set_ylim(0, top * 1.2)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.16), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def bar_chart(
    table: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    value_text: list[str],
    references: list[tuple[float, str]] = (),
) -> plt.Figure:
    """Draw horizontal bars of one published table, the area (colour and hatch) and region marked.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows in display order with ``label``, ``value``, ``is_area`` and ``in_region``.
    title, xlabel : str
    value_text : list of str
        Formatted values written after each bar.
    references : list of (float, str)
        Vertical reference levels of the same series and their labels (stacked above the bars).

    Returns
    -------
    matplotlib.figure.Figure
    """
    apply_style()
    n = len(table)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.24 * n + 1.3 + 0.25 * len(references)))
    colours = np.where(table.is_area, ACCENT, np.where(table.in_region, REGION, NEUTRAL))
    y = np.arange(n)
    bars = ax.barh(y, table.value, color=colours, edgecolor="#222222", linewidth=0.4)
    for bar, mine in zip(bars, table.is_area, strict=True):
        if mine:
            bar.set_hatch("//")
    for yi, v, text in zip(y, table.value, value_text, strict=True):
        ax.annotate(
            text,
            (v, yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"},
            zorder=3,  # drawn over a reference line, which never hides a value
        )
    ax.set_yticks(y, table.label, fontsize=8.5)
    for tick, mine in zip(ax.get_yticklabels(), table.is_area, strict=True):
        if mine:
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    right = max([float(table.value.max()), *(v for v, _ in references)]) * 1.22
    ax.set_xlim(0, right)
    ax.set_ylim(n - 0.5, -0.6 - 1.1 * len(references))
    for i, (value, label) in enumerate(references):
        ax.axvline(value, color=INK, linestyle=(0, (2, 2)), linewidth=1.1)
        ax.annotate(
            label,
            (value, -0.9 - 1.1 * i),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
            color=INK,
        )
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def rank_history_chart(
    hist: pd.DataFrame, *, base: int, title: str, ylabel: str, xlabel: str, colour: str
) -> plt.Figure:
    """Draw published ranks by year in one series, rank 1 at the top, each point labelled.

    Parameters
    ----------
    hist : pandas.DataFrame
        ``year`` and ``value`` (the rank); missing years stay gaps.
    base : int
        Units ranked (the bottom of the axis).
    title, ylabel, xlabel : str
        ``ylabel`` should say the base and the direction.
    colour : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.4))
    lo, hi = int(hist.year.min()), int(hist.year.max())
    full = hist.set_index("year")["value"].reindex(range(lo, hi + 1))
    ax.plot(full.index, full.values, marker="o", linewidth=2.2, markersize=8, color=colour)
    for y, r in zip(hist.year, hist.value, strict=True):
        # Beside the point, not above it: rank 1 sits at the top, under the title.
        ax.annotate(f"{int(r)}", (y, r), xytext=(8, 0), textcoords="offset points", va="center")
    ax.set_ylim(base + 1, -4)
    ticks = [1, *(t for t in range(10, base + 1, 10) if base - t >= 5), base]
    ax.set_yticks(ticks)
    pad = 0.6 if hi > lo else 1.0
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_xticks(range(lo, hi + 1))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def distribution_chart(
    values: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, colour: str
) -> plt.Figure:
    """Draw the spread of one series across areas: per year a box, and every area as a point.

    Parameters
    ----------
    values : pandas.DataFrame
        ``year`` and ``value``, one row per area and year.
    title, xlabel, ylabel, colour : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.8))
    data = values.assign(year=values.year.astype(int).astype(str)).sort_values("year")
    sns.boxplot(data=data, x="year", y="value", color="white", linecolor=INK, ax=ax, fliersize=0)
    sns.stripplot(data=data, x="year", y="value", color=colour, size=4, jitter=0.2, ax=ax)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def overlaps(fig: plt.Figure, shrink: float = 1.0) -> list[tuple[str, str]]:
    """Find text boxes that cover another text, a bar or a marker, as drawn.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    shrink : float
        Pixels taken off each box's edges, so that boxes that only touch do not count.

    Returns
    -------
    list of (str, str)
        Overlapping pairs (text, ``"bar"`` or ``"point"``); two tick labels are not a pair.
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()

    def box(artist):
        bb = artist.get_window_extent(renderer)
        return bb.x0 + shrink, bb.y0 + shrink, bb.x1 - shrink, bb.y1 - shrink

    def hit(a, b):
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    texts = [
        t
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip() and t.figure is fig
    ]
    # Tick labels among themselves are matplotlib's layout (and the reader's to judge in a
    # researcher's own chart); every other pair of texts is checked.
    ticks = {id(t) for ax in fig.axes for t in (*ax.get_xticklabels(), *ax.get_yticklabels())}
    boxes = [(t.get_text(), box(t), id(t) in ticks) for t in texts]
    found = []
    for i, (ta, ba, tick_a) in enumerate(boxes):
        for tb, bb, tick_b in boxes[i + 1 :]:
            if not (tick_a and tick_b) and hit(ba, bb):
                found.append((ta, tb))
    for ax in fig.axes:
        bars = [p for p in ax.patches if isinstance(p, matplotlib.patches.Rectangle)]
        marks = []
        for line in ax.get_lines():
            if line.get_marker() in (None, "None", "", " "):
                continue
            xy = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
            r = line.get_markersize() / 2 * fig.dpi / 72
            marks += [(x - r, y - r, x + r, y + r) for x, y in xy if np.isfinite([x, y]).all()]
        for t in texts:
            if t not in ax.texts:
                continue
            tb = box(t)
            if any(hit(tb, box(p)) for p in bars):
                found.append((t.get_text(), "bar"))
            if any(hit(tb, m) for m in marks):
                found.append((t.get_text(), "point"))
    return found
