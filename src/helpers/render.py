"""A notebook's outputs to one HTML brief, with nbconvert's template exporter.

Conventions (verified by :func:`helpers.checks.check_brief`): sections are the outputs' and
Markdown cells' ``h2`` headings, each given an ``id`` and a contents entry (the one ``h1``,
the title, comes from the template); charts are PNG outputs with ``alt`` metadata; only
outputs and untagged Markdown cells reach the brief (no code, prompts, streams, plain-text
reprs or cells tagged ``remove``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from . import i18n

if TYPE_CHECKING:  # heavy imports only where a notebook is exported
    import nbformat

__all__ = [
    "AUTONYMS", "INDEX_MIME", "REMOVE_TAGS", "TEMPLATES", "anchor", "html_headings", "kept_cells",
    "kept_html", "kept_outputs", "markdown_html", "to_html",
]  # fmt: skip

#: Outputs of this type carry values for the index (:func:`publish`): the batch collects
#: them, the page leaves them out.
INDEX_MIME = "application/vnd.vn-briefs.values+json"


#: nbconvert template ``brief`` and pandas Styler template ``table``.
TEMPLATES = Path(__file__).parent / "templates"


#: Cells with one of these tags are left out of the brief.
REMOVE_TAGS = frozenset({"remove", "parameters", "injected-parameters"})


#: Language names in their own language.
AUTONYMS = {"vi": "Tiếng Việt", "en": "English"}


def anchor(text: str) -> str:
    """ASCII id for a heading: no diacritics, đ as d, words joined by ``-``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "section"


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
    r"""Render Markdown (a Markdown output or cell) to HTML with mistune's public API.

    nbconvert renders Markdown with mistune too; tables, strikethrough and raw HTML are kept
    as in its output (the HTML of :func:`helpers.show.md` comes escaped or from our
    templates), headings get no anchor links.

    Parameters
    ----------
    source : str

    Returns
    -------
    str

    Examples
    --------
    >>> markdown_html("## Nguồn")
    '<h2>Nguồn</h2>\n'
    """
    if not hasattr(_MARKDOWN, "md"):  # one renderer per thread: building one compiles its rules
        import mistune

        _MARKDOWN.md = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    return _MARKDOWN.md(source)


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
        wanted = h["attrs"].get("id") or anchor(h["text"])
        slug, n = wanted, 1
        while slug in used:
            n += 1
            slug = f"{wanted}-{n}"
        used.add(slug)
        if h["tag"] == "h2":
            toc.append({"id": slug, "text": h["text"]})
        if slug == h["attrs"].get("id"):
            continue
        attrs = "".join(
            f' {k}="{html.escape(v, quote=True)}"' if v is not None else f" {k}"
            for k, v in {**h["attrs"], "id": slug}.items()
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
    other = i18n.other_language(lang)
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
