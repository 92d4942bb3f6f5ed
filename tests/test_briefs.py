"""What the built briefs say: one language each, merger notes and links, comparisons, downloads.

The briefs are the session's build (fixture ``built``: four provinces on both maps and the
national overview).
"""

import base64
import csv
import html
import io
import re
from html.parser import HTMLParser

import pytest

from conftest import Rows, places

pytestmark = pytest.mark.kernel


class _Text(HTMLParser):
    """Visible text of a page, without <style>, <script> and quotations of a source (<q>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "q"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "q"):
            self._skip -= 1

    def handle_data(self, text):
        if not self._skip:
            self.parts.append(text)


def text_of(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def pages(out, lang):
    return sorted(out.glob(f"briefs/{lang}/**/*.html")) + [out / "overview" / f"{lang}.html"]


@pytest.fixture(scope="module")
def other_language_texts(dataset):
    """Data texts that exist in one language only (the vi and en fields differ)."""
    pairs = []
    for frame, fields in (
        (dataset.series, ("label", "method")),
        (dataset.indicators, ("name", "note")),
        (dataset.sources, ("title", "note")),
        (dataset.figures, ("note",)),
    ):
        for field in fields:
            for vi, en in zip(frame[f"{field}_vi"], frame[f"{field}_en"], strict=True):
                if vi and en and vi != en:
                    pairs.append((vi, en))
    return {
        "vi": {en for _, en in pairs if len(en) > 12},
        "en": {vi for vi, _ in pairs if len(vi) > 12},
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_data_text_of_the_other_language(built, other_language_texts, lang):
    out, _ = built
    for path in pages(out, lang):
        text = text_of(path.read_text(encoding="utf-8"))
        found = [t for t in other_language_texts[lang] if " ".join(t.split()) in text]
        assert found == [], (path.name, found[:3])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_csv_download_holds_exactly_the_appendix_figures(built, lang):
    out, _ = built
    checked = 0
    for path in sorted(out.glob(f"briefs/{lang}/**/*.html")):
        page = path.read_text(encoding="utf-8")
        link = re.search(
            r'<a download="([^"]+\.csv)" href="data:text/csv;charset=utf-8;base64,([^"]+)"', page
        )
        if link is None:
            continue
        raw = base64.b64decode(html.unescape(link.group(2)))
        assert raw.startswith("\ufeff".encode())  # Excel reads the diacritics
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        quotes = [html.unescape(q) for q in re.findall(r'<q lang="vi">(.*?)</q>', page, re.S)]
        # Only the sources' own words are quoted; our transcriptions are not.
        own = [r["published_text"] for r in rows if r["number_format"] == "vi"]
        assert own == quotes
        assert all(float(r["value"]) == float(r["value"]) for r in rows)
        checked += 1
    assert checked >= 5


def test_former_province_says_which_province_it_is_now_part_of(built):
    out, _ = built
    page = (out / "briefs" / "en" / "former" / "bac-giang.html").read_text(encoding="utf-8")
    assert "Since 1 July 2025, Bắc Giang is part of the province of Bắc Ninh" in html.unescape(page)
    assert '<a href="../bac-ninh.html">brief of Bắc Ninh</a>' in page
    # A merged province that kept its name carries the note too.
    page = (out / "briefs" / "en" / "former" / "bac-ninh.html").read_text(encoding="utf-8")
    assert "Since 1 July 2025, Bắc Ninh is part of the province of Bắc Ninh" in html.unescape(page)
    page = (out / "briefs" / "en" / "bac-ninh.html").read_text(encoding="utf-8")
    assert "Bắc Ninh was formed on 1 July 2025 from 2 former provinces" in html.unescape(page)
    assert '<a href="former/bac-giang.html">Bắc Giang</a>' in page


@pytest.mark.parametrize("slug", ["bac-ninh", "thanh-hoa", "ha-tinh"])
def test_unit_brief_names_the_librarys_predecessors(built, slug):
    out, _ = built
    unit = next(u for u in places().units if u.slug == slug)
    page = html.unescape((out / "briefs" / "en" / f"{slug}.html").read_text(encoding="utf-8"))
    names = [p.name for p in places().predecessors(unit.code)]
    if len(names) > 1:
        listed = re.search(r"from \d+ former provinces: (.*?)\.", text_of(page)).group(1)
        assert [n.strip() for n in listed.split(",")] == names
    else:
        assert "Its territory did not change on 1 July 2025" in page


def test_comparisons_include_the_province_itself(built):
    out, _ = built
    compared = 0
    for path in sorted(out.glob("briefs/en/**/*.html")):
        areas = places().former if path.parent.name == "former" else places().units
        area = next(a for a in areas if a.slug == path.stem)
        page = html.unescape(path.read_text(encoding="utf-8"))
        section = re.search(r'<h2 id="among-all-provinces">(.*?)(<h2 |$)', page, re.S)
        if section is None:
            continue
        for caption, table in re.findall(
            r"<caption>(.*?)</caption>(.*?)</table>", section.group(1), re.S
        ):
            rows = [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", table)]
            assert area.name in rows, (path.name, caption)
            compared += 1
    assert compared >= 3


def test_no_aggregate_without_every_weight(built, dataset):
    out, _ = built
    page = html.unescape((out / "overview" / "en.html").read_text(encoding="utf-8"))
    section = page.split('id="grdp-weighted-average-of-the-provincial-shares"', 1)[1]
    first = text_of(section.split("</p>", 1)[0])
    assert "Not computed: GRDP of 2022 is in the data for" in first
    assert "%" not in first  # no share is given


def test_the_plan_has_a_brief_for_every_province_in_the_dti_tables(dataset):
    """All 34 provinces and every former province of the DTI tables, in both languages."""
    from helpers import plan

    tasks = plan.plan(dataset)
    briefs = {(t.basis, t.code, t.lang) for t in tasks if t.kind == "province"}
    dti = dataset.figures[dataset.figures.indicator == "dti_rank"]
    for basis, code in set(zip(dti.basis, dti.province_code, strict=True)):
        assert {(basis, code, "vi"), (basis, code, "en")} <= briefs, (basis, code)
    assert {c for b, c, _ in briefs if b == "34"} == {u.code for u in places().units}
    assert {c for b, c, _ in briefs if b == "63"} == {p.code for p in places().former}
    assert len({t.path for t in tasks}) == len(tasks) == 2 * (34 + 63) + 2


def test_the_batch_reads_the_index_values_the_notebook_publishes():
    import nbformat
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from helpers import render, show, worker

    InteractiveShell.instance()
    with capture_output() as captured:
        years = pd.Series([2022, 2024])  # a column's max is numpy's, not a Python int
        show.publish({"Share 2024": "5,2 %"}, {"Share 2024": 5.2}, latest=years.max())
    outputs = [nbformat.v4.new_output("display_data", data=o.data) for o in captured.outputs]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=outputs)])
    published = worker._published(nb)
    values = {"values": {"Share 2024": "5,2 %"}, "sort": {"Share 2024": 5.2}}
    assert published == values | {"latest": 2024}
    with capture_output() as captured:
        show.publish({}, {}, latest=pd.Series([], dtype=float).max())  # no figure: NaN
    assert [o.data[render.INDEX_MIME]["latest"] for o in captured.outputs] == [None]


def _csv_rows(page: str) -> list[dict]:
    """The rows of a brief's CSV download (its appendix figures)."""
    link = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', page)
    raw = base64.b64decode(html.unescape(link.group(1))).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw)))


