"""Briefs and the index opened in headless Chromium with the network blocked (axe-core, PDF).

Two kinds of test:

- on briefs the batch builds for the test session (four provinces on both maps, the
  overview and the index): every page is checked;
- on a small synthetic brief and index made here, so that the template, the print CSS and
  the index script are tested on any machine with Chromium.
"""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from test_index import RECORDS
from test_render import cell, notebook, output

from helpers import files, pdf, render, show
from helpers.index import build_index

from conftest import ROOT, places

pytestmark = pytest.mark.browser

SHOTS = ROOT / "outputs" / "screenshots"


def _open(browser, path, viewport=(900, 1200)):
    """Open a local file with every other request refused; return page, errors, blocked."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    errors, blocked = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "data:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.goto(Path(path).as_uri())
    page.wait_for_load_state("load")
    return page, errors, blocked


def _axe(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s)"
        for v in result["violations"]
    ]


def _check_brief_page(page, lang):
    """What every brief must show in a browser."""
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").count() == 1
    images = page.evaluate(
        "Array.from(document.images).map(i => [i.complete ? i.naturalWidth : 0, i.alt])"
    )
    assert all(width > 0 and alt.strip() for width, alt in images), images
    toc = page.eval_on_selector_all("nav.toc a", "els => els.map(e => e.getAttribute('href'))")
    assert toc == [f"#{i}" for i in page.eval_on_selector_all("main h2", "e => e.map(h => h.id)")]


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


# ------------------------------------------------------------------ built briefs
# The briefs the batch builds for the session (fixture ``built`` in conftest: four
# provinces on both maps and the national overview), so these run on every machine.


def _built_pages(out):
    return sorted(out.glob("briefs/**/*.html")) + sorted(out.glob("overview/*.html"))


def _lang(out, path):
    rel = path.relative_to(out)  # briefs/<lang>/….html or overview/<lang>.html
    return rel.parts[1] if rel.parts[0] == "briefs" else path.stem


def test_built_briefs_in_the_browser(built, browser, axe_source):
    out, _briefs = built
    pages = _built_pages(out)
    assert len(pages) >= 10
    for path in pages:
        lang = _lang(out, path)
        page, errors, blocked = _open(browser, path)
        try:
            assert errors == [] and blocked == [], path
            _check_brief_page(page, lang)
            for href in page.eval_on_selector_all(
                "a[href]", "els => els.map(e => e.getAttribute('href'))"
            ):
                if not re.match(r"^(https?:|data:text/csv|#)", href):
                    assert (path.parent / href).resolve().is_file(), (path, href)
            assert _axe(page, axe_source) == [], path
            rel = path.relative_to(out)
            if rel.parts[0] == "overview" or (
                path.stem == "thanh-hoa" and "former" not in rel.parts
            ):
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=str(SHOTS / f"{lang}-{rel.parts[0]}-{path.stem}.png"), full_page=True
                )
        finally:
            page.close()


def test_built_index_in_the_browser(built, browser, axe_source):
    out, _briefs = built
    for name in ("index.html", "index.en.html"):
        index = out / name
        page, errors, blocked = _open(browser, index)
        try:
            assert errors == [] and blocked == []
            hrefs = page.eval_on_selector_all(
                "a[href]", "els => els.map(e => e.getAttribute('href'))"
            )
            assert hrefs and all((index.parent / h).resolve().is_file() for h in hrefs)
            assert _axe(page, axe_source) == []
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / name.replace(".html", ".png")), full_page=True)
        finally:
            page.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_built_thanh_hoa_prints_on_at_most_four_pages(built, lang, browser, tmp_path):
    out, _briefs = built
    html = out / "briefs" / lang / "thanh-hoa.html"
    pdf_path = tmp_path / "thanh-hoa.pdf"
    pdf.to_pdf(html, pdf_path, browser=browser)
    assert 1 <= _pages(pdf_path.read_bytes()) <= 4
    if shutil.which("pdftotext"):  # every page has content beyond its page number
        for n in range(1, _pages(pdf_path.read_bytes()) + 1):
            text = subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(pdf_path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            assert len(re.sub(r"\d+\s*/\s*\d+", "", text).split()) > 10, f"page {n}: {text!r}"


# ------------------------------------------------------------------ synthetic brief and index


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A brief in each language and the index, made from synthetic data (test values only)."""
    out = tmp_path_factory.mktemp("site")
    for lang, other in (("vi", "en"), ("en", "vi")):
        html = render.to_html(
            notebook(lang),
            lang=lang,
            title="Thanh Hóa: test brief",
            links={"index": "../../index.html", "other_lang": f"../{other}/thanh-hoa.html"},
            generated=dt.date(2026, 1, 1),
        )
        files.write_atomic(out / "briefs" / lang / "thanh-hoa.html", html)
    files.write_atomic(out / "index.html", build_index(RECORDS, "vi", units=places().units))
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_synthetic_brief_is_accessible_and_offline(synthetic, browser, axe_source, lang):
    page, errors, blocked = _open(browser, synthetic / "briefs" / lang / "thanh-hoa.html")
    try:
        assert errors == [] and blocked == []
        _check_brief_page(page, lang)
        assert _axe(page, axe_source) == []
        page.click("nav.links a[hreflang]")
        assert page.evaluate("document.documentElement.lang") != lang
    finally:
        page.close()


