import re

import pytest

from helpers import numbers
from helpers.numbers import format_number, format_value, parse_number, parse_published, unit_of


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("105.815", 105815, "", "="),
        ("11.369", 11369, "", "="),
        ("850.000", 850000, "", "="),
        ("11,9", 11.9, "", "="),
        ("6,27%", 6.27, "%", "="),
        ("40.5%", 40.5, "%", "="),
        ("95.8%", 95.8, "%", "="),
        ("5.000", 5000, "", "="),
        ("11,9 tỷ đồng", 11.9, "tỷ đồng", "="),
        ("khoảng 250 tỷ đồng", 250, "tỷ đồng", "~"),
        ("trên 854.000 tài khoản", 854000, "tài khoản", ">"),
        ("hơn 105.815 tem", 105815, "tem", ">"),
        ("ít nhất 100 doanh nghiệp số", 100, "doanh nghiệp số", ">="),
        ("1.234.567", 1234567, "", "="),
        ("4.884,176 tỷ đồng", 4884.176, "tỷ đồng", "="),
        ("  7,2 % ", 7.2, "%", "="),
    ],
)
def test_parse_published_vietnamese(text, value, unit, qualifier):
    got = parse_published(text)
    assert got.value == pytest.approx(value)
    assert got.unit == unit
    assert got.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "value"),
    [("279,074", 279074), ("4,884.176", 4884.176), ("12.66", 12.66), ("above 10", 10)],
)
def test_parse_published_english_transcriptions(text, value):
    assert parse_published(text, "en").value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("1,234", "'1,234'"),  # comma + three digits: thousands or decimals?
        ("abc", "'abc'"),
        ("", "''"),
        ("1.2.3", "'1.2.3'"),
        ("12.34.567", "'12.34.567'"),
        ("6,27 và 7,2", "'6,27 và 7,2'"),
        ("tăng 20%", "'tăng 20%'"),
        ("1,2,3", "'1,2,3'"),
    ],
)
def test_parse_published_refuses_and_quotes(text, quoted):
    with pytest.raises(ValueError) as err:
        parse_published(text)
    assert quoted in str(err.value)


def test_parse_number_rejects_unknown_convention():
    with pytest.raises(ValueError, match="convention"):
        parse_number("1", "fr")


# Every numeric token of the two source articles, with the value it must read as.
ARTICLE_TOKENS = {
    "000_cb95fc2f36472ae2.txt": {
        "2": 2,
        "2022": 2022,
        "2023": 2023,
        "11,9": 11.9,
        "102": 102,
        "80": 80,
        "22": 22,
        "850": 850,
        "105.815": 105815,
        "854.000": 854000,
        "152": 152,
        "11.361": 11361,
        "850.000": 850000,
        "6.500": 6500,
        "2025": 2025,
        "100": 100,
        "2030": 2030,
        "150": 150,
        "333.015": 333015,
        "40.5": 40.5,
        "11.369": 11369,
        "95.8": 95.8,
    },
    "003_10f7bcb111c61694.txt": {
        "10": 10,
        "2024": 2024,
        "4.0": 4.0,
        "250": 250,
        "20": 20,
        "2023": 2023,
        "2022": 2022,
        "6,27": 6.27,
        "7,2": 7.2,
        "5.000": 5000,
        "100": 100,
        "7.112": 7112,
        "2021": 2021,
        "2025": 2025,
        "91": 91,
    },
}


@pytest.mark.parametrize("name", sorted(ARTICLE_TOKENS))
def test_every_number_in_the_articles(shared_dir, name):
    text = (shared_dir / "sources" / name).read_text(encoding="utf-8")
    tokens = set(re.findall(r"(?<![\w.,])\d[\d.,]*\d|(?<![\w.,])\d", text))
    assert tokens == set(ARTICLE_TOKENS[name])
    for token, expected in ARTICLE_TOKENS[name].items():
        assert parse_number(token) == pytest.approx(expected), token


@pytest.mark.parametrize(
    ("words", "unit", "factor"),
    [
        ("%", "%", 1),
        ("tỷ đồng", "bn VND", 1),
        ("nghìn tỷ đồng", "bn VND", 1000),
        ("tài khoản", "count", 1),
        ("DN", "count", 1),
        ("doanh nghiệp số", "count", 1),
    ],
)
def test_unit_of(words, unit, factor):
    assert unit_of(words) == (unit, factor)


