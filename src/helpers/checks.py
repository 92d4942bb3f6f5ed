"""Checks on an exported brief before it replaces the previous one."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["BriefCheckError", "check_brief", "EXPECTED_SECTIONS", "OVERVIEW_SECTIONS"]

#: Sections every brief has, by ``<section id>``.
EXPECTED_SECTIONS = (
    "headline",
    "trend",
    "scorecard",
    "coverage",
    "ranking",
    "dti",
    "notes",
    "sources",
    "figures",
)

#: Sections the national overview has (kept here, light to import, for the batch).
OVERVIEW_SECTIONS = ("distribution", "dti-ranking", "coverage-matrix", "aggregate", "sources")


class BriefCheckError(RuntimeError):
    """An exported brief failed its checks; it is not written."""


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.h1 = 0
        self.sections: list[str] = []
        self.imgs: list[dict] = []
        self.external: list[str] = []
        self.scripts = 0
        self.expected_charts: int | None = None
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "footer" and a.get("data-charts", "").isdigit():
            self.expected_charts = int(a["data-charts"])
        elif tag == "section" and a.get("id"):
            self.sections.append(a["id"])
        elif tag == "img":
            self.imgs.append(a)
        elif tag == "script":
            self.scripts += 1
        elif tag in ("td", "dd"):
            self._cell = []
        for name in ("src", "href"):
            value = a.get(name) or ""
            if tag in ("img", "script", "link", "iframe") and re.match(r"(?i)^(https?:)?//", value):
                self.external.append(value)

    def handle_endtag(self, tag):
        if tag in ("td", "dd") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def check_brief(html: str, lang: str, sections: tuple[str, ...] = EXPECTED_SECTIONS) -> list[str]:
    """List what is wrong with an exported brief (empty when it is whole).

    Parameters
    ----------
    html : str
        The exported document.
    lang : str
        Its language.
    sections : tuple of str
        Section ids it must have (a province brief's by default).

    Returns
    -------
    list of str
        Problems: a missing section, a wrong ``lang``, not exactly one ``h1``, a chart with
        no alt text or not embedded, a script or external resource, an empty, ``nan`` or
        ``None`` cell, Python error or warning text.
    """
    scan = _Scan()
    scan.feed(html)
    problems = []
    if scan.html_lang != lang:
        problems.append(f"<html lang> is {scan.html_lang!r}, expected {lang!r}")
    if scan.h1 != 1:
        problems.append(f"{scan.h1} h1 headings, expected 1")
    missing = [s for s in sections if s not in scan.sections]
    if missing:
        problems.append(f"missing sections: {', '.join(missing)}")
    for img in scan.imgs:
        if not (img.get("alt") or "").strip():
            problems.append("a chart has no alt text")
        if not (img.get("src") or "").startswith("data:image/"):
            problems.append("a chart is not embedded")
    if not scan.imgs:
        problems.append("no chart")
    if scan.expected_charts is None:
        problems.append("no provenance footer saying how many charts to expect")
    elif len(scan.imgs) != scan.expected_charts:
        problems.append(f"{len(scan.imgs)} charts where the data call for {scan.expected_charts}")
    if scan.scripts:
        problems.append(f"{scan.scripts} script element(s)")
    if scan.external:
        problems.append(f"external resources: {', '.join(scan.external[:3])}")
    bad = [c for c in scan.cells if c.lower() in ("", "nan", "none", "nat")]
    if bad:
        problems.append(f"{len(bad)} empty, nan or None cell(s)")
    for pattern in ("Traceback (most recent call last)", "Warning:", "Error:"):
        if pattern in html:
            problems.append(f"Python error or warning text in the brief ({pattern!r})")
    return problems
