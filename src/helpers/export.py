"""Briefs out: display helpers for notebook cells, nbconvert export to HTML, PDF, atomic writes.

In a notebook cell (the brief is the cells' outputs)::

    from helpers.export import show_table, show_figure, csv_download, md, heading, link

    md("## " + _("Sources"))                       # a section: an h2 of the brief
    md(_("{name} ranks {rank} of {base}."), name=area.name, rank=3, base=34)
    show_table(df, caption=_("Figures"), number_columns=["Value"])
    show_figure(fig, alt=_("Line chart: …"))       # the chart's alt text travels with it
    csv_download(df, "thanh-hoa.csv", _("Download the figures (CSV)"))

Conventions the export relies on (and :func:`helpers.checks.check_brief` verifies):

- Sections are ``h2`` headings in the outputs (Markdown ``## …`` through :func:`md`, or
  :func:`heading`). Each gets an ``id`` and an entry in the brief's table of contents; no
  section list is kept anywhere. The brief's one ``h1`` is its title, written by the
  template from ``to_html(title=…)``: outputs use ``h2`` and below.
- A chart is shown with :func:`show_figure` (a PNG output whose ``alt`` metadata is the
  chart's text alternative, IPython's own convention); an image output without ``alt``
  fails the checks.
- Data text is text: :func:`md` and :func:`show_table` escape every value; markup comes only
  from the template string or from :func:`link` (http(s) URLs only).
- Only outputs reach the brief: code, prompts, stdout/stderr, plain-text reprs
  (``<Axes: …>``), Markdown cells and cells tagged ``remove`` are left out.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import functools
import hashlib
import html
import io
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
    "CHROMIUM",
    "INDEX_MIME",
    "REMOVE_TAGS",
    "TEMPLATES",
    "csv_download",
    "escape_markdown",
    "figure_image",
    "heading",
    "html_headings",
    "kept_outputs",
    "link",
    "markdown_html",
    "md",
    "pdf_all",
    "show_figure",
    "show_table",
    "to_html",
    "to_pdf",
    "write_atomic",
]

#: Outputs of this type carry values for the index of briefs (``present.publish``); the
#: export leaves them out of the page and the batch collects them.
INDEX_MIME = "application/vnd.vn-briefs.values+json"

#: Folder of the nbconvert template ``brief`` and the pandas Styler table template.
TEMPLATES = Path(__file__).parent / "templates"
#: Cells with one of these tags are left out of the brief (nbconvert's TagRemovePreprocessor).
REMOVE_TAGS = frozenset({"remove", "parameters", "injected-parameters"})
#: Headless browser used for PDFs (Debian's chromium; Playwright's own download is not used).
CHROMIUM = Path("/usr/bin/chromium")
#: Language names as written in their own language (for the link to the other language).
AUTONYMS = {"vi": "Tiếng Việt", "en": "English"}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~$:=^@\"])")


# --------------------------------------------------------------------------- cell helpers


def escape_markdown(value: Any) -> str:
    """Make a value safe to put in Markdown: it reads as the same text, never as markup.

    Parameters
    ----------
    value : Any
        Text or number (``str()`` is taken). An object with ``__html__`` (a
        :class:`markupsafe.Markup`, such as :func:`link` returns) is trusted markup and
        returned as is.

    Returns
    -------
    str
        Markdown and HTML punctuation backslash-escaped, line breaks made spaces.
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
    """Display a Markdown text whose placeholders are filled with escaped values.

    Parameters
    ----------
    template : str
        Markdown written by us (often ``_("…")``), with ``str.format`` placeholders
        (``{value:,}``-style format specs work on numbers). Without values it is shown
        as written.
    **values
        Data: strings or numbers, escaped so that they read as text (a province name with
        ``*`` or ``<script>`` shows those characters). :func:`link` results are kept as links.

    Returns
    -------
    IPython.display.Markdown
        The display object (last expression of a cell, or pass it to ``display``).
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


def heading(text: str, level: int = 2, id: str | None = None) -> HTML:  # noqa: A002
    """Display a heading (``h2`` = a section of the brief and an entry of its contents).

    Parameters
    ----------
    text : str
        Heading text (escaped).
    level : int
        2 to 6 (the ``h1`` is the brief's title, written by the template).
    id : str, optional
        Anchor; by default made from the text (no diacritics), made unique at export.

    Returns
    -------
    IPython.display.HTML
        The heading.
    """
    from IPython.display import HTML

    if level not in range(2, 7):
        raise ValueError(f"heading level {level}: use 2 to 6 (h1 is the brief's title)")
    anchor = _anchor(id if id is not None else text)
    return HTML(f'<h{level} id="{anchor}">{escape(text)}</h{level}>')


def link(url: str | None, text: str) -> Markup:
    """Return a link to a source, or the plain text when the URL is not http(s).

    Parameters
    ----------
    url : str or None
        Address (from data). Only ``http://`` and ``https://`` URLs with a host become
        links; anything else (``javascript:``, a path, empty) gives plain text.
    text : str
        Link text (escaped).

    Returns
    -------
    markupsafe.Markup
        Safe HTML, kept as is by :func:`md` and :func:`show_table`.
    """
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url) if url else None
    ok = (
        parts is not None
        and parts.scheme.lower() in ("http", "https")
        and bool(parts.netloc)
        and not re.search(r"[\s\x00-\x1f\x7f]", url)
    )
    if not ok:
        return escape(text)
    return Markup('<a href="{}">{}</a>').format(url, text)


def brief_link(href: str, text: str) -> Markup:
    """Return a link to another brief of the same output folder (a relative ``.html`` path).

    Parameters
    ----------
    href : str
        Relative path such as ``"former/bac-ninh.html"`` or ``"../bac-ninh.html"``: ASCII
        slugs separated by ``/``, ``..`` allowed, ending in ``.html``. Anything else (a
        scheme, an absolute path, a data file) gives plain text.
    text : str
        Link text (escaped).

    Returns
    -------
    markupsafe.Markup
        Safe HTML, kept as is by :func:`md` and :func:`show_table`.
    """
    ok = bool(re.fullmatch(r"(?:(?:\.\.|[a-z0-9-]+)/)*[a-z0-9-]+\.html", href or ""))
    if not ok:
        return escape(text)
    return Markup('<a href="{}">{}</a>').format(href, text)


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
    """Display a DataFrame as an accessible, escaped HTML table (a pandas Styler).

    Parameters
    ----------
    df : pandas.DataFrame
        The table as the reader sees it (format numbers with :mod:`helpers.numbers` first;
        other numbers are shown with ``str``). The index is hidden.
    caption : str, optional
        Caption (escaped).
    number_columns : iterable of str
        Columns of numbers: right-aligned (class ``num``).
    quote_columns : mapping of str to str, optional
        Columns of text quoted from a source in another language, by column name, e.g.
        ``{"As published": "vi"}``: each cell is a ``<q lang="vi">`` quotation.
    na_rep : str
        Text of missing cells (never ``nan``).

    Returns
    -------
    IPython.display.HTML
        ``<table>`` with ``<th scope="col">`` headers; every cell escaped (a
        :func:`link` stays a link).
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
    styler = styler.format(_cell, na_rep=na_rep)
    for column, lang in quote_columns.items():
        styler = styler.format(_quoted(lang), subset=[column], na_rep=na_rep)
    styler = styler.set_table_attributes('class="brief-table"')
    if caption:
        styler = styler.set_caption(str(escape(caption)))
    return HTML(styler.to_html(num_classes=num_classes))


def _cell(value: Any) -> str:
    return str(escape(value))


def _quoted(lang: str):
    def fmt(value: Any) -> str:
        text = escape(value)
        return str(Markup('<q lang="{}">{}</q>').format(lang, text)) if text else ""

    return fmt


def csv_download(df: pd.DataFrame, filename: str, label: str) -> HTML:
    """Display a link that downloads a table as CSV, embedded in the page (works offline).

    Parameters
    ----------
    df : pandas.DataFrame
        The figures (index left out).
    filename : str
        Name proposed to the reader's browser (a bare file name, escaped).
    label : str
        Link text (escaped).

    Returns
    -------
    IPython.display.HTML
        ``<a download href="data:text/csv;charset=utf-8;base64,…">``: the CSV in UTF-8 with
        a byte-order mark (Excel then reads Vietnamese letters right), CRLF line ends.
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
    """Display a matplotlib Figure as a PNG with its text alternative, then close it.

    The output is an ``image/png`` display whose metadata carries ``alt`` (IPython's
    ``Image(alt=…)``); the brief template writes it as ``<img alt>``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str
        What the chart shows, for readers who cannot see it (required, non-empty).
    dpi : int
        Resolution of the PNG; it is displayed at its size at 96 dpi (sharp in print).
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
        Text alternative (required, non-empty).
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    IPython.display.Image
        PNG whose display metadata holds ``alt`` and a ``width`` at 96 dpi, and
        ``overlaps`` when a text box of the chart covers another text, a bar or a point
        (:func:`helpers.charts.overlaps`; the checks then refuse the brief). The alt text
        starts with the chart's title(s) as drawn (``Axes.get_title``), so a title changed
        in the cell changes the text alternative too.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image

    if not str(alt or "").strip():
        raise ValueError("a chart needs alt text: what it shows, in the brief's language")
    titles = [fig.get_suptitle()] if hasattr(fig, "get_suptitle") else []
    titles += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]
    titles = [t.strip() for t in titles if t and t.strip() and t.strip() not in str(alt)]
    alt = ". ".join([*dict.fromkeys(titles), str(alt).strip()])
    from .charts import overlaps

    crowded = [list(pair) for pair in overlaps(fig)]  # checked by checks.check_brief
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    png = buf.getvalue()
    width_px = int.from_bytes(png[16:20], "big")  # PNG IHDR width
    plt.close(fig)
    metadata = {"overlaps": crowded} if crowded else None
    width = round(width_px * 96 / dpi)
    return Image(data=png, format="png", width=width, alt=str(alt), metadata=metadata)


