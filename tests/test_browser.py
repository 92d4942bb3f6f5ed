"""Every brief and the index, opened in headless Chromium with the network blocked."""

import re
import shutil

import pytest

from helpers import briefs
from helpers.text import t

from conftest import DATA, ROOT

pytestmark = pytest.mark.browser

SHOTS = ROOT / "outputs" / "screenshots"
SECTION_HEADINGS = [
    "h_headline",
    "h_trend",
    "h_scorecard",
    "h_coverage",
    "h_ranking",
    "h_notes",
    "h_sources",
]


def _open(browser, path):
    """Open a local file with every other request refused; return page, console errors, blocked."""
    page = browser.new_page(viewport={"width": 900, "height": 1200})
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
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors, blocked


def _axe(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s)"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _keys(built):
    return [r.key for r in built[1]]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("slug", ["thanh-hoa", "ha-tinh", "bac-giang", "lao-cai"])
def test_brief_in_the_browser(built, browser, axe_source, lang, slug):
    out = built[0]
    page, errors, blocked = _open(browser, out / "briefs" / lang / f"{slug}.html")
    try:
        assert errors == [] and blocked == []
        widths = page.evaluate(
            "Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)"
        )
        assert len(widths) >= 2 and all(w > 0 for w in widths), widths
        alts = page.evaluate("Array.from(document.images).map(i => i.alt)")
        assert all(len(a) > 40 for a in alts), alts
        headings = page.locator("h2").all_inner_texts()
        for key in SECTION_HEADINGS:
            assert t(key, lang) in headings, key
        assert page.locator("h1").count() == 1
        assert page.evaluate("document.documentElement.lang") == lang
        assert _axe(page, axe_source) == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{lang}-{slug}.png"), full_page=True)
    finally:
        page.close()


def test_index_in_the_browser(built, browser, axe_source):
    out = built[0]
    page, errors, blocked = _open(browser, out / "index.html")
    try:
        assert errors == [] and blocked == []
        hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
        assert len(hrefs) == len(_keys(built))
        assert _axe(page, axe_source) == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "index.png"), full_page=True)
        for href in hrefs:
            page.goto(href)
            assert page.locator("h1").count() == 1, href
    finally:
        page.close()


def test_script_in_a_note_shows_as_text_and_never_runs(tmp_path, browser):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    f = data / "figures.csv"
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            "NOT USED: the later, rounder mention", "<script>alert(1)</script> NOT USED: the later"
        ),
        encoding="utf-8",
    )
    tasks = briefs.plan(["Thanh Hóa"], ["en"], 2024, data)
    [res] = briefs.run(tasks, tmp_path / "out", data, jobs=1, progress=False)
    assert res.status == "built", res.error
    page, errors, _ = _open(browser, tmp_path / "out" / res.key)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.reload()
        assert dialogs == [] and errors == []
        assert page.locator("script").count() == 0
        assert "<script>alert(1)</script> NOT USED" in page.locator("#notes").inner_text()
    finally:
        page.close()
    assert re.search(
        r"&lt;script&gt;alert\(1\)&lt;/script&gt;", (tmp_path / "out" / res.key).read_text()
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_in_the_browser(built, browser, axe_source, lang):
    page, errors, blocked = _open(browser, built[0] / "overview" / f"{lang}.html")
    try:
        assert errors == [] and blocked == []
        widths = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
        assert len(widths) == 2 and all(w > 0 for w in widths)
        assert page.locator("h1").count() == 1
        assert t("ov_h_coverage", lang) in page.locator("h2").all_inner_texts()
        assert _axe(page, axe_source) == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"overview-{lang}.png"), full_page=True)
    finally:
        page.close()
