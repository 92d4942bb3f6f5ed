"""Briefs out: display helpers for notebook cells, nbconvert export to HTML, PDF, atomic writes.

In a notebook cell (the brief is the cells' outputs)::

    md("## " + _("Sources"))                       # a section: an h2 of the brief
    md(_("{name} ranks {rank} of {base}."), name=area.name, rank=3, base=34)
    show_table(df, caption=_("Figures"), number_columns=["Value"])
    show_figure(fig, alt=_("Line chart: …"))
    csv_download(df, "thanh-hoa.csv", _("Download the figures (CSV)"))

Conventions (verified by :func:`helpers.checks.check_brief`): sections are the outputs'
``h2`` headings, each given an ``id`` and a contents entry (the one ``h1``, the title, comes
from the template); charts are PNG outputs with ``alt`` metadata; data text is escaped, markup
comes only from our templates or :func:`link`; only outputs reach the brief (no code, prompts,
streams, plain-text reprs, Markdown cells or cells tagged ``remove``).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import hashlib
import html
import os
import re
import string
import tempfile
import threading
import unicodedata
import urllib.parse
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from . import i18n

if TYPE_CHECKING:  # heavy imports only where a notebook is exported or a cell displays
    import nbformat
    import pandas as pd
    from IPython.display import HTML, Markdown

__all__ = [
    "CHROMIUM", "INDEX_MIME", "REMOVE_TAGS", "TEMPLATES", "brief_link", "csv_download",
    "escape_markdown", "figure_image", "footnotes", "html_headings", "join_links", "kept_cells",
    "kept_html", "kept_outputs", "link", "markdown_html", "md", "pdf_all", "pdf_outputs",
    "publish", "quote", "refs_text", "section", "show_figure", "show_table", "sources_table",
    "to_html", "to_pdf", "write_atomic",
]  # fmt: skip

#: Outputs of this type carry values for the index (:func:`publish`): the batch collects
#: them, the page leaves them out.
INDEX_MIME = "application/vnd.vn-briefs.values+json"

#: nbconvert template ``brief`` and pandas Styler template ``table``.
TEMPLATES = Path(__file__).parent / "templates"
#: Cells with one of these tags are left out of the brief.
REMOVE_TAGS = frozenset({"remove", "parameters", "injected-parameters"})
#: Headless browser for PDFs (Debian's chromium, not Playwright's download).
CHROMIUM = Path("/usr/bin/chromium")
#: Language names in their own language.
AUTONYMS = {"vi": "Tiếng Việt", "en": "English"}

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


def _anchor(text: str) -> str:
    """ASCII id for a heading: no diacritics, đ as d, words joined by ``-``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "section"


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
        Source ids (duplicates and unknown ids are dropped).
    refs : mapping
        ``{source_id: number}`` from :func:`helpers.analysis.sources_used`.

    Returns
    -------
    str
    """
    nums = sorted({refs[s] for s in source_ids if s in refs})
    return f"[{', '.join(map(str, nums))}]" if nums else ""


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


def publish(values: Mapping[str, str], sort: Mapping[str, float]) -> None:
    """Display the values the index shows for this brief (invisible in the brief itself).

    Parameters
    ----------
    values : mapping
        Column label (one series and year) → the text shown.
    sort : mapping
        Column label → a number to sort by.
    """
    from IPython.display import display

    display({INDEX_MIME: {"values": dict(values), "sort": dict(sort)}}, raw=True)


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


class _Headings(HTMLParser):
    """Headings of an HTML fragment: tag, attributes, text and source offsets."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = [0]
        for line in source.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))
        self.found: list[dict] = []
        self._open: dict | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._open is None:
            line, col = self.getpos()
            start = self._line_starts[line - 1] + col
            end = start + len(self.get_starttag_text() or "")
            self._open = {"tag": tag, "attrs": dict(attrs), "start": start, "end": end, "text": []}

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open["tag"]:
            self._open["text"] = " ".join("".join(self._open["text"]).split())
            self.found.append(self._open)
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"].append(data)


