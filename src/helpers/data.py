"""The one way data comes in: read ``data/``, validate it, return a :class:`Dataset`.

:func:`load` reads every data file once into bytes, hashes exactly those bytes (the
:attr:`Dataset.fingerprint`) and parses the same bytes, so the fingerprint is always that
of what was validated. The last valid load of a process is kept, keyed by the folder and
the fingerprint (the checks depend on nothing else but today's date, whose bounds only
widen: what was valid stays valid): the same bytes loaded again (each
brief of a kept kernel) are not checked again, and each call gets its own copy of the
tables. Nor are bytes the batch has just validated, in the kernels it starts
(:data:`VALIDATED`).

The folder is read by :func:`read_folder` (:mod:`helpers.datadir`), the reading the batch's
snapshot of the data uses too: a link whose target leaves the data folder, a pipe or a
device is refused before anything is read through it; the files hashed are those loaded.

Each file is read with the standard :mod:`csv` module, after one pass over its quotes so
that an unbalanced quote is reported once, at the line where its field starts. The cells
are checked with one pandera schema per file (:func:`_schemas`: formats, allowed values,
texts in both languages, unique ids); the checks across tables (sources, series,
indicators, units, provinces, published texts, duplicate figures) are plain Python. Every
problem is collected before raising, and each one names its file, line and column
(``figures.csv:12: value: 'inf' is not a finite number``).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pandas as pd

if TYPE_CHECKING:  # imported where a load is checked (not in the batch's kernels)
    import pandera.pandas as pa

from . import contract, i18n, numbers, provinces
from .datadir import read_folder
from .errors import DataError, Problem
from .files import DATA

__all__ = [
    "Problem",
    "DataError",
    "Dataset",
    "COLUMNS",
    "FIGURE_COLUMNS",
    "BASES",
    "SCOPES",
    "UNITS",
    "KINDS",
    "PERIOD_TYPES",
    "QUALIFIERS",
    "COMPARISONS",
    "SET_BY",
    "COUNTRY_CODE",
    "COUNTRY_NAME",
    "VALIDATED",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_FIELD",
    "MAX_DIGITS",
    "data_folder",
    "read_folder",
    "read_files",
    "fingerprint",
    "load",
]

#: Environment variable the batch sets in its kernels: the fingerprint of the data it
#: validated (:func:`load`).
VALIDATED = "VN_BRIEFS_VALIDATED"
#: Code and name of the country in figures and targets of basis ``national``.
COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"
#: Allowed values, from the contract (:mod:`helpers.contract`, ``data/datapackage.json``).
#: ``63``: a province as it was before 1 July 2025; ``34``: one of the 34 units since.
_ENUMS = contract.enums()
BASES = _ENUMS["figures.csv", "basis"]
SCOPES = _ENUMS["series.csv", "scope"]
UNITS = _ENUMS["figures.csv", "unit"]
KINDS = _ENUMS["figures.csv", "kind"]
PERIOD_TYPES = _ENUMS["figures.csv", "period_type"]
QUALIFIERS = _ENUMS["figures.csv", "qualifier"]
#: A target's comparison; ``~``: about a level (khoảng); ``range``: a published range,
#: ``value`` to ``value_high``.
COMPARISONS = _ENUMS["targets.csv", "comparison"]
SET_BY = _ENUMS["targets.csv", "set_by"]
LEVELS = _ENUMS["indicator_sets.csv", "level"]
LANGS = i18n.LANGUAGES
SOURCE_KINDS = _ENUMS["sources.csv", "kind"]
#: Number of units in a basis (the largest possible rank).
BASIS_SIZE = {"63": 63, "34": 34}
#: The years the data take: no figure starts before FIRST_YEAR (nor does a target), no
#: forecast, plan or target ends after LAST_YEAR; an observed figure (actual, preliminary,
#: estimate) ends no later than the current year and than its source's publication.
FIRST_YEAR, LAST_YEAR = 1990, 2100
#: The longest field, in characters (the longest curated one, a curator_note, has ~1,500).
MAX_FIELD = 10_000
#: The most digits of a number (a float holds 15 significant digits exactly).
MAX_DIGITS = 15

#: Expected columns of each file, in order, from the contract; ``tables/*.csv`` use
#: :data:`FIGURE_COLUMNS`.
COLUMNS: dict[str, list[str]] = contract.columns()
FIGURE_COLUMNS = COLUMNS["figures.csv"]
#: Files that may be absent (another part of the project writes them).
OPTIONAL = ("regions.csv", "rank_bases.csv")
#: Indicator-set ids whose members are coded in a column of ``indicators.csv``.
SET_COLUMNS = {"qd-1354-province": "set_1354_province", "qd-1354-national": "set_1354_national"}

# Reader-facing texts in pairs: these must be filled in both languages; notes are
# both-or-neither (the column reported, the other one).
_REQUIRED_PAIRS = {
    "sources.csv": ["title", "publisher"],
    "targets.csv": ["document"],
    "series.csv": ["publisher", "method", "label"],
    "indicators.csv": ["name"],
    "regions.csv": ["name"],
}
_NOTE_PAIRS = [("note_en", "note_vi"), ("note_vi", "note_en")]
# Reader-facing single-language cells also checked for repository paths.
_READER_SINGLE = {"sources.csv": ["cites"]}
_PATH = re.compile(
    r"shared/|(?<![\w.])(?:data|src|tests|notebooks|outputs|sources|reference|tables)/"
    r"|\.(?:csv|txt|py|ipynb|md)\b"
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_INDICATOR_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


@dataclass(frozen=True)
class Dataset:
    """The validated tables; each keeps ``file`` and ``line`` pointing back to its row.

    Attributes
    ----------
    sources, series, indicators, indicator_sets, figures, targets, regions : pandas.DataFrame
    rank_bases, areas : pandas.DataFrame
        The tables (``regions`` and ``rank_bases`` have no rows when their file does not
        exist). ``areas`` holds the 63 former provinces and the 34 units: codes, names,
        the mapping and the keywords that resolve other spellings. ``rank_bases`` gives
        the number of provinces ranked in each edition of a rank series whose base
        changes by edition (the EBI).
        ``figures`` holds the rows of ``figures.csv`` and of every ``tables/*.csv`` and
        gains ``year`` (last year of ``period``) and ``first_year``; ``value`` is a float,
        ``preferred`` a bool. ``targets.year`` is an int, ``series.rank_base`` a nullable
        integer, ``indicators.higher_is_better`` True, False or None.
    fingerprint : str
        SHA-256 over the bytes that were parsed (see :func:`fingerprint`).
    data_dir : pathlib.Path
        Where the files were read.
    places : helpers.provinces.Places
        The two maps built from ``areas`` and ``regions``: ``places.resolve(name, basis)``,
        ``places.units``, ``places.former``, ``places.linked(area)``.
    """

    sources: pd.DataFrame
    series: pd.DataFrame
    indicators: pd.DataFrame
    indicator_sets: pd.DataFrame
    figures: pd.DataFrame
    targets: pd.DataFrame
    regions: pd.DataFrame
    rank_bases: pd.DataFrame
    areas: pd.DataFrame
    fingerprint: str
    data_dir: Path
    places: provinces.Places


def data_folder() -> Path:
    """Return the project's ``data/`` folder, found from the package, not the cwd.

    Returns
    -------
    pathlib.Path
        ``<project>/data`` for a package installed in place (``src/helpers``).
    """
    return DATA


#: The files of the loader, read once (the contract's, :func:`helpers.contract.read_files`).
read_files = contract.read_files


def fingerprint(files: Mapping[str, bytes]) -> str:
    """Hash data files as read by :func:`read_files`.

    Parameters
    ----------
    files : mapping of str to bytes
        File name (relative, POSIX) to content.

    Returns
    -------
    str
        Hex SHA-256 over, for each file in name order, the UTF-8 name, a NUL byte, the
        content's length in decimal, a NUL byte and the content
        (:func:`helpers.fingerprint.digest`): the one fingerprint of the data, which the
        batch computes from the same files without importing this module.
    """
    from .fingerprint import digest  # standard library only, nothing heavy

    return digest(files.items())


def load(data_dir: str | Path | None = None) -> Dataset:
    """Read, validate and return the curated data.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder with the CSV files; None means :func:`data_folder` (the project's
        ``data/``, whatever the current directory).

    Returns
    -------
    Dataset
        The validated tables and the fingerprint of the bytes they were parsed from.

    Raises
    ------
    DataError
        Listing every problem as ``file:line: column: message``.

    Notes
    -----
    The batch validates the data once, then starts its kernels with :data:`VALIDATED` set
    to the fingerprint of the bytes it validated: a load in such a kernel whose bytes have
    that fingerprint is not checked again (nor is pandera imported).
    """
    data_dir = data_folder() if data_dir is None else Path(data_dir)
    files = read_files(data_dir)
    key = (str(data_dir.resolve()), fingerprint(files))
    if _LAST.get("key") != key:
        checked = os.environ.get(VALIDATED) != key[1]
        tables, problems = _parse_all(files, data_dir, checked)
        if problems:
            raise DataError(list(dict.fromkeys(problems)))
        typed = _typed(tables)
        places = provinces.Places(
            typed["areas"].to_dict("records"), typed["regions"].to_dict("records")
        )
        _LAST.clear()
        _LAST.update(key=key, tables=typed, places=places)
    tables = {name: df.copy() for name, df in _LAST["tables"].items()}
    return Dataset(**tables, fingerprint=key[1], data_dir=data_dir, places=_LAST["places"])


_LAST: dict = {}  # the last valid load: its key and tables (load returns copies)


# --- reading CSV ---------------------------------------------------------------------

_BREAK = re.compile(r"\r\n?|\n")
_BARE_QUOTE = "a quote inside an unquoted field: quote the whole field, double the quote"
_TEXT_AFTER_QUOTE = (
    "unbalanced quote: text follows the closing quote of the field that starts on this line "
    "(quote the whole field, double any quote inside)"
)
_NEVER_CLOSED = "unbalanced quote: the quoted field that starts on this line is never closed"


def _quote_fault(text: str) -> tuple[int, str] | None:
    """Find the first misplaced quote: (offset of the line to report, message), or None.

    The :mod:`csv` module reads a quote inside an unquoted field as text, and names the
    line where it gives up rather than the one where a broken field starts. Counting
    quotes finds both: a quote after an even number of them opens a field (it follows a
    comma or a line break) or doubles the quote just before it; a quote after an odd number
    closes its field (a comma, a line break or the end follows) or is doubled.
    """
    count = opened = 0
    for match in re.finditer('"', text):
        i = match.start()
        if count % 2 == 0:
            before = text[i - 1] if i else "\n"
            if before not in ',\r\n"':
                return i, _BARE_QUOTE
            if before != '"':
                opened = i
        elif text[i + 1 : i + 2] not in ("", '"', ",", "\r", "\n"):
            return opened, _TEXT_AFTER_QUOTE
        count += 1
    return (opened, _NEVER_CLOSED) if count % 2 else None


def _read_table(
    name: str, raw: bytes | None, expected: list[str], data_dir: Path
) -> tuple[list[list] | None, list[Problem]]:
    """Parse one file's bytes into rows of stripped, NFC-normalised strings.

    Each row ends with the file's name and the line where the row starts. The rows are None
    when the file cannot be read at all (missing, not UTF-8, a broken quote, a wrong
    header); ragged rows are reported and left out.
    """
    if raw is None:
        hint = "; `make areas` writes it from the libraries" if name == "areas.csv" else ""
        return None, [Problem(name, None, None, f"file not found in {data_dir}{hint}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte {raw[exc.start]:#04x}); save the file as UTF-8"
        return None, [Problem(name, line, None, message)]
    fault = _quote_fault(text)
    if fault:
        return None, [Problem(name, len(_BREAK.findall(text, 0, fault[0])) + 1, None, fault[1])]
    reader = csv.reader(io.StringIO(text, newline=""))
    records, first = [], 1  # (first line, last line, fields) of the records not blank
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                records.append((first, reader.line_num, fields))
            first = reader.line_num + 1
    except csv.Error as exc:  # a field beyond csv.field_size_limit(), above MAX_FIELD
        return None, _long_fields(name, text) or [Problem(name, reader.line_num, None, str(exc))]
    if not records:
        message = f"the file is empty; expected a header: {', '.join(expected)}"
        return None, [Problem(name, 1, None, message)]
    faults = _field_faults(name, records[0][0], None, records[0][2])
    if faults:  # a header that cannot be shown as column names
        return None, faults
    header = [h.strip() for h in records[0][2]]
    problems = [Problem(name, 1, c, "missing column") for c in expected if c not in header]
    problems += [Problem(name, 1, c, "unexpected column") for c in header if c not in expected]
    if not problems and header != expected:
        message = f"columns out of order; expected: {', '.join(expected)}"
        problems.append(Problem(name, 1, None, message))
    if problems:
        return None, problems
    rows = []
    for first, last, fields in records[1:]:
        problems += _field_faults(name, first, header, fields)
        if len(fields) == len(expected):
            rows.append([*(unicodedata.normalize("NFC", v.strip()) for v in fields), name, first])
            continue
        span = f"; a quoted field runs from line {first} to {last}" if last > first else ""
        message = (
            f"{len(fields)} fields where the header has {len(expected)} (an unquoted comma, "
            f"or a missing one?{span})"
        )
        problems.append(Problem(name, first, None, message))
    return rows, problems


def _too_long(length: int) -> str:
    return f"{length} characters: a field holds at most {MAX_FIELD}"


def _field_faults(name: str, line: int, header: list[str] | None, fields: list[str]) -> list:
    """Refuse a field longer than :data:`MAX_FIELD` or holding a control character.

    Control (Unicode ``Cc``) and invisible formatting (``Cf``: bidirectional overrides,
    zero-width characters) characters are refused, except the tab and line breaks. The
    column is the header's (None for the header itself); nothing of the field is quoted.
    """
    problems = []
    for i, value in enumerate(fields):
        column = header[i] if header is not None and i < len(header) else None
        if len(value) > MAX_FIELD:
            problems.append(Problem(name, line, column, _too_long(len(value))))
            continue
        if value.isprintable():
            continue
        for c in value:
            kind = unicodedata.category(c)
            if kind in ("Cc", "Cf") and c not in "\t\r\n":
                what = "a control" if kind == "Cc" else "an invisible formatting"
                message = f"{what} character (U+{ord(c):04X}) in the text: remove it"
                problems.append(Problem(name, line, column, message))
                break
    return problems


# One field of a file whose quotes _quote_fault found balanced: quoted, or not.
_FIELD = re.compile(r'"[^"]*(?:""[^"]*)*"|[^,\r\n]*')


def _long_fields(name: str, text: str) -> list[Problem]:
    """Name the line (where its record starts) and column of each field over MAX_FIELD.

    For a field the :mod:`csv` module refuses to read (beyond its field size limit): the
    fields are found again here, without that limit.
    """
    problems: list[Problem] = []
    header: list[str] | None = None
    record: list[str] = []
    pos, line, first = 0, 1, 1
    while True:
        m = _FIELD.match(text, pos)
        raw = m.group(0)
        value = raw[1:-1].replace('""', '"') if raw.startswith('"') else raw
        if len(value) > MAX_FIELD:
            column = header[len(record)] if header and len(record) < len(header) else None
            problems.append(Problem(name, first, column, _too_long(len(value))))
        record.append(value.strip()[:MAX_FIELD])
        line += len(_BREAK.findall(raw))
        end = m.end()
        if end >= len(text):
            return problems
        if text[end] == ",":
            pos = end + 1
            continue
        pos = end + (2 if text.startswith("\r\n", end) else 1)
        if header is None and any(record):
            header = record
        record, line = [], line + 1
        first = line


# --- cell checks: one pandera schema per file ----------------------------------------
# A check's ``error`` is the message; "{v}" stands for the cell, "{hit}" for the path it
# names and "{first}" for where a duplicated id first appears (see _message).

_NON_FINITE = ("inf", "infinity", "nan")
_NOT_FINITE = "{v} is not a finite number"
_DUPLICATE_ID = "duplicate id {v} (first at {first})"
_REPORTED_ON: dict[str, str] = {}  # the column of a check on whole rows, by its message


def _cell(test: Callable[[str], object], error: str, optional: bool = False) -> pa.Check:
    """Check each cell with ``test``; an empty cell passes if ``optional``."""
    import pandera.pandas as pa

    return pa.Check(lambda v: (optional and not v) or bool(test(v)), element_wise=True, error=error)


def _one_of(values: Iterable[str], optional: bool = False) -> pa.Check:
    import pandera.pandas as pa

    allowed = tuple(values)
    error = f"{{v}}: must be one of: {', '.join(allowed)}"
    return pa.Check.isin([*allowed, ""] if optional else allowed, error=error)


def _finite(value: str) -> bool:
    return value.lower().lstrip("+-") not in _NON_FINITE


def _integer(low: int, high: int, optional: bool = False) -> list[pa.Check]:
    def whole(v: str) -> bool:
        digits = v.isascii() and v.isdigit() and len(v.lstrip("0")) <= len(str(high))
        return not _finite(v) or (digits and low <= int(v) <= high)

    expected = f"{{v}}: a whole number from {low} to {high} expected"
    return [_cell(_finite, _NOT_FINITE), _cell(whole, expected, optional)]


def _few_digits(value: str) -> bool:
    """Check that a plain number has at most MAX_DIGITS digits (other cells pass)."""
    return not _NUMBER.match(value) or sum(c.isdigit() for c in value) <= MAX_DIGITS


def _is_date(value: str) -> bool:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    try:
        return m is not None and bool(date(int(m[1]), int(m[2] or 1), int(m[3] or 1)))
    except ValueError:
        return False


def _is_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


def _runs_forward(value: str) -> bool:
    m = _PERIOD.match(value)
    return m is None or not m[2] or int(m[2]) > int(m[1])


def _given_with(column: str, other: str) -> pa.Check:
    """Both or neither: report ``column`` when only ``other`` is filled in.

    pandera lists a failing row once per column; :func:`_check_cells` keeps ``column``.
    """
    import pandera.pandas as pa

    error = f"missing: {other} is given (both or neither)"
    _REPORTED_ON[error] = column
    return pa.Check(lambda f: (f[column] != "") | (f[other] == ""), error=error)


def _common_checks() -> dict:
    """Return the checks several files' columns share (ids, numbers, codes, reader texts)."""
    import pandera.pandas as pa

    filled = pa.Check(lambda s: s != "", error="must not be empty")
    finite = _cell(_finite, _NOT_FINITE)
    unique = pa.Check(lambda s: (s == "") | ~s.duplicated(), error=_DUPLICATE_ID)
    id_error = "{v}: lower-case id expected (letters a-z, digits, '-', '_', '.')"
    ident = [filled, _cell(_ID.match, id_error, optional=True)]
    number_error = "{v} is not a plain number (digits, a dot for decimals)"
    digits = _cell(_few_digits, f"{{v}}: more digits than a figure has (at most {MAX_DIGITS})")
    code_error = f"{{v}}: a two-digit province code or {COUNTRY_CODE} expected"
    province_code = _cell(lambda v: v == COUNTRY_CODE or re.fullmatch(r"\d{2}", v), code_error)
    both_languages = pa.Check(
        lambda s: s != "", error="must not be empty: every text a reader sees has vi and en"
    )
    no_path = _cell(
        lambda v: not _PATH.search(v),
        "names a file or folder ({hit}): readers cannot open it; keep such notes in curator_note",
    )
    date_error = "{v}: a date YYYY-MM-DD, YYYY-MM or YYYY expected (or empty)"
    period_error = "{v}: a year (2023) or a range of years (2020-2023) expected"
    figure_or_target = {
        "province_code": [province_code],
        **dict.fromkeys(["province", "indicator", "published_text", "source_id"], [filled]),
        "value": [
            finite,
            _cell(lambda v: not _finite(v) or _NUMBER.match(v), number_error),
            digits,
        ],
    }
    return {
        "filled": filled,
        "finite": finite,
        "unique": unique,
        "id_error": id_error,
        "ident": ident,
        "number_error": number_error,
        "digits": digits,
        "code_error": code_error,
        "province_code": province_code,
        "both_languages": both_languages,
        "no_path": no_path,
        "date_error": date_error,
        "period_error": period_error,
        "figure_or_target": figure_or_target,
    }


def _reference_checks(k: dict) -> dict[str, dict[str, list]]:
    """Return the column checks of the reference files: sources, indicators, sets, series."""
    filled, unique, ident = k["filled"], k["unique"], k["ident"]
    date_error = k["date_error"]
    return {
        "sources.csv": {
            "source_id": [*ident, unique],
            "published": [_cell(_is_date, date_error, optional=True)],
            "url": [_cell(_is_url, "{v}: one http(s) URL expected (or empty)", optional=True)],
        },
        "indicators.csv": {
            "indicator_id": [
                _cell(_INDICATOR_ID.match, "{v}: indicator id expected (a-z, digits, '_')"),
                unique,
            ],
            "higher_is_better": [_one_of(["true", "false"], optional=True)],
            "set_1354_province": [
                _cell(re.compile(r"P\d{1,2}").fullmatch, "{v}: P1, P2, … or empty", True)
            ],
            "set_1354_national": [
                _cell(re.compile(r"N\d{1,2}").fullmatch, "{v}: N1, N2, … or empty", True)
            ],
        },
        "indicator_sets.csv": {
            "set_id": [*ident, unique],
            "size": _integer(1, 999),
            "named": _integer(0, 999),
            "source_id": [filled],
        },
        "series.csv": {
            "series_id": [*ident, unique],
            "indicator": [filled],
            "rank_base": _integer(1, 63, optional=True),
            "years_compare": [_one_of(["true", "false"])],
            "colour": [_cell(_COLOUR.match, "{v}: a colour #rrggbb expected")],
        },
    }


def _figure_checks(k: dict) -> dict[str, dict[str, list]]:
    """Return the column checks of figures, targets, rank bases and regions."""
    filled, finite, unique, ident = k["filled"], k["finite"], k["unique"], k["ident"]
    number_error, digits, period_error = k["number_error"], k["digits"], k["period_error"]
    figure_or_target, province_code = k["figure_or_target"], k["province_code"]
    return {
        "figures.csv": {
            **figure_or_target,
            "figure_id": [*ident, unique],
            **dict.fromkeys(["name_as_published", "series"], [filled]),
            "period": [
                _cell(_PERIOD.match, period_error),
                _cell(_runs_forward, "{v} does not run forward"),
            ],
            "preferred": [_one_of(["true", "false"])],
        },
        "targets.csv": {
            **figure_or_target,
            "target_id": [*ident, unique],
            "year": _integer(FIRST_YEAR, LAST_YEAR),
            "value_high": [
                finite,
                _cell(lambda v: not _finite(v) or not v or _NUMBER.match(v), number_error),
                digits,
            ],
        },
        "rank_bases.csv": {
            "series": [filled],
            "period": [_cell(_PERIOD.match, period_error)],
            "units_ranked": _integer(1, 63),
            "source_id": [filled],
        },
        "areas.csv": {c: [filled] for c in ("basis", "code", "name", "full_name")},
        "regions.csv": {
            "region_id": ident,
            "province_code": [province_code],
            "source_id": [filled],
        },
    }


@functools.cache
def _schemas() -> dict[str, pa.DataFrameSchema]:
    """Build the schema of every file (once): its columns' checks and those of reader texts.

    The allowed values of a column are those of the contract (``constraints.enum`` in
    ``data/datapackage.json``); the other checks are written here.
    """
    import pandera.pandas as pa

    k = _common_checks()
    checks = {**_reference_checks(k), **_figure_checks(k)}
    both_languages, no_path = k["both_languages"], k["no_path"]
    schemas = {}
    for name in COLUMNS:
        columns = {c: list(checks[name].get(c, [])) for c in COLUMNS[name]}
        for column in columns:  # allowed values: the contract's (data/datapackage.json)
            if (name, column) in _ENUMS:
                columns[column].insert(0, _one_of(_ENUMS[name, column]))
        for base in _REQUIRED_PAIRS.get(name, []):
            for lang in LANGS:
                columns[f"{base}_{lang}"].append(both_languages)
        for column, found in columns.items():
            if column.endswith(("_vi", "_en")) or column in _READER_SINGLE.get(name, []):
                found.append(no_path)
        pairs = [_given_with(a, b) for a, b in _NOTE_PAIRS if a in columns]
        schemas[name] = pa.DataFrameSchema(
            {c: pa.Column(checks=found) for c, found in columns.items() if found},
            checks=pairs,
            name=name,
        )
    return schemas


def _message(error: str, value: str, frame: pd.DataFrame, column: str) -> str:
    """Fill in a check's message for the failing cell ``value`` of ``column``."""
    if "{hit}" in error:
        error = error.replace("{hit}", repr(_PATH.search(value).group(0)))
    if "{first}" in error:
        first = frame.index[frame[column] == value][0]
        error = error.replace("{first}", f"{frame.at[first, 'file']}:{frame.at[first, 'line']}")
    return error.replace("{v}", _quoted(value))


def _quoted(value: str) -> str:
    """Quote a cell in a message: its repr, cut after 40 characters when it is long."""
    if len(value) <= 60:
        return repr(value)
    return f"{value[:40]!r}… ({len(value)} characters)"


def _check_cells(frame: pd.DataFrame, name: str) -> tuple[list[bool], list[Problem]]:
    """Validate a frame with its schema; return which rows failed, and the problems.

    A duplicated id is reported but does not make its row fail: the row is still checked
    against the other tables.
    """
    import pandera.pandas as pa

    bad = [False] * len(frame)
    try:
        _schemas()[name].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return bad, []
    if cases["index"].isna().any():  # a check that raised: a bug here, not in the data
        raise RuntimeError(f"checking {name} failed:\n{cases[cases['index'].isna()]}")
    on_rows = cases["schema_context"] == "DataFrameSchema"
    cases = cases[~on_rows | (cases["column"] == cases["check"].map(_REPORTED_ON))]
    order = {c: i for i, c in enumerate(frame.columns)}
    found = sorted(
        zip(cases["index"], cases["column"], cases["check"], cases["failure_case"], strict=True),
        key=lambda case: (case[0], order[case[1]]),
    )
    problems = []
    for index, column, error, value in found:
        line = int(frame.at[index, "line"])
        message = _message(error, value, frame, column)
        problems.append(Problem(frame.at[index, "file"], line, column, message))
        bad[index] = bad[index] or error != _DUPLICATE_ID
    return bad, problems


# --- checks across tables ------------------------------------------------------------

Add = Callable[[dict, str, str], None]
_SAME_FIGURE = ("basis", "province_code", "indicator", "series", "period", "kind")


def _bases(kind: str) -> str:
    return "national" if kind == "national" else "63 or 34"


class _Crossing:
    """The checks across tables, one method per file, on the rows that passed their own checks.

    ``raw`` holds every parsed row (keys of rows with other problems still count as
    existing, so one bad cell does not cascade into "unknown id" elsewhere).
    """

    def __init__(self, tables: dict[str, list[dict]], raw: dict[str, list[dict]]):
        self.tables, self.raw = tables, raw
        self.problems: list[Problem] = []
        self.source_ids = {r["source_id"] for r in raw["sources.csv"]}
        self.published = {r["source_id"]: r["published"] for r in reversed(raw["sources.csv"])}
        self.today = _today()
        self.indicators = {r["indicator_id"]: r for r in reversed(raw["indicators.csv"])}
        self.series = {r["series_id"]: r for r in reversed(raw["series.csv"])}
        self.places = None  # the two maps, when areas.csv makes them

    def area_rows(self) -> None:
        """Check areas.csv (:func:`helpers.provinces.check_areas`); build the two maps.

        Without them (a row with an empty cell, a problem here) no province code is
        checked: the problems of areas.csv are reported instead.
        """
        rows = self.tables["areas.csv"]
        if len(rows) != len(self.raw["areas.csv"]):
            return
        found = provinces.check_areas(rows)
        self.problems += [Problem("areas.csv", line, col, text) for line, col, text in found]
        if not found:
            self.places = provinces.Places(rows, self.tables["regions.csv"])

    def add(self, row: dict, column: str, message: str) -> None:
        """Record a problem of a row's column."""
        self.problems.append(Problem(row["file"], row["line"], column, message))

    def need_source(self, row: dict) -> None:
        """Check that the row's source is in sources.csv."""
        if row["source_id"] not in self.source_ids:
            self.add(row, "source_id", f"no source {row['source_id']!r} in sources.csv")

    def need_indicator(self, row: dict) -> dict | None:
        """Return the row's indicator, or None (reported) when unknown."""
        found = self.indicators.get(row["indicator"])
        if found is None:
            self.add(row, "indicator", f"unknown indicator {row['indicator']!r}")
        return found

    def need_series(self, row: dict) -> dict | None:
        """Return the row's series, or None (reported) when unknown."""
        found = self.series.get(row["series"])
        if found is None:
            self.add(row, "series", f"no series {row['series']!r} in series.csv")
        return found

    def need_area(self, row: dict, published: str | None) -> None:
        """Check the province code and name by basis, and the name as published."""
        basis, code = row["basis"], row["province_code"]
        if basis == "national":
            if code != COUNTRY_CODE:
                self.add(row, "province_code", f"basis national takes {COUNTRY_CODE}")
            elif row["province"] != COUNTRY_NAME:
                self.add(row, "province", f"the country is named {COUNTRY_NAME!r}")
            return
        if self.places is None:  # areas.csv is broken (reported): nothing to check against
            return
        area = self.places.get(code, basis)
        if area is None:
            known = "(legacy codes of the 63 provinces)" if basis == "63" else "(34 units)"
            self.add(
                row, "province_code", f"unknown province code {code!r} for basis {basis} {known}"
            )
            return
        if "province" in row and row["province"] != area.name:
            message = f"{row['province']!r} is not the name of {code} on basis {basis}"
            self.add(row, "province", f"{message} ({area.name!r})")
        if published is None:
            return
        given = row[published]
        try:
            found = self.places.resolve(given, basis=basis)
        except provinces.UnknownProvinceError as exc:
            self.add(row, published, str(exc))
            return
        if found.code != code:
            message = f"{given!r} is {found.name} ({found.code}), not {code} on basis {basis}"
            self.add(row, published, message)

    def sources_rows(self) -> None:
        """Check sources: none published after today."""
        for row in self.tables["sources.csv"]:
            if row["published"] and _first_day(row["published"]) > self.today:
                self.add(
                    row,
                    "published",
                    f"{row['published']!r} is after today ({self.today.isoformat()})",
                )

    def indicator_rows(self) -> None:
        """Check indicators: set codes and keywords unique, related ids known."""
        for column in SET_COLUMNS.values():
            seen: dict[str, int] = {}
            for row in self.tables["indicators.csv"]:
                code = row[column]
                if code and code in seen:
                    self.add(row, column, f"{code!r} is already used on line {seen[code]}")
                elif code:
                    seen[code] = row["line"]
        keyword_of: dict[str, dict] = {}
        for row in self.tables["indicators.csv"]:
            for word in row["keywords"].split(";") if row["keywords"] else []:
                other = keyword_of.setdefault(word.strip(), row)
                if word != word.strip() or not word or word != word.lower():
                    message = "lower-case words separated by ';', no spaces around"
                    self.add(row, "keywords", f"{word!r}: {message}")
                elif other is not row:
                    message = f"{word!r} is already a keyword of {other['indicator_id']!r}"
                    message += f" (line {other['line']}): a word names one indicator"
                    self.add(row, "keywords", message)
            for rel in filter(None, (r.strip() for r in row["related"].split(";"))):
                if rel == row["indicator_id"]:
                    self.add(row, "related", "an indicator is not its own")
                elif rel not in self.indicators:
                    self.add(row, "related", f"unknown indicator {rel!r}")

    def indicator_sets(self) -> None:
        """Check indicator sets: their source, and as many coded as named."""
        for row in self.tables["indicator_sets.csv"]:
            self.need_source(row)
            size, named = int(row["size"]), int(row["named"])
            if named > size:
                self.add(row, "named", f"{named} named of a set of {size}")
            column = SET_COLUMNS.get(row["set_id"])
            coded = sum(1 for r in self.raw["indicators.csv"] if r[column]) if column else named
            if coded != named:
                self.add(
                    row, "named", f"{named} named, but indicators.csv codes {coded} in {column}"
                )

    def series_rows(self) -> None:
        """Check series: scope and basis agree, rank bases fit, colours unique."""
        colours: dict[str, dict] = {}
        for row in self.tables["series.csv"]:
            ind = self.need_indicator(row)
            if (row["scope"] == "national") != (row["basis"] == "national"):
                self.add(
                    row, "basis", f"scope {row['scope']} goes with basis {_bases(row['scope'])}"
                )
            base, basis = row["rank_base"], row["basis"]
            if base and ind is not None and ind["unit"] != "rank":
                self.add(row, "rank_base", "only a rank series has a base")
            elif base and basis in BASIS_SIZE and int(base) > BASIS_SIZE[basis]:
                message = f"{base} units ranked, but basis {basis} has {BASIS_SIZE[basis]}"
                self.add(row, "rank_base", message)
            other = colours.setdefault(row["colour"].lower(), row)
            if other is not row:
                message = (
                    f"colour {row['colour']!r} is already used by series {other['series_id']!r}"
                )
                self.add(row, "colour", f"{message} (line {other['line']})")

    def figures(self) -> None:
        """Check figures (figures.csv and tables/*.csv): area, period, series, unit, value."""
        for row in self.tables["figures.csv"]:
            self.need_source(row)
            self.need_area(row, "name_as_published")
            kind, period = row["period_type"], row["period"]
            single = period[:4] == period[-4:]
            if kind in ("year", "to_date") and not single:
                self.add(
                    row, "period_type", f"{kind!r} takes a single year, the period is {period!r}"
                )
            if kind in ("average", "total") and single:
                message = f"{kind!r} takes a range of years (2020-2023), the period is {period!r}"
                self.add(row, "period_type", message)
            _check_period(row, self.published.get(row["source_id"], ""), self.today.year, self.add)
            ind = self.need_indicator(row)
            ser = self.need_series(row)
            if ser is not None:
                if ser["indicator"] != row["indicator"]:
                    message = f"series {row['series']!r} measures {ser['indicator']!r}"
                    self.add(
                        row, "series", f"{message}, the figure's indicator is {row['indicator']!r}"
                    )
                if ser["basis"] != row["basis"]:
                    message = f"series {row['series']!r} is on basis {ser['basis']}"
                    self.add(row, "series", f"{message}, the figure on basis {row['basis']}")
            if ind is not None and _unit_agrees(row, ind, self.add):
                base = ser["rank_base"] if ser is not None else ""
                base = int(base) if base.isdigit() else None
                _check_value(row, base, self.add)
                _check_published(row, "qualifier", self.add)
                written = (
                    numbers.rank_base_of(row["published_text"]) if row["unit"] == "rank" else None
                )
                if written and base and written != base:
                    message = f"the rank is written out of {written}, the series ranks {base} units"
                    self.add(row, "published_text", message)
        _duplicates(self.tables["figures.csv"], self.add)

    def targets(self) -> None:
        """Check targets: area, who set them, series, range, unit and wording."""
        for row in self.tables["targets.csv"]:
            self.need_source(row)
            self.need_area(row, None)
            if (row["set_by"] == "national") != (row["basis"] == "national"):
                message = f"set_by {row['set_by']} goes with basis {_bases(row['set_by'])}"
                self.add(row, "set_by", f"{message}, the target is on basis {row['basis']}")
            if row["inferred"] and not row["note_vi"]:
                message = (
                    "an inferred target needs notes (vi and en) telling readers what was inferred"
                )
                self.add(row, "note_vi", message)
            ind = self.need_indicator(row)
            ser = self.need_series(row) if row["series"] else None  # a target may name none
            if ser and (ser["indicator"], ser["basis"]) != (row["indicator"], row["basis"]):
                measures = f"measures {ser['indicator']!r} on basis {ser['basis']}"
                target = f"the target {row['indicator']!r} on basis {row['basis']}"
                self.add(row, "series", f"series {row['series']!r} {measures}, {target}")
            if (row["comparison"] == "range") != bool(row["value_high"]):
                message = (
                    "a range target has value_high (its upper end); other targets leave it empty"
                )
                self.add(row, "value_high", message)
            elif row["value_high"] and float(row["value_high"]) <= float(row["value"]):
                self.add(
                    row, "value_high", f"{row['value_high']} is not above value {row['value']}"
                )
            elif ind is not None and _unit_agrees(row, ind, self.add):
                _check_value(row, None, self.add)
                _check_published(row, "comparison", self.add)

    def rank_bases(self) -> None:
        """Check rank bases: one per edition of a rank series without a fixed base."""
        editions: dict[tuple[str, str], dict] = {}
        for row in self.tables["rank_bases.csv"]:
            self.need_source(row)
            ser = self.need_series(row)
            key = (row["series"], row["period"])
            if key in editions:
                message = (
                    f"{row['series']} {row['period']} is already on line {editions[key]['line']}"
                )
                self.add(row, "period", message)
            editions.setdefault(key, row)
            if ser is None:
                continue
            if self.indicators.get(ser["indicator"], {}).get("unit") != "rank" or ser["rank_base"]:
                message = f"series {row['series']!r} is not a rank series without a fixed rank_base"
                self.add(row, "series", message)
            elif ser["basis"] in BASIS_SIZE and int(row["units_ranked"]) > BASIS_SIZE[ser["basis"]]:
                message = f"{row['units_ranked']} ranked, but basis {ser['basis']} has"
                self.add(row, "units_ranked", f"{message} {BASIS_SIZE[ser['basis']]}")
        for row in self.tables["figures.csv"]:
            edition = editions.get((row["series"], row["period"]))
            if (
                edition
                and row["unit"] == "rank"
                and float(row["value"]) > int(edition["units_ranked"])
            ):
                message = f"rank {row['value']} is beyond the {edition['units_ranked']} provinces"
                self.add(
                    row,
                    "value",
                    f"{message} this edition ranked (rank_bases.csv:{edition['line']})",
                )

    def regions(self) -> None:
        """Check regions: their source and their areas."""
        for row in self.tables["regions.csv"]:
            self.need_source(row)
            self.need_area(row, None)


def _cross(tables: dict[str, list[dict]], raw: dict[str, list[dict]]) -> list[Problem]:
    """Check across tables, on the rows that passed their own cell checks (:class:`_Crossing`)."""
    c = _Crossing(tables, raw)
    for check in (c.area_rows, c.sources_rows, c.indicator_rows, c.indicator_sets,
                  c.series_rows, c.figures, c.targets, c.rank_bases, c.regions):  # fmt: skip
        check()
    return c.problems


def _today() -> date:
    """Return today on the calendar furthest ahead (UTC+14): nothing is published later."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def _first_day(value: str) -> date:
    """Return the first day a date ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` can mean."""
    parts = [int(p) for p in value.split("-")]
    return date(*parts, *[1] * (3 - len(parts)))


def _check_period(row: dict, published: str, this_year: int, add: Add) -> None:
    """Check a figure's years against the run's year and its source's.

    None before FIRST_YEAR; an observed figure's none after this year nor after the year
    its source was published; a forecast's or a plan's none after LAST_YEAR.
    """
    period, kind = row["period"], row["kind"]
    later = "only a forecast or a plan is of a later year"
    if int(period[:4]) < FIRST_YEAR:
        add(row, "period", f"{period!r} starts before {FIRST_YEAR}, the first year the data take")
    last = int(period[-4:])
    if kind in ("forecast", "plan"):
        if last > LAST_YEAR:
            add(row, "period", f"{period!r} ends after {LAST_YEAR}, the last year the data take")
    elif last > this_year:
        add(row, "period", f"{period!r} ends after this year ({this_year}): {later}")
    elif published[:4].isdigit() and last > int(published[:4]):
        message = f"{period!r} ends after its source was published ({published}): {later}"
        add(row, "period", message)


# What may follow the number in a published text: its unit words ("%", "tỷ đồng", a
# count's noun and the words describing it), made of letters, spaces and these signs; after
# "%", only what it is a share of (or "/năm").
_UNIT_SIGNS = frozenset(",()/-–%")
_SHARE_OF = re.compile(r"%(?:\s*/\s*năm|\s+(?:gdp|grdp|of|tổng|của)\b.*)?", re.I | re.S)


