"""Cell display helpers and the export of a notebook to one offline HTML page."""

import base64
import datetime as dt
import io
import re
from html.parser import HTMLParser

import matplotlib
import nbformat
import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

from helpers import files, pdf, render, show

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

_FORMATTER = DisplayFormatter()


def output(obj):
    """The display_data output a kernel would record for ``display(obj)``."""
    data, metadata = _FORMATTER.format(obj)
    return nbformat.v4.new_output("display_data", data=data, metadata=metadata)


def cell(*outputs, tags=()):
    c = nbformat.v4.new_code_cell("# code", outputs=list(outputs))
    if tags:
        c.metadata["tags"] = list(tags)
    return c


def chart(alt="Line chart: synthetic values 1, 3, 2 for 2021 to 2023 (test data)"):
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.plot([2021, 2022, 2023], [1, 3, 2])
    return show.figure_image(fig, alt)


def notebook(lang="en"):
    """A small executed brief (synthetic values, for tests only)."""
    df = pd.DataFrame(
        {"Indicator": ["Share <b>", "Rank"], "Value": ["12.3%", None], "Year": [2023, 2024]}
    )
    return nbformat.v4.new_notebook(
        cells=[
            cell(output(show.md("## Key findings")), output(show.md("Rank {r}.", r=25))),
            cell(
                nbformat.v4.new_output(
                    "display_data", data={"text/html": "<h2>Trend &amp; outlook</h2>"}
                )
            ),
            cell(output(chart())),
            cell(
                output(show.md("## Sources")),
                output(show.show_table(df, caption="Figures", number_columns=["Value"])),
                output(show.csv_download(df, "figures.csv", "Download the figures (CSV)")),
            ),
            cell(output(show.md("## Working notes")), tags=["remove"]),
            cell(nbformat.v4.new_output("stream", name="stderr", text="UserWarning: x")),
            cell(nbformat.v4.new_output("execute_result", data={"text/plain": "<Axes: >"})),
        ]
    )


