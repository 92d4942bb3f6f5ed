"""The curation assistant: each trap of the published formats, the rows it makes, the command.

Every sentence and number in this file is SYNTHETIC (made up for the tests), written the
way Vietnamese provincial reports and the press write figures.
"""

import csv
import io
import re
import subprocess
import sys

import pytest

from helpers import curate, numbers

from conftest import ROOT, places


@pytest.fixture(scope="module")
def vocab(dataset):
    return curate.vocabulary(dataset.indicators)


def figures(text, vocab):
    found, _ = curate.extract(text, vocab)
    return found


def one(text, vocab):
    found = figures(text, vocab)
    assert len(found) == 1, [c.published_text for c in found]
    return found[0]


def reasons(text):
    _, skipped = curate.extract(text, curate.Vocabulary({}, {}, frozenset(), {}))
    return {s.text: s.reason for s in skipped}


# --- numbers as written ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "value", "unit"),
    [
        ("Tỉnh đã cấp 105.815 tem truy xuất nguồn gốc.", "105.815 tem", 105815, "count"),
        ("Kinh phí hỗ trợ là 11,9 tỷ đồng.", "11,9 tỷ đồng", 11.9, "bn VND"),
        ("Số tiền nộp qua ứng dụng đạt 40.5% tổng số.", "40.5%", 40.5, "%"),
        ("Có 1.234.567 giao dịch trực tuyến.", "1.234.567 giao dịch", 1234567, "count"),
        ("Doanh thu đạt 4.884,176 tỷ đồng.", "4.884,176 tỷ đồng", 4884.176, "bn VND"),
        ("Có 1,2 triệu tài khoản thanh toán.", "1,2 triệu tài khoản", 1_200_000, "count"),
        ("Có 12 nghìn hộ kinh doanh bán hàng trực tuyến.", "12 nghìn hộ", 12_000, "count"),
        ("Doanh thu đạt 3,5 nghìn tỷ đồng.", "3,5 nghìn tỷ đồng", 3500, "bn VND"),
        ("Tỉnh hỗ trợ 500 triệu đồng cho các hợp tác xã.", "500 triệu đồng", 0.5, "bn VND"),
        ("Số doanh nghiệp nộp thuế điện tử là 11.369.", "11.369", 11369, "count"),
    ],
)
def test_thousands_dot_decimal_comma_and_magnitude_words(text, published, value, unit, vocab):
    c = one(text, vocab)
    assert (c.published_text, c.unit) == (published, unit)
    assert c.value == pytest.approx(value)


def test_decimal_comma_and_decimal_point_in_one_text(vocab):
    text = "Tỷ lệ đạt 6,27% năm 2022; số thuế nộp điện tử đạt tỷ lệ 95.8%; có 11.361 sản phẩm."
    assert [c.value for c in figures(text, vocab)] == [6.27, 95.8, 11361]


@pytest.mark.parametrize(
    ("text", "published", "note"),
    [
        ("Mức hỗ trợ là 500.000 đồng/hộ.", "500.000 đồng/hộ", "not an indicator unit"),
        ("Kim ngạch đạt 1,5 tỷ USD.", "1,5 tỷ USD", "not an indicator unit"),
        ("Diện tích 120 ha được số hóa.", "120 ha", "not an indicator unit"),
        ("Tỷ lệ tăng 2,1 điểm phần trăm.", "2,1 điểm phần trăm", "percentage points"),
    ],
)
def test_a_measure_no_indicator_has_is_kept_without_a_unit(text, published, note, vocab):
    c = one(text, vocab)
    assert (c.published_text, c.unit, c.indicator) == (published, "", "") and note in c.note


def test_an_ambiguous_number_is_kept_with_its_question(vocab):
    c = one("Có 1,234 tài khoản được mở.", vocab)
    assert c.value is None and "ambiguous" in c.note


