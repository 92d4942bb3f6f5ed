"""From an article to candidate data rows: the curation assistant.

::

    python -m helpers.curate ARTICLE --province NAME [--basis 34|63] [--source-id ID]
                             [--out CANDIDATES.csv] [--data-dir DIR]

ARTICLE is a UTF-8 text file, an HTML page saved from a browser (its text is read with the
standard library's :mod:`html.parser`; scripts and styles are dropped, nothing is run) or
``-`` for standard input. The command writes one row per figure of the text
(:data:`COLUMNS`), to standard output or atomically to ``--out``. Exit codes: 0 it ran, 2 a
bad argument, an unknown province, an unreadable or undecodable file or invalid data (one
line on standard error, no traceback).

How a figure is read, in general (the rules are for Vietnamese reporting, not one text):

- the number itself and its qualifier, kind and unit words go through
  :func:`helpers.numbers.parse_published`, as the loader reads them: ``published_text`` is
  the longest text around the number that the loader reads back to the same value;
- years, dates (``10/10``, ``ngày 20/5/2025``, ``tháng 10/2024``), document numbers
  (``411/QĐ-TTg``, ``06-NQ/TU``, ``Nghị quyết số 52``), list numbers, ordinals (``lần thứ
  3``), durations and ages (``2 năm``, ``15 tuổi``), phone numbers, web addresses, street
  addresses and names (``4.0``, ``COVID-19``) are not figures: :func:`skipped` lists them,
  each with its reason;
- a rank reads with its base (``xếp thứ 15/34``); a change (``tăng 22 bậc``, ``tăng 8,5%``)
  is a figure of its own (``change``), never a level, and only a change indicator is
  guessed for it;
- the kind comes from the words around the figure: a kind word in the figure (``ước đạt``),
  in brackets after it (``(sơ bộ)``), or the nearest cue before it in its sentence (``dự
  kiến``, ``sơ bộ``, ``kế hoạch``; ``đã``, ``đến nay`` say it is actual). A goal the text sets
  (``phấn đấu đến năm 2025``, ``mục tiêu``, ``để 100% …``) is ``target``; a plan without a
  horizon is ``plan``. An aside in brackets that starts with "theo" is its own context;
- the period is the nearest year or range of years before the figure in its sentence
  (else the first after it in its clause), never a year it is compared with (``so với năm
  2023``);
- the indicator is the one whose ``keywords`` (``data/indicators.csv``) are closest to the
  figure, among the indicators of its unit: words between it and its neighbouring figures
  first, then its clause (``;``), then its sentence. Matching ignores diacritics and the
  old/new placement of tone marks, and reads the press's abbreviations (TMĐT, CĐS, DN…).

:func:`append` takes the reviewed rows (``notebooks/curate_article.ipynb``) into
``data/``: checked by :func:`helpers.data.load` on a copy first, written atomically.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import functools
import io
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from . import numbers, provinces
from .errors import DataError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COLUMNS",
    "Article",
    "ArticleError",
    "Candidate",
    "Skipped",
    "Vocabulary",
    "AppendError",
    "Appended",
    "append",
    "article_text",
    "candidates",
    "csv_text",
    "extract",
    "main",
    "read_article",
    "sentences",
    "skipped",
    "source_record",
    "table",
    "vocabulary",
]

#: Columns of the candidates table: the issue's eight first, then what a row of
#: ``figures.csv`` or ``targets.csv`` needs (``kind`` ``target`` goes to targets.csv).
COLUMNS = [
    "published_text", "value", "unit", "qualifier", "kind", "period", "indicator", "sentence",
    "change", "base", "value_high", "note", "line",
    "id", "basis", "province_code", "province", "name_as_published", "series", "period_type",
    "number_format", "source_id", "preferred", "set_by", "document_vi", "document_en",
    "inferred", "note_vi", "note_en",
]  # fmt: skip
KINDS = ("actual", "preliminary", "estimate", "forecast", "plan", "target")


class ArticleError(ValueError):
    """An article that cannot be read or decoded; the message names the file."""


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Article:
    """The text of an article, and what an HTML page says of itself.

    Attributes
    ----------
    text : str
        The text, NFC-normalised, one paragraph a line.
    title, url, published : str
        From an HTML page (``<title>`` or ``og:title``; ``og:url`` or the canonical link,
        http(s) only; ``article:published_time`` as ``YYYY-MM-DD``), else empty.
    """

    text: str
    title: str = ""
    url: str = ""
    published: str = ""


_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "footer", "aside",
              "form", "button", "select", "iframe", "head"}  # fmt: skip
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
               "td", "th", "table", "section", "article", "main", "header", "blockquote",
               "figure", "figcaption", "dd", "dt", "hr", "pre"}  # fmt: skip
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base",
              "col", "embed", "param", "track"}  # fmt: skip


class _PageText(HTMLParser):
    """Collect a page's text: the <article> if there is one, else <main>, else <body>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self.open: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name") or ""
            self.meta.setdefault(key.lower(), attrs.get("content", "").strip())
        elif tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            self.meta.setdefault("canonical", attrs.get("href", "").strip())
        if tag in _BLOCK_TAGS:
            self._add("\n")
        if tag not in _VOID_TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass
        if tag in _BLOCK_TAGS:
            self._add("\n")

    def handle_data(self, data):
        if "title" in self.open and "svg" not in self.open:
            self.title.append(data)
        self._add(data)

    def _add(self, text: str) -> None:
        if any(t in _SKIP_TAGS or t == "title" for t in self.open):
            return
        for region in ("article", "main"):
            if region in self.open:
                self.parts[region].append(text)
        self.parts["body"].append(text)


def _paragraphs(text: str) -> str:
    """One paragraph a line: NFC, spaces collapsed, blank lines dropped."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "")
    lines = (" ".join(line.split()) for line in re.split(r"\r\n?|\n|\u2028|\u2029", text))
    return "\n".join(line for line in lines if line)


def _html_charset(raw: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", raw[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def article_text(raw: bytes, name: str = "<stdin>") -> Article:
    """Decode an article and, for an HTML page, take its text.

    Parameters
    ----------
    raw : bytes
        The file's content: UTF-8 text (a byte-order mark is allowed), or an HTML page
        (recognised by its start, ``<!doctype html`` or ``<html``); a page declaring
        another charset in a ``<meta>`` is decoded with it.
    name : str
        The file's name, for messages.

    Returns
    -------
    Article

    Raises
    ------
    ArticleError
        If the bytes do not decode, or hold no text; the message names the file and
        the offset of the first bad byte.
    """
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    is_html = head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]
    encoding = (_html_charset(raw) if is_html else None) or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ArticleError(f"{name}: unknown charset {encoding!r} declared in the page") from None
    try:
        text = raw.decode("utf-8-sig" if encoding in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{name}: not {encoding.upper()} text (byte {raw[exc.start]:#04x} at offset "
            f"{exc.start}); save the article as UTF-8"
        ) from None
    article = _from_html(text) if is_html else Article(_paragraphs(text))
    if not article.text.strip():
        raise ArticleError(f"{name}: no text in the file")
    return article


def _from_html(markup: str) -> Article:
    """Read a page's text (see :class:`_PageText`), title, address and date."""
    parser = _PageText()
    parser.feed(markup)
    parser.close()
    parts = parser.parts
    body = next((parts[k] for k in ("article", "main", "body") if "".join(parts[k]).strip()), [])
    meta = parser.meta
    url = meta.get("og:url") or meta.get("canonical") or ""
    url = url if re.match(r"https?://[^\s]+$", url) else ""
    published = re.match(r"\d{4}-\d{2}-\d{2}", meta.get("article:published_time", ""))
    title = meta.get("og:title") or " ".join("".join(parser.title).split())
    return Article(
        text=_paragraphs("".join(body)),
        title=unicodedata.normalize("NFC", title),
        url=url,
        published=published.group(0) if published else "",
    )


def read_article(path: str | Path) -> Article:
    """Read an article file (or standard input for ``"-"``) with :func:`article_text`.

    Parameters
    ----------
    path : str or Path
        A text file, an HTML page saved from a browser, or ``"-"``.

    Returns
    -------
    Article

    Raises
    ------
    ArticleError
        If the file cannot be read or decoded; the message names it.
    """
    if str(path) == "-":
        return article_text(sys.stdin.buffer.read(), "<stdin>")
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read the article ({exc.strerror or exc})") from None
    return article_text(raw, str(path))


# --------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: its text and the line (paragraph) it is on (from 1)."""

    text: str
    line: int


# Abbreviations that end with a dot inside a sentence ("TP. Thanh Hóa", "TS. Nguyễn").
_ABBREVIATIONS = {"tp", "tx", "q", "p", "ts", "ths", "pgs", "gs", "bs", "ks", "ncs", "mr", "ms",
                  "mrs", "dr", "st", "tt", "th", "no", "vs"}  # fmt: skip
# Capital letters of Vietnamese (and other Latin) text, for character classes.
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1F00)) if c.isupper() and c.isalpha())
_BREAK = re.compile(rf"([.!?…]+[\"”’')\]]*)(?:\s+|(?=[{_UPPER}]))(?=[\"“‘'(\[{_UPPER}0-9])")