def test_the_index_gives_the_latest_year_of_each_briefs_figures(built):
    """Wrong before: Cao Bằng's row showed a 2022 rank and no latest year; former Hà Tĩnh's
    said 2024 while its brief shows a 2025 figure.

    The year was the latest of the area's own figures on its own map; a brief (and its
    row's columns) also shows the figures of its territory on the other map.
    """
    out, _ = built
    index = Rows((out / "index.html").read_text(encoding="utf-8"))
    # headers: the name, the other language, the latest year, then one series in one year each
    columns = [int(label[-4:]) for label in index.headers[3:]]
    checked = 0
    for _class, cells, hrefs, _search in (row for group in index.groups for row in group):
        if not hrefs:  # a unit without a brief
            continue
        periods = [r["period"] for r in _csv_rows((out / hrefs[0]).read_text(encoding="utf-8"))]
        assert cells[2] == str(max(int(p[-4:]) for p in periods)), hrefs[0]
        # a value in a column of year Y: the latest year is Y or later
        shown = [y for y, c in zip(columns, cells[3:], strict=True) if c]
        assert all(y <= int(cells[2]) for y in shown), hrefs[0]
        checked += 1
    assert checked >= 7  # four former provinces, three of the 34 (Bắc Giang is in Bắc Ninh)


def test_a_merged_units_appendix_and_csv_hold_its_former_provinces_figures(built, dataset):
    """Wrong before: Bắc Ninh's appendix and CSV held a header row only."""
    from helpers import analysis

    out, _ = built
    page = (out / "briefs" / "en" / "bac-ninh.html").read_text(encoding="utf-8")
    rows = _csv_rows(page)
    codes = [a.code for a in places().predecessors("Bắc Ninh")]
    figs, former = analysis.territory(dataset.figures, "24", "34", codes, "63", False, 2025)
    assert len(rows) == len(figs) + len(former) and len(former) > 0
    assert {r["province"] for r in rows if r["basis"] == "63"} == {"Bắc Giang", "Bắc Ninh"}
    # Its own figures on the map of 34 (if any), its former provinces' on the map of 63.
    assert {r["basis"] for r in rows} == {"63"} | ({"34"} if len(figs) else set())
    assert sum(r["basis"] == "63" for r in rows) == len(former)