@pytest.mark.parametrize(
    ("text", "published", "qualifier"),
    [
        ("Tỉnh cung cấp hơn 105.815 tem.", "hơn 105.815 tem", ">"),
        ("Có trên 854.000 tài khoản.", "trên 854.000 tài khoản", ">"),
        ("Phấn đấu có ít nhất 100 doanh nghiệp số.", "ít nhất 100 doanh nghiệp", ">="),
        ("Tỷ lệ đạt từ 15% trở lên.", "từ 15% trở lên", ">="),
        ("Tỷ lệ hộ nghèo dưới 5%.", "dưới 5%", "<"),
        ("Mức hỗ trợ tối đa 10 tỷ đồng.", "tối đa 10 tỷ đồng", "<="),
        ("Có khoảng 6.500 doanh nghiệp.", "khoảng 6.500 doanh nghiệp", "~"),
        ("Sản phẩm được dán tem hơn (105.815 tem).", "hơn 105.815 tem", ">"),
    ],
)
def test_bounds_come_with_their_words(text, published, qualifier, vocab):
    c = one(text, vocab)
    assert (c.published_text, c.qualifier) == (published, qualifier)


def test_every_published_text_reads_back_as_the_loader_reads_it(vocab):
    text = (
        "Năm 2024, doanh thu thương mại điện tử ước đạt hơn 1,5 nghìn tỷ đồng; có trên 1,2 triệu "
        "tài khoản thanh toán không dùng tiền mặt, khoảng 5.000 DN sử dụng nền tảng số và 100% "
        "doanh nghiệp sử dụng hóa đơn điện tử. Tỷ trọng kinh tế số đạt 7,2% (sơ bộ)."
    )
    found = figures(text, vocab)
    assert len(found) == 5
    for c in found:
        pub = numbers.parse_published(c.published_text)
        unit, factor = numbers.unit_of(pub.unit)
        assert (unit, pub.value * factor, pub.qualifier) == (c.unit, pytest.approx(c.value),
                                                               c.qualifier)  # fmt: skip


# --- what is not a figure --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "token", "reason", "figure"),
    [
        ("Theo Quyết định 411/QĐ-TTg, tỉnh đạt 20%.", "411/QĐ-TTg", "document number", "20%"),
        ("Nghị quyết 06-NQ/TU của Tỉnh ủy đặt mục tiêu 30%.", "06-NQ/TU", "document number",
         "30%"),
        ("Thực hiện Nghị quyết số 52 của Bộ Chính trị, có 20 doanh nghiệp.",
         "Nghị quyết số 52", "document number", "20 doanh nghiệp"),
        ("Quyết định 1354 ban hành bộ chỉ số; có 12 lớp.", "Quyết định 1354",
         "document number", "12 lớp"),
        ("Ngày 20/5/2025, tỉnh công bố 15 sản phẩm.", "20/5/2025", "date", "15 sản phẩm"),
        ("Hưởng ứng Ngày Chuyển đổi số quốc gia (10/10), có 300 người tham gia.", "10/10", "date",
         "300 người"),
        ("Ngày hội số 10.10, có 300 người tham gia.", "10.10", "date", "300 người"),
        ("Tháng 10/2024, có 40 lớp tập huấn.", "Tháng 10/2024", "period", "40 lớp"),
        ("Năm 2024 có 12 lớp.", "2024", "year", "12 lớp"),
        ("Trong 2 năm qua, có 12 lớp.", "2", "duration", "12 lớp"),
        ("Người dân từ 15 tuổi có tài khoản đạt 70%.", "15", "duration", "70%"),
        ("Hội nghị lần thứ 3 có 200 đại biểu.", "3", "ordinal", "200"),
        ("Cách mạng công nghiệp 4.0 mở ra 10 mô hình.", "4.0", "version", "10 mô hình"),
        ("Sau đại dịch COVID-19, có 30 cửa hàng.", "COVID-19", "name", "30 cửa hàng"),
        ("Liên hệ: điện thoại 0238.3852.456 hoặc hotline 1900 1234; có 5 tổ.",
         "điện thoại 0238.3852.456", "phone", "5 tổ"),
        ("Trụ sở tại số 12 đường Lê Lợi, phường 3; có 8 phòng ban.", "số 12 đường", "address",
         "8"),
        ("Sản phẩm lên sàn postmart.vn đạt 152 sản phẩm.", "postmart.vn", "web", "152 sản phẩm"),
        ("Các nhóm: (1) hạ tầng số đạt 90%; (2) nhân lực số đạt 60%.", "(1)", "list number",
         "90%"),
        ("Cập nhật lúc 09:14:00, có 12 lớp.", "09:14:00", "time", "12 lớp"),
        ("Gần 1/3 số xã có 12 lớp.", "1/3", "a fraction", "12 lớp"),
    ],
)  # fmt: skip
def test_years_dates_documents_and_names_are_not_figures(text, token, reason, figure, vocab):
    found = reasons(text)
    assert token in found and reason in found[token], found
    assert figures(text, vocab)[0].published_text == figure