def sentences(text: str) -> list[Sentence]:
    """Split an article into sentences.

    Parameters
    ----------
    text : str
        One paragraph a line (:attr:`Article.text`).

    Returns
    -------
    list of Sentence
        A sentence ends at ``.``, ``!``, ``?`` or ``…`` before a capital letter, a digit or
        an opening quote (``"mặt.Cùng"`` too), and at the end of a line; not after an
        abbreviation (``TP.``) or a single capital (``G.A.P``), nor inside a number.
    """
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        start = 0
        for m in _BREAK.finditer(line):
            head = line[start : m.end(1)]
            word = re.search(r"(\w+)\W*$", line[start : m.start(1)])
            w = word.group(1) if word else ""
            if w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper()):
                continue
            if re.fullmatch(r"\(?(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]", head.strip()):
                continue  # "1. Về …": a list number, not a sentence
            if head.strip():
                found.append(Sentence(head.strip(), number))
            start = m.end()
        if line[start:].strip():
            found.append(Sentence(line[start:].strip(), number))
    return found


# --------------------------------------------------------------------------- what a number is

#: A number as written: digits with dots and commas inside, not glued to a letter.
_TOKEN = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)")
_YEAR = r"(?:19|20)\d{2}"
_W = r"[^\W\d_]"  # a letter
_DOC_WORDS = (
    r"nghị quyết|quyết định|chỉ thị|thông tư|nghị định|luật|công văn|văn bản|thông báo|"
    r"tờ trình|kế hoạch|đề án|chương trình|báo cáo|hướng dẫn|quy định|quy chế|nq|qđ|kh"
)
_RANK_VERBS = r"xếp|đứng|giữ|lên|vươn lên|tăng lên|tụt xuống|xuống|giảm xuống|ở|đạt"
_ORDINAL_WORDS = (
    r"lần|kỳ họp|kỳ|khóa|khoá|điều|khoản|mục|chương|phần|bước|tập|phiên|đợt|vòng|giai đoạn|"
    r"đại hội|hội nghị|thứ"
)
_PLACE_WORDS = (
    r"số nhà|đường|phố|phường|quận|thôn|xóm|ấp|khu phố|khu|lô|tầng|phòng|ngõ|ngách|hẻm|"
    r"kiệt|km|quốc lộ|tỉnh lộ|ql|tl|p\.|q\.|tổ dân phố|tổ"
)
_TIME_UNITS = r"năm|tháng|ngày|tuần|giờ|phút|giây|quý|tuổi|thập kỷ|thập niên|thế kỷ|nhiệm kỳ"
_COUNT_NOUNS = "|".join(
    re.escape(w) for w in sorted(numbers.COUNT_WORDS, key=len, reverse=True) if w != "điểm"
)


@dataclass(frozen=True)
class _Mask:
    """A stretch of a sentence that is not a figure (or a figure of its own shape)."""

    start: int
    end: int
    role: str  # "skip", "year" (a period mention), "rank", "part" (n of a whole)
    reason: str = ""
    period: str = ""
    number: tuple = ()  # rank or part: (value, base); ranks in words too
    core: int = 0  # a rank: where its words and number end ("xếp thứ 25" of "… trên 63 tỉnh")


_RANK_IN_WORDS = re.compile(
    r"(?i)(?:(?:xếp|đứng|giữ)\s+(?:ở\s+)?(?:vị trí\s+)?(?:thứ|hạng)\s+"
    r"(nhất|nhì|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)(?!\s*[\d/])"
    r"|(dẫn đầu|đứng đầu)(?=\s+(?:cả nước|toàn quốc|các tỉnh)))"
)


_RANK = re.compile(
    rf"(?i)(?:(?:{_RANK_VERBS})\s+)?(vị trí(?:\s+thứ)?|thứ hạng|xếp hạng|hạng|thứ)\s+"
    r"(\d{1,2})(?:\s*/\s*(\d{2,3}))?(?!\s*[.,]?\d)"
)
_ORDINALS = {"nhất": 1, "nhì": 2, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
             "bảy": 7, "tám": 8, "chín": 9, "mười": 10}  # fmt: skip


def _rank_masks(s: str) -> list[_Mask]:
    """Ranks as the press writes them: "xếp thứ 15/34", "đứng thứ ba", "top 10", "dẫn đầu"."""
    found = []
    for m in _RANK.finditer(s):
        tail = s[m.end() : m.end() + 40].lower()
        after = _base_after(tail)
        base = m.group(3) or (after.group(1) if after else None)
        bare = m.group(1).lower() == "thứ" and not m.group(0).lower().startswith(
            tuple(v + " " for v in _RANK_VERBS.split("|"))
        )
        if bare and not base and not re.match(r"\s*(?:cả nước|toàn quốc|trong số)", tail):
            continue  # "lần thứ 3", "kỳ họp thứ 7": an ordinal
        if base and int(m.group(2)) > int(base):
            continue
        value = (int(m.group(2)), int(base) if base else None)
        end = m.end() + (after.end(1) if after and not m.group(3) else 0)
        found.append(_Mask(m.start(), end, "rank", number=value, core=m.end()))
    for m in _RANK_IN_WORDS.finditer(s):  # "đứng thứ hai", "xếp vị trí thứ ba", "dẫn đầu"
        value = _ORDINALS.get((m.group(1) or "nhất").lower())
        found.append(_Mask(m.start(), m.end(), "rank", number=(value, None)))
    for m in re.finditer(r"(?i)(?:trong\s+)?(?:top|tốp)\s+(\d{1,2})(?!\s*[.,]?\d)", s):
        found.append(_Mask(m.start(), m.end(), "rank", number=(int(m.group(1)), None)))
    group = (
        r"(?i)(?:trong|vào|thuộc)\s+nhóm\s+(\d{1,2})(?:\s*/\s*(\d{2}))?"
        r"(?=\s+(?:tỉnh|địa phương|nước|quốc gia))"
    )
    for m in re.finditer(group, s):  # "trong nhóm 30/63 tỉnh": among the first 30
        base = int(m.group(2)) if m.group(2) else None
        found.append(
            _Mask(m.start(), m.end(), "rank", reason="top", number=(int(m.group(1)), base))
        )
    return found


def _base_after(tail: str) -> re.Match | None:
    """Find the number of units ranked written after a rank ("trên 63 tỉnh"): group 1."""
    return re.match(
        r"\s*(?:trên tổng số|trên|trong số|trong tổng số|trong|/)\s*(\d{2,3})"
        r"\s+(?:tỉnh|địa phương)",
        tail,
    )


_MASKS: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"(?:https?://|www\.)\S+[\w/]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                r"|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info|io)\b(?:/\S*)?"),
     "skip", "a web or e-mail address"),
    (re.compile(r"\b\d+(?:/\d{4})?[/-][A-ZĐ][\wĐđ&]*(?:[-/.][\wĐđ&]+)*"),
     "skip", "a document number ('411/QĐ-TTg', '06-NQ/TU')"),
    (re.compile(rf"(?i)\b(?:{_DOC_WORDS}|số hiệu|mã số)\s+số\s+\d+(?:[/-]\d+)*"),
     "skip", "a document number ('Nghị quyết số 52')"),
    (re.compile(r"(?:Nghị quyết|Quyết định|Chỉ thị|Thông tư|Nghị định|Luật|Công văn|Kế hoạch|"
                rf"Đề án|Chương trình|Thông báo|Tờ trình)\s+(?!{_YEAR}\b)\d+\b(?![.,]\d)"),
     "skip", "a document number ('Quyết định 411')"),
    (re.compile(r"(?i)\bsố\s+\d+[a-z]?(?:/\d+)*\s*,?\s+(?:đường|phố|ngõ|ngách|hẻm|kiệt)\b"),
     "skip", "part of an address"),
    (re.compile(r"(?i)(?:điện thoại|đt|sđt|hotline|đường dây nóng|tel|fax|zalo)\s*[:.]?\s*"
                r"\(?\+?\d[\d\s.()\-]{5,}\d"),
     "skip", "a phone number"),
    (re.compile(r"(?<![\w.,])(?:\(?\+84\)?[\s.]?|\(?0\d{1,3}\)?[\s.\-]?)\d{3,4}[\s.\-]?\d{3,4}"
                r"(?![\w.,]*\d)"),
     "skip", "a phone number"),
    (re.compile(rf"\b({_YEAR})\s*[-–—]\s*({_YEAR})\b"), "year", ""),
    (re.compile(rf"(?i)\btừ\s+(?:năm\s+)?({_YEAR})\s+(?:đến|tới)\s+(?:năm\s+)?({_YEAR})\b"),
     "year", ""),
    (re.compile(rf"\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-]({_YEAR})\b"),
     "date", ""),
    (re.compile(rf"(?i)\b(?:(?:tháng|th\.)\s*)?(?:0?[1-9]|1[0-2])\s*[/-]\s*({_YEAR})\b"),
     "year", ""),
    (re.compile(rf"(?i)\bquý\s+(?:I{{1,3}}|IV|[1-4])\s*[/-]?\s*(?:năm\s+)?({_YEAR})\b"),
     "year", ""),
]  # fmt: skip
_LATE_MASKS: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"(?<![\d/])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d/])"),
     "skip", "a date ('10/10')"),
    (re.compile(r"(?i)\bngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2})?(?!\s*[.,]?\d)"), "skip", "a date"),
    (re.compile(r"(?i)\btháng\s+\d{1,2}\b(?![.,]\d)"), "skip", "a month"),
    (re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"), "skip", "a time of day"),
    (re.compile(rf"{_W}+-\d+\b|\b\d+-{_W}"), "skip", "part of a name or code ('COVID-19')"),
    (re.compile(r"(?<![\w.,])\d\.0(?![\w.,]*\d)(?!\s*(?:%|phần trăm|tỷ|tỉ|triệu|nghìn|ngàn|điểm))"),
     "skip", "a version or name ('4.0')"),
    (re.compile(r"\(\d{1,2}\)(?=\s)|^\(?\d{1,2}[.)/](?=\s)|^[a-zđ]\)(?=\s)"),
     "skip", "a list number"),
]  # fmt: skip