def test_unit_of_unknown_quotes_words():
    with pytest.raises(ValueError, match="'héc-ta'"):
        unit_of("héc-ta")


@pytest.mark.parametrize(
    ("value", "unit", "lang", "qualifier", "expected"),
    [
        (6.27, "%", "vi", "=", "6,27%"),
        (6.27, "%", "en", "=", "6.27%"),
        (854000, "count", "vi", ">", "> 854.000"),
        (854000, "count", "en", ">", "> 854,000"),
        (11.9, "bn VND", "vi", "=", "11,9 tỷ đồng"),
        (11.9, "bn VND", "en", "=", "11.9 billion VND"),
        (100, "count", "en", ">=", "≥ 100"),
        (5000, "count", "vi", "~", "~ 5.000"),
        (0.488, "index", "vi", "=", "0,488"),
    ],
)
def test_format_value(value, unit, lang, qualifier, expected):
    assert format_value(value, unit, lang, qualifier) == expected


def test_format_number_missing_and_bad_language():
    assert format_number(float("nan"), "vi") == "–"
    with pytest.raises(ValueError, match="'fr'"):
        format_number(1, "fr")


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "kind"),
    [
        ("ước đạt 14,02%", 14.02, "=", "estimate"),
        ("ước đạt hơn 216,9 ngàn tỷ đồng", 216.9, ">", "estimate"),
        ("ước tính 13,17%", 13.17, "=", "estimate"),
        ("dự kiến khoảng 250 tỷ đồng", 250, "~", "forecast"),
        ("sơ bộ 12,86%", 12.86, "=", "preliminary"),
        ("khoảng 250 tỷ đồng", 250, "~", ""),
        ("dưới 5%", 5, "<", ""),
        ("tối đa 10%", 10, "<=", ""),
        ("từ 15% trở lên", 15, ">=", ""),
    ],
)
def test_parse_published_kind_words(text, value, qualifier, kind):
    got = parse_published(text)
    assert (got.value, got.qualifier, got.kind) == (pytest.approx(value), qualifier, kind)


def test_kind_word_must_be_a_whole_word():
    with pytest.raises(ValueError, match="unexpected text 'sước'"):
        parse_published("sước 12%")


@pytest.mark.parametrize(
    ("words", "unit", "factor"),
    [("% trở lên", "%", 1), ("% GRDP", "%", 1), ("ngàn tỷ đồng", "bn VND", 1000)],
)
def test_unit_of_percent_phrases_and_ngan(words, unit, factor):
    assert unit_of(words) == (unit, factor)


def test_format_value_upper_bounds():
    assert format_value(5, "%", "vi", "<") == "< 5%"
    assert format_value(10, "count", "en", "<=") == "≤ 10"


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("dẫn đầu", 1),
        ("đứng đầu", 1),
        ("xếp hạng nhất", 1),
        ("thứ ba", 3),
        ("đứng thứ nhì", 2),
        ("thứ hạng 20", 20),
        ("xếp thứ 6", 6),
        ("second place", 2),
        ("sixty-second", 62),
        ("twenty-fourth", 24),
        ("16th", 16),
        ("8e", 8),
        ("14/63", 14),
    ],
)
def test_ranks_written_in_words(text, rank):
    assert numbers.parse_rank(text) == rank


@pytest.mark.parametrize("text", ["khoảng ba", "sixty-tenth", "70/63", "most"])
def test_not_a_rank(text):
    with pytest.raises(ValueError, match="not a rank"):
        numbers.parse_rank(text)


# --- how a figure reads ---------------------------------------------------------------
# The values below are SYNTHETIC (tests only).


def test_figure_text_says_kind_qualifier_and_period():
    row = {"value": 7.2, "unit": "%", "qualifier": "~", "kind": "estimate"}
    row |= {"period": "2020-2023", "period_type": "average"}
    assert numbers.figure_text(row, "vi") == "~ 7,2% (ước tính)"
    assert (
        numbers.figure_text(row, "en", with_period=True) == "~ 7.2% (estimate, average 2020–2023)"
    )
    actual = row | {"kind": "actual", "qualifier": ">", "value": 105815.0, "unit": "count"}
    assert numbers.figure_text(actual, "vi") == "> 105.815"