def html_headings(fragment: str) -> list[dict]:
    """List the headings of an HTML fragment.

    Parameters
    ----------
    fragment : str

    Returns
    -------
    list of dict
        ``{"tag", "attrs", "text", "start", "end"}`` in document order (``start``/``end``:
        offsets of the start tag).
    """
    return _Headings(fragment).found


def markdown_html(source: str) -> str:
    """Render Markdown as nbconvert does for outputs, without heading anchor links.

    Parameters
    ----------
    source : str

    Returns
    -------
    str
    """
    if not hasattr(_MARKDOWN, "md"):  # one renderer per thread: building one compiles its rules
        from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

        renderer = IPythonRenderer(escape=False, exclude_anchor_links=True)
        _MARKDOWN.md = MarkdownWithMath(renderer=renderer)
    return _MARKDOWN.md.render(source)


_MARKDOWN = threading.local()


def kept_cells(nb) -> Iterable[dict]:
    """Yield the cells that reach the brief: code and Markdown cells without a remove tag.

    Parameters
    ----------
    nb : nbformat.NotebookNode

    Yields
    ------
    dict
        Code cells (their outputs are shown, never their code) and Markdown cells (shown
        as written, as nbconvert does by default); raw cells never.
    """
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.get("cell_type") in ("code", "markdown") and not REMOVE_TAGS & tags:
            yield cell


def kept_outputs(nb) -> Iterable[dict]:
    """Yield the outputs that reach the brief: those of code cells without a remove tag.

    Parameters
    ----------
    nb : nbformat.NotebookNode

    Yields
    ------
    dict
    """
    for cell in kept_cells(nb):
        if cell.get("cell_type") == "code":
            yield from cell.get("outputs", [])


def kept_html(nb) -> Iterable[str]:
    """Yield the HTML of what reaches the brief, in order: Markdown cells and text outputs.

    Parameters
    ----------
    nb : nbformat.NotebookNode

    Yields
    ------
    str
        A Markdown cell's source or a Markdown output rendered (:func:`markdown_html`), or
        an HTML output as it is; images and other outputs are left out.
    """
    for cell in kept_cells(nb):
        if cell.get("cell_type") == "markdown":
            yield markdown_html(_text(cell.get("source", "")))
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                yield _text(data["text/html"])
            elif "text/markdown" in data:
                yield markdown_html(_text(data["text/markdown"]))


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def _brief_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class BriefPreprocessor(Preprocessor):
        """Give each h2/h3 of the outputs a unique id; list the h2 in resources["brief"]["toc"].

        Markdown outputs are rendered to HTML here, so both kinds are handled alike.
        """

        def preprocess(self, nb, resources):
            for cell in nb.cells:  # values published for the index are not part of the page
                if cell.get("cell_type") == "code":
                    cell.outputs = _shown_outputs(cell.get("outputs", []))
            used: set[str] = set()
            toc: list[dict] = []
            for cell in kept_cells(nb):
                if cell.get("cell_type") == "markdown":  # the template shows brief_html
                    source = markdown_html(_text(cell.get("source", "")))
                    cell.metadata["brief_html"] = _with_ids(source, used, toc)
                    continue
                for output in cell.get("outputs", []):
                    data = output.get("data", {})
                    if "text/html" in data:
                        source = _text(data["text/html"])
                    elif "text/markdown" in data:
                        source = markdown_html(data["text/markdown"])
                    else:
                        continue
                    new = _with_ids(source, used, toc)
                    if new != source or "text/html" not in data:
                        data["text/html"] = new
            resources.setdefault("brief", {})["toc"] = toc
            return nb, resources

    return BriefPreprocessor


def _shown_outputs(outputs: list) -> list:
    """Return a code cell's outputs as the page shows them.

    Values published for the index are left out, and so is an image that repeats the
    one just before it (a Figure left as a cell's value is shown by IPython and again by
    matplotlib's inline backend, as Jupyter does; the page shows it once).
    """
    shown, last = [], None
    for output in outputs:
        data = output.get("data", {})
        if INDEX_MIME in data:
            continue
        image = data.get("image/png")
        if image is not None and image == last:
            continue
        last = image
        shown.append(output)
    return shown