_PART = re.compile(
    r"(?<![\w.,/])(\d{1,4})\s*/\s*(\d{1,4})(?![\w/])(?=\s+(?:tỉnh|thành phố|xã|phường|huyện|"
    r"thị xã|địa phương|đơn vị|sở|ngành|chỉ tiêu|chỉ số|tiêu chí|nhiệm vụ|trường|cơ quan|"
    r"doanh nghiệp|hộ|thôn|bản|khu|cụm)\b)",
    re.I,
)


_FRACTION = re.compile(r"(?i)(?:^|\s)(?:gần|khoảng|hơn|trên|dưới|chiếm|bằng|đạt|xấp xỉ)\s+$")


def _masks(s: str) -> list[_Mask]:
    """Find what in a sentence is a rank, a part of a whole, a period, or not a figure.

    Earlier kinds win where two overlap: ranks, parts of a whole, addresses and document
    numbers, phone numbers, periods, dates, then names and list numbers.
    """
    found: list[_Mask] = _rank_masks(s)
    found += [
        _Mask(m.start(), m.end(), "part", number=(int(m.group(1)), int(m.group(2))))
        for m in _PART.finditer(s)
        if int(m.group(1)) <= int(m.group(2))
    ]
    for pattern, role, reason in [*_MASKS, *_LATE_MASKS]:
        for m in pattern.finditer(s):
            kind, why, period = role, reason or "a date", ""
            if role in ("year", "date"):
                years = [g for g in m.groups() if g]
                period = "-".join(years) if len(years) == 1 or years[1] > years[0] else ""
                kind = kind if period else "skip"  # "2025-2020" runs backwards: no period
            if why.startswith("a date ('") and _FRACTION.search(s[: m.start()]):
                why = "a fraction ('gần 1/3'): not read as a figure; record it by hand if it is one"
            found.append(_Mask(m.start(), m.end(), kind, why, period))
    kept: list[_Mask] = []
    for mask in found:  # in order of precedence
        if all(mask.end <= k.start or mask.start >= k.end for k in kept):
            kept.append(mask)
    return sorted(kept, key=lambda k: k.start)


def _not_a_figure(s: str, start: int, end: int) -> str:
    """Why the number at ``s[start:end]`` (outside every mask) is not a figure, or ``""``."""
    token, before, after = s[start:end], s[:start], s[end:]
    low_before, low_after = before.lower(), after.lower()
    if re.fullmatch(_YEAR, token) and not re.match(
        r"\s*(?:%|phần trăm|tỷ|tỉ|triệu|nghìn|ngàn)", low_after
    ):
        return "a year"
    day = re.fullmatch(r"(\d{1,2})\.(\d{1,2})", token)
    if day and 1 <= int(day[1]) <= 31 and 1 <= int(day[2]) <= 12 and "ngày" in low_before[-40:]:
        if not re.match(r"\s*(?:%|[^\W\d_])", low_after):
            return "a date ('10.10')"
    if re.match(rf"\s+(?:{_TIME_UNITS})\b", low_after):
        return "a duration, time or age"
    if re.match(r"\s+sao\b", low_after):
        return "a star rating"
    if re.search(rf"(?:^|[\s(,])(?:{_ORDINAL_WORDS})\s+(?:thứ\s+)?$", low_before):
        return "an ordinal or list number ('lần thứ 3')"
    if re.search(rf"(?:^|[\s(,])(?:{_PLACE_WORDS})\s*$", low_before):
        return "part of an address or place name"
    if (
        token.isdigit()
        and re.search(rf"\S\s+[{_UPPER}][\w&]*\s*$", before)
        and not re.match(
            rf"\s*(?:%|[.,;:)]|$|\s+(?:{_COUNT_NOUNS}|tỷ|tỉ|triệu|nghìn|ngàn|điểm)\b)", low_after
        )
    ):
        return "part of a name"
    return ""


# --------------------------------------------------------------------------- one figure

_MAGNITUDE = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)"
# Unit words after a number, tried in this order: (pattern, what they make).
# "known": read by numbers.unit_of, as the loader reads them; "rank-change": places in a
# ranking ("tăng 22 bậc"); "times": a multiple ("gấp 2 lần"); "other": a measure with no
# indicator unit (the value is the number times its magnitude word).
_UNITS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\s*%(?:\s*/\s*năm\b)?"), "known"),
    (re.compile(r"\s+điểm phần trăm\b", re.I), "points-of-percent"),
    (re.compile(r"\s+phần trăm\b", re.I), "known"),
    (re.compile(rf"\s+(?:{_MAGNITUDE}\s+)?đồng\s*/\s*[^\W\d_]+", re.I), "other"),  # "đồng/hộ"
    (re.compile(r"\s+(?:(?:nghìn|ngàn|triệu)\s+)?(?:tỷ|tỉ)\s+đồng\b|\s+(?:nghìn|ngàn)\s+(?:tỷ|tỉ)\b"
                r"|\s+(?:triệu|nghìn|ngàn)\s+đồng\b|\s+đồng\b", re.I), "known"),
    (re.compile(rf"\s+(?:{_MAGNITUDE}\s+)?(?:USD|đô la(?: Mỹ)?|euro|EUR)\b", re.I), "other"),
    (re.compile(rf"\s+(?:{_MAGNITUDE}\s+)?(?:{_COUNT_NOUNS})\b", re.I), "known"),
    (re.compile(r"\s+(?:nghìn|ngàn|triệu)\b(?!\s+(?:tỷ|tỉ|đồng))", re.I), "known"),
    (re.compile(r"\s+điểm\s+(?:bưu chính|cầu|phát|giao dịch|truy cập|du lịch|wifi|kết nối|"
                r"phục vụ|bán|dịch vụ|thu phí|tiếp nhận|chợ|sạc|tiêm)\b", re.I), "known"),
    (re.compile(r"\s+điểm\b", re.I), "known"),
    (re.compile(r"\s+(?:bậc|hạng|vị trí|thứ hạng)\b", re.I), "rank-change"),
    (re.compile(r"\s+lần\b", re.I), "times"),
    (re.compile(rf"\s+(?:{_MAGNITUDE}\s+)?(?:ha|héc-ta|hecta|tấn|kg|km|m2|m²|m3|kw|kwh|mw|mwh|"
                r"gb|tb|mbps|gbps|lít|cuộc gọi|tin nhắn)\b", re.I), "other"),
]  # fmt: skip


@dataclass
class _Figure:
    """A figure found in a sentence, before its kind, period and indicator are read."""

    start: int  # of its published text in the sentence
    end: int
    at: int  # where its number is
    published_text: str
    value: float | None
    unit: str
    qualifier: str
    pub_kind: str = ""
    change: str = ""
    base: int | None = None
    high: float | None = None
    bare: bool = False
    notes: list[str] = field(default_factory=list)


def _unit_after(s: str, end: int) -> tuple[int, str, str]:
    """Find the unit words after a number: (where they end, the words, what they make)."""
    stop, words, what = end, "", "bare"
    for pattern, kind in _UNITS:
        m = pattern.match(s, end)
        if m:
            stop, words, what = m.end(), m.group(0).strip(), kind
            break
    bound = re.compile(r"\s+trở\s+(?:lên|xuống)\b", re.I).match(s, stop)  # "15% trở lên"
    if bound and what in ("known", "bare"):
        return bound.end(), s[end : bound.end()].strip(), "known"
    return stop, words, what


def _unit_code(words: str, what: str) -> tuple[str, float, str]:
    """Return the indicator unit, factor and a note for the unit words after a number."""
    if what == "known":
        code, factor = numbers.unit_of(words)
        return code, factor, ""
    if what == "bare":
        return "count", 1.0, ""
    if what == "points-of-percent":
        return "", 1.0, "in percentage points"
    if what == "rank-change":
        return "", 1.0, "places in a ranking, not a rank"
    if what == "times":
        return "", 1.0, "a multiple ('lần')"
    magnitude = re.match(_MAGNITUDE, words, re.I)
    factor = numbers.COUNT_MAGNITUDES[magnitude.group(0).lower()] if magnitude else 1.0
    return "", factor, f"unit {words!r} is not an indicator unit"


_CHANGE = re.compile(
    r"(?i)(?:^|[\s(])(tăng|giảm|tụt|sụt|cao hơn|thấp hơn|nhiều hơn|ít hơn|lớn hơn|nhỏ hơn|gấp)"
    r"(?:\s+(?:trưởng|thêm|bình quân|"
    r"trung bình|mỗi năm|hằng năm|hàng năm|mạnh|nhẹ|gần|hơn|khoảng))*\s*$"
)


def _words_before(s: str, start: int, limit: int = 4) -> list[int]:
    """Return where the ``limit`` words before ``start`` begin, nearest first, in a clause."""
    starts = []
    for m in reversed(list(re.finditer(r"\S+", s[:start]))):
        word = m.group(0)
        if len(starts) == limit or re.search(r"[,;:.!?\"“”)]$", word):
            break
        starts.append(m.start())
        if word.startswith(("(", '"', "“")):
            break
    return starts