def _unit_words_fault(unit: str, text: str) -> str:
    """Return what is wrong with the words after a published number, or ""."""
    for c in unit:
        if not (c.isalpha() or c.isspace() or c in _UNIT_SIGNS or unicodedata.combining(c)):
            signs = "letters, spaces and " + " ".join(sorted(_UNIT_SIGNS))
            return f"unexpected {c!r} after the number in {text!r}: its unit words are {signs}"
    if unit.startswith("%") and not _SHARE_OF.fullmatch(unit):
        return (
            f"unexpected text {unit[1:].strip()!r} after '%' in {text!r}: a share is followed "
            "only by what it is a share of (GDP, GRDP, of …, tổng …, của …)"
        )
    return ""


def _unit_agrees(row: dict, ind: dict, add: Add) -> bool:
    """Check that a figure's or target's unit is its indicator's; report it if not."""
    if row["unit"] == ind["unit"]:
        return True
    message = f"{row['unit']!r} disagrees with indicator {row['indicator']!r} ({ind['unit']!r})"
    add(row, "unit", message)
    return False


def _check_published(row: dict, compare: str, add: Add) -> None:
    """Check that the published text re-reads as the row's value, unit, qualifier and kind."""
    unit, text = row["unit"], row["published_text"]
    try:
        pub = numbers.parse_published(text, row["number_format"], ranges="value_high" in row)
    except ValueError as exc:
        pub = None
        if unit == "rank":  # ranks are often written in words: "dẫn đầu", "thứ ba"
            with contextlib.suppress(ValueError):
                pub = numbers.Published(numbers.parse_rank(text), "", "=", "")
        if pub is None:
            add(row, "published_text", str(exc))
            return
    factor = 1.0
    if pub.unit:
        fault = _unit_words_fault(pub.unit, text)
        if fault:
            add(row, "published_text", fault)
            return
        try:
            pub_unit, factor = numbers.unit_of(pub.unit)
        except ValueError as exc:
            add(row, "published_text", str(exc))
            return
        if pub_unit != unit and not (pub_unit == "count" and unit == "rank"):
            message = f"unit words {pub.unit!r} mean {pub_unit!r}, the row says {unit!r}"
            add(row, "published_text", message)
    value = float(row["value"])
    if abs(pub.value * factor - value) > 1e-9 * max(1.0, abs(value)):
        message = f"{row['value']!r} differs from the published text {text!r}"
        add(row, "value", f"{message} (reads as {pub.value * factor:g})")
    if (
        pub.high is not None
        and row.get("value_high")
        and abs(pub.high * factor - float(row["value_high"]))
        > 1e-9 * max(1.0, abs(float(row["value_high"])))
    ):
        message = f"{row['value_high']!r} differs from the upper end of {text!r}"
        add(row, "value_high", f"{message} (reads as {pub.high * factor:g})")
    if pub.qualifier != row[compare]:
        message = f"the published text {text!r} says {pub.qualifier!r}"
        add(row, compare, f"{message}, the row says {row[compare]!r}")
    if pub.kind and "kind" in row and pub.kind != row["kind"]:
        message = f"the published text {text!r} makes it {pub.kind!r}"
        add(row, "kind", f"{message}, the row says {row['kind']!r}")