def test_a_list_number_does_not_end_a_sentence():
    found = curate.sentences("1. Về hạ tầng: có 90% hộ có cáp quang.\n2) Tiếp theo.")
    assert [s.text for s in found] == ["1. Về hạ tầng: có 90% hộ có cáp quang.", "2) Tiếp theo."]
    assert reasons("1. Về hạ tầng: có 90% hộ có cáp quang.") == {"1.": "a list number"}


def test_sentences_end_at_full_stops_not_in_numbers_or_abbreviations():
    text = "Tại TP. Thanh Hóa có 105.815 tem. Năm 2023 đạt 7,2%. Cùng với đó…tiền mặt.Cùng lúc"
    assert [s.text for s in curate.sentences(text)] == [
        "Tại TP. Thanh Hóa có 105.815 tem.",
        "Năm 2023 đạt 7,2%.",
        "Cùng với đó…tiền mặt.",
        "Cùng lúc",
    ]


# --- ranges and periods ------------------------------------------------------------------


def test_periods_come_from_the_sentence_not_from_a_comparison(vocab):
    text = (
        "Tỷ trọng kinh tế số trong GRDP năm 2022 đạt 6,27%, năm 2023 đạt 7,2%. Trong 2 năm "
        "2022-2023, tỉnh đã hỗ trợ 11,9 tỷ đồng. Doanh thu thương mại điện tử đạt 250 tỷ đồng, "
        "tăng 20% so với năm 2023. Giai đoạn 2021 - 2025 có 40 lớp khởi sự kinh doanh."
    )
    found = figures(text, vocab)
    assert [(c.value, c.period) for c in found] == [
        (6.27, "2022"), (7.2, "2023"), (11.9, "2022-2023"), (250, ""), (20, ""),
        (40, "2021-2025"),
    ]  # fmt: skip


def test_a_target_range_has_both_ends(vocab):
    c = one("Mục tiêu đến năm 2030, tỷ trọng kinh tế số đạt 35–40% GRDP.", vocab)
    assert (c.value, c.value_high, c.qualifier, c.kind, c.period) == (
        35, 40, "range", "target", "2030"
    )  # fmt: skip
    assert c.indicator == "de_share"