def _try(text: str, ranges: bool = False) -> numbers.Published | None:
    try:
        return numbers.parse_published(text, "vi", ranges=ranges)
    except ValueError:
        return None


def _figure_at(s: str, start: int, end: int, ranges: bool = True) -> _Figure:
    """Read the figure whose number is ``s[start:end]``: its published text, value and unit.

    The published text is the longest run of words ending with the number and its unit
    words that :func:`helpers.numbers.parse_published` reads back to the same number (so
    its qualifier and kind words are the loader's); a range (``35–40%``) takes both ends.
    """
    try:
        number = numbers.parse_number(s[start:end])
    except ValueError as exc:
        stop, _, _ = _unit_after(s, end)
        return _Figure(start, stop, start, s[start:stop], None, "", "=", notes=[str(exc)])
    second = re.match(r"\s*(?:-|–|—|đến|tới)\s*(\d+(?:[.,]\d+)*)(?!\w)", s[end:])
    ranged = ranges and second is not None
    unit_end, words, what = _unit_after(s, end + second.end() if ranged else end)
    best: tuple[int, numbers.Published] | None = None
    for first in [start, *_words_before(s, start)]:
        pub = _try(s[first:unit_end], ranges=ranged)
        if pub is None and ranged:  # "65 -70%": the loader wants the dash without spaces
            pub = _try(re.sub(r"\s*([-–—])\s*", r"\1", s[first:unit_end]), ranges=True)
        if pub is None or pub.value != number or (ranged and pub.high is None):
            continue
        if re.match(r"(?i)hơn\s", s[first:]) and re.search(
            r"(?i)\b(?:cao|thấp|nhiều|ít|lớn|nhỏ)\s+$", s[:first]
        ):
            continue  # "thấp hơn 1 hạng": a comparison (a change), not a bound
        if re.match(r"(?i)từ\s", s[first:]) and pub.qualifier == ">=" and "trở" not in words:
            if re.match(r"\s*(?:lên|xuống|sang|đến|tới)\s", s[unit_end:]):
                continue  # "tăng từ 5% lên 7%": 5% is a level, not a lower bound
        best = (first, pub)
    notes: list[str] = []
    if best is None and ranged:  # not a range the loader reads: the first number alone
        return _figure_at(s, start, end, ranges=False)
    if best is None:
        return _Figure(start, unit_end, start, s[start:unit_end], None, "", "=",
                       notes=[f"cannot read {s[start:unit_end]!r}"])  # fmt: skip
    first, pub = best
    text = s[first:unit_end]
    opened = re.search(r"(\S+)\s*\(\s*$", s[:first])
    if first == start and opened and _try(f"{opened.group(1)} {text}") is not None:
        pub = _try(f"{opened.group(1)} {text}")  # "hơn (105.815 tem)": the bound is outside
        notes.append(f"written {s[opened.start() : unit_end + 1]!r}")
        text, first = f"{opened.group(1)} {text}", opened.start()
    code, factor, note = _unit_code(words, what)
    notes += [note] if note else []
    change = _CHANGE.search(s[:first])
    kind_of_change = ""
    if change:
        verb = change.group(1).lower()
        kind_of_change = "times" if verb == "gấp" else "decrease" if verb in (
            "giảm", "tụt", "sụt", "thấp hơn", "ít hơn", "nhỏ hơn") else "increase"  # fmt: skip
    elif what == "rank-change":
        kind_of_change = "change"
    return _Figure(
        first, unit_end, start, text, pub.value * factor, code, pub.qualifier, pub.kind,
        change=kind_of_change, high=None if pub.high is None else pub.high * factor,
        bare=what == "bare", notes=notes,
    )  # fmt: skip


def _mask_figure(s: str, mask: _Mask) -> _Figure:
    """Read a rank ("xếp thứ 15/34", "top 10", "dẫn đầu") or a part of a whole ("25/30 xã")."""
    value, base = mask.number
    text = s[mask.start : mask.core or mask.end]
    if mask.role == "part":
        unit_end, words, _ = _unit_after(s, mask.end)
        note = f"{value} of {base}: the loader reads no 'n/m' count; give the count alone"
        return _Figure(mask.start, unit_end, mask.start, s[mask.start : unit_end], float(value),
                       "count", "=", base=base, notes=[note])  # fmt: skip
    top = _try(text)
    if top is not None and top.qualifier == "<=":
        return _Figure(mask.start, mask.end, mask.start, text, top.value, "rank", "<=")
    if mask.reason == "top":
        note = "among the first ones ranked: the loader reads such a bound as 'top N'"
        return _Figure(mask.start, mask.end, mask.start, text, float(value), "rank", "<=",
                       base=base, notes=[note])  # fmt: skip
    words = text.split()
    for i in range(len(words)):  # the shortest lead the loader still reads as this rank
        try:
            if numbers.parse_rank(" ".join(words[i:])) == value:
                text = " ".join(words[i:])
                break
        except ValueError:
            continue
    end = mask.core or mask.end
    start = end - len(text)
    return _Figure(start, mask.end, mask.start, text, float(value), "rank", "=", base=base)


# --------------------------------------------------------------------------- indicator guess

# Abbreviations of the press, read as the words they stand for (folded).
_ABBREVIATED = {
    "tmdt": "thuong mai dien tu", "cds": "chuyen doi so", "dn": "doanh nghiep",
    "dnnvv": "doanh nghiep nho va vua", "kts": "kinh te so", "htx": "hop tac xa",
    "cntt": "cong nghe thong tin", "ubnd": "uy ban nhan dan", "csdl": "co so du lieu",
    "dvc": "dich vu cong", "dvctt": "dich vu cong truc tuyen", "xhs": "xa hoi so",
    "cqs": "chinh quyen so", "cqdt": "chinh quyen dien tu", "hddt": "hoa don dien tu",
    "ktxh": "kinh te xa hoi", "ttdt": "thanh toan dien tu",
    "ttkdtm": "thanh toan khong dung tien mat",
}  # fmt: skip
_MAX_GAP = 3  # words a keyword's words may have between them, in all


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """Fold a word for matching: no diacritics (so "hoá" = "hóa"), "tỉ" = "tỷ"."""
    folded = provinces.fold(word)
    return folded[0] + "i" if re.fullmatch(r"[bdhklmnrstv]y", folded) else folded


