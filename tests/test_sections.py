"""Brief sections rendered without a kernel: parameters, escaping, languages, checks."""

import re
import shutil
from functools import cache

import pytest

from helpers import checks, errors
from helpers.sections import Brief, check_parameters
from helpers.text import CATALOG, t

from conftest import DATA


def _render(brief):
    parts = [
        brief.title(),
        brief.headline(),
        brief.trend(),
        brief.scorecard(),
        brief.coverage(),
        brief.ranking(),
        brief.dti(),
        brief.notes(),
        brief.sources(),
        brief.all_figures(),
        brief.provenance(),
    ]
    body = "".join(str(p.html) for p in parts)
    return f'<!DOCTYPE html><html lang="{brief.lang}"><body>{body}</body></html>'


@cache
def _brief_html(province, lang):
    return _render(Brief.open(province, lang, DATA, 2024))


def test_catalog_has_both_languages():
    for key, texts in CATALOG.items():
        assert set(texts) == {"vi", "en"}, key
        assert all(v.strip() for v in texts.values()), key


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"province": "Thanh Hoaa"},
            "parameter 'province': unknown province 'Thanh Hoaa'; closest matches: Thanh Hóa",
        ),
        ({"lang": "fr"}, "parameter 'lang': 'fr' is not one of vi, en"),
        ({"as_of": 1999}, "parameter 'as_of': 1999 is outside the years of the data (2020-2025)"),
        ({"as_of": "last year"}, "parameter 'as_of': 'last year' is not a year"),
        ({"data_dir": "/nonexistent"}, "parameter 'data_dir': folder '/nonexistent' not found"),
        ({"province": "../../etc/passwd"}, "parameter 'province': unknown province"),
    ],
)
def test_bad_parameters_name_the_parameter(kwargs, message):
    params = {"province": "Thanh Hóa", "lang": "vi", "data_dir": DATA, "as_of": 2024} | kwargs
    with pytest.raises(errors.ParameterError) as err:
        check_parameters(**params)
    assert message in str(err.value)


def test_as_of_coerced_from_text(dataset):
    _, _, _, year = check_parameters("38", "en", DATA, "2023", ds=dataset)
    assert year == 2023


@pytest.mark.parametrize(
    ("province", "lang", "expected"),
    [
        ("Hà Tĩnh", "vi", ["6,27%", "7,2%", "~ 5.000", "~ 250 tỷ đồng", "13,17%"]),
        ("Hà Tĩnh", "en", ["6.27%", "7.2%", "~ 5,000", "~ 250 billion VND", "13.17%"]),
        ("Thanh Hoá", "vi", ["8,28%", "&gt; 854.000", "11,9 tỷ đồng", "40,5%", "95,8%"]),
        ("Thanh Hóa", "en", ["8.28%", "&gt; 854,000", "11.9 billion VND", "40.5%", "95.8%"]),
    ],
)
def test_numbers_in_the_brief_language(province, lang, expected):
    html = _brief_html(province, lang)
    for text in expected:
        assert text in html, text
    assert checks.check_brief(html, lang) == []


def test_headings_follow_the_language():
    vi = _brief_html("Hà Tĩnh", "vi")
    en = _brief_html("Hà Tĩnh", "en")
    assert t("h_scorecard", "vi") in vi and t("h_scorecard", "en") not in vi
    assert t("h_scorecard", "en") in en and t("h_coverage", "en") in en


def test_note_with_markup_is_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    f = data / "figures.csv"
    text = f.read_text(encoding="utf-8")
    f.write_text(
        text.replace(
            "NOT USED: the later, rounder mention",
            "<script>alert(1)</script> NOT USED: the later, rounder mention",
        ),
        encoding="utf-8",
    )
    html = _render(Brief.open("Thanh Hóa", "en", data, 2024))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_merged_province_names_its_successor():
    html = _brief_html("Bắc Giang", "en")
    assert "part of Bắc Ninh" in html
    assert "Bắc Giang ranks 3 of the 13 provinces published" in html


def test_province_without_data_gets_an_honest_brief():
    html = _brief_html("Lào Cai", "vi")
    assert t("no_figures", "vi") in html
    assert "Lào Cai không có trong 13 tỉnh được công bố" in html
    assert checks.check_brief(html, "vi") == []


def test_every_chart_has_alt_text_that_says_what_it_shows():
    html = _brief_html("Hà Tĩnh", "en")
    assert 'alt="Line chart: digital-economy share (%) by year for Hà Tĩnh' in html
    assert "2022 6.27%, 2023 7.2%" in html
    assert 'alt="Horizontal bar chart: digital-economy share of GRDP in 2022 for 13' in html


def test_no_float_years():
    html = _brief_html("Thanh Hóa", "vi")
    assert not re.search(r"\b20\d\d\.0\b", html)


def test_source_note_under_each_section():
    html = _brief_html("Hà Tĩnh", "en")
    for sid in ("headline", "trend", "scorecard", "coverage", "ranking"):
        section = html.split(f'<section id="{sid}">')[1].split("</section>")[0]
        assert 'class="source-note"' in section, sid


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda h: h.replace('lang="en"', 'lang="vi"', 1), "<html lang>"),
        (
            lambda h: h.replace('<section id="coverage">', "<section>", 1),
            "missing sections: coverage",
        ),
        (lambda h: h.replace("</h1>", "</h1><h1>x</h1>", 1), "2 h1 headings"),
        (
            lambda h: h.replace("<td>", "<td>nan", 1).replace("<td>nan", "<td>nan</td><td>", 1),
            "nan or None",
        ),
        (
            lambda h: h.replace("<body>", "<body><script src='https://cdn.example/x.js'></script>"),
            "external resources",
        ),
        (lambda h: h.replace("<body>", "<body>Traceback (most recent call last)"), "Python error"),
        (lambda h: h.replace('alt="', 'data-x="', 1), "no alt text"),
        (
            lambda h: h.replace('data-charts="', 'data-charts="9', 1),
            "charts where the data call for",
        ),
    ],
)
def test_brief_checks_trip(mutate, problem):
    html = _brief_html("Hà Tĩnh", "en")
    assert checks.check_brief(html, "en") == []
    found = checks.check_brief(mutate(html), "en")
    assert any(problem in p for p in found), found