def _with_ids(source: str, used: set[str], toc: list[dict]) -> str:
    pieces, last = [], 0
    for h in html_headings(source):
        if h["tag"] not in ("h2", "h3"):
            continue
        wanted = h["attrs"].get("id") or _anchor(h["text"])
        anchor, n = wanted, 1
        while anchor in used:
            n += 1
            anchor = f"{wanted}-{n}"
        used.add(anchor)
        if h["tag"] == "h2":
            toc.append({"id": anchor, "text": h["text"]})
        if anchor == h["attrs"].get("id"):
            continue
        attrs = "".join(
            f' {k}="{html.escape(v, quote=True)}"' if v is not None else f" {k}"
            for k, v in {**h["attrs"], "id": anchor}.items()
        )
        pieces += [source[last : h["start"]], f"<{h['tag']}{attrs}>"]
        last = h["end"]
    return "".join(pieces) + source[last:]


def to_html(
    nb: nbformat.NotebookNode,
    *,
    lang: str,
    title: str,
    links: Mapping[str, str] | None = None,
    generated: dt.date | None = None,
) -> str:
    """Export an executed brief notebook (not modified) to one offline HTML page.

    Parameters
    ----------
    nb : nbformat.NotebookNode
    lang : {"vi", "en"}
    title : str
        ``<title>`` and the one ``h1`` (escaped).
    links : mapping, optional
        Relative hrefs for the header: ``index`` and ``other_lang``; a missing one is left out.
    generated : datetime.date, optional
        Date in the footer (today by default).

    Returns
    -------
    str
        Header with contents from the outputs' ``h2``, the kept outputs, a footer; no
        script or external resource, images as data URLs, print CSS for A4.
    """
    from . import numbers

    _ = i18n.translator(lang)
    links = dict(links or {})
    other = next(x for x in i18n.LANGUAGES if x != lang)
    date = generated or dt.date.today()
    brief = {
        "lang": lang,
        "title": title,
        "index_href": links.get("index"),
        "other_href": links.get("other_lang"),
        "other_lang": other,
        "other_name": AUTONYMS[other],
        "labels": {
            "links": _("Other briefs"),
            "index": _("All briefs"),
            "contents": _("Contents"),
            "generated": _("Generated on {date}.").format(date=numbers.date_text(date, lang)),
            "language": _("Language: {language}.").format(language=AUTONYMS[lang]),
        },
    }
    from nbformat import NotebookNode

    metadata = NotebookNode({k: v for k, v in nb.metadata.items() if k != "widgets"})
    nb = NotebookNode({**nb, "metadata": metadata})  # nbconvert copies it before it changes it
    body, _resources = _exporter().from_notebook_node(nb, resources={"brief": brief})
    return body


_EXPORTERS = threading.local()


def _exporter():
    """Return this thread's exporter (nbconvert binds each call's resources to it)."""
    if hasattr(_EXPORTERS, "exporter"):
        return _EXPORTERS.exporter
    from nbconvert.exporters import TemplateExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_TAGS)
    config.TemplateExporter.exclude_input = True
    config.TemplateExporter.exclude_input_prompt = True
    config.TemplateExporter.exclude_output_prompt = True
    config.TemplateExporter.exclude_markdown = False  # a researcher's Markdown cells show
    config.TemplateExporter.exclude_raw = True
    config.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.TemplateExporter.template_name = "brief"
    config.TemplateExporter.template_file = "index.html.j2"
    config.TemplateExporter.preprocessors = [_brief_preprocessor()]
    config.TemplateExporter.optimistic_validation = True  # validate once, after all preprocessors
    _EXPORTERS.exporter = TemplateExporter(config=config)
    return _EXPORTERS.exporter


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write a file so that readers see the old file or the new one, never a part.

    Parameters
    ----------
    path : str or Path
        Destination; its folder is created if needed.
    data : str or bytes
        Content (text as UTF-8).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _chromium(browser=None):
    """Yield ``browser``, or Debian's chromium started for the block and closed after."""
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        if not CHROMIUM.exists():
            raise FileNotFoundError(f"{CHROMIUM} missing: run `make browser` (Debian's chromium)")
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