def _words(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """Folded words of ``text`` with where each starts; numbers left out, abbreviations read."""
    found = []
    for m in re.finditer(r"[^\W_]+", text):
        if m.group(0).isdigit():
            continue
        word = _fold_word(m.group(0))
        found += [(w, offset + m.start()) for w in _ABBREVIATED.get(word, word).split()]
    return found


@dataclass(frozen=True)
class Vocabulary:
    """What the indicator guess knows of the indicators (see :func:`vocabulary`).

    Attributes
    ----------
    keywords : dict
        First folded word of a keyword to ``(words, indicator_id)`` pairs.
    units : dict
        Indicator id to its unit.
    changes : frozenset
        Ids of change indicators (their English name says growth or change).
    related : dict
        Indicator id to its related ids.
    """

    keywords: dict[str, list[tuple[tuple[str, ...], str]]]
    units: dict[str, str]
    changes: frozenset[str]
    related: dict[str, tuple[str, ...]]


def vocabulary(indicators: pd.DataFrame | Iterable[dict]) -> Vocabulary:
    """Index the ``keywords`` of the indicators for :func:`extract`.

    Parameters
    ----------
    indicators : pandas.DataFrame or iterable of dict
        Rows of ``indicators.csv`` (:attr:`helpers.data.Dataset.indicators`).

    Returns
    -------
    Vocabulary
    """
    rows = indicators.to_dict("records") if hasattr(indicators, "to_dict") else list(indicators)
    keywords: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for row in rows:
        for phrase in filter(None, str(row.get("keywords") or "").split(";")):
            words = tuple(w for w, _ in _words(phrase))
            if words:
                keywords.setdefault(words[0], []).append((words, row["indicator_id"]))
    change = re.compile(r"\b(?:growth|change|increase)\b", re.I)
    return Vocabulary(
        keywords=keywords,
        units={r["indicator_id"]: r["unit"] for r in rows},
        changes=frozenset(r["indicator_id"] for r in rows if change.search(str(r["name_en"]))),
        related={
            r["indicator_id"]: tuple(filter(None, str(r.get("related") or "").split(";")))
            for r in rows
        },
    )


def _scores(words: list[tuple[str, int]], at: int, vocab: Vocabulary) -> dict[str, float]:
    """Best score of each indicator whose keyword occurs in ``words``.

    A keyword scores its number of words, less half a point per word inserted between
    them, less 0.15 per word between it and the figure at character ``at``.
    """
    here = sum(1 for _, pos in words if pos < at)  # the figure's place among the words
    best: dict[str, float] = {}
    for i, (word, _) in enumerate(words):
        for phrase, indicator in vocab.keywords.get(word, ()):
            j, gaps = i, 0
            for want in phrase[1:]:
                nxt = next((k for k in range(j + 1, min(len(words), j + 2 + _MAX_GAP - gaps))
                            if words[k][0] == want), None)  # fmt: skip
                if nxt is None:
                    break
                gaps, j = gaps + nxt - j - 1, nxt
            else:
                distance = max(0, i - here, here - j - 1)
                score = len(phrase) - 0.5 * gaps - 0.15 * distance
                best[indicator] = max(best.get(indicator, score), score)
    return best


def _counterpart(fig: _Figure, indicator: str, vocab: Vocabulary) -> str:
    """Return the indicator a figure measures when its words name ``indicator``, or ``""``.

    ``indicator`` itself if its unit is the figure's (a change: if it is a change
    indicator); else the one related indicator of the figure's unit and nature (a rank
    named by its score's words, the growth named by its level's), if there is one.
    """
    if fig.bare:  # a bare whole number is a count; a bare decimal, a score or an index
        whole = fig.value is not None and float(fig.value).is_integer()
        units = {"count"} if whole else {"index", "points"}
    else:
        units = {fig.unit, "index"} if fig.unit == "points" else {fig.unit}
    change = bool(fig.change)

    def fits(i: str) -> bool:
        return vocab.units.get(i) in units and (i in vocab.changes) == change

    if fits(indicator):
        return indicator
    found = [r for r in vocab.related.get(indicator, ()) if fits(r)]
    return found[0] if len(found) == 1 else ""


def _guess(fig: _Figure, windows: list[list[tuple[str, int]]], vocab: Vocabulary) -> str:
    """Guess a figure's indicator: the best keyword in the narrowest window that has one.

    Keywords are scored by :func:`_scores`; one that names a related indicator
    (:func:`_counterpart`) counts a quarter point less than one naming the figure's own.
    Equal best scores of two indicators give no guess, and a note.
    """
    for words in windows:
        mapped: dict[str, float] = {}
        for indicator, score in _scores(words, fig.at, vocab).items():
            target = _counterpart(fig, indicator, vocab)
            score -= 0.25 * (target != indicator)
            if target and score > mapped.get(target, -1e9):
                mapped[target] = score
        if not mapped:
            continue
        top = max(mapped.values())
        best = sorted(i for i, v in mapped.items() if v > top - 1e-9)
        if len(best) > 1:
            fig.notes.append(f"indicator: {' or '.join(best)}?")
            return ""
        return best[0]
    if fig.change:
        fig.notes.append("no change indicator found for it")
    return ""


# --------------------------------------------------------------------------- kind and period

# Words before a figure in its sentence that say what kind it is; the nearest one counts.
_CUES = [
    (r"ước đạt|ước tính|ước thực hiện|ước khoảng|dự ước|(?<!mong )(?<!quy )(?<!hiệp )\bước\b",
     "estimate"),
    (r"\bsơ bộ\b", "preliminary"),
    (r"dự kiến|dự báo|sẽ đạt|có thể đạt|kỳ vọng", "forecast"),
    (r"phấn đấu|(?<!so với )(?<!vượt )(?<!hoàn thành )(?<!% )\bkế hoạch\b", "plan"),
    (r"mục tiêu|(?<!bộ )(?<!hệ thống )(?<!các )(?<!danh mục )(?<!nhóm )(?<!những )chỉ tiêu"
     r"|hướng tới|tiến tới|tầm nhìn|định hướng", "target"),
    (r"\bđã\b|đến nay|hiện nay|hiện có|hiện tại|tính đến|lũy kế|luỹ kế", "actual"),
]  # fmt: skip
_CUE = re.compile("|".join(f"(?P<{kind}{i}>{p})" for i, (p, kind) in enumerate(_CUES)), re.I)
# A horizon ("đến năm 2025"): with it, a plan or "phấn đấu" sets a target.
_HORIZON = re.compile(rf"(?i)(?:đến|tới|vào)\s+(?:hết\s+)?(?:năm\s+)?{_YEAR}\b")
_KIND_AFTER = re.compile(
    r"(?i)\s*(?:\(\s*(ước tính|ước|sơ bộ|dự kiến|dự báo|kế hoạch)\s*\)"
    r"|,\s*(ước tính|sơ bộ|dự kiến|dự báo)\s*(?:[;.]|$))"
)
_KIND_OF_WORD = {"ước tính": "estimate", "ước": "estimate", "sơ bộ": "preliminary",
                 "dự kiến": "forecast", "dự báo": "forecast", "kế hoạch": "plan"}  # fmt: skip


@dataclass(frozen=True)
class _Context:
    """What a sentence says around its figures: cues, years, clauses and asides."""

    cues: list[tuple[int, str]]  # (where, kind)
    years: list[tuple[int, str]]  # (where, period), comparison years left out
    clauses: list[tuple[int, int]]
    asides: list[tuple[int, int]]  # (…) spans
    horizon: bool
    words: list[tuple[str, int]]  # the sentence's folded words (:func:`_words`)


def _context(s: str, masks: list[_Mask], years: list[tuple[int, str]]) -> _Context:
    """Read a sentence's cues and periods (``years``: the years found among its numbers)."""
    cues = []
    for m in _CUE.finditer(s):
        kind = re.sub(r"\d+$", "", m.lastgroup or "")
        word = m.group(0)
        if re.search(r"\d[\d.,]*\s*$", s[: m.start()]) and kind != "actual":
            continue  # "5 kế hoạch": the noun counted, not a cue
        if word[0].isupper() and m.start() > 0 and kind in ("plan", "target"):
            continue  # "Kế hoạch số 45", "Chương trình": a document's title
        cues.append((m.start(), kind))
    found = years + [(k.start, k.period) for k in masks if k.role == "year" and k.period]
    found += [
        (k.start, k.period) for k in masks
        if k.role == "date" and re.search(r"(?i)(?:đến|tính đến)\s+(?:hết\s+)?(?:ngày\s+)?$",
                                          s[: k.start])
    ]  # fmt: skip
    compared = re.compile(r"(?i)so với(?:\s+(?:cùng kỳ|năm|cùng kỳ năm|các năm))*\s*$")
    found = sorted((at, p) for at, p in found if not compared.search(s[max(0, at - 30) : at]))
    clauses, start = [], 0
    for m in re.finditer(r";", s):
        clauses.append((start, m.start()))
        start = m.end()
    clauses.append((start, len(s)))
    asides = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", s)]
    return _Context(cues, found, clauses, asides, bool(_HORIZON.search(s)), _words(s))


def _aside_of(ctx: _Context, at: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in ctx.asides if a < at < b), None)


def _kind(s: str, fig: _Figure, ctx: _Context) -> str:
    """Return a figure's kind: its own kind word, one in brackets after it, else the cue."""
    if fig.pub_kind:
        return fig.pub_kind
    after = _KIND_AFTER.match(s, fig.end)
    if after:
        return _KIND_OF_WORD[(after.group(1) or after.group(2)).lower()]
    if re.search(r"(?i)(?:^|\s)(?:để|nhằm)(?:\s+(?:đạt|có|đưa|cho))?\s*$", s[: fig.start]):
        return "target"  # "để 100% người dân có …": what the measures are for
    aside = _aside_of(ctx, fig.at)
    own = aside is not None and re.match(r"\(\s*theo\b", s[aside[0] : aside[1]], re.I)
    cue = ""
    for at, kind in ctx.cues:
        if at >= fig.at:
            break
        inside = _aside_of(ctx, at)
        if (own and inside != aside) or (inside is not None and inside != aside):
            continue  # an aside's cues stay in it; "(theo …)" is its own context
        cue = kind
    if cue == "plan":
        return "target" if ctx.horizon else "plan"
    if not cue and ctx.horizon and not fig.change:
        fig.notes.append("the sentence has a horizon ('đến năm …') but no target word: a target?")
    return cue or "actual"


def _period(fig: _Figure, ctx: _Context) -> str:
    """Return the nearest year or range before a figure in its sentence, else the next one."""
    before = [p for at, p in ctx.years if at < fig.at]
    if before:
        return before[-1]
    clause = next((c for c in ctx.clauses if c[0] <= fig.at <= c[1]), (0, fig.at))
    after = [p for at, p in ctx.years if fig.end <= at <= clause[1]]
    return after[0] if after else ""


# --------------------------------------------------------------------------- a sentence


@dataclass(frozen=True)
class Candidate:
    """A figure found in an article (see :data:`COLUMNS` for its row).

    Attributes
    ----------
    published_text : str
        As written, with its qualifier and unit words (``hơn 105.815 tem``).
    value : float or None
        In the unit (``11,9 tỷ đồng``: 11.9); None when the number is ambiguous.
    unit : str
        An indicator unit, or ``""`` for a measure none has (ha, USD, places in a ranking).
    qualifier, kind, period, indicator, sentence : str
        See :data:`COLUMNS` and ``data/README.md``.
    change : str
        ``increase``, ``decrease``, ``times`` or ``change`` for a change, else ``""``.
    base : int or None
        A rank's base (``15/34``: 34) or the whole of a part (``25/30 xã``: 30).
    value_high : float or None
        The upper end of a range (``35–40%``).
    line : int
        The article's line (paragraph) it is on.
    note : str
        What the reviewer should know (a repeat, an ambiguity, a unit without indicator).
    """

    published_text: str
    value: float | None
    unit: str
    qualifier: str
    kind: str
    period: str
    indicator: str
    sentence: str
    change: str = ""
    base: int | None = None
    value_high: float | None = None
    line: int = 0
    note: str = ""


@dataclass(frozen=True)
class Skipped:
    """A number of an article that is not a figure, and why (``reason``)."""

    text: str
    reason: str
    sentence: str
    line: int