class Page(HTMLParser):
    """Tags with their attributes, and the text, of a page."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag):
        return [a for t, a in self.tags if t == tag]


# ------------------------------------------------------------------ md, link, headings


def test_md_escapes_values_as_text():
    out = show.md(
        "**{name}** ranks {rank:,} in {year}.", name="*Thanh* <script>", rank=1234, year=2024
    )
    assert out.data == r"**\*Thanh\* \<script\>** ranks 1,234 in 2024."
    html = render.markdown_html(out.data)
    assert "<strong>*Thanh* &lt;script&gt;</strong> ranks 1,234 in 2024." in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    "value",
    ["[x](javascript:alert(1))", "# heading", "a_b_c", "`code`", "$x$ and $y$", "1. item", "<b>"],
)
def test_md_value_reads_as_the_same_text(value):
    html = render.markdown_html(show.md("Note: {v}", v=value).data)
    text = re.sub(r"<[^>]+>", "", html).strip()
    assert text == "Note: " + value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert "<a " not in html and "<h1" not in html and "<code" not in html


def test_md_without_values_is_the_template():
    assert show.md("## Sources {as written}").data == "## Sources {as written}"


def test_md_keeps_links_from_link():
    out = show.md("See {src}.", src=show.link("https://gso.gov.vn/a?b=1&c=2", "GSO <2024>"))
    html = render.markdown_html(out.data)
    assert '<a href="https://gso.gov.vn/a?b=1&amp;c=2">GSO &lt;2024&gt;</a>' in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            'https://example.org/x?a=1&b="q"',
            '<a href="https://example.org/x?a=1&amp;b=&#34;q&#34;">T&amp;C</a>',
        ),
        ("http://example.org", '<a href="http://example.org">T&amp;C</a>'),
        ("javascript:alert(1)", "T&amp;C"),
        ("file:///etc/passwd", "T&amp;C"),
        ("data/figures.csv", "T&amp;C"),
        ("https://", "T&amp;C"),
        ("https://exa mple.org", "T&amp;C"),
        ("", "T&amp;C"),
        (None, "T&amp;C"),
    ],
)
def test_link_only_for_http_urls(url, expected):
    assert str(show.link(url, "T&C")) == expected


def test_headings_get_an_ascii_id_and_keep_their_escaped_text():
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(output(show.md("## {t}", t="Đánh giá <mục tiêu>")), output(show.md("### Nguồn")))
        ]
    )
    html = render.to_html(nb, lang="vi", title="T")
    assert '<h2 id="danh-gia-muc-tieu">Đánh giá &lt;mục tiêu&gt;</h2>' in html
    assert '<h3 id="nguon">Nguồn</h3>' in html


# ------------------------------------------------------------------ tables and downloads


def test_show_table_escapes_and_labels_columns():
    df = pd.DataFrame(
        {
            "Tỉnh <x>": ["Thanh <Hóa>", None],
            "Value": ["12,3%", float("nan")],
            "As published": ["đạt 12,3%", None],
        },
        index=[7, 8],
    )
    html = show.show_table(
        df,
        caption="Bảng <1>",
        number_columns=["Value"],
        quote_columns={"As published": "vi"},
    ).data
    page = Page(html)
    assert [a.get("scope") for a in page.all("th")] == ["col", "col", "col"]
    assert "Tỉnh &lt;x&gt;" in html and "Thanh &lt;Hóa&gt;" in html
    assert "<caption>Bảng &lt;1&gt;</caption>" in html
    assert [a["class"].split()[-1] for a in page.all("td")] == ["col0", "num", "col2"] * 2
    assert '<q lang="vi">đạt 12,3%</q>' in html
    cells = [t.strip() for t in page.text if t.strip()]
    assert "nan" not in cells and "None" not in cells and cells.count("–") == 3
    assert ">7<" not in html and ">8<" not in html  # the index is hidden


def test_show_table_refuses_unknown_columns():
    with pytest.raises(KeyError, match="Valeur"):
        show.show_table(pd.DataFrame({"Value": [1]}), number_columns=["Valeur"])


def test_csv_download_is_utf8_with_bom_and_parses_back():
    df = pd.DataFrame({"Tỉnh": ["Thanh Hóa", "Đắk Lắk"], "Giá trị": [12.3, None]})
    html = show.csv_download(df, "../../số liệu.csv", "Tải <CSV>").data
    page = Page(html)
    [a] = page.all("a")
    assert a["download"] == "số liệu.csv"
    prefix = "data:text/csv;charset=utf-8;base64,"
    assert a["href"].startswith(prefix)
    raw = base64.b64decode(a["href"][len(prefix) :])
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, df)
    assert "Tải &lt;CSV&gt;" in html


# ------------------------------------------------------------------ figures


def test_figure_image_carries_alt_and_closes_the_figure():
    plt.close("all")
    image = chart("Bar chart: two bars")
    assert plt.get_fignums() == []
    data, metadata = _FORMATTER.format(image)
    assert metadata["image/png"]["alt"] == "Bar chart: two bars"
    assert 0 < metadata["image/png"]["width"] < 800
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_figure_without_alt_refused(alt):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt text"):
        show.figure_image(fig, alt)
    plt.close(fig)


# ------------------------------------------------------------------ the page


@pytest.fixture(scope="module")
def page_en():
    nb = notebook()
    html = render.to_html(
        nb,
        lang="en",
        title="Thanh Hóa <test>: digital economy brief",
        links={"index": "../../index.html", "other_lang": "../vi/thanh-hoa.html"},
        generated=dt.date(2026, 11, 25),
    )
    return nb, html, Page(html)


def test_page_language_title_and_one_h1(page_en):
    _, html, page = page_en
    assert page.all("html") == [{"lang": "en"}]
    assert len(page.all("h1")) == 1
    assert "<h1>Thanh Hóa &lt;test&gt;: digital economy brief</h1>" in html
    assert "<title>Thanh Hóa &lt;test&gt;: digital economy brief</title>" in html


def test_page_header_links_and_footer(page_en):
    _, html, page = page_en
    hrefs = [a["href"] for a in page.all("a")]
    assert hrefs[:2] == ["../../index.html", "../vi/thanh-hoa.html"]
    assert {"href": "../vi/thanh-hoa.html", "hreflang": "vi", "lang": "vi"} in page.all("a")
    assert "Generated on 25 November 2026. Language: English." in html


def test_contents_list_the_h2_of_the_outputs(page_en):
    _, html, page = page_en
    toc = re.search(r'<nav class="toc" aria-labelledby="toc-title">(.*?)</nav>', html, re.S)
    items = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc.group(1))
    assert items == [
        ("key-findings", "Key findings"),
        ("trend-outlook", "Trend &amp; outlook"),
        ("sources", "Sources"),
    ]
    ids = {a.get("id") for _, a in page.tags}
    assert all(anchor in ids for anchor, _ in items)


def test_only_outputs_reach_the_page(page_en):
    _, html, page = page_en
    assert "Working notes" not in html  # tagged remove
    assert "UserWarning" not in html and "&lt;Axes" not in html  # stderr, plain reprs
    assert "# code" not in html
    assert page.all("script") == [] and page.all("link") == []
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_chart_is_an_embedded_image_with_its_alt(page_en):
    _, _, page = page_en
    [img] = page.all("img")
    assert img["src"].startswith("data:image/png;base64,")
    assert img["alt"].startswith("Line chart: synthetic values")


def test_duplicate_headings_get_distinct_ids():
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(output(show.md("## Notes\n\ntext\n\n## Notes"))),
            cell(nbformat.v4.new_output("display_data", data={"text/html": "<h2>Notes</h2>"})),
        ]
    )
    html = render.to_html(nb, lang="en", title="T", links={})
    assert re.findall(r'<h2 id="([^"]+)">Notes</h2>', html) == ["notes", "notes-2", "notes-3"]


def test_vietnamese_page_uses_the_catalogue():
    html = render.to_html(
        notebook(), lang="vi", title="T", links={"index": "i.html"}, generated=dt.date(2026, 1, 5)
    )
    assert '<html lang="vi">' in html
    assert "Mục lục" in html and "Danh sách bản tin" in html
    assert "Ngôn ngữ: Tiếng Việt." in html


def test_notebook_is_not_modified(page_en):
    nb, _, _ = page_en
    assert "text/html" not in nb.cells[0].outputs[0].data  # markdown rendered on a copy


def test_unknown_language_refused():
    with pytest.raises(ValueError, match="unknown language"):
        render.to_html(notebook(), lang="fr", title="T", links={})


# ------------------------------------------------------------------ files


def test_write_atomic_text_and_bytes(tmp_path):
    path = tmp_path / "a" / "b.html"
    files.write_atomic(path, "Thanh Hóa")
    assert path.read_text(encoding="utf-8") == "Thanh Hóa"
    files.write_atomic(path, b"%PDF-1.7")
    assert path.read_bytes() == b"%PDF-1.7"
    assert [p.name for p in path.parent.iterdir()] == ["b.html"]


def test_pdf_command_refuses_a_folder_without_briefs(tmp_path, capsys):
    with pytest.raises(SystemExit):
        pdf.main([str(tmp_path)])
    assert "build them first" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("former/bac-ninh.html", '<a href="former/bac-ninh.html">T&amp;C</a>'),
        ("../bac-ninh.html", '<a href="../bac-ninh.html">T&amp;C</a>'),
        ("/etc/passwd.html", "T&amp;C"),
        ("https://example.org/x.html", "T&amp;C"),
        ("javascript:alert(1)//x.html", "T&amp;C"),
        ("../../data/figures.csv", "T&amp;C"),
        ("", "T&amp;C"),
    ],
)
def test_brief_link_only_for_relative_briefs(href, expected):
    assert str(show.brief_link(href, "T&C")) == expected


def test_a_charts_title_leads_its_alt_text():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    ax.set_title("Title set in the cell")
    img = show.figure_image(fig, alt="two points")
    _data, metadata = img._repr_png_()
    assert metadata["alt"] == "Title set in the cell. two points"


def test_references_and_the_sources_table():
    assert show.refs_text(["b", "a", "b", ""], {"a": 3, "b": 1}) == "[1, 3]"
    assert show.refs_text([], {"a": 3}) == ""
    with pytest.raises(KeyError, match="not in the page's sources: unknown, zz"):
        show.refs_text(["a", "zz", "unknown"], {"a": 3})
    refs = pd.DataFrame(  # SYNTHETIC sources (tests only)
        {
            "ref": [1, 2],
            "title_en": ["Report <one>", "Release"],
            "title_vi": ["Báo cáo", "Thông cáo"],
            "publisher_en": ["Office", "Agency"],
            "publisher_vi": ["Văn phòng", "Cơ quan"],
            "published": ["2024-05", None],
            "url": ["https://example.org/r", "javascript:alert(1)"],
        }
    )
    table = show.sources_table(refs, "vi")
    assert list(table.columns) == ["#", "Tiêu đề", "Cơ quan công bố", "Ngày công bố", "Liên kết"]
    assert list(table["Ngày công bố"]) == ["5/2024", "–"]
    html = show.show_table(table).data
    assert '<a href="https://example.org/r">xem</a>' in html and "javascript" not in html
    assert "Báo cáo" in html
    english = show.sources_table(refs, "en")
    assert list(english["Published"]) == ["May 2024", "–"]
    assert "Report &lt;one&gt;" in show.show_table(english).data


def test_footnotes_number_each_note_once_and_escape_it():
    markers, notes = show.footnotes(["a <b>", "", "a <b>", "second"])
    assert markers == ["(1)", "", "(1)", "(2)"]
    html = notes.data
    assert "(1) a &lt;b&gt;" in html and "(2) second" in html and '<p class="notes">' in html
    assert show.footnotes(["", None]) == (["", ""], None)