def test_ranks_read_with_their_base_or_alone():
    import pandas as pd

    rank = {"value": 15.0, "unit": "rank", "qualifier": "=", "kind": "actual", "rank_base": 63}
    assert numbers.figure_text(rank, "en") == "15/63"
    assert numbers.rank_text(15, pd.NA, "vi") == numbers.rank_text(15, None, "vi") == "15"
    with pytest.raises(ValueError, match="unsupported language"):
        numbers.rank_text(15, 63, "fr")


def test_periods_and_targets():
    assert numbers.period_text("2024", "to_date", "vi") == "tính đến năm 2024"
    assert numbers.period_text("2023", "year", "en") == "2023"
    target = {"value": 20.0, "unit": "%", "comparison": ">=", "year": 2025}
    assert numbers.target_text(target, "vi") == "≥ 20% (2025)"
    ceiling = {"target": 5.0, "unit": "%", "comparison": "<=", "target_year": 2030}
    assert numbers.target_text(ceiling, "en") == "≤ 5% (2030)"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("35–40%", 35, 40, "%"),
        ("35-40%", 35, 40, "%"),
        ("từ 35 đến 40%", 35, 40, "%"),
        ("15 - 20 %", 15, 20, "%"),
        ("30%-40%", 30, 40, "%"),
        ("20% đến 25%", 20, 25, "%"),
    ],
)
def test_a_target_published_as_a_range_is_read_as_one(text, low, high, unit):
    got = parse_published(text, ranges=True)
    assert (got.value, got.high, got.unit, got.qualifier) == (low, high, unit, "range")
    with pytest.raises(ValueError, match="more than one number"):
        parse_published(text)  # a figure is never a range


@pytest.mark.parametrize("text", ["40–35%", "trên 35–40%"])
def test_a_range_runs_upwards_and_is_no_bound(text):
    with pytest.raises(ValueError, match=re.escape(repr(text))):
        parse_published(text, ranges=True)


@pytest.mark.parametrize(
    ("text", "value"),
    [("top 10", 10), ("tốp 5", 5), ("trong top 10", 10), ("nhóm 20", 20), ("trong nhóm 10", 10)],
)
def test_top_n_is_an_upper_bound_on_a_rank(text, value):
    got = parse_published(text)
    assert (got.value, got.qualifier) == (value, "<=")


@pytest.mark.parametrize(
    ("text", "rank", "base"),
    [
        ("xếp thứ 15/34", 15, 34),
        ("vị trí thứ 21/63", 21, 63),
        ("xếp hạng 5/34", 5, 34),
        ("đứng thứ 3", 3, None),
        ("giữ vị trí thứ 5", 5, None),
        ("10th out of 34", 10, 34),
        ("16th of 63", 16, 63),
    ],
)
def test_ranks_with_their_base_as_the_press_writes_them(text, rank, base):
    assert numbers.parse_rank(text) == rank
    assert numbers.rank_base_of(text) == base


def test_a_rank_beyond_its_written_base_is_refused():
    with pytest.raises(ValueError, match="not a rank"):
        numbers.parse_rank("xếp thứ 40/34")


def test_target_text_of_a_range_and_a_top_n():
    rng = {"value": 35, "value_high": 40, "unit": "%", "comparison": "range", "year": 2030}
    assert numbers.target_text(rng, "en") == "35–40% (2030)"
    assert numbers.target_text(rng, "vi") == "35–40% (2030)"
    top = {"value": 10, "unit": "rank", "comparison": "<=", "year": 2025}
    assert numbers.target_text(top, "en") == "top 10 (2025)"


