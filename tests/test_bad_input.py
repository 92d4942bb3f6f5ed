"""Bad data, as a table: each case breaks one thing in a copy of ``data/`` and names the
line the loader must print (``file:line: column: message``).

Bad inputs of the batch (kernels, signals, output folders) are tested with the batch.
"""

import csv
import shutil
from datetime import UTC, datetime, timedelta

import pytest

from helpers import data

from conftest import DATA


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _line(path, key):
    """Line of the row whose first field is ``key`` (no field of the data spans lines)."""
    for n, row in enumerate(_rows(path), start=1):
        if row and row[0] == key:
            return n
    raise AssertionError(f"test setup: no row {key!r} in {path.name}")


def set_cell(name, key, column, value):
    """A mutation: set one cell of the row ``key``; return the row's line."""

    def mutate(data_dir):
        path = data_dir / name
        rows = _rows(path)
        line = _line(path, key) if not isinstance(key, int) else key
        rows[line - 1][rows[0].index(column)] = value
        _write(path, rows)
        return line

    return mutate


def set_cells(name, key, **values):
    def mutate(data_dir):
        line = None
        for column, value in values.items():
            line = set_cell(name, key, column, value)(data_dir)
        return line

    return mutate


F, S, T, SER, IND = "figures.csv", "sources.csv", "targets.csv", "series.csv", "indicators.csv"

