"""The index page: 34 units in Vietnamese order, former provinces under each, offline."""

import datetime as dt
import re

import pytest

from helpers import provinces
from helpers.index import build_index

from conftest import Rows, places

# Synthetic records (test values, not figures): two units, two former provinces, the overview.
RECORDS = [
    {
        "basis": "34",
        "code": "38",
        "name": "Thanh Hóa",
        "unit_code": "38",
        "paths": {"vi": "briefs/vi/thanh-hoa.html", "en": "briefs/en/thanh-hoa.html"},
        "latest": "2024",
        "values": {"DTI 2024 (rank of 34)": "5/34", "Share 2023": "9,9%"},
        "sort": {"DTI 2024 (rank of 34)": 5},
    },
    {
        "basis": "34",
        "code": "66",
        "name": "Đắk Lắk",
        "unit_code": "66",
        "paths": {"vi": "briefs/vi/dak-lak.html", "en": "briefs/en/dak-lak.html"},
        "latest": "2023",
        "values": {"DTI 2024 (rank of 34)": "30/34 <b>"},
    },
    {
        "basis": "63",
        "code": "54",
        "name": "Phú Yên",
        "unit_code": "66",
        "paths": {"vi": "briefs/vi/former/phu-yen.html", "en": "briefs/en/former/phu-yen.html"},
        "latest": "2022",
        "values": {"DTI 2022 (rank of 63)": "40/63"},
    },
    {
        "basis": "63",
        "code": "66",
        "name": "Đắk Lắk",
        "unit_code": "66",
        "paths": {"vi": "briefs/vi/former/dak-lak.html", "en": "briefs/en/former/dak-lak.html"},
        "latest": "",
        "values": {},
    },
    {
        "basis": "national",
        "code": "VN",
        "name": "Việt Nam",
        "paths": {"vi": "briefs/vi/overview.html", "en": "briefs/en/overview.html"},
    },
]


@pytest.fixture(scope="module")
def page_vi():
    html = build_index(
        RECORDS,
        "vi",
        units=places().units,
        other_index="index-en.html",
        generated=dt.date(2026, 1, 2),
    )
    return html, Rows(html)


def test_all_34_units_in_vietnamese_order(page_vi):
    _, rows = page_vi
    names = [group[0][1][0].split(" (")[0] for group in rows.groups]
    assert len(names) == 34
    assert sorted(names, key=provinces.sort_key) == names
    assert names.index("Cao Bằng") < names.index("Đà Nẵng") < names.index("Đắk Lắk")
    assert names.index("Đắk Lắk") < names.index("Điện Biên") < names.index("Gia Lai")


def test_former_provinces_under_their_unit(page_vi):
    _, rows = page_vi
    [group] = [g for g in rows.groups if g[0][1][0].startswith("Đắk Lắk")]
    assert [(r[0], r[1][0]) for r in group] == [
        ("unit", "Đắk Lắk"),
        ("former", "Đắk Lắk (tỉnh cũ)"),
        ("former", "Phú Yên (tỉnh cũ)"),
    ]
    assert group[2][2] == ["briefs/vi/former/phu-yen.html", "briefs/en/former/phu-yen.html"]


def test_columns_one_series_per_column_and_no_build_status(page_vi):
    _, rows = page_vi
    assert rows.headers == [
        "Tỉnh, thành phố",
        "Bản tiếng Anh",
        "Năm của số liệu mới nhất",
        "DTI 2024 (rank of 34)",
        "Share 2023",
        "DTI 2022 (rank of 63)",
    ]
    [thanh_hoa] = [g[0] for g in rows.groups if g[0][1][0] == "Thanh Hóa"]
    assert thanh_hoa[1] == ["Thanh Hóa", "English", "2024", "5/34", "9,9%", ""]
    assert thanh_hoa[2] == ["briefs/vi/thanh-hoa.html", "briefs/en/thanh-hoa.html"]
    assert not any(w in " ".join(rows.headers).lower() for w in ("status", "built", "failed"))


def test_units_without_a_brief_are_listed_without_a_link(page_vi):
    _, rows = page_vi
    [hanoi] = [g[0] for g in rows.groups if g[0][1][0].startswith("Hà Nội")]
    assert hanoi[2] == []
    assert hanoi[1][0] == "Hà Nội (chưa có bản tin do chưa có số liệu)"


def test_search_keys_have_no_diacritics(page_vi):
    _, rows = page_vi
    keys = [r[3] for g in rows.groups for r in g]
    assert "dak lak 66" in keys and "thanh hoa 38" in keys
    assert all(k == provinces.fold(k) for k in keys)


def test_data_text_escaped_and_sort_keys(page_vi):
    html, _ = page_vi
    assert "30/34 &lt;b&gt;" in html and "<b>" not in html
    assert 'data-sort="5">5/34</td>' in html


def test_overview_and_other_language_links(page_vi):
    _, rows = page_vi
    hrefs = [a["href"] for a in rows.links]
    assert hrefs[:3] == ["index-en.html", "briefs/vi/overview.html", "briefs/en/overview.html"]
    assert {"href": "index-en.html", "hreflang": "en", "lang": "en"} in rows.links


def test_offline_with_one_inline_script(page_vi):
    html, rows = page_vi
    assert rows.scripts == [{}]  # inline, no src
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert '<html lang="vi">' in html


def test_english_index():
    html = build_index(RECORDS, "en", units=places().units)
    rows = Rows(html)
    assert '<html lang="en">' in html
    assert rows.headers[:3] == ["Province or city", "In Vietnamese", "Year of the latest figure"]
    [thanh_hoa] = [g[0] for g in rows.groups if g[0][1][0] == "Thanh Hóa"]
    assert thanh_hoa[2] == ["briefs/en/thanh-hoa.html", "briefs/vi/thanh-hoa.html"]
    assert thanh_hoa[1][1] == "Tiếng Việt"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"basis": "35", "code": "1", "name": "x"}, "unknown basis"),
        ({"basis": "63", "code": "1", "name": "x", "unit_code": "99"}, "unknown unit code"),
    ],
)
def test_bad_records_refused(record, message):
    with pytest.raises(ValueError, match=message):
        build_index([record], "vi", units=places().units)