def _check_value(row: dict, rank_base: int | None, add: Add) -> None:
    unit, value = row["unit"], float(row["value"])
    if unit == "%" and not 0 <= value <= 100:
        add(row, "value", f"{value:g} is not a share (0-100)")
    if unit in ("count", "rank") and value < 0:
        add(row, "value", f"{value:g}: a count cannot be negative")
    if unit == "rank" and value >= 0:
        if value < 1 or value != int(value):
            add(row, "value", f"{value:g} is not a rank (1, 2, …)")
        elif rank_base is not None and value > rank_base:
            add(row, "value", f"rank {value:g} is beyond the {rank_base} units the series ranks")


def _duplicates(rows: list[dict], add: Add) -> None:
    """Rows of one basis, area, indicator, series, period and kind: exactly one preferred."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in _SAME_FIGURE), []).append(row)
    what = "same basis, province, indicator, series, period and kind"
    for group in groups.values():
        preferred = sum(r["preferred"] == "true" for r in group)
        if len(group) == 1:
            if not preferred and not group[0]["note_en"]:
                add(group[0], "preferred", "'false' (a figure not used) needs a note saying why")
            continue
        where = ", ".join(f"{r['file']}:{r['line']}" for r in group)
        for row in group:
            if not row["note_en"]:
                message = f"duplicate figure ({where}: {what}) without a note saying which one"
                add(row, "note_en", f"{message} is used")
        if preferred != 1:
            message = f"duplicate figures ({where}: {what}): exactly one must be preferred"
            add(group[0], "preferred", f"{message} (found {preferred})")


# --- putting it together -------------------------------------------------------------


def _parse_all(
    files: Mapping[str, bytes], data_dir: Path, check: bool = True
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and check every file; the rows of ``tables/*.csv`` join those of figures.csv.

    Without ``check`` (bytes already validated), only what is needed to read them.
    """
    problems: list[Problem] = []
    rows: dict[str, list[list]] = {name: [] for name in COLUMNS}
    unreadable = False
    names = [n for n in COLUMNS if n not in OPTIONAL or n in files]
    names += sorted(n for n in files if n.startswith("tables/"))
    for name in names:
        schema = "figures.csv" if name.startswith("tables/") else name
        found_rows, found = _read_table(name, files.get(name), COLUMNS[schema], data_dir)
        problems += found
        unreadable |= found_rows is None
        if schema == "figures.csv" and found_rows == [] and not found:
            problems.append(Problem(name, None, None, "no figures"))
        rows[schema] += found_rows or []
    frames: dict[str, pd.DataFrame] = {}
    raw: dict[str, list[dict]] = {}
    good: dict[str, list[dict]] = {}
    for name, part in rows.items():
        columns = [*COLUMNS[name], "file", "line"]
        frames[name] = frame = pd.DataFrame(part, columns=columns)
        frame["line"] = frame["line"].astype(int)  # also when there are no rows
        bad, found = _check_cells(frame, name) if check else ([False] * len(frame), [])
        problems += found
        raw[name] = [dict(zip(columns, row, strict=True)) for row in part]
        good[name] = [row for row, no in zip(raw[name], bad, strict=True) if not no]
    if check and not unreadable:
        # Keys of rows with bad cells still count as existing (no cascades); rows that
        # failed their own checks are not checked against other tables.
        problems += _cross(good, raw)
    return frames, problems


