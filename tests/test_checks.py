"""Post-run checks: what to expect is read from the executed notebook, not from a list."""

import datetime as dt

import nbformat
import pandas as pd
import pytest
from test_render import cell, chart, notebook, output

from helpers import render, show
from helpers.checks import check_brief


def html_of(nb, lang="en"):
    return render.to_html(
        nb,
        lang=lang,
        title="Brief",
        links={"index": "../../index.html"},
        generated=dt.date(2026, 1, 1),
    )


def html_output(markup):
    return nbformat.v4.new_output("display_data", data={"text/html": markup, "text/plain": "x"})


@pytest.fixture(scope="module")
def brief():
    nb = notebook()
    return nb, html_of(nb)


def test_a_whole_brief_passes(brief):
    nb, html = brief
    assert check_brief(nb, html, "en") == []


def test_a_vietnamese_brief_passes():
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(output(show.md("## Những điểm chính")), output(show.md("Xếp thứ {r}.", r=25))),
            cell(output(chart("Biểu đồ đường: giá trị tổng hợp cho kiểm thử"))),
            cell(output(show.show_table(pd.DataFrame({"Chỉ tiêu": ["Tỷ trọng"], "Năm": [2023]})))),
        ]
    )
    assert check_brief(nb, html_of(nb, "vi"), "vi") == []


def test_a_new_section_and_chart_need_no_change_here(brief):
    nb, _ = brief
    nb = nbformat.from_dict(nb)
    nb.cells.append(cell(output(show.md("## A section added by a researcher")), output(chart())))
    assert check_brief(nb, html_of(nb), "en") == []


def test_missing_section_is_reported(brief):
    nb, html = brief
    damaged = html.replace('<h2 id="sources">Sources</h2>', "<p>Sources</p>")
    assert check_brief(nb, damaged, "en") == [
        "section heading missing from the page: 'Sources'",
        "link to a missing anchor: '#sources'",
    ]


def test_image_output_without_alt_is_reported():
    nb = nbformat.v4.new_notebook(cells=[cell(output(chart()))])
    del nb.cells[0].outputs[0].metadata["image/png"]["alt"]
    problems = check_brief(nb, html_of(nb), "en")
    assert (
        "chart 1 (code cell 1) has no title and no alt text: give it a title (ax.set_title(…)) "
        'or describe it with charts.describe(fig, "what it shows")' in problems
    )
    assert any(p.startswith("image without alt text") for p in problems)


def test_image_missing_from_the_page_is_reported(brief):
    nb, html = brief
    start = html.index("<img")
    damaged = html[:start] + html[html.index(">", start) + 1 :]
    assert check_brief(nb, damaged, "en") == ["image output 1 (image/png) is not in the page"]


def test_error_output_is_reported():
    nb = nbformat.v4.new_notebook(
        cells=[cell(nbformat.v4.new_output("error", ename="KeyError", evalue="'x'", traceback=[]))]
    )
    assert check_brief(nb, html_of(nb), "en") == ["the notebook has an error output: KeyError: 'x'"]


@pytest.mark.parametrize("cell_text", ["nan", "NaN", "None", "NaT", "<NA>"])
def test_missing_value_cells_are_reported(cell_text):
    df = pd.DataFrame({"Value": [cell_text]})
    nb = nbformat.v4.new_notebook(cells=[cell(output(show.show_table(df)))])
    assert check_brief(nb, html_of(nb), "en") == [
        f"1 table cell(s) showing a missing value: [{cell_text!r}]"
    ]


def test_words_like_none_inside_a_note_are_fine():
    df = pd.DataFrame(
        {"Note": ["Warning: None of the figures is final.", "Error: nan in the source, not used"]}
    )
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(output(show.show_table(df))),
            cell(output(show.md("Warning: the source says None for 2021."))),
        ]
    )
    assert check_brief(nb, html_of(nb), "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "read at shared/sources/000_article.txt",
        "according to shared/reference",
        "see data/figures.csv",
        "see data/tables/dti-63-2022.csv",
        "src/helpers/analysis.py",
        "from figures.csv",
        "notebooks/province_brief.ipynb",
    ],
)
def test_repository_paths_are_reported(text):
    nb = nbformat.v4.new_notebook(cells=[cell(output(show.md("Note: {t}", t=text)))])
    [problem] = check_brief(nb, html_of(nb), "en")
    assert problem.startswith("repository path(s) in the text")


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="https://example.gov.vn/data/report.csv">https://example.gov.vn/data/x.csv</a>',
        "<p>Cloud, big data/AI and platforms</p>",
        "<p>A shared platform</p>",
    ],
)
def test_web_addresses_and_words_are_not_paths(markup):
    nb = nbformat.v4.new_notebook(cells=[cell(html_output(markup))])
    assert check_brief(nb, html_of(nb), "en") == []