# (id, mutation, expected line with {line} for the mutated row's line)
CELL_CASES = [
    (
        "value-inf",
        set_cell(F, "ht-03", "value", "inf"),
        "figures.csv:{line}: value: 'inf' is not a finite number",
    ),
    (
        "value-minus-inf",
        set_cell(F, "ht-03", "value", "-inf"),
        "figures.csv:{line}: value: '-inf' is not a finite number",
    ),
    (
        "value-nan",
        set_cell(F, "ht-03", "value", "nan"),
        "figures.csv:{line}: value: 'nan' is not a finite number",
    ),
    (
        "target-value-nan",
        set_cell(T, "t411-01", "value", "NaN"),
        "targets.csv:{line}: value: 'NaN' is not a finite number",
    ),
    (
        "rank-base-inf",
        set_cell(SER, "dti-63-rank", "rank_base", "inf"),
        "series.csv:{line}: rank_base: 'inf' is not a finite number",
    ),
    (
        "set-size-nan",
        set_cell("indicator_sets.csv", "qd-1354-province", "size", "nan"),
        "indicator_sets.csv:{line}: size: 'nan' is not a finite number",
    ),
    (
        "value-decimal-comma",
        set_cell(F, "ht-03", "value", "6,27"),
        "figures.csv:{line}: value: '6,27' is not a plain number (digits, a dot for decimals)",
    ),
    (
        "value-exponent",
        set_cell(F, "ht-03", "value", "6.27e0"),
        "figures.csv:{line}: value: '6.27e0' is not a plain number (digits, a dot for decimals)",
    ),
    (
        "missing-title-vi",
        set_cell(S, "art-003-ha-tinh", "title_vi", ""),
        "sources.csv:{line}: title_vi: must not be empty: every text a reader sees has vi and en",
    ),
    (
        "missing-publisher-en",
        set_cell(S, "gso-de-2025", "publisher_en", ""),
        "sources.csv:{line}: publisher_en: must not be empty: every text a reader sees has vi "
        "and en",
    ),
    (
        "missing-label-en",
        set_cell(SER, "gso-2025", "label_en", ""),
        "series.csv:{line}: label_en: must not be empty: every text a reader sees has vi and en",
    ),
    (
        "missing-name-vi",
        set_cell(IND, "de_share", "name_vi", ""),
        "indicators.csv:{line}: name_vi: must not be empty: every text a reader sees has vi and en",
    ),
    (
        "note-vi-without-en",
        set_cell(F, "th-03", "note_en", ""),
        "figures.csv:{line}: note_en: missing: note_vi is given (both or neither)",
    ),
    (
        "note-en-without-vi",
        set_cell(SER, "gso-2025", "note_vi", ""),
        "series.csv:{line}: note_vi: missing: note_en is given (both or neither)",
    ),
    (
        "url-ftp",
        set_cell(S, "gso-de-2024", "url", "ftp://diendan.example/x"),
        "sources.csv:{line}: url: 'ftp://diendan.example/x': one http(s) URL expected (or empty)",
    ),
    (
        "url-javascript",
        set_cell(S, "gso-de-2024", "url", "javascript:alert(1)"),
        "sources.csv:{line}: url: 'javascript:alert(1)': one http(s) URL expected (or empty)",
    ),
    (
        "url-two",
        set_cell(S, "gso-de-2024", "url", "https://a.vn/x; https://b.vn/y"),
        "sources.csv:{line}: url: 'https://a.vn/x; https://b.vn/y': one http(s) URL expected (or "
        "empty)",
    ),
    (
        "url-no-host",
        set_cell(S, "gso-de-2024", "url", "https:///x"),
        "sources.csv:{line}: url: 'https:///x': one http(s) URL expected (or empty)",
    ),
    (
        "repository-path",
        set_cell(F, "th-03", "note_en", "See shared/sources/000.txt."),
        "figures.csv:{line}: note_en: names a file or folder ('shared/'): readers cannot open "
        "it; keep such notes in curator_note",
    ),
    (
        "published-date",
        set_cell(S, "gso-de-2024", "published", "2024-13"),
        "sources.csv:{line}: published: '2024-13': a date YYYY-MM-DD, YYYY-MM or YYYY expected "
        "(or empty)",
    ),
    (
        "source-kind",
        set_cell(S, "gso-de-2024", "kind", "blog"),
        "sources.csv:{line}: kind: 'blog': must be one of: article, decision, plan, report, "
        "statistics release",
    ),
    (
        "duplicate-colour",
        set_cell(SER, "gso-2024", "colour", "#0072b2"),
        "series.csv:{line}: colour: colour '#0072b2' is already used by series 'gso-2025' (line 2)",
    ),
    (
        "bad-colour",
        set_cell(SER, "gso-2024", "colour", "#12345"),
        "series.csv:{line}: colour: '#12345': a colour #rrggbb expected",
    ),
    (
        "series-scope-basis",
        set_cell(SER, "gso-2025", "basis", "63"),
        "series.csv:{line}: basis: scope national goes with basis national",
    ),
    (
        "rank-base-not-rank",
        set_cell(SER, "gso-2025", "rank_base", "63"),
        "series.csv:{line}: rank_base: only a rank series has a base",
    ),
    (
        "rank-base-beyond-basis",
        set_cell(SER, "dti-34-rank", "rank_base", "63"),
        "series.csv:{line}: rank_base: 63 units ranked, but basis 34 has 34",
    ),
    (
        "series-indicator",
        set_cell(F, "ht-03", "series", "dti-63-rank"),
        "figures.csv:{line}: series: series 'dti-63-rank' measures 'dti_rank', the figure's "
        "indicator is 'de_share'",
    ),
    (
        "series-basis",
        set_cell(F, "ht-03", "series", "gso-2025"),
        "figures.csv:{line}: series: series 'gso-2025' is on basis national, the figure on basis "
        "63",
    ),
    (
        "unknown-series",
        set_cell(F, "ht-03", "series", "provincial"),
        "figures.csv:{line}: series: no series 'provincial' in series.csv",
    ),
    (
        "unknown-source",
        set_cell(F, "ht-08", "source_id", "art-999"),
        "figures.csv:{line}: source_id: no source 'art-999' in sources.csv",
    ),
    (
        "unknown-indicator",
        set_cell(F, "th-02", "indicator", "training_klasses"),
        "figures.csv:{line}: indicator: unknown indicator 'training_klasses'",
    ),
    (
        "unit-mismatch",
        set_cell(F, "th-02", "unit", "%"),
        "figures.csv:{line}: unit: '%' disagrees with indicator 'enterprise_training_classes' "
        "('count')",
    ),
    (
        "qualifier-mismatch",
        set_cell(F, "th-06", "qualifier", "="),
        "figures.csv:{line}: qualifier: the published text 'hơn 105.815 tem' says '>', the row "
        "says '='",
    ),
    (
        "kind-mismatch",
        set_cell(F, "vn-15", "kind", "actual"),
        "figures.csv:{line}: kind: the published text 'ước đạt 14,02%' makes it 'estimate', the "
        "row says 'actual'",
    ),
    (
        "value-differs",
        set_cell(F, "th-14", "value", "333016"),
        "figures.csv:{line}: value: '333016' differs from the published text '333.015 tài khoản' "
        "(reads as 333015)",
    ),
    (
        "unit-words",
        set_cell(F, "th-14", "published_text", "333.015 héc-ta"),
        "figures.csv:{line}: published_text: unknown unit 'héc-ta'",
    ),
    (
        "share-above-100",
        set_cells(F, "ht-04", value="172", published_text="172%"),
        "figures.csv:{line}: value: 172 is not a share (0-100)",
    ),
    (
        "negative-count",
        set_cells(F, "th-02", value="-102", published_text="-102 lớp"),
        "figures.csv:{line}: value: -102: a count cannot be negative",
    ),
    (
        "rank-beyond-base",
        set_cells(F, "th-27", value="64", published_text="64"),
        "figures.csv:{line}: value: rank 64 is beyond the 63 units the series ranks",
    ),
    (
        "bad-basis",
        set_cell(F, "th-02", "basis", "62"),
        "figures.csv:{line}: basis: '62': must be one of: 63, 34, national",
    ),
    (
        "unknown-code-63",
        set_cell(F, "th-02", "province_code", "99"),
        "figures.csv:{line}: province_code: unknown province code '99' for basis 63 (legacy "
        "codes of the 63 provinces)",
    ),
    (
        "legacy-code-on-34",
        set_cell(F, "th-37", "province_code", "27"),
        "figures.csv:{line}: province_code: unknown province code '27' for basis 34 (34 units)",
    ),
    (
        "province-name",
        set_cell(F, "th-02", "province", "Thanh Hoa"),
        "figures.csv:{line}: province: 'Thanh Hoa' is not the name of 38 on basis 63 ('Thanh Hóa')",
    ),
    (
        "published-name-elsewhere",
        set_cell(F, "th-02", "name_as_published", "Hà Tĩnh"),
        "figures.csv:{line}: name_as_published: 'Hà Tĩnh' is Hà Tĩnh (42), not 38 on basis 63",
    ),
    (
        "national-code",
        set_cell(F, "vn-01", "province_code", "01"),
        "figures.csv:{line}: province_code: basis national takes VN",
    ),
    (
        "period-backwards",
        set_cell(F, "th-02", "period", "2023-2022"),
        "figures.csv:{line}: period: '2023-2022' does not run forward",
    ),
    (
        "period-type-single",
        set_cell(F, "th-02", "period_type", "year"),
        "figures.csv:{line}: period_type: 'year' takes a single year, the period is '2022-2023'",
    ),
    (
        "period-type-range",
        set_cell(F, "ht-03", "period_type", "average"),
        "figures.csv:{line}: period_type: 'average' takes a range of years (2020-2023), the "
        "period is '2022'",
    ),
    (
        "kind-target",
        set_cell(F, "ht-03", "kind", "target"),
        "figures.csv:{line}: kind: 'target': must be one of: actual, preliminary, estimate, "
        "forecast, plan",
    ),
    (
        "duplicate-id",
        set_cell(F, "th-03", "figure_id", "th-02"),
        "figures.csv:{line}: figure_id: duplicate id 'th-02' (first at figures.csv:3)",
    ),
    (
        "id-case",
        set_cell(F, "th-03", "figure_id", "TH-03"),
        "figures.csv:{line}: figure_id: 'TH-03': lower-case id expected (letters a-z, digits, "
        "'-', '_', '.')",
    ),
    (
        "unused-without-note",
        set_cells(F, "vn-20", note_vi="", note_en=""),
        "figures.csv:{line}: preferred: 'false' (a figure not used) needs a note saying why",
    ),
    (
        "set-by-basis",
        set_cell(T, "th-t1", "set_by", "national"),
        "targets.csv:{line}: set_by: set_by national goes with basis national, the target is on "
        "basis 63",
    ),
    (
        "inferred-without-note",
        set_cells(T, "ht-t1", note_vi="", note_en=""),
        "targets.csv:{line}: note_vi: an inferred target needs notes (vi and en) telling readers "
        "what was inferred",
    ),
    (
        "comparison-unknown",
        set_cell(T, "t411-01", "comparison", "about"),
        "targets.csv:{line}: comparison: 'about': must be one of: =, >, >=, <, <=, ~, range",
    ),
    (
        "comparison-mismatch",
        set_cell(T, "t411-03", "comparison", ">="),
        "targets.csv:{line}: comparison: the published text 'trên 10%' says '>', the row says '>='",
    ),
    (
        "target-series",
        set_cell(T, "bn-t1", "series", "dti-63-rank"),
        "targets.csv:{line}: series: series 'dti-63-rank' measures 'dti_rank' on basis 63, the "
        "target 'de_share' on basis 63",
    ),
    (
        "range-without-upper-end",
        set_cells(T, "bn-t1", comparison="range", published_text="35–40%"),
        "targets.csv:{line}: value_high: a range target has value_high (its upper end); other "
        "targets leave it empty",
    ),
    (
        "range-upper-end-differs",
        set_cells(T, "bn-t1", comparison="range", value_high="45", published_text="35–40%"),
        "targets.csv:{line}: value_high: '45' differs from the upper end of '35–40%' (reads as 40)",
    ),
    (
        "range-upside-down",
        set_cells(T, "bn-t1", comparison="range", value_high="30", published_text="30–35%"),
        "targets.csv:{line}: value_high: 30 is not above value 35",
    ),
    (
        "rank-written-out-of-another-base",
        set_cell("tables/dti-34-2024.csv", "dti34-2024-11-rank", "published_text", "xếp thứ 6/63"),
        "tables/dti-34-2024.csv:{line}: published_text: the rank is written out of 63, the "
        "series ranks 34 units",
    ),
    (
        "related-unknown",
        set_cell(IND, "de_share", "related", "nope"),
        "indicators.csv:{line}: related: unknown indicator 'nope'",
    ),
    (
        "keyword-upper-case",
        set_cell(IND, "de_share", "keywords", "kinh tế số;GRDP"),
        "indicators.csv:{line}: keywords: 'GRDP': lower-case words separated by ';', no spaces "
        "around",
    ),
    (
        "keyword-twice",
        lambda d: (
            set_cell(IND, "de_share", "keywords", "kinh tế số")(d)
            and set_cell(IND, "grdp", "keywords", "kinh tế số")(d)
        ),
        "indicators.csv:{line}: keywords: 'kinh tế số' is already a keyword of 'de_share' "
        "(line 2): a word names one indicator",
    ),
    (
        "set-code-twice",
        set_cell(IND, "digital_tech_enterprises", "set_1354_province", "P1"),
        "indicators.csv:{line}: set_1354_province: 'P1' is already used on line 2",
    ),
    (
        "named-vs-coded",
        set_cell("indicator_sets.csv", "qd-1354-province", "named", "10"),
        "indicator_sets.csv:{line}: named: 10 named, but indicators.csv codes 9 in "
        "set_1354_province",
    ),
    (
        "set-source",
        set_cell("indicator_sets.csv", "qd-1354-province", "source_id", "qd-9999"),
        "indicator_sets.csv:{line}: source_id: no source 'qd-9999' in sources.csv",
    ),
    (
        "region-code",
        set_cell("regions.csv", 2, "province_code", "99"),
        "regions.csv:{line}: province_code: unknown province code '99' for basis 63 (legacy "
        "codes of the 63 provinces)",
    ),
    # --- issue 27, row 8: years no figure can have
    (
        "period-before-the-first-year",
        set_cell(F, "ht-03", "period", "1800"),
        "figures.csv:{line}: period: '1800' starts before 1990, the first year the data take",
    ),
    (
        "period-after-its-source",  # art-003-ha-tinh was published on 2024-11-20
        set_cell(F, "ht-03", "period", "2025"),
        "figures.csv:{line}: period: '2025' ends after its source was published (2024-11-20): "
        "only a forecast or a plan is of a later year",
    ),
    (
        "forecast-after-the-last-year",
        set_cells(F, "ht-03", period="2101", kind="forecast", published_text="dự kiến 6,27%"),
        "figures.csv:{line}: period: '2101' ends after 2100, the last year the data take",
    ),
    # --- issue 27, row 12: numbers, characters and fields no figure has
    (
        "value-401-digits",
        set_cells(F, "th-14", value="1" * 401, published_text="1" * 401 + " tài khoản"),
        "figures.csv:{line}: value: '1111111111111111111111111111111111111111'… (401 "
        "characters): more digits than a figure has (at most 15)",
    ),
    (
        "target-value-401-digits",
        set_cells(T, "t411-01", value="2" + "0" * 400, published_text="2" + "0" * 400 + "% GDP"),
        "targets.csv:{line}: value: '2000000000000000000000000000000000000000'… (401 "
        "characters): more digits than a figure has (at most 15)",
    ),
    (
        "set-size-5000-digits",  # int() refuses more than 4300 digits: no check may raise
        set_cell("indicator_sets.csv", "qd-1354-province", "size", "9" * 5000),
        "indicator_sets.csv:{line}: size: '9999999999999999999999999999999999999999'… (5000 "
        "characters): a whole number from 1 to 999 expected",
    ),
    (
        "nul-in-a-note",
        set_cell(F, "th-03", "note_en", "Digital-transformation\x00content."),
        "figures.csv:{line}: note_en: a control character (U+0000) in the text: remove it",
    ),
    (
        "escape-in-a-title",
        set_cell(S, "gso-de-2024", "title_en", "GSO \x1b[31mrelease"),
        "sources.csv:{line}: title_en: a control character (U+001B) in the text: remove it",
    ),
    (
        "bidi-override-in-a-note",
        set_cell(F, "th-03", "note_vi", "Các lớp \u202e02,6"),
        "figures.csv:{line}: note_vi: an invisible formatting character (U+202E) in the text: "
        "remove it",
    ),
    (
        "published-text-trailing-words",
        set_cell(F, "ht-03", "published_text", "6,27% so với năm trước"),
        "figures.csv:{line}: published_text: unexpected text 'so với năm trước' after '%' in "
        "'6,27% so với năm trước': a share is followed only by what it is a share of (GDP, "
        "GRDP, of …, tổng …, của …)",
    ),
    (
        "published-text-glued-after-percent",
        set_cell(F, "ht-03", "published_text", "6,27%abc"),
        "figures.csv:{line}: published_text: unexpected text 'abc' after '%' in '6,27%abc': a "
        "share is followed only by what it is a share of (GDP, GRDP, of …, tổng …, của …)",
    ),
    (
        "published-text-trailing-signs",
        set_cell(F, "th-14", "published_text", "333.015 tài khoản; <b>"),
        "figures.csv:{line}: published_text: unexpected ';' after the number in '333.015 tài "
        "khoản; <b>': its unit words are letters, spaces and % ( ) , - / –",
    ),
]


