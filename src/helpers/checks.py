"""Checks on an exported brief before it replaces the previous one.

What to expect (headings, images) is read from the executed notebook, never from a list kept
here: a new section or chart needs no change in this module.
"""

from __future__ import annotations

import base64
import functools
import re
from html.parser import HTMLParser

from . import i18n, render

__all__ = ["check_brief"]

#: Table cells that betray a missing value printed as is.
MISSING_CELLS = frozenset({"nan", "NaN", "None", "NaT", "<NA>"})
#: Repository paths a reader's copy does not have (not when part of a web address).
_REPO_PATH = re.compile(
    r"(?<![\w/.:-])shared/"
    r"|(?<![\w/.:-])(?:data|src|notebooks|outputs|tests)/[\w-]+(?:/|\.\w)"
    r"|(?<![\w/.:-])[\w.-]+\.(?:csv|ipynb)\b"
)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})  # fmt: skip


class _Page(HTMLParser):
    """What the checks need from a page, read with the standard HTML parser."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.h1 = 0
        self.h2: list[str] = []
        self.imgs: list[dict] = []
        self.hrefs: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.cells: list[str] = []
        self.text: list[str] = []  # visible text and alt/title attributes
        self.same_lang_text: list[str] = []  # text not marked as another language
        self._stack: list[tuple[str, bool]] = []  # (tag, in another language)
        self._cell: list[str] | None = None
        self._h2: list[str] | None = None
        self._lang = lang
        self._hidden = 0

    def _other_lang(self) -> bool:
        return bool(self._stack and self._stack[-1][1])

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append(tag)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "h2":
            self._h2 = []
        elif tag == "img":
            self.imgs.append(a)
        elif tag in ("td", "th"):
            self._cell = []
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        for name in ("alt", "title", "aria-label"):
            if a.get(name):
                self.text.append(a[name])
                if not self._other_lang() and a.get("lang", self._lang) == self._lang:
                    self.same_lang_text.append(a[name])
        if tag in ("script", "style"):
            self._hidden += 1
        if tag not in _VOID:
            other = self._other_lang() or ("lang" in a and a["lang"] != self._lang)
            self._stack.append((tag, other))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()
            if tag in ("script", "style"):
                self._hidden -= 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "h2" and self._h2 is not None:
            self.h2.append(" ".join("".join(self._h2).split()))
            self._h2 = None
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        for i in range(len(self._stack) - 1, -1, -1):  # close up to the matching tag
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._hidden:
            return
        self.text.append(data)
        if not self._other_lang():
            self.same_lang_text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._h2 is not None:
            self._h2.append(data)


def _expected(nb) -> tuple[list[str], list[tuple[str, str, str, list]], list[str]]:
    """Headings (h2 text), images (mime, base64, alt, overlaps) and errors of the outputs."""
    images, errors = [], []
    code_cells = [c for c in nb.cells if c.get("cell_type") == "code"]
    code_cells = [c for c in code_cells if "injected-parameters" not in c.metadata.get("tags", [])]
    number = {id(c): n for n, c in enumerate(code_cells, 1)}
    for cell in render.kept_cells(nb):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") == "error":
                errors.append(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
                continue
            data = output.get("data", {})
            for mime in ("image/png", "image/jpeg", "image/svg+xml"):
                if mime in data:
                    payload = data[mime]
                    if mime == "image/svg+xml":
                        payload = base64.b64encode(payload.encode("utf-8")).decode("ascii")
                    meta = output.get("metadata", {}).get(mime, {})
                    found = (mime, "".join(payload.split()), meta.get("alt", ""))
                    images.append((*found, meta.get("overlaps", []), number.get(id(cell))))
                    break
    h2 = [
        h["text"]
        for source in render.kept_html(nb)
        for h in render.html_headings(source)
        if h["tag"] == "h2"
    ]
    return h2, images, errors


def _nested(text: str) -> bool:
    """Whether a text opens a bracket inside another: "42% (sơ bộ (tỉnh))"."""
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
            if depth > 1:
                return True
        elif ch in ")]":
            depth = max(0, depth - 1)
    return False


def _href_ok(href: str) -> bool:
    h = href.strip()
    low = h.lower()
    if low.startswith(("http://", "https://")):
        return bool(re.match(r"https?://[^/\s]+", low))
    if low.startswith(("data:text/csv", "#")):
        return True
    if low.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", low):
        return False  # another scheme (javascript:, file:, data:text/html…)
    return bool(h) and not h.startswith("/")


@functools.cache
def _phrases(lang: str) -> tuple[tuple[str, re.Pattern], ...]:
    """(word, pattern) of the texts that must not appear in a page of ``lang`` (word first)."""
    pairs = i18n.message_pairs("vi")
    if lang == "vi":  # English msgids that are translated differently
        texts = [msgid for msgid, msgstr in pairs if msgid != msgstr]
    else:  # Vietnamese translations that differ from their msgid
        texts = [msgstr for msgid, msgstr in pairs if msgid != msgstr]
    patterns = []
    for text in dict.fromkeys(texts):
        pieces = re.split(r"\{[^{}]*\}", text)
        while pieces and not pieces[0].strip():  # a leading or trailing placeholder
            pieces.pop(0)
        while pieces and not pieces[-1].strip():
            pieces.pop()
        if pieces:
            pieces[0], pieces[-1] = pieces[0].lstrip(), pieces[-1].rstrip()
        if sum(len(p.strip()) for p in pieces) < 3 or not re.search(r"[^\W\d_]", "".join(pieces)):
            continue  # a bare placeholder or a symbol: nothing to recognise
        body = ".{1,200}?".join(
            "".join(r"\s+" if t.isspace() else re.escape(t) for t in re.split(r"(\s+)", p) if t)
            for p in pieces
        )
        before = r"(?<!\w)" if re.match(r"\w", pieces[0]) else ""
        after = r"(?!\w)" if re.search(r"\w$", pieces[-1]) else ""
        patterns.append((pieces[0].split()[0], re.compile(before + body + after)))
    return tuple(patterns)


def check_brief(nb, html: str, lang: str) -> list[str]:
    """List what is wrong with an exported brief (empty when it is whole).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook the page was exported from.
    html : str
        The exported page.
    lang : {"vi", "en"}

    Returns
    -------
    list of str
        One sentence per problem: an error output; ``<html lang>`` not ``lang`` or not one
        ``h1``; an ``h2`` or image output missing from the page; an image without alt text,
        not a data URL, or with overlapping text; a ``script``, ``link``, ``iframe``,
        ``object`` or ``embed`` element; a table cell that is exactly a missing value
        (:data:`MISSING_CELLS`); a repository path in the text; brackets inside brackets
        (Vietnamese writing never nests them); an ``href`` other than
        http(s), relative, an anchor of the page or a ``data:text/csv`` download; text of
        the other language (a catalogue message whose translation differs), outside
        elements marked with another ``lang``.
    """
    i18n.translator(lang)  # refuses an unknown language
    page = _Page(lang)
    page.feed(html)
    page.close()
    h2, images, errors = _expected(nb)
    problems = [f"the notebook has an error output: {e}" for e in errors]
    if page.html_lang != lang:
        problems.append(f"<html lang> is {page.html_lang!r}, expected {lang!r}")
    if page.h1 != 1:
        problems.append(f"{page.h1} h1 headings, expected 1 (the title; outputs start at h2)")
    problems += [f"section heading missing from the page: {t!r}" for t in h2 if t not in page.h2]
    problems += _image_problems(page, images)
    for tag in ("script", "link", "iframe", "object", "embed"):
        if tag in page.tags:
            problems.append(f"{page.tags.count(tag)} <{tag}> element(s): the page must be offline")
    return problems + _text_problems(page, lang) + _link_problems(page)


def _image_problems(page: _Page, images: list) -> list[str]:
    """Charts of the notebook missing from the page, without alt text, crowded, or linked."""
    problems = []
    srcs = {img.get("src", "") for img in page.imgs}
    for n, (mime, payload, alt, crowded, cell) in enumerate(images, 1):
        where = f"chart {n} (code cell {cell})" if cell else f"chart {n}"
        if crowded:
            pairs = "; ".join(" / ".join(map(str, pair)) for pair in crowded[:3])
            problems.append(f"{where} has text over text, a bar or a point: {pairs}")
        if not str(alt).strip():
            problems.append(
                f"{where} has no title and no alt text: give it a title (ax.set_title(…)) or "
                'describe it with charts.describe(fig, "what it shows")'
            )
        if f"data:{mime};base64,{payload}" not in srcs:
            problems.append(f"image output {n} ({mime}) is not in the page")
    for img in page.imgs:
        if not img.get("src", "").startswith("data:image/"):
            problems.append(f"image not embedded: {img.get('src', '')[:60]!r}")
        if not img.get("alt", "").strip():
            problems.append(f"image without alt text: {img.get('src', '')[:40]!r}…")
    return problems


def _text_problems(page: _Page, lang: str) -> list[str]:
    """Missing-value cells, repository paths, nested brackets, the other language's words."""
    problems = []
    bad = [c for c in page.cells if c in MISSING_CELLS]
    if bad:
        problems.append(f"{len(bad)} table cell(s) showing a missing value: {sorted(set(bad))}")
    text = " ".join(page.text)
    found = sorted({m.group(0) for m in _REPO_PATH.finditer(text)})
    if found:
        problems.append(f"repository path(s) in the text: {', '.join(found[:5])}")
    nested = sorted({" ".join(t.split())[:80] for t in page.text if _nested(t)})
    if nested:
        problems.append(f"brackets inside brackets: {'; '.join(nested[:3])}")
    same = " ".join(" ".join(page.same_lang_text).split())
    other = {"vi": "English", "en": "Vietnamese"}[lang]
    words = sorted({m.group(0) for w, p in _phrases(lang) if w in same for m in p.finditer(same)})
    if words:
        problems.append(f"{other} text in a {lang} page: {'; '.join(words[:5])}")
    return problems


def _link_problems(page: _Page) -> list[str]:
    """Links other than http(s), relative, a CSV download or an anchor the page has."""
    problems = []
    ids = set(page.ids)
    for href in page.hrefs:
        if not _href_ok(href):
            problems.append(f"link not allowed: {href[:80]!r}")
        elif href.startswith("#") and href[1:] not in ids:
            problems.append(f"link to a missing anchor: {href!r}")
    return problems