# --- kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Tỷ trọng kinh tế số ước đạt 14,02%.", ["estimate"]),
        ("Dự kiến doanh thu thương mại điện tử đạt khoảng 250 tỷ đồng, tăng 20%.",
         ["forecast", "forecast"]),
        ("Tỷ trọng kinh tế số đạt 6,5% (sơ bộ).", ["preliminary"]),
        ("Tỷ trọng kinh tế số năm 2024 đạt 7,1%, ước tính.", ["estimate"]),
        ("Theo số liệu sơ bộ, tỷ trọng kinh tế số đạt 12,3%.", ["preliminary"]),
        ("Kế hoạch năm 2025: doanh thu thương mại điện tử 300 tỷ đồng.", ["plan"]),
        ("Tỉnh phấn đấu đến năm 2025 có ít nhất 100 doanh nghiệp số; đến năm 2030 có ít nhất "
         "150 doanh nghiệp số.", ["target", "target"]),
        ("Mục tiêu tỷ trọng kinh tế số đạt 20% GRDP.", ["target"]),
        ("Cần có chính sách để 100% người dân có điện thoại thông minh (theo nghiên cứu, 91% "
         "người dân có điện thoại).", ["target", "actual"]),
        ("Tỉnh phấn đấu đến năm 2025 đạt 100 doanh nghiệp số; hiện nay đã có 50 doanh nghiệp số.",
         ["target", "actual"]),
        ("Năm 2023, doanh thu đạt 200 tỷ đồng; dự kiến năm 2024 đạt 250 tỷ đồng.",
         ["actual", "forecast"]),
        ("Thực hiện Kế hoạch số 45 của UBND tỉnh, đã có 30 lớp.", ["actual"]),
    ],
)  # fmt: skip
def test_kind_words_before_and_after_the_number(text, kinds, vocab):
    assert [c.kind for c in figures(text, vocab)] == kinds


def test_a_horizon_without_a_target_word_is_noted(vocab):
    c = one("Đến năm 2025, 100% hồ sơ được số hóa.", vocab)
    assert c.kind == "actual" and "a target?" in c.note


# --- ranks and changes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "rank", "base", "qualifier"),
    [
        ("Năm 2023, chỉ số DTI của tỉnh xếp thứ 15/34.", "xếp thứ 15/34", 15, 34, "="),
        ("Tỉnh đứng thứ 3 cả nước về chỉ số chuyển đổi số.", "đứng thứ 3", 3, None, "="),
        ("Chỉ số DTI xếp thứ 25 trên 63 tỉnh, thành phố.", "xếp thứ 25", 25, 63, "="),
        ("Tỉnh phấn đấu chỉ số DTI vào top 10.", "top 10", 10, None, "<="),
        ("Tỉnh dẫn đầu cả nước về chỉ số chuyển đổi số.", "dẫn đầu", 1, None, "="),
        ("Tỉnh tiếp tục xếp vị trí thứ ba về chỉ số DTI.", "thứ ba", 3, None, "="),
        ("Chỉ số DTI của tỉnh xếp thứ hạng 20 trên tổng số 56 địa phương.", "xếp thứ hạng 20",
         20, 56, "="),
    ],
)  # fmt: skip
def test_ranks_with_their_base(text, published, rank, base, qualifier, vocab):
    c = one(text, vocab)
    assert (c.published_text, c.value, c.base, c.unit, c.qualifier) == (
        published, rank, base, "rank", qualifier
    )  # fmt: skip
    assert c.indicator == "dti_rank"
    assert qualifier == "<=" or numbers.parse_rank(published) == rank


def test_a_change_is_its_own_figure_never_a_level(vocab):
    text = "Năm 2023, chỉ số DTI của tỉnh xếp thứ 15/63, tăng 22 bậc so với năm 2022."
    rank, change = figures(text, vocab)
    assert (rank.value, rank.indicator, rank.change) == (15, "dti_rank", "")
    assert (change.value, change.unit, change.change, change.indicator) == (22, "", "increase", "")
    assert "not a level" in change.note


@pytest.mark.parametrize(
    ("text", "value", "change", "indicator"),
    [
        ("Doanh thu thương mại điện tử đạt 250 tỷ đồng, tăng 8,5%.", 8.5, "increase",
         "ecommerce_revenue_growth"),
        ("Tăng trưởng doanh thu thương mại điện tử đạt 18%.", 18, "increase",
         "ecommerce_revenue_growth"),
        ("Doanh thu thương mại điện tử giảm 3%.", 3, "decrease", "ecommerce_revenue_growth"),
        ("Tỷ trọng kinh tế số tăng 1,5%.", 1.5, "increase", ""),
    ],
)  # fmt: skip
def test_a_change_gets_a_change_indicator_or_none(text, value, change, indicator, vocab):
    c = figures(text, vocab)[-1]
    assert (c.value, c.change, c.indicator) == (value, change, indicator)