@pytest.mark.parametrize(
    ("words", "factor"),
    [("tỉ đồng", 1), ("nghìn tỉ đồng", 1000), ("billion VND", 1), ("trillion VND", 1000)],
)
def test_unit_words_spelt_with_ti_and_in_english(words, factor):
    assert unit_of(words) == ("bn VND", factor)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("20% trở lên", 20, ">="),
        ("từ 15% trở lên", 15, ">="),
        ("30% trở xuống", 30, "<="),
        ("trong nhóm 10 tỉnh, thành phố dẫn đầu", 10, "<="),
    ],
)
def test_bounds_written_after_the_number_and_groups_of_leading_provinces(text, value, qualifier):
    got = parse_published(text)
    assert (got.value, got.qualifier) == (value, qualifier)
    assert unit_of(got.unit)[0] in ("%", "count")


def test_dates_as_written_in_each_language():
    import datetime

    day = datetime.date(2026, 12, 1)
    assert numbers.date_text(day, "vi") == "ngày 1 tháng 12 năm 2026"  # not "1 tháng 12, 2026"
    assert numbers.date_text(day, "en") == "1 December 2026"


def test_only_the_sources_own_words_are_quoted():
    # Wrong before: "8th" and "357,760 tỷ đồng" (our transcriptions) shown as quotations.
    own = {"published_text": "ước đạt 14,02%", "number_format": "vi", "unit": "%", "value": 14.02,
           "qualifier": "=", "kind": "estimate"}  # fmt: skip
    ours = {"published_text": "357,760 tỷ đồng", "number_format": "en", "unit": "bn VND",
            "value": 357760.0, "qualifier": "=", "kind": "actual"}  # fmt: skip
    assert numbers.as_published(own, "vi") == ("ước đạt 14,02%", True)
    assert numbers.as_published(ours, "vi") == ("357.760 tỷ đồng", False)
    assert numbers.as_published(ours, "en") == ("357,760 billion VND", False)


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("2023-09-14", "14/9/2023", "14 September 2023"),
        ("2025-02", "2/2025", "February 2025"),
        ("2023", "2023", "2023"),
        ("", "–", "–"),
    ],
)
def test_a_sources_date_as_readers_write_it(text, vi, en):
    assert numbers.published_date(text, "vi") == vi
    assert numbers.published_date(text, "en") == en


# --- magnitudes and bounds as the Vietnamese press writes them ------------------------
# The figures below are SYNTHETIC (tests only).


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,2 triệu tài khoản", 1_200_000, "count"),
        ("3,5 nghìn doanh nghiệp", 3_500, "count"),
        ("12 ngàn hộ", 12_000, "count"),
        ("2,1 tỷ lượt giao dịch", 2_100_000_000, "count"),
        ("3,6 triệu", 3_600_000, "count"),
        ("5.000 người dân", 5_000, "count"),
        ("3,5 nghìn tỷ đồng", 3_500, "bn VND"),
        ("3,5 nghìn tỉ đồng", 3_500, "bn VND"),
        ("11,9 tỉ đồng", 11.9, "bn VND"),
        ("500 triệu đồng", 0.5, "bn VND"),
        ("750 nghìn đồng", 0.00075, "bn VND"),
        ("20 phần trăm", 20, "%"),
        ("1.500 điểm bưu chính", 1_500, "count"),
        ("0,75 điểm", 0.75, "points"),
    ],
)
def test_magnitude_words_give_the_value_in_the_indicator_unit(text, value, unit):
    pub = parse_published(text)
    code, factor = unit_of(pub.unit)
    assert code == unit
    assert pub.value * factor == pytest.approx(value)


@pytest.mark.parametrize("words", ["tỷ", "triệu USD", "ha", "lần", "tấn"])
def test_magnitudes_without_a_known_noun_are_no_unit(words):
    with pytest.raises(ValueError, match="unknown unit"):
        unit_of(words)


@pytest.mark.parametrize(
    ("text", "qualifier", "unit"),
    [
        ("15% trở lên", ">=", "%"),
        ("từ 15% trở lên", ">=", "%"),
        ("100 doanh nghiệp trở lên", ">=", "doanh nghiệp"),
        ("5% trở xuống", "<=", "%"),
    ],
)
def test_tro_len_after_the_number_is_a_bound(text, qualifier, unit):
    pub = parse_published(text)
    assert (pub.qualifier, pub.unit) == (qualifier, unit)


def test_a_bound_cannot_point_both_ways():
    with pytest.raises(ValueError, match="'dưới 5% trở lên'"):
        parse_published("dưới 5% trở lên")