def _print(browser, html_path: Path, pdf_path: Path) -> None:
    page = browser.new_page()
    try:
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.close()
    write_atomic(pdf_path, pdf)


def to_pdf(html_path: str | Path, pdf_path: str | Path, *, browser=None) -> None:
    """Print an HTML brief to an A4 PDF (written atomically) with Chromium, network blocked.

    Parameters
    ----------
    html_path, pdf_path : str or Path
    browser : playwright.sync_api.Browser, optional
        A browser to reuse; by default :data:`CHROMIUM` is started and closed.
    """
    with _chromium(browser) as b:
        _print(b, Path(html_path), Path(pdf_path))


def pdf_all(
    briefs_dir: str | Path, pdf_dir: str | Path, *, force: bool = False, browser=None
) -> list[Path]:
    """Print the HTML briefs of a folder to PDF, mirroring its layout (:func:`to_pdf`).

    Parameters
    ----------
    briefs_dir, pdf_dir : str or Path
        ``outputs/briefs`` (``<lang>/<slug>.html``…) and ``outputs/pdf``.
    force : bool
        Print again PDFs newer than their HTML (skipped by default).
    browser : playwright.sync_api.Browser, optional
        By default :data:`CHROMIUM` is started once for all.

    Returns
    -------
    list of Path
        PDFs written.
    """
    import playwright.sync_api  # noqa: F401 - required even with nothing to print

    briefs_dir, pdf_dir = Path(briefs_dir), Path(pdf_dir)
    todo = []
    for html_path in sorted(briefs_dir.rglob("*.html")):
        pdf_path = pdf_dir / html_path.relative_to(briefs_dir).with_suffix(".pdf")
        if force or not pdf_path.exists() or pdf_path.stat().st_mtime < html_path.stat().st_mtime:
            todo.append((html_path, pdf_path))
    if not todo:
        return []
    with _chromium(browser) as b:
        for html_path, pdf_path in todo:
            _print(b, html_path, pdf_path)
    return [pdf for _, pdf in todo]


def pdf_outputs(outputs: str | Path, *, force: bool = False, browser=None) -> list[Path]:
    """Print the briefs and the overview of an output folder to PDF (:func:`pdf_all`).

    ``outputs/briefs/<lang>/…`` goes to ``outputs/pdf/<lang>/…``, the overview
    ``outputs/overview/<lang>.html`` to ``outputs/pdf/overview/<lang>.pdf``.

    Parameters
    ----------
    outputs : str or Path
        The batch's output folder.
    force : bool
        Print again PDFs newer than their HTML.
    browser : playwright.sync_api.Browser, optional

    Returns
    -------
    list of Path
        PDFs written.
    """
    outputs = Path(outputs)
    pairs = [(outputs / "briefs", outputs / "pdf")]
    pairs.append((outputs / "overview", outputs / "pdf" / "overview"))
    written: list[Path] = []
    for src, dst in pairs:  # Chromium starts only where there is something to print
        if src.is_dir():
            written += pdf_all(src, dst, force=force, browser=browser)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line ``python -m helpers.export pdf [OUTPUTS] [--force]`` (``make pdf``)."""
    import argparse

    import playwright.sync_api  # noqa: F401 - required before the arguments are read

    parser = argparse.ArgumentParser(prog="python -m helpers.export")
    sub = parser.add_subparsers(dest="command", required=True)
    pdf = sub.add_parser("pdf", help="print every HTML brief to PDF (A4), offline")
    pdf.add_argument("outputs", type=Path, nargs="?", default=Path("outputs"))
    pdf.add_argument("--force", action="store_true", help="print PDFs that are up to date too")
    args = parser.parse_args(argv)
    if not (args.outputs / "briefs").is_dir() and not (args.outputs / "overview").is_dir():
        parser.error(f"no briefs in {args.outputs}/briefs: build them first (make briefs)")
    written = pdf_outputs(args.outputs, force=args.force)
    print(f"pdf: {len(written)} PDF(s) written under {args.outputs / 'pdf'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
