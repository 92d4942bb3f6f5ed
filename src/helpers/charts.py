"""The house style and one function per chart kind; each returns a matplotlib Figure.

Series colours come from ``data/series.csv`` (the same in every brief); texts are passed in,
already in the brief's language; a researcher restyles the returned Figure in the cell.

Charts follow Jupyter's conventions: the backend is the environment's (inline in
JupyterLab and in the batch's kernels), the style is set through seaborn's theme and
matplotlib's rcParams (:func:`apply_style`), and any Figure a cell shows (``plt.show()``,
a seaborn plot, a Figure left as the cell's value) is displayed as a PNG whose alt text is
the one given with :func:`describe`, else the chart's titles and axis labels
(:func:`alt_text`). In an IPython kernel, importing this module registers that display
through IPython's public formatter API (:func:`register_display`); a chart with neither
alt text nor title warns in the cell (:class:`MissingAltText`). Data text is never read as
mathtext (``text.parse_math`` off): ``$`` in a label prints as ``$``.
"""

from __future__ import annotations

import io
import warnings
import weakref

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

__all__ = [
    "WIDTH_IN",
    "ACCENT",
    "NEUTRAL",
    "MissingAltText",
    "alt_text",
    "apply_style",
    "describe",
    "register_display",
    "render_png",
    "series_colours",
    "trend_chart",
    "bar_chart",
    "rank_history_chart",
    "rank_table_chart",
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
    """Set the house style: seaborn white grid, DejaVu Sans (it has Vietnamese diacritics).

    Only public settings (seaborn's theme, matplotlib's rcParams): the backend stays the
    environment's, and a researcher's own matplotlib or seaborn chart gets the same look.
    """
    sns.set_theme(
        style="whitegrid", context="notebook", font="DejaVu Sans",
        rc={
            "axes.titlesize": 12.5, "axes.titleweight": "bold", "axes.titlelocation": "left",
            "axes.labelsize": 10.5, "legend.fontsize": 9.5, "figure.dpi": DPI, "savefig.dpi": DPI,
            "axes.spines.top": False, "axes.spines.right": False, "text.parse_math": False,
        },
    )  # fmt: skip


class MissingAltText(UserWarning):
    """A chart shown with neither alt text nor a title: readers who cannot see it get nothing."""


_ALT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Figure -> alt text given


def describe(fig: plt.Figure, alt: str) -> plt.Figure:
    """Give a chart its alt text: what it shows, for readers who cannot see it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        In the brief's language; the chart's titles, as drawn, are put before it.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig``, so that ``describe(fig, "…")`` can end a cell and show the chart.

    Raises
    ------
    ValueError
        When ``alt`` is empty.
    """
    if not str(alt or "").strip():
        raise ValueError("a chart needs alt text: what it shows, in the brief's language")
    _ALT[fig] = str(alt).strip()
    return fig


def alt_text(fig: plt.Figure) -> str:
    """Return the alt text a chart is shown with.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    str
        The chart's titles as drawn (suptitle, then each axes' titles), then the text given
        with :func:`describe`; without it, the axis labels (``"x: Year; y: %"``). Empty
        when the chart has neither titles nor alt text.
    """
    titles = [fig.get_suptitle()] if hasattr(fig, "get_suptitle") else []
    titles += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
    given = _ALT.get(fig, "")
    titles = [t.strip() for t in titles if t and t.strip() and t.strip() not in given]
    parts = list(dict.fromkeys(titles))
    if given:
        parts.append(given)
    elif parts:
        labels = [
            f"{axis}: {text}"
            for ax in fig.axes
            for axis, text in (("x", ax.get_xlabel()), ("y", ax.get_ylabel()))
            if text.strip()
        ]
        parts += ["; ".join(dict.fromkeys(labels))] if labels else []
    return ". ".join(parts)


def render_png(fig: plt.Figure, *, dpi: int = 200) -> tuple[bytes, dict]:
    """Render a chart as the PNG a brief shows, with its display metadata.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int
        Resolution of the PNG, shown at its size at 96 dpi (sharp in print).

    Returns
    -------
    (bytes, dict)
        The PNG and ``{"alt", "width"}`` (:func:`alt_text`), with ``overlaps`` when text
        covers text, a bar or a point (:func:`overlaps`; the batch refuses such a chart).
    """
    crowded = [list(pair) for pair in overlaps(fig)]
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    png = buf.getvalue()
    width_px = int.from_bytes(png[16:20], "big")  # PNG IHDR width
    metadata = {"alt": alt_text(fig), "width": round(width_px * 96 / dpi)}
    if crowded:
        metadata["overlaps"] = crowded
    return png, metadata


def _display_png(fig: plt.Figure) -> tuple[bytes, dict]:
    """IPython's PNG formatter for Figures: the brief's PNG, its alt text, a warning if none."""
    png, metadata = render_png(fig)
    if not metadata["alt"]:
        warnings.warn(
            "this chart has no title and no alt text, so readers who cannot see it get "
            "nothing: give it a title (ax.set_title(…)) or describe it with "
            'charts.describe(fig, "what it shows")',
            MissingAltText,
            stacklevel=2,
        )
    return png, metadata


def register_display(shell=None) -> bool:
    """Show Figures in an IPython kernel as :func:`render_png` does (alt text, house size).

    Uses IPython's public formatter API (``display_formatter.formatters["image/png"]
    .for_type``), after matplotlib's inline backend has registered its own (importing
    pyplot does that), so a plain ``plt.show()``, a seaborn plot or a Figure as a cell's
    value all reach the notebook, and the brief, with alt text.

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell, optional
        Default: the running shell, if any.

    Returns
    -------
    bool
        Whether a shell was found and the formatter registered.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a requirement
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    if "backend_inline" in matplotlib.get_backend(auto_select=False):
        # matplotlib's inline backend registers its own PNG display when it is imported,
        # once per kernel; importing it now (as creating a first figure would) puts ours after.
        import matplotlib_inline.backend_inline  # noqa: F401
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["image/png"].for_type(Figure, _display_png)
    return True


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
        _series_line(ax, part.sort_values("year"), labels.get(sid, sid), colours.get(sid, INK), i)
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
        ax.annotate(label, (0, value), xycoords=("axes fraction", "data"), xytext=(4, 3),
                    textcoords="offset points", fontsize=8.5, color=INK)  # fmt: skip
    pad = 0.6 if hi > lo else 1.0
    ax.set(xlim=(lo - pad, hi + pad), xticks=range(lo, hi + 1), ylim=(0, top * 1.2))
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.16), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def _series_line(ax, part: pd.DataFrame, label: str, colour: str, i: int) -> None:
    """One series: a line with gaps at missing years, markers hollow for estimates."""
    full = part.set_index("year")["value"].reindex(range(part.year.min(), part.year.max() + 1))
    marker = _MARKERS[i % len(_MARKERS)]
    ax.plot(full.index, full.values, color=colour, linewidth=2.2, label=label)
    for firm, sub in part.groupby("firm"):
        ax.plot(sub.year, sub.value, linestyle="none", marker=marker, markersize=8, color=colour,
                markerfacecolor=colour if firm else "white", markeredgewidth=2)  # fmt: skip


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
    _vertical_references(ax, references)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def _vertical_references(ax, references: list[tuple[float, str]]) -> None:
    """Dashed vertical levels, their labels stacked above the bars."""
    for i, (value, label) in enumerate(references):
        ax.axvline(value, color=INK, linestyle=(0, (2, 2)), linewidth=1.1)
        ax.annotate(label, (value, -0.9 - 1.1 * i), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color=INK)  # fmt: skip


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


def rank_table_chart(
    table: pd.DataFrame, *, title: str, xlabel: str, groups: dict[str, str] | None = None
) -> plt.Figure:
    """Draw one complete published ranking: every area as a point at its rank, 1 on the left.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`helpers.analysis.ranking` of one table (``province``, ``position``, ``of``).
    title, xlabel : str
    groups : dict, optional
        Province code → group label (a region), each group its own colour and marker, in
        the legend.

    Returns
    -------
    matplotlib.figure.Figure
        Ranks stay ranks: no bar suggests a quantity.
    """
    apply_style()
    n, base = len(table), int(table["of"].iloc[0])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.16 * n + 1.6))
    y = np.arange(n)
    label = table.province_code.map(groups or {}).fillna("")
    for i, name in enumerate(sorted(set(label))):
        mine = (label == name).to_numpy()
        style = {"marker": _MARKERS[i % len(_MARKERS)], "color": _GROUP_COLOURS[i % 7]}
        ax.plot(table.position[mine], y[mine], linestyle="none", markersize=5, **style,
                label=name or None)  # fmt: skip
    ax.set_yticks(y, table.province, fontsize=6.5)
    ax.invert_yaxis()
    ax.set_xlim(0, base + 1)
    ax.set_xticks([1, *range(10, base + 1, 10), base])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    if groups:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=7.5)
    fig.tight_layout()
    return fig


_GROUP_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


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


apply_style()
register_display()