def _windows(s: str, fig: _Figure, figs: list[_Figure], ctx: _Context) -> list[list]:
    """Where to look for a figure's indicator, narrowest first.

    The words between it and its neighbouring figures in its clause, then its clause,
    then its sentence; a figure in brackets looks in its brackets first, one outside
    never looks inside brackets.
    """
    clause = next((c for c in ctx.clauses if c[0] <= fig.at <= c[1]), (0, len(s)))
    aside = _aside_of(ctx, fig.at)
    if aside:
        spans = [aside, clause, (0, len(s))]
    else:
        near = [f for f in figs if clause[0] <= f.at <= clause[1] and not _aside_of(ctx, f.at)]
        i = near.index(fig)
        low = near[i - 1].end if i else clause[0]
        high = near[i + 1].start if i + 1 < len(near) else clause[1]
        spans = [(low, high), clause, (0, len(s))]
    if _own_words(s, clause, figs) > 5:
        spans.pop()  # a clause with a subject of its own does not borrow the sentence's
    windows = []
    for a, b in spans:
        words = [(w, p) for w, p in ctx.words if a <= p < b]
        if not aside or (a, b) != aside:
            words = [
                (w, p) for w, p in words if not _aside_of(ctx, p) or _aside_of(ctx, p) == aside
            ]
        windows.append(words)
    return windows


def _own_words(s: str, clause: tuple[int, int], figs: list[_Figure]) -> int:
    """How many lower-case words a clause has besides its figures (a subject of its own?)."""
    text = s[clause[0] : clause[1]]
    for f in figs:
        if clause[0] <= f.start and f.end <= clause[1]:
            a, b = f.start - clause[0], f.end - clause[0]
            text = text[:a] + " " * (b - a) + text[b:]
    return sum(1 for w in re.findall(r"[^\W\d_]+", text) if w[0].islower())


def _growth(s: str, fig: _Figure, figs: list[_Figure], ctx: _Context) -> str:
    """Tell a growth rate by its words: "tăng trưởng GRDP đạt 8,5%" is an increase.

    Returns ``"increase"`` for a share after "tăng trưởng" or "tốc độ tăng" (with no share
    word after them, in the words since the figure before it), else ``""``.
    """
    clause = next((c for c in ctx.clauses if c[0] <= fig.at <= c[1]), (0, fig.at))
    low = max([clause[0], *(f.end for f in figs if f.end <= fig.start)])
    before = s[low : fig.start].lower()
    found = list(re.finditer(r"\btăng trưởng\b|\btốc độ tăng\b", before))
    if fig.unit != "%" or fig.change or not found:
        return ""
    share = re.search(r"tỷ trọng|tỷ lệ|tỉ trọng|tỉ lệ|chiếm", before[found[-1].end() :])
    return "" if share else "increase"


def _notes(s: str, fig: _Figure, ctx: _Context) -> list[str]:
    """Hints for the reviewer about a figure's scope."""
    clause = next((c for c in ctx.clauses if c[0] <= fig.at <= c[1]), (0, len(s)))
    notes = list(fig.notes)
    if fig.unit != "rank" and re.search(r"(?i)\b(?:cả nước|toàn quốc)\b", s[clause[0] : clause[1]]):
        notes.append("the clause speaks of the whole country ('cả nước'): the province's figure?")
    if re.search(r"(?i)\b(?:\d+|sáu|chín|ba)\s+tháng\b|\bquý\s+(?:I{1,3}|IV|[1-4])\b", s[: fig.at]):
        notes.append("covers part of a year (months or a quarter)")
    if fig.change:
        notes.append(f"a change ({fig.change}), not a level")
    return notes


def _continues(s: str, previous: _Figure, fig: _Figure) -> bool:
    """Tell whether a bare whole number listed after a rank is a rank ("thứ 5, 6 và 7")."""
    between = s[previous.end : fig.start]
    whole = fig.value is not None and float(fig.value).is_integer()
    return (
        previous.unit == "rank" and fig.bare and whole and fig.published_text == s[fig.at : fig.end]
        and re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", between) is not None
    )  # fmt: skip


def _read(sentence: Sentence, vocab: Vocabulary) -> tuple[list[Candidate], list[Skipped]]:
    """Read the figures of one sentence, and the numbers in it that are not figures."""
    s = sentence.text
    if not any(c.isdigit() for c in s) and not _RANK_IN_WORDS.search(s):
        return [], []  # no number, no rank in words: no figure
    masks = _masks(s)
    figs, skips, years, until = [], [], [], 0
    for mask in masks:
        if mask.role in ("rank", "part"):
            figs.append(_mask_figure(s, mask))
        else:
            why = mask.reason if mask.role != "year" else "a period"
            skips.append(Skipped(s[mask.start : mask.end], why, s, sentence.line))
    for m in _TOKEN.finditer(s):
        if m.start() < until or any(k.start <= m.start() < k.end for k in masks):
            continue
        why = _not_a_figure(s, m.start(), m.end())
        if why:
            skips.append(Skipped(m.group(0), why, s, sentence.line))
            if why == "a year":
                years.append((m.start(), m.group(0)))
            continue
        fig = _figure_at(s, m.start(), m.end())
        if figs and _continues(s, figs[-1], fig):  # "giữ vị trí thứ 5, 6, 7"
            fig.unit, fig.bare, fig.base = figs[-1].unit, False, figs[-1].base
        figs.append(fig)
        until = fig.end
    figs.sort(key=lambda f: f.at)
    ctx = _context(s, masks, years)
    for fig in figs:
        fig.change = fig.change or _growth(s, fig, figs, ctx)
    found = []
    for fig in figs:
        kind = _kind(s, fig, ctx)
        indicator = _guess(fig, _windows(s, fig, figs, ctx), vocab) if fig.unit else ""
        if indicator and (fig.bare or fig.unit == "points"):
            fig.unit = vocab.units[indicator]
        found.append(
            Candidate(
                fig.published_text,
                fig.value,
                fig.unit,
                fig.qualifier,
                kind,
                _period(fig, ctx),
                indicator,
                s,
                fig.change,
                fig.base,
                fig.high,
                sentence.line,
                "; ".join(_notes(s, fig, ctx)),
            )  # fmt: skip
        )
    return found, skips


def extract(text: str, vocab: Vocabulary) -> tuple[list[Candidate], list[Skipped]]:
    """Find the figures of an article, and the numbers in it that are not figures.

    Parameters
    ----------
    text : str
        The article (:attr:`Article.text`).
    vocab : Vocabulary
        From :func:`vocabulary`.

    Returns
    -------
    candidates : list of Candidate
        In the order of the text; a figure stated again is noted as a repeat.
    skipped : list of Skipped
        Years, dates, document numbers and the like, each with its reason.
    """
    found: list[Candidate] = []
    skipped: list[Skipped] = []
    for sentence in sentences(text):
        figs, skips = _read(sentence, vocab)
        found += figs
        skipped += skips
    return _mark_repeats(found), skipped


def _mark_repeats(found: list[Candidate]) -> list[Candidate]:
    """Note each figure the article states again (same value, unit, qualifier, kind, indicator)."""
    first: dict[tuple, int] = {}
    marked = []
    for i, c in enumerate(found):
        key = (c.value, c.unit, c.qualifier, c.kind, c.indicator, c.change,
               provinces.fold(c.published_text))  # fmt: skip
        j = first.setdefault(key, i)
        if j != i and c.value is not None:
            note = f"repeats row {j} (the same figure stated again)"
            c = Candidate(**{**c.__dict__, "note": "; ".join(filter(None, [c.note, note]))})
        marked.append(c)
    return marked


# --------------------------------------------------------------------------- the table

_AS_OF = re.compile(r"(?i)đến nay|hiện nay|hiện có|hiện tại|lũy kế|luỹ kế|tính đến|đến thời điểm")


def _plain(value: float | None) -> str:
    """Write a number as the data files do: digits and a decimal point, no exponent."""
    if value is None or value != value:
        return ""
    text = format(Decimal(repr(float(value))), "f")
    return text.removesuffix(".0") if "." in text else text


def _period_type(c: Candidate) -> str:
    """``year``, ``total``/``average`` over a range, ``to_date`` "so far", or ``""``."""
    if "-" in c.period:
        return "average" if re.search(r"(?i)bình quân|trung bình", c.sentence) else "total"
    if c.period:
        return "year"
    return "to_date" if _AS_OF.search(c.sentence) else ""


def _name_as_published(area: provinces.Area, where: str) -> str:
    """Find the province's name as ``where`` writes it ("Thanh Hoá"), or ``""``."""
    size = len(area.name.split())
    want = provinces.fold(area.name)
    words = where.split()
    for i in range(len(words) - size + 1):
        found = " ".join(words[i : i + size]).strip('.,;:()"“”')
        if provinces.fold(found) == want:
            return found
    return ""


