"""What a notebook cell calls to put something on the brief: Markdown, tables, charts, links.

In a cell (the brief is the cells' outputs)::

    section(_("Sources"))                          # a section: an h2 of the brief
    display(md(_("{name} ranks {rank} of {base}."), name=area.name, rank=3, base=34))
    display(show_table(df, caption=_("Figures"), number_columns=["Value"]))
    show_figure(fig, alt=_("Line chart: …"))
    display(csv_download(df, "thanh-hoa.csv", _("Download the figures (CSV)")))

Data text is escaped; markup comes only from our templates or :func:`link`. How the outputs
become the page is :mod:`helpers.render`'s job.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import string
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from . import i18n
from .render import INDEX_MIME, TEMPLATES

if TYPE_CHECKING:  # heavy imports only where a cell displays
    import pandas as pd
    from IPython.display import HTML, Markdown

__all__ = [
    "Page", "brief_link", "bullets", "csv_download", "escape_markdown", "figure_image", "footnotes",
    "join_links", "link", "md", "publish", "quote", "refs_text", "say", "section",
    "show_figure", "show_table", "sources_table", "table",
]  # fmt: skip

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~$:=^@\"])")


def escape_markdown(value: Any) -> str:
    """Make a value read as the same text in Markdown, never as markup.

    Parameters
    ----------
    value : Any
        Text or number; an object with ``__html__`` (:func:`link`) is returned as is.

    Returns
    -------
    str
        Punctuation backslash-escaped, line breaks made spaces.
    """
    if hasattr(value, "__html__"):
        return value.__html__()
    text = " ".join(str(value).splitlines())
    return _MD_SPECIAL.sub(r"\\\1", text)


class _MarkdownFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if hasattr(value, "__html__") and not format_spec:
            return value.__html__()
        return escape_markdown(format(value, format_spec))


def md(template: str, /, **values: Any) -> Markdown:
    """Display Markdown whose ``str.format`` placeholders are filled with escaped values.

    Parameters
    ----------
    template : str
        Our Markdown (often ``_("…")``); shown as written when no values are given.
    **values
        Data, escaped to read as text; :func:`link` results stay links.

    Returns
    -------
    IPython.display.Markdown
    """
    from IPython.display import Markdown

    if not values:  # nothing to fill: braces in the text stay as written
        return Markdown(template)
    return Markdown(_MarkdownFormatter().vformat(template, (), values))


def link(url: str | None, text: str) -> Markup:
    """Return a link to a source, or the plain text when the URL is not http(s) with a host.

    Parameters
    ----------
    url : str or None
        Address (from data).
    text : str
        Link text (escaped).

    Returns
    -------
    markupsafe.Markup
        Kept as is by :func:`md` and :func:`show_table`.
    """
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or re.search(r"[\s\x00-\x1f\x7f]", url)
    ):
        return escape(text)
    return Markup('<a href="{}">{}</a>').format(url, text)


def brief_link(href: str, text: str) -> Markup:
    """Return a link to another brief, or the plain text when ``href`` is not such a link.

    Parameters
    ----------
    href : str
        Relative path of ASCII slugs, ``..`` allowed, ending in ``.html``
        (``"../bac-ninh.html"``).
    text : str
        Link text (escaped).

    Returns
    -------
    markupsafe.Markup
        Kept as is by :func:`md` and :func:`show_table`.
    """
    if not re.fullmatch(r"(?:(?:\.\.|[a-z0-9-]+)/)*[a-z0-9-]+\.html", href or ""):
        return escape(text)
    return Markup('<a href="{}">{}</a>').format(href, text)


def join_links(links: Iterable) -> Markup:
    """Join links (:func:`link`, :func:`brief_link`) and texts with commas, links kept.

    Parameters
    ----------
    links : iterable of markupsafe.Markup or str
        Plain texts are escaped.

    Returns
    -------
    markupsafe.Markup
    """
    return Markup(", ").join(links)


def quote(text: str, lang: str) -> Markup:
    """Mark text as quoted from a source in a language (``<q lang>``), escaped.

    Parameters
    ----------
    text : str
        The source's own words.
    lang : {"vi", "en"}
        Their language (so that a page in the other language marks them as such).

    Returns
    -------
    markupsafe.Markup
        Kept as is by :func:`show_table` and :func:`md`.
    """
    return Markup('<q lang="{}">{}</q>').format(lang, text)


def section(title: str) -> None:
    """Start a section of the brief: its ``h2``, listed in the contents.

    Parameters
    ----------
    title : str
        The heading, in the brief's language (escaped).
    """
    from IPython.display import display

    display(md("## {title}", title=title))


def footnotes(notes: Iterable[str]) -> tuple[list[str], HTML | None]:
    """Give the notes of a table's rows numbers, to show under the table, on screen and paper.

    Parameters
    ----------
    notes : iterable of str
        One per row, empty where a row has none; equal notes share a number.

    Returns
    -------
    (list of str, IPython.display.HTML or None)
        The marker of each row (``"(1)"`` or ``""``) for a column of the table, and the
        numbered notes (escaped) to display after it; None when no row has a note.
    """
    from IPython.display import HTML

    numbered: dict[str, int] = {}
    markers = []
    for note in notes:
        note = " ".join(str(note or "").split())
        if note and note not in numbered:
            numbered[note] = len(numbered) + 1
        markers.append(f"({numbered[note]})" if note else "")
    if not numbered:
        return markers, None
    lines = Markup("<br>\n").join(Markup("({}) {}").format(n, t) for t, n in numbered.items())
    return markers, HTML(Markup('<p class="notes">{}</p>').format(lines))


def refs_text(source_ids: Iterable[str], refs: Mapping[str, int]) -> str:
    """Write the reference numbers of some sources, e.g. ``"[1, 3]"``, or ``""``.

    Parameters
    ----------
    source_ids : iterable of str
        Source ids (duplicates are dropped; empty ids are no source).
    refs : mapping
        ``{source_id: number}`` from :func:`helpers.analysis.sources_used`.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        Naming each source id that is not in ``refs``: a figure cited on the page must be
        in its list of sources.

    Examples
    --------
    >>> refs_text(["b", "a", "b"], {"a": 3, "b": 1})
    '[1, 3]'
    """
    ids = {s for s in source_ids if isinstance(s, str) and s}
    unknown = sorted(ids - set(refs))
    if unknown:
        raise KeyError(f"source id(s) cited but not in the page's sources: {', '.join(unknown)}")
    nums = sorted({refs[s] for s in ids})
    return f"[{', '.join(map(str, nums))}]" if nums else ""


@dataclass(frozen=True)
class Page:
    """What the cells of one brief write with: its language, names, labels and sources.

    Attributes
    ----------
    lang : {"vi", "en"}
    names : mapping
        Indicator id → its name in ``lang``.
    labels : mapping
        Series id → its label in ``lang``.
    refs : mapping
        Source id → its number in the page's list of sources (:meth:`with_sources`).
    """

    lang: str
    names: Mapping[str, str]
    labels: Mapping[str, str]
    refs: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, dataset, lang: str) -> Page:
        """Return a page with the names and labels of a dataset in ``lang``."""
        names = dataset.indicators.set_index("indicator_id")[f"name_{lang}"].to_dict()
        labels = dataset.series.set_index("series_id")[f"label_{lang}"].to_dict()
        return cls(lang, names, labels)

    def with_sources(self, refs_df: pd.DataFrame) -> Page:
        """Return the same page citing the sources of :func:`helpers.analysis.sources_used`."""
        return replace(self, refs=dict(zip(refs_df.source_id, refs_df.ref, strict=True)))

    def cite(self, source_ids: Iterable[str]) -> str:
        """Write the reference numbers of some sources (:func:`refs_text`), e.g. ``"[1, 3]"``."""
        return refs_text(source_ids, self.refs)

    def value(self, row, *, with_period: bool = False) -> str:
        """Write a figure as the page writes it (:func:`helpers.numbers.figure_text`)."""
        from . import numbers

        return numbers.figure_text(row, self.lang, with_period=with_period)

    def values(self, rows: pd.DataFrame) -> list[str]:
        """Write each row's figure (:meth:`value`), e.g. for a column of a table."""
        return [self.value(r) for _i, r in rows.iterrows()]

    def periods(self, rows: pd.DataFrame) -> list[str]:
        """Write each row's period with its kind (:func:`helpers.numbers.period_text`)."""
        from . import numbers

        pairs = zip(rows.period, rows.period_type, strict=True)
        return [numbers.period_text(str(p), t, self.lang) for p, t in pairs]

    def listing(self, rows: pd.DataFrame, label: Callable) -> str:
        """Write ``"label: value; …"`` of each row, e.g. for a chart's alt text."""
        return "; ".join(f"{label(r)}: {self.value(r)}" for _i, r in rows.iterrows())


