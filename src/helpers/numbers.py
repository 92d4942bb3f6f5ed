"""Published Vietnamese numbers: parsing them strictly, and writing figures for a brief.

Parsing refuses anything it would have to guess (see :func:`parse_number` for the mixed
conventions of the articles); formatting goes through Babel, following the brief's locale.
An estimate, forecast, average or bound reads as such wherever its value appears
(:func:`figure_text`); its words come from the gettext catalogue (:mod:`helpers.i18n`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from babel.numbers import format_decimal, format_percent

from . import i18n

__all__ = [
    "Published",
    "parse_published",
    "parse_number",
    "unit_of",
    "format_number",
    "format_value",
    "figure_text",
    "period_text",
    "rank_base_of",
    "rank_text",
    "target_text",
    "date_text",
    "published_date",
    "as_published",
    "parse_rank",
    "LANGUAGES",
    "UNIT_WORDS",
    "COUNT_WORDS",
    "COUNT_MAGNITUDES",
]

#: Languages a brief can be written in (Babel locale names).
LANGUAGES = i18n.LANGUAGES

# Words (and signs) before a number that qualify it, mapped to a comparison sign.
# Longer phrases first: "không quá" before "quá", ">=" before ">".
_QUALIFIERS = (
    ("ít nhất", ">="), ("tối thiểu", ">="), ("không dưới", ">="), ("từ", ">="), ("trên", ">"),
    ("hơn", ">"), ("vượt", ">"), ("không quá", "<="), ("tối đa", "<="), ("dưới", "<"),
    ("chưa đến", "<"), ("khoảng", "~"), ("gần", "~"), ("xấp xỉ", "~"),
    ("trong top", "<="), ("trong tốp", "<="), ("top", "<="), ("tốp", "<="),
    ("trong nhóm", "<="), ("nhóm", "<="), ("over", ">"),
    ("at least", ">="), ("above", ">"), ("more than", ">"), ("at most", "<="), ("below", "<"),
    ("less than", "<"), ("about", "~"),
    ("≥", ">="), (">=", ">="), ("≤", "<="), ("<=", "<="), (">", ">"), ("<", "<"), ("~", "~"),
    ("≈", "~"),
)  # fmt: skip

# Words before a number (and its qualifier) that say what kind of figure it is: the
# published wording decides whether a figure is an estimate, a forecast or preliminary.
_KIND_WORDS = (
    ("ước đạt", "estimate"), ("ước tính", "estimate"), ("ước", "estimate"),
    ("dự kiến", "forecast"), ("dự báo", "forecast"), ("sơ bộ", "preliminary"),
    ("estimated at", "estimate"), ("forecast at", "forecast"),
)  # fmt: skip

# Unit words after a number, mapped to (indicator unit code, factor to that unit).
# ``253 nghìn tỷ đồng`` is 253 000 tỷ đồng: unit "bn VND", factor 1000; ``500 triệu
# đồng`` is 0.5 tỷ đồng. "tỷ" is also written "tỉ".
UNIT_WORDS = {
    "%": ("%", 1.0), "phần trăm": ("%", 1.0), "tỷ đồng": ("bn VND", 1.0),
    "tỉ đồng": ("bn VND", 1.0),
    "nghìn tỷ đồng": ("bn VND", 1000.0), "nghìn tỷ": ("bn VND", 1000.0),
    "ngàn tỷ đồng": ("bn VND", 1000.0), "ngàn tỷ": ("bn VND", 1000.0),
    "nghìn tỉ đồng": ("bn VND", 1000.0), "nghìn tỉ": ("bn VND", 1000.0),
    "ngàn tỉ đồng": ("bn VND", 1000.0), "ngàn tỉ": ("bn VND", 1000.0),
    "triệu tỷ đồng": ("bn VND", 1_000_000.0),
    "triệu đồng": ("bn VND", 0.001), "nghìn đồng": ("bn VND", 1e-6),
    "ngàn đồng": ("bn VND", 1e-6), "đồng": ("bn VND", 1e-9),
    "billion vnd": ("bn VND", 1.0), "trillion vnd": ("bn VND", 1000.0),
    "/63": ("rank", 1.0), "điểm": ("points", 1.0), "points": ("points", 1.0), "": ("count", 1.0),
}  # fmt: skip
#: Words that name what is counted (the indicator says what; the unit is a count). A
#: phrase that starts with one of them is a count too (``doanh nghiệp số``).
COUNT_WORDS = (
    "tem", "tài khoản", "doanh nghiệp", "dn", "dnnvv", "sản phẩm", "lớp", "đơn vị", "hộ",
    "hóa đơn", "hoá đơn", "người", "lượt", "giao dịch", "hồ sơ", "thủ tục", "dịch vụ",
    "hợp tác xã", "htx", "tổ hợp tác", "cơ sở", "cơ quan", "tổ chức", "trường", "bệnh viện",
    "xã", "phường", "thôn", "huyện", "tỉnh", "tỉnh, thành phố", "tỉnh, thành", "thuê bao",
    "trạm", "cửa hàng", "gian hàng",
    "ứng dụng", "nền tảng", "chương trình", "khóa", "khoá", "học viên", "học sinh",
    "sinh viên", "cán bộ", "công chức", "lao động", "thành viên", "tổ", "mô hình",
    "tờ khai", "văn bản", "đơn hàng", "thiết bị", "camera", "website", "trang",
    "địa phương", "thành phố", "quận", "sở", "ngành", "dự án", "sự kiện", "hội nghị", "buổi",
    "cuộc", "nhóm", "đoàn viên", "thanh niên", "hội viên", "tình nguyện viên",
    "điểm",  # "1.500 điểm bưu chính" (places); "0,75 điểm" alone is points (UNIT_WORDS)
)  # fmt: skip
#: Words before a count's noun that multiply it: ``1,2 triệu tài khoản`` is 1 200 000.
#: ("tỷ" alone, without a noun, is left out: in the press it is as often money.)
COUNT_MAGNITUDES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
# Words after a number (and its unit) that make it a bound: "15% trở lên" is at least 15%.
_TRAILING_QUALIFIERS = (("trở lên", ">="), ("trở xuống", "<="))

_NUMBER = re.compile(r"(?<![\w.,])[-−]?\d[\d.,]*(?![\w])")


@dataclass(frozen=True)
class Published:
    """A number read from published text.

    Attributes
    ----------
    value : float
        The number (``105.815`` becomes ``105815.0``).
    unit : str
        The text after the number, stripped (``"tỷ đồng"``, ``"%"``, ``"tem"``), or ``""``.
    qualifier : str
        ``"="``, or ``">"``, ``">="``, ``"<"``, ``"<="``, ``"~"`` (above … about).
    kind : str
        ``"estimate"``, ``"forecast"`` or ``"preliminary"`` when the text says so, else ``""``.
    high : float or None
        The upper end of a range (``"35–40%"``: value 35, high 40, qualifier ``"range"``),
        read only when :func:`parse_published` is given ``ranges=True``.
    """

    value: float
    unit: str
    qualifier: str
    kind: str = ""
    high: float | None = None


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _check_groups(groups: list[str], text: str) -> None:
    if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
        raise ValueError(f"cannot read {text!r} as a number: digit groups are not of three")


def parse_number(token: str, convention: str = "vi") -> float:
    """Parse one numeric token written in a Vietnamese or English convention.

    Parameters
    ----------
    token : str
        Digits with separators only, such as ``"105.815"``, ``"6,27"`` or ``"4,884.176"``.
    convention : {"vi", "en"}
        ``"vi"`` (the articles): a dot before exactly three digits groups thousands, other
        dots are decimal points (``40.5``); a comma is the decimal mark, but one before
        exactly three digits (``1,234``) is ambiguous and refused. ``"en"`` (the reference
        transcriptions): a comma groups thousands, a dot is the decimal mark.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the token is ambiguous or not a number; the message quotes it.
    """
    if convention not in ("vi", "en"):
        raise ValueError(f"unknown number convention {convention!r}: use 'vi' or 'en'")
    text = token.strip().replace("−", "-")
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("-")
    if not re.fullmatch(r"\d[\d.,]*", body) or body[-1] in ".,":
        raise ValueError(f"cannot read {token!r} as a number")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        group = "," if decimal == "." else "."
        if body.count(decimal) > 1:
            raise ValueError(f"cannot read {token!r} as a number: two decimal marks")
        whole, frac = body.split(decimal)
        _check_groups(whole.split(group), token)
        return sign * float(whole.replace(group, "") + "." + frac)
    if convention == "en":
        if dots > 1:
            raise ValueError(f"cannot read {token!r} as a number: several decimal points")
        if commas:
            _check_groups(body.split(".")[0].split(","), token)
        return sign * float(body.replace(",", ""))
    # Vietnamese convention, one kind of separator.
    if commas:
        parts = body.split(",")
        if len(parts) > 2:
            raise ValueError(f"cannot read {token!r} as a number: several decimal commas")
        if len(parts[1]) == 3:
            raise ValueError(
                f"ambiguous number {token!r}: a comma before three digits may group "
                "thousands or mark decimals; write the figure with its convention"
            )
        return sign * float(parts[0] + "." + parts[1])
    if dots:
        parts = body.split(".")
        if len(parts) > 2 or len(parts[1]) == 3:
            _check_groups(parts, token)
            return sign * float("".join(parts))
        return sign * float(body)
    return sign * float(body)


_RANGE = re.compile(r"\s*%?\s*(?:-|–|—|đến|tới)\s*")


def parse_published(text: str, convention: str = "vi", ranges: bool = False) -> Published:
    """Read a figure as published: optional kind and qualifier words, one number, a unit.

    Parameters
    ----------
    text : str
        E.g. ``"trên 854.000 tài khoản"``, ``"khoảng 5.000 DN"``, ``"ước đạt hơn 216,9 ngàn
        tỷ đồng"``; exactly one number.
    convention : {"vi", "en"}
        See :func:`parse_number`.
    ranges : bool
        Also read a range of two numbers (``"35–40%"``, ``"từ 35 đến 40%"``), as targets
        are sometimes published: qualifier ``"range"``, the lower end as ``value``.

    Returns
    -------
    Published

    Raises
    ------
    ValueError
        If the text holds no number, several (other than a range where allowed), or an
        ambiguous one; the message quotes it.

    Examples
    --------
    >>> parse_published("105.815 tem")
    Published(value=105815.0, unit='tem', qualifier='=', kind='', high=None)
    >>> parse_published("ước đạt 14,02%").kind
    'estimate'
    """
    if not isinstance(text, str):
        raise ValueError(f"cannot read {text!r} as a number: not text")
    clean = _normal(text)
    found = list(_NUMBER.finditer(clean))
    if not found:
        raise ValueError(f"no number in {text!r}")
    high, last = None, found[-1]
    between, upper = clean[found[0].end() : last.start()], last.group(0)
    if upper[0] in "-−":  # "30%-40%": the dash reads as a sign of the second number
        between, upper = between + "-", upper[1:]
    if ranges and len(found) == 2 and _RANGE.fullmatch(between):
        try:
            high = parse_number(upper, convention)
        except ValueError as exc:
            raise ValueError(f"{exc} (in {text!r})") from None
        found = found[:1]
    if len(found) > 1:
        raise ValueError(f"more than one number in {text!r}; give one figure per row")
    match = found[0]
    try:
        value = parse_number(match.group(0), convention)
    except ValueError as exc:
        raise ValueError(f"{exc} (in {text!r})") from None
    before = clean[: match.start()].strip().lower()
    if high is not None:  # "từ 35 đến 40%": "từ" opens the range, it is no lower bound
        before = before.removesuffix("từ").strip()
    qualifier, before = _strip_word(before, _QUALIFIERS, "=")
    kind, before = _strip_word(before, _KIND_WORDS, "")
    if before:
        raise ValueError(f"unexpected text {before!r} before the number in {text!r}")
    unit = clean[last.end() :].strip()
    qualifier, unit = _trailing_bound(qualifier, unit, text)
    if high is not None:
        if qualifier != "=":
            raise ValueError(f"a range cannot also be a bound: {text!r}")
        if not high > value:
            raise ValueError(f"a range runs from the smaller number to the larger: {text!r}")
        qualifier = "range"
    return Published(value=value, unit=unit, qualifier=qualifier, kind=kind, high=high)


def _trailing_bound(qualifier: str, unit: str, text: str) -> tuple[str, str]:
    """Read "trở lên" / "trở xuống" after the unit: the bound it makes, and the unit left.

    "từ 15% trở lên" (``>=``, from "từ") and "15% trở lên" read alike; a bound that
    contradicts the words before the number ("dưới 5% trở lên") is refused.
    """
    low = unit.lower()
    for word, meaning in _TRAILING_QUALIFIERS:
        if low == word or low.endswith(" " + word) or low.endswith("%" + word):
            if qualifier not in ("=", meaning):
                raise ValueError(f"{qualifier!r} before the number and {word!r} after: {text!r}")
            return meaning, unit[: -len(word)].strip()
    return qualifier, unit


def _strip_word(before: str, words: tuple, default: str) -> tuple[str, str]:
    """Take one of ``words`` off the end of ``before``; return its meaning and the rest."""
    for word, meaning in words:
        if (
            before == word
            or before.endswith(" " + word)
            or (not word[0].isalpha() and before.endswith(word))
        ):
            return meaning, before[: -len(word)].strip()
    return default, before


def unit_of(unit_text: str) -> tuple[str, float]:
    """Map the unit words of a published figure to an indicator unit and a factor.

    Parameters
    ----------
    unit_text : str
        :attr:`Published.unit`.

    Returns
    -------
    tuple of (str, float)
        Unit code (``"%"``, ``"bn VND"``, ``"count"``, ``"rank"``, ``"points"``) and the
        factor converting the published number into it: money words in
        :data:`UNIT_WORDS` (``"triệu đồng"``: 0.001 bn VND), a count's noun in
        :data:`COUNT_WORDS`, after a magnitude of :data:`COUNT_MAGNITUDES` or not.

    Raises
    ------
    ValueError
        For unknown unit words; the message quotes them.

    Examples
    --------
    >>> unit_of("triệu tài khoản"), unit_of("nghìn tỷ đồng"), unit_of("triệu đồng")
    (('count', 1000000.0), ('bn VND', 1000.0), ('bn VND', 0.001))
    """
    key = _normal(unit_text).lower()
    if key in UNIT_WORDS:
        return UNIT_WORDS[key]
    if key.startswith("%"):  # "% GRDP", "% trở lên": still a percentage
        return ("%", 1.0)
    first, _, rest = key.partition(" ")
    factor = COUNT_MAGNITUDES.get(first)
    if factor and first in ("nghìn", "ngàn", "triệu") and not rest:  # "3,6 triệu"
        return ("count", factor)
    noun = rest if factor else key
    if any(noun == w or noun.startswith(w + " ") for w in COUNT_WORDS):
        return ("count", factor or 1.0)
    raise ValueError(f"unknown unit {unit_text!r}")


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


def format_number(value: float, lang: str, decimals: int = 2) -> str:
    """Format a number for a brief in ``lang`` with Babel, or ``"–"`` for a missing value.

    Parameters
    ----------
    value : float
    lang : {"vi", "en"}
        ``vi`` writes ``854.000`` and ``6,27``; ``en`` ``854,000`` and ``6.27``.
    decimals : int
        Most decimals shown; trailing zeros are dropped.

    Returns
    -------
    str
    """
    _check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=lang)


def format_value(value: float, unit: str, lang: str, qualifier: str = "=") -> str:
    """Format a figure with its unit and qualifier for a brief, e.g. ``"> 854,000"`` (en).

    Parameters
    ----------
    value : float
        In the indicator's unit.
    unit : str
        ``"%"``, ``"count"``, ``"bn VND"``, ``"rank"``, ``"index"`` or ``"points"``.
    lang : {"vi", "en"}
    qualifier : str
        ``"="``, ``">"``, ``">="``, ``"<"``, ``"<="`` or ``"~"``, shown as a sign.

    Returns
    -------
    str
    """
    _check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "%":
        body = format_percent(value / 100, format="#,##0.##%", locale=lang)
    elif unit == "bn VND":
        word = "tỷ đồng" if lang == "vi" else "billion VND"
        body = f"{format_number(value, lang)} {word}"
    elif unit == "index":
        body = format_number(value, lang, decimals=4)
    else:
        body = format_number(value, lang)
    sign = {"=": "", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ ", "~": "~ "}.get(qualifier, "")
    return sign + body


def period_text(period: str, period_type: str, lang: str) -> str:
    """Write a figure's period with what kind of period it is.

    Parameters
    ----------
    period : str
        ``"2023"`` or ``"2020-2023"``.
    period_type : {"year", "average", "total", "to_date"}
    lang : {"vi", "en"}

    Returns
    -------
    str
        ``"2023"``, ``"bình quân 2020–2023"`` / ``"average 2020–2023"``, ``"đến 2024"``…
    """
    _ = i18n.translator(lang)
    shown = period.replace("-", "–")
    words = {
        "average": _("average {period}"),
        "total": _("total {period}"),
        "to_date": _("as of {period}"),
    }
    return words[period_type].format(period=shown) if period_type in words else shown


def figure_text(row, lang: str, with_period: bool = False) -> str:
    """Write a figure's value with its unit, qualifier and kind.

    Parameters
    ----------
    row : pandas.Series or dict
        A figure (``period``, ``period_type`` if ``with_period``; ``rank_base`` for a rank).
    lang : {"vi", "en"}
    with_period : bool
        Append the period in brackets.

    Returns
    -------
    str
        E.g. ``"> 105.815"``, ``"7,2% (ước tính)"``, ``"12% (dự kiến, 2025)"``.
    """
    _ = i18n.translator(lang)
    if row["unit"] == "rank":  # a rank reads with its base: "15/63"
        text = rank_text(row["value"], row.get("rank_base"), lang)
    else:
        text = format_value(float(row["value"]), row["unit"], lang, row["qualifier"])
    kinds = {
        "preliminary": _("preliminary"),
        "estimate": _("estimate"),
        "forecast": _("forecast"),
        "plan": _("plan"),
    }
    notes = [kinds[row["kind"]]] if row["kind"] in kinds else []
    if with_period:
        notes.append(period_text(str(row["period"]), row["period_type"], lang))
    return f"{text} ({', '.join(notes)})" if notes else text


def rank_text(position: int, base, lang: str) -> str:
    """Write a rank with its base, e.g. ``"25/63"`` (the same in both languages).

    Parameters
    ----------
    position : int
        The rank (1 is best).
    base : int or None
        Units ranked; without it (None, NA or empty) the rank is shown alone.
    lang : {"vi", "en"}

    Returns
    -------
    str
    """
    _check_lang(lang)
    try:
        return f"{int(position)}/{int(base)}"
    except (TypeError, ValueError):  # no base
        return f"{int(position)}"


def target_text(row, lang: str) -> str:
    """Write a target as published: its comparison, level and year, e.g. ``"≥ 20% (2025)"``.

    Parameters
    ----------
    row : pandas.Series or dict
        A scorecard row (``target``, ``target_year``) or a target (``value``, ``year``).
    lang : {"vi", "en"}

    Returns
    -------
    str
    """
    value = row["target"] if "target" in row else row["value"]
    high = row.get("target_high") if "target" in row else row.get("value_high")
    year = row["target_year"] if "target_year" in row else row["year"]
    if row["comparison"] == "range":
        low, top = (format_value(float(v), row["unit"], lang) for v in (value, high))
        text = f"{low.removesuffix('%')}–{top}" if row["unit"] == "%" else f"{low}–{top}"
    elif row["unit"] == "rank" and row["comparison"] == "<=":
        _ = i18n.translator(lang)
        text = _("top {n}").format(n=int(float(value)))
    else:
        text = format_value(float(value), row["unit"], lang, row["comparison"])
    return f"{text} ({int(year)})"


_EN_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60,
}  # fmt: skip
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_VI_ORDINALS = {
    "nhất": 1, "nhì": 2, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
#: Words that say "first place" without a number.
_TOP_WORDS = ("dẫn đầu", "đứng đầu", "xếp hạng nhất", "xếp thứ nhất", "thứ nhất", "topped",
              "tops", "leads", "led", "first place", "ranked first")  # fmt: skip


# "xếp thứ 15", "đứng thứ 3", "vị trí thứ 21/63", "xếp hạng 5/34", "thứ hạng 20".
_RANK_WORDS = r"(?:(?:xếp|đứng|ở vị trí|vị trí|giữ vị trí)\s+)?(?:thứ hạng|thứ|hạng)\s+"
_RANK_WORDS = r"(?:" + _RANK_WORDS + r"|(?:ở |giữ )?vị trí\s+(?:thứ\s+)?|xếp hạng\s+)"


def rank_base_of(text: str) -> int | None:
    """Return the number of units a rank is written out of (``"thứ 15/34"``: 34), or None.

    Parameters
    ----------
    text : str
        A rank as published.

    Returns
    -------
    int or None

    Examples
    --------
    >>> rank_base_of("xếp thứ 15/34"), rank_base_of("thứ 15")
    (34, None)
    """
    m = re.search(r"\d{1,2}(?:st|nd|rd|th)?(?:/| (?:out )?of )(\d{2})\s*$", str(text).strip())
    return int(m.group(1)) if m else None


def parse_rank(text: str) -> int:
    """Read a rank written in words or as an ordinal, as the press often gives it.

    Parameters
    ----------
    text : str
        ``"dẫn đầu"``, ``"thứ ba"``, ``"thứ hạng 20"``, ``"xếp thứ 6"``, ``"14/63"``,
        ``"xếp thứ 15/34"``, ``"vị trí thứ 21/63"``,
        ``"second place"``, ``"sixty-second"``, ``"16th"``…

    Returns
    -------
    int
        The rank (1 is first).

    Raises
    ------
    ValueError
        If the text is not a rank this function knows; the message quotes it.
    """
    clean = " ".join(unicodedata.normalize("NFC", str(text)).lower().split())
    if clean in _TOP_WORDS:
        return 1
    m = re.fullmatch(_RANK_WORDS + r"(\d{1,2})(?:/(\d{2}))?", clean)
    if m and (not m.group(2) or int(m.group(1)) <= int(m.group(2))):
        return int(m.group(1))
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|e|ème)(?: place)?(?: (?:out )?of (\d{2}))?", clean)
    if m and (not m.group(2) or int(m.group(1)) <= int(m.group(2))):  # 16th, 8e, 10th of 34
        return int(m.group(1))
    m = re.fullmatch(r"(\d{1,2})/(\d{2})", clean)  # "14/63": a rank with its base
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1))
    m = re.fullmatch(r"(?:xếp |đứng )?thứ (\w+)", clean)
    if m and m.group(1) in _VI_ORDINALS:
        return _VI_ORDINALS[m.group(1)]
    words = clean.removesuffix(" place").removeprefix("ranked ")
    if words in _EN_UNITS:
        return _EN_UNITS[words]
    tens, _, unit = words.partition("-")
    if tens in _EN_TENS and unit in _EN_UNITS and _EN_UNITS[unit] < 10:
        return _EN_TENS[tens] + _EN_UNITS[unit]
    raise ValueError(f"not a rank in words: {text!r}")


def date_text(day, lang: str) -> str:
    """Write a date as it is written in the brief's language.

    Parameters
    ----------
    day : datetime.date
    lang : {"vi", "en"}

    Returns
    -------
    str
        ``"ngày 1 tháng 12 năm 2026"`` (the Vietnamese administrative form), ``"1 December
        2026"``.

    Examples
    --------
    >>> import datetime
    >>> date_text(datetime.date(2026, 12, 1), "vi")
    'ngày 1 tháng 12 năm 2026'
    """
    from babel.dates import format_date

    if _check_lang(lang) == "vi":
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    return format_date(day, "d MMMM y", locale=lang)


def published_date(text: str, lang: str) -> str:
    """Write a source's publication date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) for readers.

    Parameters
    ----------
    text : str
        As in ``sources.csv``; empty when not stated.
    lang : {"vi", "en"}

    Returns
    -------
    str
        ``"14/9/2023"``, ``"2/2025"``, ``"2023"`` in Vietnamese; ``"14 September 2023"``,
        ``"February 2025"`` in English; ``"–"`` when empty.
    """
    import datetime

    from babel.dates import format_date

    parts = [int(p) for p in str(text or "").split("-") if p]
    if not parts:
        return "–"
    if len(parts) == 1:
        return str(parts[0])
    day = datetime.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    if _check_lang(lang) == "vi":
        return "/".join(str(p) for p in reversed(parts[1:])) + f"/{parts[0]}"
    return format_date(day, "d MMMM y" if len(parts) > 2 else "MMMM y", locale=lang)


def as_published(row, lang: str) -> tuple[str, bool]:
    """Return a figure's "as published" cell: the source's words, or our reading of them.

    Parameters
    ----------
    row : pandas.Series or dict
        A figure (``published_text``, ``number_format`` and what :func:`figure_text` needs).
    lang : {"vi", "en"}

    Returns
    -------
    (str, bool)
        The published words and True where we hold them (``number_format`` ``vi``: the
        page's own text, quoted as such); else the figure written in the brief's language
        and False (our transcription of a page, never shown as a quotation).
    """
    if row["number_format"] == "vi":
        return str(row["published_text"]), True
    return figure_text(row, lang), False