def test_lower_or_higher_than_is_a_change_not_a_bound(vocab):
    rank, change = figures("Chỉ số EBI của tỉnh xếp thứ 4, thấp hơn 1 hạng so với năm 2023.", vocab)
    assert (rank.value, rank.indicator) == (4, "ebi_rank")
    assert (change.published_text, change.qualifier, change.change) == ("1 hạng", "=", "decrease")


def test_points_before_a_bracket_are_points_and_places_are_a_count(vocab):
    found = figures("Chỉ số thành phần đạt 70 điểm (xếp thứ 3); có 1.500 điểm bưu chính.", vocab)
    assert [(c.published_text, c.unit) for c in found] == [
        ("70 điểm", "points"), ("xếp thứ 3", "rank"), ("1.500 điểm bưu chính", "count")
    ]  # fmt: skip


def test_from_and_to_are_two_levels(vocab):
    low, high = figures("Tỷ trọng kinh tế số tăng từ 5% lên 7%.", vocab)
    assert [(c.published_text, c.qualifier, c.change) for c in (low, high)] == [
        ("5%", "=", ""),
        ("7%", "=", ""),
    ]


def test_numbers_listed_after_a_rank_are_ranks(vocab):
    found = figures("Ba tỉnh giữ vị trí thứ 5, 6 và 7 về chỉ số DTI.", vocab)
    assert [(c.value, c.unit) for c in found] == [(5, "rank"), (6, "rank"), (7, "rank")]


# --- the indicator guess -----------------------------------------------------------------


def test_the_unit_picks_between_indicators_with_the_same_words(vocab):
    found = figures(
        "Có 100% doanh nghiệp sử dụng hoá đơn điện tử; 7.112 đơn vị đăng ký sử dụng hoá đơn "
        "điện tử.",
        vocab,
    )
    assert [c.indicator for c in found] == ["einvoice_share", "einvoice_units"]


def test_the_words_nearest_a_figure_name_it(vocab):
    found = figures("Tỉnh đưa 152 sản phẩm OCOP và 11.361 sản phẩm đặc trưng lên sàn TMĐT.", vocab)
    assert [c.indicator for c in found] == ["ocop_products_online", "local_products_online"]


def test_abbreviations_and_tone_marks_are_read(vocab):
    c = one("Dự kiến doanh thu từ các hoạt động TMĐT đạt 300 tỉ đồng.", vocab)
    assert (c.indicator, c.value, c.kind) == ("ecommerce_revenue", 300, "forecast")


def test_a_clause_with_its_own_subject_does_not_borrow_the_sentence_s(vocab):
    found = figures(
        "Tỷ lệ dân số có điện thoại thông minh đạt 85%; tỷ lệ phủ sóng di động tới thôn, "
        "làng, tổ dân phố đạt 100%.",
        vocab,
    )
    assert [c.indicator for c in found] == ["smartphone_share", ""]


def test_a_rank_is_named_by_its_score_s_words(vocab):
    c = one("Năm 2023, trụ cột chính quyền số xếp thứ 18.", vocab)
    assert c.indicator == "dti_gov_rank"


def test_two_indicators_equally_near_give_no_guess_and_a_note():
    vocab = curate.vocabulary(
        [
            {"indicator_id": "a", "unit": "%", "name_en": "A", "keywords": "hạ tầng số"},
            {"indicator_id": "b", "unit": "%", "name_en": "B", "keywords": "nhân lực số"},
        ]
    )
    c = one("Hạ tầng số 50% nhân lực số.", vocab)  # both right beside the figure
    assert c.indicator == "" and "a or b?" in c.note


def test_keywords_name_one_indicator_even_without_diacritics(dataset):
    seen = {}
    for row in dataset.indicators.itertuples():
        for phrase in filter(None, row.keywords.split(";")):
            key = tuple(w for w, _ in curate._words(phrase))
            assert seen.setdefault(key, row.indicator_id) == row.indicator_id, phrase