@pytest.fixture
def bad_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _problems(data_dir):
    with pytest.raises(data.DataError) as err:
        data.load(data_dir)
    return [str(p) for p in err.value.problems], str(err.value)


@pytest.mark.parametrize(
    ("mutate", "expected"), [c[1:] for c in CELL_CASES], ids=[c[0] for c in CELL_CASES]
)
def test_each_bad_cell_is_named_with_file_line_column(bad_dir, mutate, expected):
    line = mutate(bad_dir)
    lines, text = _problems(bad_dir)
    assert expected.format(line=line) in lines, text


def test_two_preferred_in_a_duplicate_group(bad_dir):
    line = set_cell(F, "th-08", "preferred", "true")(bad_dir)
    first = _line(bad_dir / F, "th-07")
    lines, _ = _problems(bad_dir)
    assert (
        f"figures.csv:{first}: preferred: duplicate figures (figures.csv:{first}, "
        f"figures.csv:{line}: same basis, province, indicator, series, period and kind): "
        "exactly one must be preferred (found 2)"
    ) in lines


def test_duplicate_without_note(bad_dir):
    line = set_cells(F, "th-08", note_vi="", note_en="")(bad_dir)
    lines, text = _problems(bad_dir)
    assert any(
        ln.startswith(f"figures.csv:{line}: note_en: duplicate figure (")
        and ln.endswith("without a note saying which one is used")
        for ln in lines
    ), text