def table(
    found: Sequence[Candidate], dataset, area: provinces.Area, source_id: str = "", text: str = ""
) -> pd.DataFrame:
    """Make the candidates rows to review: :data:`COLUMNS`, one figure (or target) a row.

    Parameters
    ----------
    found : sequence of Candidate
        From :func:`extract`.
    dataset : helpers.data.Dataset
        For the series of each guessed indicator.
    area : helpers.provinces.Area
        The article's province, on the basis the rows are on.
    source_id : str
        The article's ``sources.csv`` id (ids are made from it).
    text : str
        The article, where the province's name is looked for as written.

    Returns
    -------
    pandas.DataFrame
        Suggestions where the text says enough: ``id``, ``series`` (the one series of the
        indicator on the basis, if there is one; none for a target, which is measured in
        the series its document names or data/README's rule gives), ``period_type``,
        ``set_by``; the rest for the reviewer.
    """
    import pandas as pd

    series = dataset.series[dataset.series.basis == area.basis].groupby("indicator").series_id
    only = {i: ids.iloc[0] for i, ids in series if len(ids) == 1}
    prefix = source_id or "new"
    in_text = _name_as_published(area, text) or area.name
    rows, n_fig, n_target = [], 0, 0
    for c in found:
        target = c.kind == "target"
        n_target, n_fig = n_target + target, n_fig + (not target)
        rows.append({
            **{k: getattr(c, k) for k in ("published_text", "unit", "qualifier", "kind",
                                          "period", "indicator", "sentence", "change", "note")},
            "value": c.value, "base": c.base, "value_high": c.value_high, "line": c.line,
            "id": f"{prefix}-t{n_target}" if target else f"{prefix}-{n_fig:02d}",
            "basis": area.basis, "province_code": area.code, "province": area.name,
            "name_as_published": _name_as_published(area, c.sentence) or in_text,
            "series": "" if target else only.get(c.indicator, ""),
            "period_type": "" if target else _period_type(c),
            "number_format": "vi", "source_id": source_id, "preferred": "true",
            "set_by": "province" if target else "", "document_vi": "", "document_en": "",
            "inferred": "", "note_vi": "", "note_en": "",
        })  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["value"] = frame["value"].astype(float)
    frame["value_high"] = frame["value_high"].astype(float)
    frame["base"] = frame["base"].astype("Int64")
    return frame


def candidates(article: Article | str, dataset, area: provinces.Area, source_id: str = ""):
    """Find the figures of an article, as :func:`table` rows (the review's first step).

    Parameters
    ----------
    article : Article or str
        The article or its text.
    dataset : helpers.data.Dataset
        The curated data (keywords, series).
    area : helpers.provinces.Area
        The article's province.
    source_id : str
        The article's source id.

    Returns
    -------
    pandas.DataFrame
    """
    text = article.text if isinstance(article, Article) else article
    found, _ = extract(text, vocabulary(dataset.indicators))
    return table(found, dataset, area, source_id, text)


def skipped(article: Article | str) -> pd.DataFrame:
    """List the numbers of an article that are not figures, each with its reason.

    Parameters
    ----------
    article : Article or str

    Returns
    -------
    pandas.DataFrame
        Columns ``text``, ``reason``, ``sentence``, ``line``.
    """
    import pandas as pd

    text = article.text if isinstance(article, Article) else article
    _, found = extract(text, Vocabulary({}, {}, frozenset(), {}))
    return pd.DataFrame([s.__dict__ for s in found], columns=["text", "reason", "sentence", "line"])


def source_record(article: Article, source_id: str, dataset) -> dict:
    """Start the article's ``sources.csv`` record: the one there, or what the page says.

    Parameters
    ----------
    article : Article
    source_id : str
    dataset : helpers.data.Dataset

    Returns
    -------
    dict
        Every column of ``sources.csv``: the record already there under ``source_id``,
        else ``title_vi``, ``url`` and ``published`` from the page (an HTML page), kind
        ``article``, language ``vi``, the rest empty for the reviewer to fill.
    """
    from .data import COLUMNS as FILE_COLUMNS

    known = dataset.sources[dataset.sources.source_id == source_id]
    columns = FILE_COLUMNS["sources.csv"]
    if not known.empty:
        return {c: str(known.iloc[0][c]) for c in columns}
    given = {"source_id": source_id, "title_vi": article.title, "url": article.url,
             "published": article.published, "language": "vi", "kind": "article"}  # fmt: skip
    return {c: given.get(c, "") for c in columns}


def csv_text(frame: pd.DataFrame) -> str:
    r"""Write a candidates table as CSV text.

    Parameters
    ----------
    frame : pandas.DataFrame
        A :func:`table`.

    Returns
    -------
    str
        :data:`COLUMNS` in order, numbers plain (``11.9``, ``105815``), missing cells
        empty, ``\\n`` line ends.
    """
    import pandas as pd

    def cell(value) -> str:
        if isinstance(value, str):
            return value
        if value is None or pd.isna(value):
            return ""
        return _plain(value) if isinstance(value, float) else str(value)

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([cell(v) for v in row] for row in frame[COLUMNS].itertuples(index=False))
    return buf.getvalue()


# --------------------------------------------------------------------------- appending

_FIGURE_FROM_ROW = {"figure_id": "id"}
_TARGET_FROM_ROW = {"target_id": "id", "year": "period", "comparison": "qualifier"}
_NEEDED = ["id", "basis", "province_code", "province", "indicator", "series", "period", "kind",
           "value", "unit", "qualifier", "published_text"]  # fmt: skip
_FILES = ("figures.csv", "targets.csv", "sources.csv")


class AppendError(DataError):
    """Rows that were not appended; nothing was written. ``problems`` says why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        ValueError.__init__(self, f"nothing was written: {n} problem{'s' * (n != 1)}:\n{shown}")


@dataclass(frozen=True)
class Appended:
    """What :func:`append` did.

    Attributes
    ----------
    report : pandas.DataFrame
        One line per reviewed row and for the source: ``row`` (its label), ``id``,
        ``file``, ``line`` (where it was written, or would be) and ``action`` (``added``,
        ``duplicate of th-07``, ``already in sources.csv``…).
    written : bool
        True if the files were replaced; False for a check only, or nothing to add.
    """

    report: pd.DataFrame
    written: bool


def _cell(value) -> str:
    """Write a cell as the data files do."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip()
    if value is None or value != value or str(value) == "<NA>":
        return ""
    if isinstance(value, float):
        return _plain(value)
    return str(value)


def _records(rows: pd.DataFrame, source_id: str) -> tuple[dict[str, list], list[Problem]]:
    """Reviewed rows as records of figures.csv and targets.csv, with their row labels."""
    from .data import COLUMNS as FILE_COLUMNS

    problems = [Problem("rows", None, c, "missing column") for c in _NEEDED if c not in rows]
    problems += [Problem("rows", None, c, "unknown column (not a column of the candidates)")
                 for c in rows.columns if c not in COLUMNS]  # fmt: skip
    out: dict[str, list] = {"figures.csv": [], "targets.csv": []}
    if problems:
        return out, problems
    for label, row in zip(rows.index, rows.to_dict("records"), strict=True):
        cells = {k: _cell(v) for k, v in row.items()}
        cells["source_id"] = cells.get("source_id") or source_id
        target = cells["kind"] == "target"
        if target and cells.get("value_high"):
            cells["qualifier"] = "range"
        if target:
            cells["period"] = cells["period"][-4:]
        name, renamed = (
            ("targets.csv", _TARGET_FROM_ROW) if target else ("figures.csv", _FIGURE_FROM_ROW)
        )
        if not target and not cells.get("name_as_published"):
            cells["name_as_published"] = cells["province"]
        record = {c: cells.get(renamed.get(c, c), "") for c in FILE_COLUMNS[name]}
        out[name].append((label, record))
    return out, problems


def _source(source: dict, current) -> tuple[dict | None, list[Problem]]:
    """Return the source record to add (None if it is there already), or why it cannot be."""
    from .data import COLUMNS as FILE_COLUMNS

    columns = FILE_COLUMNS["sources.csv"]
    problems = [Problem("source", None, k, "not a column of sources.csv")
                for k in source if k not in columns]  # fmt: skip
    record = {c: _cell(source.get(c, "")) for c in columns}
    known = current.sources[current.sources.source_id == record["source_id"]]
    if problems or known.empty:
        return record, problems
    old = known.iloc[0]
    for column in columns:
        if record[column] and record[column] != old[column]:
            message = (
                f"{record['source_id']!r} is already in sources.csv with another {column} "
                f"({old[column]!r}): leave it out, or give a new source_id"
            )
            problems.append(Problem("sources.csv", int(old["line"]), column, message))
    return None, problems


def _duplicates(records: dict[str, list], current) -> tuple[dict[str, list], list[dict]]:
    """Split off rows already in the data (or given twice): the same figure or target."""
    figure_key = ("basis", "province_code", "indicator", "series", "period", "kind", "value",
                  "qualifier")  # fmt: skip
    target_key = ("basis", "province_code", "indicator", "year", "comparison", "value")
    kept: dict[str, list] = {}
    dropped = []
    for name, key, frame, id_col in (
        ("figures.csv", figure_key, current.figures, "figure_id"),
        ("targets.csv", target_key, current.targets, "target_id"),
    ):
        seen = {}
        for rec in frame.to_dict("records"):
            seen.setdefault(tuple(_same(rec[k]) for k in key), rec[id_col])
        kept[name] = []
        for label, rec in records[name]:
            k = tuple(_same(rec[c]) for c in key)
            if k in seen:
                dropped.append({"row": label, "id": rec[id_col], "file": name, "line": None,
                                "action": f"duplicate of {seen[k]}: not added"})  # fmt: skip
                continue
            seen[k] = f"row {label}"
            kept[name].append((label, rec))
    return kept, dropped


def _same(value) -> str:
    """Return a key cell to compare: text as is, numbers plain (``11.90`` is ``11.9``)."""
    text = _cell(value)
    try:
        return _plain(float(text)) if re.fullmatch(r"-?\d+(?:\.\d+)?", text) else text
    except ValueError:
        return text