def _typed(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Type the columns of the checked frames, keyed by the fields of :class:`Dataset`."""
    series, indicators = frames["series.csv"], frames["indicators.csv"]
    ranks = [int(v) if v else None for v in series["rank_base"]]
    series["rank_base"] = pd.array(ranks, dtype="Int64")
    series["years_compare"] = series["years_compare"] == "true"
    higher = {"true": True, "false": False, "": None}
    indicators["higher_is_better"] = indicators["higher_is_better"].map(higher)
    sets = frames["indicator_sets.csv"]
    sets[["size", "named"]] = sets[["size", "named"]].astype(int)
    figures, targets = frames["figures.csv"], frames["targets.csv"]
    figures["value"] = figures["value"].astype(float)
    figures["preferred"] = figures["preferred"] == "true"
    figures["year"] = figures["period"].str[-4:].astype(int)
    figures["first_year"] = figures["period"].str[:4].astype(int)
    bases = frames["rank_bases.csv"]
    bases["units_ranked"] = bases["units_ranked"].astype(int)
    targets["value"] = targets["value"].astype(float)
    targets["value_high"] = pd.to_numeric(targets["value_high"].replace("", None), errors="raise")
    targets["year"] = targets["year"].astype(int)
    return {name.removesuffix(".csv"): frame for name, frame in frames.items()}