def test_data_text_never_runs_as_script(browser, tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(
                output(
                    show.md("Note: {t}", t="<script>alert(1)</script> <img src=x onerror=alert(2)>")
                )
            ),
            cell(output(show.md("Source: {s}", s=show.link("javascript:alert(3)", "<b>s</b>")))),
        ]
    )
    path = tmp_path / "brief.html"
    files.write_atomic(path, render.to_html(nb, lang="en", title="T", links={}))
    page, errors, blocked = _open(browser, path)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.reload()
        assert dialogs == [] and errors == [] and blocked == []
        assert page.locator("script").count() == 0 and page.locator("main img").count() == 0
        text = page.locator("main").inner_text()
        assert "<script>alert(1)</script> <img src=x onerror=alert(2)>" in text
    finally:
        page.close()


def test_pdf_is_a4_with_page_numbers(synthetic, browser, tmp_path):
    pdf_path = tmp_path / "brief.pdf"
    pdf.to_pdf(synthetic / "briefs" / "vi" / "thanh-hoa.html", pdf_path, browser=browser)
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF") and _pages(data) >= 1
    [box] = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert (round(float(box[0])), round(float(box[1]))) == (595, 842)  # A4 in points
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(rf"\b1\s*/\s*{_pages(data)}\b", text)
        assert "Danh sách bản tin" not in text  # header links are for the screen only


def test_pdf_all_mirrors_the_folders_and_skips_up_to_date(synthetic, browser, tmp_path):
    pdf_dir = tmp_path / "pdf"
    written = pdf.pdf_all(synthetic / "briefs", pdf_dir, browser=browser)
    assert sorted(p.relative_to(pdf_dir).as_posix() for p in written) == [
        "en/thanh-hoa.pdf",
        "vi/thanh-hoa.pdf",
    ]
    assert pdf.pdf_all(synthetic / "briefs", pdf_dir, browser=browser) == []


def test_pdf_outputs_prints_the_briefs_and_the_overview(synthetic, browser, tmp_path):
    out = tmp_path / "outputs"  # the batch's layout: briefs/<lang>/…, overview/<lang>.html
    shutil.copytree(synthetic / "briefs", out / "briefs")
    (out / "overview").mkdir()
    shutil.copy(synthetic / "briefs" / "vi" / "thanh-hoa.html", out / "overview" / "vi.html")
    written = pdf.pdf_outputs(out, browser=browser)
    assert sorted(p.relative_to(out / "pdf").as_posix() for p in written) == [
        "en/thanh-hoa.pdf",
        "overview/vi.pdf",
        "vi/thanh-hoa.pdf",
    ]
    assert pdf.pdf_outputs(out, browser=browser) == []


def test_index_search_ignores_diacritics_and_columns_sort(synthetic, browser, axe_source):
    page, errors, blocked = _open(browser, synthetic / "index.html")
    try:
        assert errors == [] and blocked == []
        assert _axe(page, axe_source) == []

        def visible():
            return page.eval_on_selector_all(
                "tbody:not([hidden]) tr:not([hidden]) th",
                "els => els.map(e => e.textContent.trim().split(' (')[0])",
            )

        page.fill("#q", "dak lak")
        assert visible() == ["Đắk Lắk", "Đắk Lắk", "Phú Yên"]  # the unit shows its former
        page.fill("#q", "PHU YEN")
        assert visible() == ["Đắk Lắk", "Phú Yên"]
        page.fill("#q", "zzz")
        assert visible() == [] and page.locator("#none").is_visible()
        page.fill("#q", "")
        assert len(page.locator("tbody:not([hidden])").all()) == 34

        th = page.locator("thead th", has=page.locator("button", has_text="DTI 2024"))
        dti = th.locator("button")
        dti.click()
        assert th.get_attribute("aria-sort") == "ascending"
        assert visible()[:2] == ["Thanh Hóa", "Đắk Lắk"]  # 5/34 (sort key 5), then 30/34
        dti.click()
        assert visible()[0] == "Đắk Lắk"
        assert errors == []
    finally:
        page.close()