@pytest.mark.parametrize(
    ("href", "ok"),
    [
        ("https://gso.gov.vn/a", True),
        ("http://example.org", True),
        ("../vi/thanh-hoa.html", True),
        ("former/bac-giang.html", True),
        ("#sources", True),
        ("data:text/csv;charset=utf-8;base64,AAA", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("/abs/path.html", False),
        ("#nowhere", False),
    ],
)
def test_links(href, ok):
    markup = f'<p id="sources"><a href="{href}">x</a></p>'
    nb = nbformat.v4.new_notebook(cells=[cell(html_output(markup))])
    problems = check_brief(nb, html_of(nb), "en")
    assert (problems == []) is ok, problems


def test_scripts_and_external_resources_are_reported(brief):
    nb, html = brief
    damaged = html.replace(
        "</main>", '<script>alert(1)</script><link rel="stylesheet" href="x.css"></main>'
    )
    problems = check_brief(nb, damaged, "en")
    assert "1 <script> element(s): the page must be offline" in problems
    assert "1 <link> element(s): the page must be offline" in problems


def test_language_and_title_are_checked(brief):
    nb, html = brief
    damaged = html.replace('<html lang="en">', '<html lang="vi">').replace(
        "</main>", "<h1>x</h1></main>"
    )
    assert check_brief(nb, damaged, "en") == [
        "<html lang> is 'vi', expected 'en'",
        "2 h1 headings, expected 1 (the title; outputs start at h2)",
    ]


def test_english_catalogue_words_in_a_vietnamese_page_are_reported():
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(output(show.md("## Nguồn"))),
            cell(output(show.md("Thanh Hóa: Not enough data for a trend. Status: On track"))),
        ]
    )
    [problem] = check_brief(nb, html_of(nb, "vi"), "vi")
    assert problem == "English text in a vi page: Not enough data for a trend; On track"


def test_vietnamese_catalogue_words_in_an_english_page_are_reported():
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(output(show.md("## Sources"))),
            cell(output(show.md("Status: Đúng tiến độ"))),
        ]
    )
    assert check_brief(nb, html_of(nb, "en"), "en") == [
        "Vietnamese text in a en page: Đúng tiến độ"
    ]


def test_a_quotation_marked_with_its_language_is_not_counted():
    df = pd.DataFrame({"Indicator": ["Share"], "As published": ["Chưa có số liệu, Đúng tiến độ"]})
    nb = nbformat.v4.new_notebook(
        cells=[cell(output(show.show_table(df, quote_columns={"As published": "vi"})))]
    )
    assert check_brief(nb, html_of(nb, "en"), "en") == []


def test_placeholders_match_filled_text():
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(
                output(
                    show.md(
                        "Straight line through 4 observations of one series, projected to 2030: 9%."
                    )
                )
            )
        ]
    )
    [problem] = check_brief(nb, html_of(nb, "vi"), "vi")
    assert "Straight line through 4 observations" in problem


def test_a_chart_with_text_over_text_is_refused():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.annotate("first label", (0.5, 0.5))
    ax.annotate("second label", (0.5, 0.5))
    out = output(show.figure_image(fig, alt="two labels on each other"))
    nb = nbformat.v4.new_notebook(cells=[cell(output(show.md("## Chart")), out)])
    problems = check_brief(nb, html_of(nb, "en"), "en")
    crowded = "chart 1 (code cell 1) has text over text, a bar or a point: first label / second"
    crowded += " label"
    assert crowded in problems


@pytest.mark.parametrize(
    ("text", "nested"),
    [
        ("42,13% (sơ bộ) (Báo cáo thường niên KTS 2022 (tỉnh))", True),
        ("42,13% (sơ bộ), theo Báo cáo thường niên KTS 2022 (tỉnh)", False),
        ("(a [b])", True),
        ("(a) (b)", False),
    ],
)
def test_brackets_inside_brackets_are_reported(text, nested):
    nb = nbformat.v4.new_notebook(cells=[cell(output(show.md("Text: {t}", t=text)))])
    problems = check_brief(nb, html_of(nb), "en")
    assert any(p.startswith("brackets inside brackets") for p in problems) == nested, problems