def test_a_repeated_figure_is_noted(vocab):
    found = figures("Có 850 doanh nghiệp được hỗ trợ. Nay 850 doanh nghiệp được hỗ trợ.", vocab)
    assert "repeats row 0" in found[1].note and "repeats" not in found[0].note


# --- reading articles ----------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Tiêu đề trang</title>
<meta property="og:title" content="Chuyển đổi số ở tỉnh">
<meta property="og:url" content="https://example.org/bai-viet.html">
<meta property="article:published_time" content="2024-11-20T08:00:00+07:00">
<style>p { color: red }</style><script>var x = "có 999 doanh nghiệp";</script></head>
<body><nav>Trang chủ | Có 777 tin</nav>
<article><h1>Chuyển đổi số</h1><p>Tỉnh có 5.000&nbsp;DN &amp; hộ kinh doanh.</p>
<p>Tỷ trọng kinh tế số đạt <b>7,2%</b>.</p></article>
<footer>Điện thoại: 0238.3852.456</footer></body></html>"""


def test_an_html_page_gives_its_article_text_and_its_record():
    article = curate.article_text(PAGE.encode("utf-8"), "page.html")
    assert article.text.split("\n") == [
        "Chuyển đổi số",
        "Tỉnh có 5.000 DN & hộ kinh doanh.",
        "Tỷ trọng kinh tế số đạt 7,2%.",
    ]
    assert (article.title, article.url, article.published) == (
        "Chuyển đổi số ở tỉnh", "https://example.org/bai-viet.html", "2024-11-20"
    )  # fmt: skip


def test_a_page_in_another_declared_charset_is_decoded():
    page = '<html><head><meta charset="windows-1258"></head><body><p>Có 12 tem.</p></body></html>'
    article = curate.article_text(page.encode("cp1258"))  # "ó" is byte 0xf3: not UTF-8
    assert article.text == "Có 12 tem."


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"C\xf3 12 l\xe1p", "not UTF-8 text (byte 0xf3 at offset 1)"),
        (b"   \n ", "no text"),
        (b'<html><meta charset="klingon"><p>x</p></html>', "unknown charset 'klingon'"),
    ],
)
def test_an_unreadable_article_is_named(raw, message):
    with pytest.raises(curate.ArticleError, match=re.escape(message)) as err:
        curate.article_text(raw, "bai.txt")
    assert str(err.value).startswith("bai.txt: ")


# --- the table -----------------------------------------------------------------------------


def test_the_table_suggests_what_the_text_says(dataset):
    area = places().resolve("Thanh Hóa", basis="63")
    text = (
        "Theo báo cáo, Thanh Hoá đã hỗ trợ 11,9 tỷ đồng trong 2 năm 2022-2023 theo chính sách "
        "hỗ trợ doanh nghiệp."
    )
    frame = curate.candidates(text, dataset, area, "synthetic-src")
    assert list(frame.columns) == curate.COLUMNS
    row = frame.iloc[0]
    assert (row.id, row.basis, row.province_code, row.name_as_published) == (
        "synthetic-src-01", "63", "38", "Thanh Hoá"
    )  # fmt: skip
    assert (row.indicator, row.series, row.period, row.period_type) == (
        "sme_support_spending", "vptu-thanh-hoa-sme-support-spending", "2022-2023", "total"
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(curate.csv_text(frame))))
    assert rows[0] == curate.COLUMNS and rows[1][:3] == ["11,9 tỷ đồng", "11.9", "bn VND"]


# --- the command ---------------------------------------------------------------------------

ARTICLE = "Năm 2023, Thanh Hóa có 1.500 doanh nghiệp công nghệ số, tăng 12% so với năm 2022.\n"


def test_the_command_writes_the_candidates_atomically(tmp_path, capsys):
    article = tmp_path / "bai.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out" / "candidates.csv"
    code = curate.main([str(article), "--province", "thanh hoa", "--source-id", "x-1",
                        "--out", str(out)])  # fmt: skip
    assert code == 0 and capsys.readouterr().err == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["published_text"], r["value"], r["indicator"], r["period"]) for r in rows] == [
        ("1.500 doanh nghiệp", "1500", "digital_tech_enterprises", "2023"),
        ("12%", "12", "", "2023"),
    ]
    assert rows[0]["source_id"] == "x-1" and rows[0]["basis"] == "34"
    assert [p.name for p in out.parent.iterdir()] == ["candidates.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{a}", "--province", "Thanh Hao"], "unknown province 'Thanh Hao'"),
        (["{a}", "--province", "Hà Giang"], "--basis 63"),
        (["{a}"], "required: --province"),
        (["{a}", "--province", "38", "--basis", "12"], "invalid choice: '12'"),
        (["{a}", "--province", "38", "--source-id", "Bad Id"], "lower-case id expected"),
        (["{d}/missing.txt", "--province", "38"], "cannot read the article"),
        (["{bad}", "--province", "38"], "not UTF-8 text (byte 0xff at offset 0)"),
        (["{a}", "--province", "38", "--data-dir", "{d}/nodata"], "data folder not found"),
        (["{a}", "--province", "38", "--out", "{d}"], "--out"),
    ],
)
def test_the_command_says_what_is_wrong_in_one_line(tmp_path, capsys, args, message):
    (tmp_path / "bai.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe")
    paths = {"a": tmp_path / "bai.txt", "bad": tmp_path / "bad.txt", "d": tmp_path}
    code = curate.main([a.format(**paths) for a in args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
    assert "Traceback" not in err


def test_the_command_reads_standard_input_and_writes_standard_output():
    run = subprocess.run(
        [sys.executable, "-m", "helpers.curate", "-", "--province", "Hà Tĩnh", "--basis", "63"],
        input="<html><body><p>Tỷ trọng kinh tế số đạt 7,2%.</p></body></html>".encode(),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8"))))
    assert [(r["value"], r["indicator"], r["province"]) for r in rows] == [
        ("7.2", "de_share", "Hà Tĩnh")
    ]


# --- appending reviewed rows ---------------------------------------------------------------

SOURCE = {
    "source_id": "synthetic-article",
    "title_vi": "Bài báo thử nghiệm (số liệu giả lập)",
    "title_en": "Test article (synthetic figures)",
    "publisher_vi": "Nhóm kiểm thử",
    "publisher_en": "Test team",
    "published": "2024-11-20",
    "language": "vi",
    "kind": "article",
}
SYNTHETIC = (
    "Năm 2023, Thanh Hóa có 1.234 doanh nghiệp công nghệ số. Tỉnh phấn đấu đến năm 2030 có "
    "ít nhất 2.000 doanh nghiệp công nghệ số. Tỉnh đã hỗ trợ 11,9 tỷ đồng trong 2 năm 2022-2023 "
    "theo chính sách hỗ trợ doanh nghiệp."
)


@pytest.fixture
def reviewed(dataset):
    area = places().resolve("Thanh Hóa", basis="63")
    rows = curate.candidates(SYNTHETIC, dataset, area, "synthetic-article")
    rows.loc[0, "series"] = "mic-dept-digital-tech-enterprises"
    target = rows.kind == "target"  # the reviewer names the document that set a target
    rows.loc[target, "document_vi"] = "Kế hoạch giả lập (thử nghiệm)"
    rows.loc[target, "document_en"] = "A synthetic plan (test)"
    return rows


def _bytes(folder):
    return {n: (folder / n).read_bytes() for n in ("figures.csv", "targets.csv", "sources.csv")}


def test_append_adds_rows_sources_and_targets_that_load(data_copy, reviewed):
    from helpers import data

    before = _bytes(data_copy)
    result = curate.append(reviewed, SOURCE, data_copy)
    assert result.written
    after = _bytes(data_copy)
    for name in after:  # appended at the end, nothing else touched
        assert after[name].startswith(before[name]) and after[name] != before[name]
    actions = dict(zip(result.report.id, result.report.action, strict=True))
    assert actions == {
        "synthetic-article-01": "added",
        "synthetic-article-t1": "added",
        "synthetic-article-02": "duplicate of th-01: not added",
        "synthetic-article": "added",
    }
    ds = data.load(data_copy)
    fig = ds.figures.set_index("figure_id").loc["synthetic-article-01"]
    assert (fig.value, fig.unit, fig.period, fig.kind, fig.published_text) == (
        1234.0, "count", "2023", "actual", "1.234 doanh nghiệp"
    )  # fmt: skip
    target = ds.targets.set_index("target_id").loc["synthetic-article-t1"]
    assert (target.year, target.comparison, target.value) == (2030, ">=", 2000.0)
    lines = after["figures.csv"].decode().splitlines()
    assert lines[-1].startswith("synthetic-article-01,63,38,Thanh Hóa,Thanh Hóa,")
    assert result.report.set_index("id").line["synthetic-article-01"] == len(lines)


def test_append_again_adds_nothing_twice(data_copy, reviewed):
    curate.append(reviewed, SOURCE, data_copy)
    before = _bytes(data_copy)
    result = curate.append(reviewed, SOURCE, data_copy)
    assert not result.written and _bytes(data_copy) == before
    assert set(result.report.action) == {
        "duplicate of synthetic-article-01: not added",
        "duplicate of synthetic-article-t1: not added",
        "duplicate of th-01: not added",
        "already in sources.csv: not added",
    }


def test_a_bad_row_writes_nothing_and_is_named_by_file_line_column(data_copy, reviewed):
    before = _bytes(data_copy)
    reviewed.loc[0, "value"] = 1243.0  # a slip: the published text says 1.234
    with pytest.raises(curate.AppendError) as err:
        curate.append(reviewed, SOURCE, data_copy)
    line = before["figures.csv"].decode().count("\n") + 1
    assert f"figures.csv:{line}: value: '1243' differs from the published text" in str(err.value)
    assert "(row 0)" in str(err.value) and str(err.value).startswith("nothing was written")
    assert _bytes(data_copy) == before
    assert sorted(p.name for p in data_copy.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r, s: r.drop(columns=["series"]), "rows: series: missing column"),
        (lambda r, s: r.assign(seriez=""), "rows: seriez: unknown column"),
        (lambda r, s: s.update(source_id="art-003-ha-tinh", title_vi="Khác"),
         "sources.csv:3: title_vi: 'art-003-ha-tinh' is already in sources.csv with another"),
        (lambda r, s: s.update(title_en=""), "sources.csv:"),
    ],
)  # fmt: skip
def test_append_refuses_rows_or_a_source_it_cannot_add(data_copy, reviewed, change, message):
    rows, source = reviewed.copy(), dict(SOURCE)
    changed = change(rows, source)
    rows = rows if changed is None else changed
    before = _bytes(data_copy)
    with pytest.raises(curate.AppendError, match=re.escape(message)):
        curate.append(rows, source, data_copy)
    assert _bytes(data_copy) == before


def test_a_check_only_writes_nothing(data_copy, reviewed):
    before = _bytes(data_copy)
    result = curate.append(reviewed, SOURCE, data_copy, write=False)
    assert not result.written and _bytes(data_copy) == before
    assert "to be added (checked, not written)" in set(result.report.action)


def test_files_are_replaced_all_or_none(data_copy, reviewed, monkeypatch):
    import os

    before = _bytes(data_copy)
    real, calls = os.replace, []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(OSError, match="No space left"):
        curate.append(reviewed, SOURCE, data_copy)
    monkeypatch.setattr(os, "replace", real)
    assert _bytes(data_copy) == before  # the file replaced first has its bytes back
    assert [p.name for p in data_copy.iterdir() if p.name.endswith(".tmp")] == []