def _appended_bytes(raw: bytes, records: list[tuple]) -> tuple[bytes, list[tuple]]:
    """Add records at the end of a file's bytes; return them and each record's line."""
    text = raw.decode("utf-8-sig")
    bom = raw[:3] == b"\xef\xbb\xbf"
    if text and not text.endswith("\n"):
        text += "\n"
    line = text.count("\n") + 1
    placed = []
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for label, record in records:
        start = buf.tell()
        writer.writerow(list(record.values()))
        placed.append((label, line))
        line += buf.getvalue()[start:].count("\n")
    data = (text + buf.getvalue()).encode("utf-8")
    return (b"\xef\xbb\xbf" + data if bom else data), placed


def _check_on_copy(data_dir: Path, new: dict[str, bytes], where: dict) -> list[Problem]:
    """Load a copy of ``data_dir`` with ``new`` bytes in place: the loader's problems.

    Problems on an added line name the reviewed row (``where``: (file, line) to label).
    """
    import shutil
    import tempfile

    from . import data

    with tempfile.TemporaryDirectory(prefix="curate-check-") as tmp:
        copy = Path(shutil.copytree(data_dir, Path(tmp) / "data"))
        for name, raw in new.items():
            (copy / name).write_bytes(raw)
        try:
            data.load(copy)
        except DataError as exc:
            return [
                Problem(
                    p.file,
                    p.line,
                    p.column,
                    f"{p.message} (row {where[p.file, p.line]})"
                    if (p.file, p.line) in where
                    else p.message,
                )  # fmt: skip
                for p in exc.problems
            ]
    return []


def _replace_all(data_dir: Path, new: dict[str, bytes], old: dict[str, bytes]) -> None:
    """Replace the files with ``new`` bytes: all of them, or none.

    Every new file is written and synced beside its target first; then, if no target
    changed since it was read (``old``), each is renamed over its target. Should a rename
    fail, the files already replaced get their old bytes back. (Only a crash between two
    renames, a few microseconds, could leave some replaced and not others.)
    """
    import tempfile

    temps: dict[str, str] = {}
    try:
        for name, raw in new.items():
            fd, temps[name] = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=data_dir)
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temps[name], (data_dir / name).stat().st_mode & 0o777)
        changed = [n for n in new if (data_dir / n).read_bytes() != old[n]]
        if changed:
            message = "changed while the rows were checked; nothing written: run the cell again"
            raise AppendError([Problem(n, None, None, message) for n in changed])
        done = []
        try:
            for name in new:
                os.replace(temps[name], data_dir / name)
                del temps[name]
                done.append(name)
        except OSError:
            for name in done:
                _restore(data_dir / name, old[name])
            raise
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)


def _restore(path: Path, raw: bytes) -> None:
    from .files import write_atomic

    write_atomic(path, raw)


def _planned(kept: dict, old: dict, report: list, write: bool) -> tuple[dict, dict]:
    """Build each file's new bytes; note every added row in ``report``.

    Returns the new bytes by file name, and the reviewed row of each added (file, line).
    """
    new, where = {}, {}
    action = "added" if write else "to be added (checked, not written)"
    for name in _FILES:
        if kept[name]:
            new[name], placed = _appended_bytes(old[name], kept[name])
            for (label, record), (_, line) in zip(kept[name], placed, strict=True):
                where[name, line] = label
                first = next(iter(record.values()))
                report.append(
                    {"row": label, "id": first, "file": name, "line": line, "action": action}
                )
    return new, where


def _current(data_dir) -> tuple[Path, dict[str, bytes], object]:
    """Read the data as it is: its folder, the bytes of the files to add to, the Dataset."""
    from . import data

    data_dir = data.data_folder() if data_dir in (None, "") else Path(data_dir)
    try:
        old = {name: (data_dir / name).read_bytes() for name in _FILES}
        return data_dir, old, data.load(data_dir)
    except OSError as exc:
        raise AppendError([Problem(str(data_dir), None, None, str(exc))]) from None
    except DataError as exc:
        note = Problem(str(data_dir), None, None, "the data does not load as it is: fix it first")
        raise AppendError([note, *exc.problems]) from None


def append(rows: pd.DataFrame, source: dict, data_dir=None, write: bool = True) -> Appended:
    """Append reviewed rows to the data: checked by the loader first, written atomically.

    Parameters
    ----------
    rows : pandas.DataFrame
        Reviewed candidates (:func:`candidates`, kept, dropped and corrected): columns of
        :data:`COLUMNS`. A row of kind ``target`` goes to ``targets.csv`` (its ``period``
        is the target year, its ``qualifier`` the comparison); the others to
        ``figures.csv``. An empty ``source_id`` is the source's.
    source : dict
        The article's ``sources.csv`` record (columns of that file; ``source_id`` at
        least). One already there is not added again, and must not differ.
    data_dir : str or Path, optional
        The data folder; None or ``""``: the project's ``data/``.
    write : bool
        False: check only, write nothing.

    Returns
    -------
    Appended
        Rows added, and rows left out as duplicates of a figure or target already in the
        data (same basis, province, indicator, series, period, kind, value and qualifier;
        for a target, year, comparison and value) or given twice.

    Raises
    ------
    AppendError
        If a row or the source is not valid as :func:`helpers.data.load` checks the data
        (its ``file:line: column: message``, run on a copy with the rows appended; the
        row's label is named), the data does not load as it is, or a file changed
        meanwhile. Nothing is written then.
    """
    import pandas as pd

    data_dir, old, current = _current(data_dir)
    source_id = _cell(source.get("source_id", ""))
    records, problems = _records(rows, source_id)
    new_source, more = _source(source, current)
    if problems or more:
        raise AppendError(problems + more)
    kept, report = _duplicates(records, current)
    kept["sources.csv"] = [("source", new_source)] if new_source else []
    new, where = _planned(kept, old, report, write)
    if new_source is None:
        line = int(current.sources.loc[current.sources.source_id == source_id, "line"].iloc[0])
        report.append({"row": "source", "id": source_id, "file": "sources.csv", "line": line,
                       "action": "already in sources.csv: not added"})  # fmt: skip
    if new:
        problems = _check_on_copy(data_dir, new, where)
        if problems:
            raise AppendError(problems)
        if write:
            _replace_all(data_dir, new, old)
    frame = pd.DataFrame(report, columns=["row", "id", "file", "line", "action"])
    frame["line"] = frame["line"].astype("Int64")
    return Appended(frame, written=bool(new) and write)


# --------------------------------------------------------------------------- command line


class _UsageError(Exception):
    """A bad argument, an unknown province, an unreadable article or bad data: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # documented hook: one line, no usage block
        raise _UsageError(f"{message} (see --help)")


def parser() -> argparse.ArgumentParser:
    """Return the command line parser of ``python -m helpers.curate``."""
    p = _Parser(
        prog="python -m helpers.curate",
        description="Find the figures of an article (text or saved HTML page) as candidate "
        "data rows, one per figure, with the sentence each comes from.",
    )
    p.add_argument("article", help="UTF-8 text file, HTML page saved from a browser, or -")
    p.add_argument("--province", required=True, help="the article's province, any spelling")
    p.add_argument(
        "--basis", choices=["34", "63"], default="34",
        help="34 (default) for an article since 1 July 2025, 63 for one before",
    )  # fmt: skip
    p.add_argument("--source-id", default="", help="the article's id in data/sources.csv")
    p.add_argument("--out", help="CSV file to write (atomically); default: standard output")
    p.add_argument("--data-dir", help="folder of the curated data (default: the project's)")
    return p


def _run(args: argparse.Namespace) -> str:
    """Do what the command line asks; return the CSV text. Raises _UsageError."""
    from . import data

    if args.source_id and not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", args.source_id):
        raise _UsageError(f"--source-id {args.source_id!r}: a lower-case id expected "
                          "(letters a-z, digits, '-', '_', '.')")  # fmt: skip
    try:
        article = read_article(args.article)
    except ArticleError as exc:
        raise _UsageError(str(exc)) from None
    try:
        dataset = data.load(args.data_dir)
    except DataError as exc:
        first = exc.problems[0] if exc.problems else "?"
        raise _UsageError(f"{len(exc.problems)} problem(s) in the data (first: {first})") from None
    try:
        area = dataset.places.resolve(args.province, basis=args.basis)
    except provinces.UnknownProvinceError as exc:
        hint = (
            "; an article before 1 July 2025: --basis 63" if "former province" in str(exc) else ""
        )
        raise _UsageError(f"--province: {exc}{hint}") from None
    return csv_text(candidates(article, dataset, area, args.source_id))


def main(argv: list[str] | None = None) -> int:
    """Run the command line (module docstring); return the exit code.

    Parameters
    ----------
    argv : list of str, optional
        Arguments; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 when it ran, 2 for a bad argument, an unknown province, an unreadable or
        undecodable article or invalid data (one line on standard error).
    """
    try:
        args = parser().parse_args(argv)
        text = _run(args)
        if args.out:
            from .files import write_atomic

            try:
                write_atomic(args.out, text)
            except OSError as exc:
                raise _UsageError(f"--out {args.out}: {exc.strerror or exc}") from None
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the locale
            sys.stdout.flush()
    except BrokenPipeError:  # "| head": the reader stopped; what it read is whole rows
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except _UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