def test_unknown_published_name_gets_suggestions(bad_dir):
    line = set_cell(F, "th-02", "name_as_published", "Thanh Hoaa")(bad_dir)
    lines, text = _problems(bad_dir)
    hit = [ln for ln in lines if ln.startswith(f"figures.csv:{line}: name_as_published: ")]
    assert hit and "Thanh Hoaa" in hit[0] and "Thanh Hóa" in hit[0], text


# --- whole-file faults ------------------------------------------------------------------


def _edit_text(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_quote_inside_an_unquoted_field(bad_dir):
    f = bad_dir / F
    line = _line(f, "th-03")
    _edit_text(f, "th-03,63,38,Thanh Hóa,Thanh Hóa,", 'th-03,63,38,Thanh Hóa,Thanh "Hóa,')
    lines, text = _problems(bad_dir)
    assert lines == [
        f"figures.csv:{line}: a quote inside an unquoted field: quote the whole field, "
        "double the quote"
    ], text


def test_unbalanced_quote_is_reported_where_the_field_starts(bad_dir):
    """The quote opened on th-03's line runs into later lines; the line reported is its own."""
    f = bad_dir / F
    line = _line(f, "th-03")
    _edit_text(f, ",80 lớp,vi,", ',"80 lớp,vi,')
    lines, text = _problems(bad_dir)
    assert len(lines) == 1 and lines[0].startswith(f"figures.csv:{line}: unbalanced quote"), text


def test_unbalanced_quote_at_the_end_of_the_file(bad_dir):
    f = bad_dir / T
    text = f.read_text(encoding="utf-8")
    start = text.count("\n") + 1
    f.write_text(text + 'x-t1,63,38,Thanh Hóa,"de_share\n', encoding="utf-8")
    lines, text = _problems(bad_dir)
    assert lines == [
        f"targets.csv:{start}: unbalanced quote: the quoted field that starts on this line is never"
        " closed"
    ], text


def test_ragged_row(bad_dir):
    f = bad_dir / F
    line = _line(f, "th-04")
    _edit_text(f, "th-04,63,38,", "th-04,63,extra,38,")
    lines, _ = _problems(bad_dir)
    assert (
        f"figures.csv:{line}: 20 fields where the header has 19 (an unquoted comma, or a missing"
        " one?)"
    ) in lines


def test_header_only_figures_gives_one_message(bad_dir):
    f = bad_dir / F
    f.write_text(f.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    lines, _ = _problems(bad_dir)
    assert lines == ["figures.csv: no figures"]


def test_empty_file(bad_dir):
    (bad_dir / T).write_bytes(b"")
    lines, _ = _problems(bad_dir)
    assert lines == [
        f"targets.csv:1: the file is empty; expected a header: {', '.join(data.COLUMNS[T])}"
    ]


def test_wrong_encoding(bad_dir):
    f = bad_dir / S
    f.write_bytes(f.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    lines, _ = _problems(bad_dir)
    assert lines == ["sources.csv:2: not UTF-8 text (byte 0xe0); save the file as UTF-8"]


def test_missing_file(bad_dir):
    (bad_dir / T).unlink()
    lines, _ = _problems(bad_dir)
    assert lines == [f"targets.csv: file not found in {bad_dir}"]


def test_missing_and_unexpected_column(bad_dir):
    _edit_text(bad_dir / F, "figure_id,basis,", "figure_id,base,")
    lines, _ = _problems(bad_dir)
    assert lines == [
        "figures.csv:1: basis: missing column",
        "figures.csv:1: base: unexpected column",
    ]


def test_columns_out_of_order(bad_dir):
    _edit_text(bad_dir / SER, "series_id,indicator,", "indicator,series_id,")
    lines, _ = _problems(bad_dir)
    assert lines == [
        f"series.csv:1: columns out of order; expected: {', '.join(data.COLUMNS[SER])}"
    ]


def test_every_problem_reported_at_once(bad_dir):
    a = set_cell(F, "ht-03", "value", "inf")(bad_dir)
    b = set_cell(SER, "gso-2024", "colour", "#0072B2")(bad_dir)
    c = set_cell(S, "gso-de-2024", "url", "ftp://x.vn/")(bad_dir)
    lines, _ = _problems(bad_dir)
    assert {ln.split(": ")[0] for ln in lines} >= {
        f"figures.csv:{a}",
        f"series.csv:{b}",
        f"sources.csv:{c}",
    }


# --- lines of records that span lines (the csv module's line_num) ---------------------


def test_a_quoted_field_over_two_lines_keeps_every_rows_line(bad_dir):
    f = bad_dir / F
    line = _line(f, "dn-01")
    _edit_text(
        f, "Sở Thông tin và Truyền thông Đà Nẵng.,Đà", '"Sở Thông tin và Truyền thông\nĐà Nẵng.",Đà'
    )
    ds = data.load(bad_dir)
    lines = dict(zip(ds.figures.figure_id, ds.figures.line, strict=True))
    assert (lines["dn-01"], lines["dn-02"]) == (line, line + 2)
    assert (
        ds.figures.set_index("figure_id").loc["dn-01", "note_vi"]
        == "Sở Thông tin và Truyền thông\nĐà Nẵng."
    )


def test_ragged_row_names_the_lines_of_its_quoted_field(bad_dir):
    f = bad_dir / F
    line = _line(f, "dn-01")
    _edit_text(
        f,
        "Sở Thông tin và Truyền thông Đà Nẵng.,Đà",
        '"Sở Thông tin và Truyền thông\nĐà Nẵng.",x,Đà',
    )
    lines, text = _problems(bad_dir)
    assert (
        f"figures.csv:{line}: 20 fields where the header has 19 (an unquoted comma, or a missing"
        f" one?; a quoted field runs from line {line} to {line + 1})"
    ) in lines, text


def test_text_after_a_closing_quote_is_reported_where_its_field_starts(bad_dir):
    """The record starts on dn-01's line; the broken field starts on the next one."""
    f = bad_dir / F
    line = _line(f, "dn-01")
    _edit_text(
        f,
        "Sở Thông tin và Truyền thông Đà Nẵng.,Đà Nẵng Department",
        '"Sở Thông tin và Truyền thông\nĐà Nẵng.","Đà Nẵng" Department',
    )
    lines, text = _problems(bad_dir)
    assert lines == [
        f"figures.csv:{line + 1}: unbalanced quote: text follows the closing quote of the field "
        "that starts on this line (quote the whole field, double any quote inside)"
    ], text


def test_doubled_quotes_inside_a_quoted_field(bad_dir):
    f = bad_dir / F
    _edit_text(
        f,
        "Sở Thông tin và Truyền thông Đà Nẵng.,Đà",
        '"Sở ""Thông tin"" và Truyền thông Đà Nẵng.",Đà',
    )
    ds = data.load(bad_dir)
    assert ds.figures.set_index("figure_id").loc["dn-01", "note_vi"] == (
        'Sở "Thông tin" và Truyền thông Đà Nẵng.'
    )


def test_crlf_line_ends_give_the_same_lines(bad_dir):
    f = bad_dir / F
    f.write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))
    ds = data.load(bad_dir)
    th06 = ds.figures[ds.figures.figure_id == "th-06"].iloc[0]
    assert (th06.file, th06.line) == ("figures.csv", 7)


def test_a_whole_number_in_other_digits_is_refused(bad_dir):
    line = set_cell("indicator_sets.csv", "qd-1354-province", "size", "1²")(bad_dir)
    lines, text = _problems(bad_dir)
    assert f"indicator_sets.csv:{line}: size: '1²': a whole number from 1 to 999 expected" in (
        lines
    ), text


# --- issue 27, row 8: the run's year and date --------------------------------------------


def _this_year():
    """The loader's calendar: today where it is latest (UTC+14), as a source may be dated."""
    return (datetime.now(UTC) + timedelta(hours=14)).year


def test_an_observed_figure_of_a_later_year_is_refused(bad_dir):
    """A figure dated 3000 would make 3000 every brief's year (the batch's default as_of)."""
    line = set_cell(F, "ht-03", "period", "3000")(bad_dir)
    lines, text = _problems(bad_dir)
    year = _this_year()  # read after the load: the loader's year is this one or the last
    expected = {
        f"figures.csv:{line}: period: '3000' ends after this year ({y}): only a forecast or a "
        "plan is of a later year"
        for y in (year, year - 1)
    }
    assert expected & set(lines), text


def test_next_year_is_refused_for_an_actual_figure_not_for_a_forecast(bad_dir):
    nxt = str(_this_year() + 1)
    set_cell(S, "art-003-ha-tinh", "published", "")(bad_dir)  # no source year to compare
    line = set_cell(F, "ht-03", "period", nxt)(bad_dir)
    lines, text = _problems(bad_dir)
    assert [
        ln
        for ln in lines
        if ln.startswith(f"figures.csv:{line}: period: '{nxt}' ends after this year")
    ], text
    set_cells(F, "ht-03", kind="forecast", published_text="dự kiến 6,27%")(bad_dir)
    assert data.load(bad_dir).figures.set_index("figure_id").loc["ht-03", "year"] == int(nxt)


def test_a_source_published_in_2099_is_refused(bad_dir):
    line = set_cell(S, "gso-de-2024", "published", "2099-01-01")(bad_dir)
    lines, text = _problems(bad_dir)
    hit = [ln for ln in lines if ln.startswith(f"sources.csv:{line}: published: ")]
    assert hit and hit[0].startswith(
        f"sources.csv:{line}: published: '2099-01-01' is after today ("
    ), text
    assert len(lines) == 1, text


# --- issue 27, row 12: fields too long for a CSV reader ----------------------------------


@pytest.mark.parametrize("length", [20_000, 10 * 2**20])  # below and beyond csv's own limit
def test_a_huge_field_is_named_with_its_line_and_column(bad_dir, length):
    line = set_cell(F, "th-03", "note_en", "x" * length)(bad_dir)
    lines, text = _problems(bad_dir)
    assert f"figures.csv:{line}: note_en: {length} characters: a field holds at most 10000" in (
        lines
    ), text[:2000]
    assert len(text) < 2000  # nothing of the field is printed


def test_a_huge_quoted_field_after_a_field_over_two_lines(bad_dir):
    """The field csv cannot read is found again: the line its record starts on, its column."""
    f = bad_dir / F
    huge = 'a, "b"\n' * 2**20  # commas, doubled quotes and line breaks: a quoted field
    line = set_cell(F, "dn-02", "note_vi", huge)(bad_dir) + 1  # dn-01's note gets two lines:
    _edit_text(
        f, "Sở Thông tin và Truyền thông Đà Nẵng.,Đà", '"Sở Thông tin và Truyền thông\nĐà Nẵng.",Đà'
    )
    lines, text = _problems(bad_dir)
    assert lines == [
        f"figures.csv:{line}: note_vi: {len(huge)} characters: a field holds at most 10000"
    ], text[:2000]


def test_a_nul_in_the_header_is_not_printed(bad_dir):
    _edit_text(bad_dir / F, "figure_id,basis,", "figure_id,ba\x00sis,")
    lines, _ = _problems(bad_dir)
    assert lines == ["figures.csv:1: a control character (U+0000) in the text: remove it"]