# --------------------------------------------------------------------------- export


class _Headings(HTMLParser):
    """Find headings in an HTML fragment: their tag, attributes, text and source offsets."""

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
        HTML.

    Returns
    -------
    list of dict
        ``{"tag", "attrs", "text", "start", "end"}`` per heading in document order
        (``start``/``end``: offsets of its start tag).
    """
    return _Headings(fragment).found


def markdown_html(source: str) -> str:
    """Render Markdown as nbconvert does for outputs (mistune, math kept as text).

    Parameters
    ----------
    source : str
        Markdown.

    Returns
    -------
    str
        HTML; headings carry no anchor link (ids are given at export).
    """
    if not hasattr(_MARKDOWN, "md"):  # one renderer per thread: building one compiles its rules
        from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

        renderer = IPythonRenderer(escape=False, exclude_anchor_links=True)
        _MARKDOWN.md = MarkdownWithMath(renderer=renderer)
    return _MARKDOWN.md.render(source)


_MARKDOWN = threading.local()


def kept_outputs(nb) -> Iterable[dict]:
    """Yield the outputs that reach the brief: those of code cells not tagged ``remove``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.

    Yields
    ------
    dict
        Each output, in order.
    """
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        if REMOVE_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        yield from cell.get("outputs", [])


def _brief_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class BriefPreprocessor(Preprocessor):
        """Give every heading of the outputs an id and list the h2 for the contents.

        Markdown outputs are rendered to HTML here (:func:`markdown_html`, as the template
        would) so that headings of Markdown and HTML outputs are handled alike: each
        ``h2``/``h3`` gets a unique id (kept when it has one), and ``resources["brief"]
        ["toc"]`` lists the ``h2`` as ``{"id", "text"}`` in order, for the template.
        """

        def preprocess(self, nb, resources):
            for cell in nb.cells:  # values published for the index are not part of the page
                if cell.get("cell_type") == "code":
                    cell.outputs = [
                        o for o in cell.get("outputs", []) if INDEX_MIME not in o.get("data", {})
                    ]
            used: set[str] = set()
            toc: list[dict] = []
            for output in kept_outputs(nb):
                data = output.get("data", {})
                if "text/html" in data:
                    source = data["text/html"]
                    source = "".join(source) if isinstance(source, list) else source
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
        attrs = {**h["attrs"], "id": anchor}
        tag = "<{}{}>".format(
            h["tag"],
            "".join(
                f' {k}="{html.escape(v, quote=True)}"' if v is not None else f" {k}"
                for k, v in attrs.items()
            ),
        )
        pieces += [source[last : h["start"]], tag]
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
    """Export an executed brief notebook to one offline, self-contained HTML page.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (not modified).
    lang : {"vi", "en"}
        Language of the brief (``<html lang>``, the template's words).
    title : str
        The brief's title: ``<title>`` and its one ``h1`` (escaped).
    links : mapping, optional
        Relative hrefs for the header: ``index`` (the list of briefs) and ``other_lang``
        (the same brief in the other language). A missing key leaves its link out.
    generated : datetime.date, optional
        Date written in the footer (today by default).

    Returns
    -------
    str
        The page: header (links, ``h1``, contents built from the outputs' ``h2``), the
        outputs (no code, prompts, stderr or cells tagged ``remove``), a footer; no
        script, no external resource, images as data URLs; print CSS for A4.
    """
    from babel.dates import format_date

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
            "generated": _("Generated on {date}.").format(date=format_date(date, "long", lang)),
            "language": _("Language: {language}.").format(language=AUTONYMS[lang]),
        },
    }
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    body, _resources = _exporter().from_notebook_node(nb, resources={"brief": brief})
    return body


_EXPORTERS = threading.local()


def _exporter():
    """Return the brief's HTML exporter, made once per thread (templates load once).

    Not shared between threads (several briefs at once on a Dask worker): nbconvert's
    exporter registers filters bound to each call's notebook and resources on itself.
    """
    if hasattr(_EXPORTERS, "exporter"):
        return _EXPORTERS.exporter
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_TAGS)
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.exclude_markdown = True
    config.HTMLExporter.exclude_raw = True
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.template_name = "brief"
    config.HTMLExporter.preprocessors = [_brief_preprocessor()]
    config.HTMLExporter.optimistic_validation = True  # validate once, after all preprocessors
    _EXPORTERS.exporter = HTMLExporter(config=config)
    return _EXPORTERS.exporter


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write a file so that readers see the old file or the new one, never a part.

    Parameters
    ----------
    path : str or Path
        Destination; its folder is created if needed.
    data : str or bytes
        Content (text is written as UTF-8).
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


# --------------------------------------------------------------------------- PDF


def _launch(playwright):
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} missing: run `make browser` (Debian's chromium)")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


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
    """Print an HTML brief to an A4 PDF with headless Chromium, the network blocked.

    Parameters
    ----------
    html_path : str or Path
        The brief (a self-contained page).
    pdf_path : str or Path
        Destination, written atomically.
    browser : playwright.sync_api.Browser, optional
        A browser to reuse (:func:`pdf_all` prints many pages with one); by default
        ``/usr/bin/chromium`` is started and closed.
    """
    if browser is not None:
        _print(browser, Path(html_path), Path(pdf_path))
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = _launch(p)
        try:
            _print(b, Path(html_path), Path(pdf_path))
        finally:
            b.close()


def pdf_all(
    briefs_dir: str | Path, pdf_dir: str | Path, *, force: bool = False, browser=None
) -> list[Path]:
    """Print every HTML brief of a folder to PDF, mirroring its layout.

    Parameters
    ----------
    briefs_dir : str or Path
        Folder of HTML briefs (``outputs/briefs``: ``<lang>/<slug>.html``…).
    pdf_dir : str or Path
        Destination (``outputs/pdf``): ``<lang>/<slug>.pdf``…
    force : bool
        Print again PDFs newer than their HTML (skipped by default).
    browser : playwright.sync_api.Browser, optional
        A browser to use; by default ``/usr/bin/chromium`` is started once for all.

    Returns
    -------
    list of Path
        PDFs written.
    """
    from playwright.sync_api import sync_playwright

    briefs_dir, pdf_dir = Path(briefs_dir), Path(pdf_dir)
    todo = []
    for html_path in sorted(briefs_dir.rglob("*.html")):
        pdf_path = pdf_dir / html_path.relative_to(briefs_dir).with_suffix(".pdf")
        if force or not pdf_path.exists() or pdf_path.stat().st_mtime < html_path.stat().st_mtime:
            todo.append((html_path, pdf_path))
    if not todo:
        return []
    if browser is not None:
        for html_path, pdf_path in todo:
            _print(browser, html_path, pdf_path)
        return [pdf for _, pdf in todo]
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            for html_path, pdf_path in todo:
                _print(browser, html_path, pdf_path)
        finally:
            browser.close()
    return [pdf for _, pdf in todo]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m helpers.export pdf [OUTPUTS] [--force]`` (``make pdf``).

    Prints ``OUTPUTS/briefs/<lang>/….html`` to ``OUTPUTS/pdf/<lang>/….pdf`` and the national
    overview ``OUTPUTS/overview/<lang>.html`` to ``OUTPUTS/pdf/overview/<lang>.pdf``, the
    paths the batch's ``--pdf`` writes.
    """
    import argparse

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m helpers.export")
    sub = parser.add_subparsers(dest="command", required=True)
    pdf = sub.add_parser("pdf", help="print every HTML brief to PDF (A4), offline")
    pdf.add_argument("outputs", type=Path, nargs="?", default=Path("outputs"))
    pdf.add_argument("--force", action="store_true", help="print PDFs that are up to date too")
    args = parser.parse_args(argv)
    pairs = [(args.outputs / "briefs", args.outputs / "pdf")]
    pairs.append((args.outputs / "overview", args.outputs / "pdf" / "overview"))
    pairs = [(src, dst) for src, dst in pairs if src.is_dir()]
    if not pairs:
        parser.error(f"no briefs in {args.outputs}/briefs: build them first (make briefs)")
    written: list[Path] = []
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            for src, dst in pairs:
                written += pdf_all(src, dst, force=args.force, browser=browser)
        finally:
            browser.close()
    print(f"pdf: {len(written)} PDF(s) written under {args.outputs / 'pdf'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