def say(template: str, /, **values: Any) -> None:
    """Display a Markdown paragraph of the brief: :func:`md` of a translated template.

    Parameters
    ----------
    template : str
        Translated text with ``{name}`` fields (values escaped).
    **values
        Field values.
    """
    from IPython.display import display

    display(md(template, **values))


def bullets(items: Iterable[str]) -> None:
    """Display a bulleted list of the brief, each item escaped as text.

    Parameters
    ----------
    items : iterable of str
    """
    items = list(items)
    say(
        "\n".join(f"- {{i{n}}}" for n in range(len(items))),
        **{f"i{n}": t for n, t in enumerate(items)},
    )


def table(columns: Mapping[str, Any], *, caption: str | None = None, **options: Any) -> None:
    """Display a table of the brief from its columns (:func:`show_table`).

    Parameters
    ----------
    columns : mapping
        Column header → values (a list or a Series), in order.
    caption : str, optional
    **options
        Passed to :func:`show_table` (``number_columns``, ``quote_columns``…).
    """
    import pandas as pd
    from IPython.display import display

    frame = pd.DataFrame({k: list(v) for k, v in columns.items()})
    display(show_table(frame, caption=caption, **options))


def sources_table(refs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Build the numbered list of sources a brief cites, as the reader sees it.

    Parameters
    ----------
    refs : pandas.DataFrame
        Output of :func:`helpers.analysis.sources_used`.
    lang : {"vi", "en"}

    Returns
    -------
    pandas.DataFrame
        Number, title, publisher, date and link (only for http(s) URLs).
    """
    import pandas as pd

    from . import numbers

    _ = i18n.translator(lang)
    return pd.DataFrame(
        {
            "#": refs.ref.astype(str),
            _("Title"): refs[f"title_{lang}"],
            _("Publisher"): refs[f"publisher_{lang}"],
            _("Published"): [numbers.published_date(p, lang) for p in refs.published.fillna("")],
            _("Link"): [link(u, _("open")) if u else "–" for u in refs.url.fillna("")],
        }
    )


def publish(values: Mapping[str, str], sort: Mapping[str, float], latest=None) -> None:
    """Display the values the index shows for this brief (invisible in the brief itself).

    Parameters
    ----------
    values : mapping
        Column label (one series and year) → the text shown.
    sort : mapping
        Column label → a number to sort by.
    latest : int, optional
        Year of the latest figure the brief shows (its appendix: the area's figures and,
        for a merged province, its former provinces'); None or NaN when it shows none.
    """
    import pandas as pd
    from IPython.display import display

    year = None if latest is None or pd.isna(latest) else int(latest)
    display({INDEX_MIME: {"values": dict(values), "sort": dict(sort), "latest": year}}, raw=True)


@functools.cache
def _styler_class():
    from pandas.io.formats.style import Styler

    return Styler.from_custom_template(str(TEMPLATES / "table"), html_table="brief_table.tpl")


def show_table(
    df: pd.DataFrame,
    caption: str | None = None,
    number_columns: Iterable[str] = (),
    quote_columns: Mapping[str, str] | None = None,
    na_rep: str = "–",
) -> HTML:
    """Display a DataFrame as an accessible HTML table, every cell escaped, index hidden.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read (format numbers with :mod:`helpers.numbers` first).
    caption : str, optional
        Caption (escaped).
    number_columns : iterable of str
        Columns right-aligned as numbers.
    quote_columns : mapping of str to str, optional
        Column to language of text quoted from a source (``<q lang>``), e.g.
        ``{"As published": "vi"}``.
    na_rep : str
        Text of missing cells.

    Returns
    -------
    IPython.display.HTML

    Raises
    ------
    KeyError
        For a number or quote column not in the table.
    """
    from IPython.display import HTML

    columns = list(map(str, df.columns))
    number_columns, quote_columns = set(number_columns), dict(quote_columns or {})
    unknown = (number_columns | set(quote_columns)) - set(columns)
    if unknown:
        raise KeyError(f"not columns of the table: {', '.join(sorted(unknown))}")
    num_classes = [f"col{i}" for i, c in enumerate(columns) if c in number_columns]
    key = repr((df.to_csv(index=False), caption, sorted(number_columns), quote_columns))
    uuid = "brief" + hashlib.sha256(key.encode()).hexdigest()[:12]  # the same in every run
    styler = _styler_class()(df, uuid=uuid, cell_ids=False)
    styler = styler.hide(axis="index").format_index(escape="html", axis=1)
    styler = styler.format(lambda value: str(escape(value)), na_rep=na_rep)
    for column, lang in quote_columns.items():
        styler = styler.format(_quoted(lang), subset=[column], na_rep=na_rep)
    styler = styler.set_table_attributes('class="brief-table"')
    if caption:
        styler = styler.set_caption(str(escape(caption)))
    return HTML(styler.to_html(num_classes=num_classes))


def _quoted(lang: str):
    def fmt(value: Any) -> str:
        text = escape(value)
        return str(Markup('<q lang="{}">{}</q>').format(lang, text)) if text else ""

    return fmt


def csv_download(df: pd.DataFrame, filename: str, label: str) -> HTML:
    """Display a link downloading the table as a CSV data URL (UTF-8 with BOM, CRLF, no index).

    Parameters
    ----------
    df : pandas.DataFrame
        The figures.
    filename : str
        Bare file name proposed to the browser.
    label : str
        Link text (escaped).

    Returns
    -------
    IPython.display.HTML

    Raises
    ------
    ValueError
        When ``filename`` has no file name.
    """
    from IPython.display import HTML

    name = Path(str(filename)).name
    if not name or name in (".", ".."):
        raise ValueError(f"not a file name: {filename!r}")
    data = ("\ufeff" + df.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    return HTML(
        Markup('<p class="download"><a download="{}" href="{}">{}</a></p>').format(
            name, href, label
        )
    )


def show_figure(fig, alt: str, *, dpi: int = 200) -> None:
    """Display a matplotlib Figure here, with alt text, and close it (:func:`figure_image`).

    A plain ``plt.show()`` or a Figure as the cell's value shows too (with the chart's
    title as alt text): this places a chart among a cell's other outputs and describes it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str
        What the chart shows, for readers who cannot see it (non-empty).
    dpi : int
        Resolution of the PNG, shown at its size at 96 dpi (sharp in print).
    """
    from IPython.display import display

    display(figure_image(fig, alt, dpi=dpi))


def figure_image(fig, alt: str, *, dpi: int = 200):
    """Render a matplotlib Figure as an IPython Image with alt text, and close the figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str
        Text alternative (non-empty), prefixed with the chart's titles as drawn
        (:func:`helpers.charts.describe`, :func:`helpers.charts.alt_text`).
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    IPython.display.Image
        PNG with ``alt``, a ``width`` at 96 dpi and, when text of the chart covers text, a
        bar or a point, ``overlaps`` metadata (:func:`helpers.charts.overlaps`), which the
        checks refuse.

    Raises
    ------
    ValueError
        When ``alt`` is empty.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image

    from . import charts

    charts.describe(fig, alt)
    png, metadata = charts.render_png(fig, dpi=dpi)
    plt.close(fig)
    crowded = {"overlaps": metadata["overlaps"]} if "overlaps" in metadata else None
    return Image(data=png, format="png", width=metadata["width"], alt=metadata["alt"],
                 metadata=crowded)  # fmt: skip
