"""The one way data comes in: read ``data/``, validate it, return a :class:`Dataset`.

:func:`load` reads every data file once into bytes, hashes exactly those bytes (the
:attr:`Dataset.fingerprint`) and parses the same bytes, so the fingerprint is always that
of what was validated. Nothing is cached between calls.

Validation is plain Python over the parsed cells, one small check per column plus the
checks across tables (sources, series, indicators, units, provinces, published texts,
duplicates). It collects every problem before it raises, and each one names its file, line
and column (``figures.csv:12: value: 'inf' is not a finite number``). Plain checks were
chosen over a schema library so that a header-only file, a bad number or an unbalanced
quote each give one message at the right line instead of a cascade of dtype errors.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from . import numbers, provinces
from .errors import DataError, Problem

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
    "data_folder",
    "read_files",
    "fingerprint",
    "load",
]

#: Code and name of the country in figures and targets of basis ``national``.
COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"
#: ``63``: a province as it was before 1 July 2025; ``34``: one of the 34 units since.
BASES = ("63", "34", "national")
SCOPES = ("province", "national")
UNITS = ("%", "count", "bn VND", "rank", "index", "points")
KINDS = ("actual", "preliminary", "estimate", "forecast", "plan")
PERIOD_TYPES = ("year", "average", "total", "to_date")
QUALIFIERS = ("=", ">", ">=", "<", "<=", "~")
COMPARISONS = ("=", ">", ">=", "<", "<=")
SET_BY = ("national", "province")
LEVELS = ("province", "national", "ministry")
LANGS = ("vi", "en")
SOURCE_KINDS = ("article", "decision", "plan", "report", "statistics release")
#: Number of units in a basis (the largest possible rank).
BASIS_SIZE = {"63": 63, "34": 34}

FIGURE_COLUMNS = [
    "figure_id",
    "basis",
    "province_code",
    "province",
    "name_as_published",
    "indicator",
    "series",
    "period",
    "period_type",
    "kind",
    "value",
    "unit",
    "qualifier",
    "published_text",
    "number_format",
    "source_id",
    "preferred",
    "note_vi",
    "note_en",
]

#: Expected columns of each file, in order. ``tables/*.csv`` use :data:`FIGURE_COLUMNS`.
COLUMNS: dict[str, list[str]] = {
    "sources.csv": [
        "source_id",
        "title_vi",
        "title_en",
        "publisher_vi",
        "publisher_en",
        "published",
        "url",
        "cites",
        "language",
        "kind",
        "note_vi",
        "note_en",
        "curator_note",
    ],
    "indicators.csv": [
        "indicator_id",
        "name_vi",
        "name_en",
        "unit",
        "higher_is_better",
        "set_1354_province",
        "set_1354_national",
        "related",
        "note_vi",
        "note_en",
    ],
    "indicator_sets.csv": ["set_id", "level", "size", "named", "source_id", "note_vi", "note_en"],
    "series.csv": [
        "series_id",
        "indicator",
        "publisher_vi",
        "publisher_en",
        "method_vi",
        "method_en",
        "label_vi",
        "label_en",
        "scope",
        "basis",
        "rank_base",
        "colour",
        "note_vi",
        "note_en",
    ],
    "figures.csv": FIGURE_COLUMNS,
    "targets.csv": [
        "target_id",
        "basis",
        "province_code",
        "province",
        "indicator",
        "series",
        "year",
        "comparison",
        "value",
        "unit",
        "published_text",
        "number_format",
        "set_by",
        "source_id",
        "inferred",
        "note_vi",
        "note_en",
    ],
    "regions.csv": ["region_id", "name_vi", "name_en", "basis", "province_code", "source_id"],
}
#: Files that may be absent (another part of the project writes them).
OPTIONAL = ("regions.csv",)
#: Indicator-set ids whose members are coded in a column of ``indicators.csv``.
SET_COLUMNS = {"qd-1354-province": "set_1354_province", "qd-1354-national": "set_1354_national"}

# Reader-facing texts in pairs: the first group must be filled in both languages, the
# second is both-or-neither.
_REQUIRED_PAIRS = {
    "sources.csv": ["title", "publisher"],
    "series.csv": ["publisher", "method", "label"],
    "indicators.csv": ["name"],
    "regions.csv": ["name"],
}
_NOTE_PAIRS = ["note"]
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
        The tables (``regions`` has no rows when ``regions.csv`` does not exist).
        ``figures`` holds the rows of ``figures.csv`` and of every ``tables/*.csv`` and
        gains ``year`` (last year of ``period``) and ``first_year``; ``value`` is a float,
        ``preferred`` a bool. ``targets.year`` is an int, ``series.rank_base`` a nullable
        integer, ``indicators.higher_is_better`` True, False or None.
    fingerprint : str
        SHA-256 over the bytes that were parsed (see :func:`fingerprint`).
    data_dir : pathlib.Path
        Where the files were read.
    """

    sources: pd.DataFrame
    series: pd.DataFrame
    indicators: pd.DataFrame
    indicator_sets: pd.DataFrame
    figures: pd.DataFrame
    targets: pd.DataFrame
    regions: pd.DataFrame
    fingerprint: str
    data_dir: Path


def data_folder() -> Path:
    """Return the project's ``data/`` folder, found from the package, not the cwd.

    Returns
    -------
    pathlib.Path
        ``<project>/data`` for a package installed in place (``src/helpers``).
    """
    return Path(__file__).resolve().parents[2] / "data"


def read_files(data_dir: str | Path) -> dict[str, bytes]:
    """Read every data file once.

    Parameters
    ----------
    data_dir : str or Path
        The data folder.

    Returns
    -------
    dict of str to bytes
        File name relative to ``data_dir`` (``"figures.csv"``, ``"tables/x.csv"``) to its
        bytes, in a fixed order: the files of :data:`COLUMNS` that exist, then
        ``tables/*.csv`` sorted by name.
    """
    data_dir = Path(data_dir)
    files = {}
    for name in COLUMNS:
        path = data_dir / name
        if path.is_file():
            files[name] = path.read_bytes()
    tables = data_dir / "tables"
    if tables.is_dir():
        for path in sorted(tables.glob("*.csv")):
            files[f"tables/{path.name}"] = path.read_bytes()
    return files


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
        content's length in decimal, a NUL byte and the content.
    """
    digest = hashlib.sha256()
    for name in sorted(files):
        content = files[name]
        digest.update(name.encode("utf-8") + b"\0" + str(len(content)).encode() + b"\0")
        digest.update(content)
    return digest.hexdigest()


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
    """
    data_dir = data_folder() if data_dir is None else Path(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, None, "data folder not found")])
    files = read_files(data_dir)
    tables, problems = _parse_all(files, data_dir)
    if problems:
        raise DataError(list(dict.fromkeys(problems)))
    return Dataset(**_typed(tables), fingerprint=fingerprint(files), data_dir=data_dir)


# --- reading CSV ---------------------------------------------------------------------


class _CsvError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _records(text: str) -> list[tuple[int, int, list[str]]]:
    """Split CSV text into records: (first line, last line, fields).

    Quoted fields may hold commas, doubled quotes and line breaks. A quoted field that is
    never closed, or followed by text before the next comma, raises at the line where the
    field starts; a bare quote inside an unquoted field raises at its own line.
    """
    records: list[tuple[int, int, list[str]]] = []
    fields: list[str] = []
    buf: list[str] = []
    line = rec_line = 1
    at_start = True
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if at_start and c == '"':
            start_line = line
            i += 1
            while True:
                if i >= n:
                    raise _CsvError(
                        start_line,
                        "unbalanced quote: the quoted field that starts on this line is "
                        "never closed",
                    )
                c = text[i]
                if c == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                if c == "\n":
                    line += 1
                buf.append(c)
                i += 1
            if i < n and text[i] not in ",\r\n":
                raise _CsvError(
                    start_line,
                    "unbalanced quote: text follows the closing quote of the field that "
                    "starts on this line (quote the whole field, double any quote inside)",
                )
            at_start = False
            continue
        if c == ",":
            fields.append("".join(buf))
            buf, at_start = [], True
        elif c in "\r\n":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            fields.append("".join(buf))
            records.append((rec_line, line, fields))
            fields, buf, at_start = [], [], True
            line += 1
            rec_line = line
        elif c == '"':
            raise _CsvError(
                line, "a quote inside an unquoted field: quote the whole field, double the quote"
            )
        else:
            buf.append(c)
            at_start = False
        i += 1
    if fields or buf or not at_start:
        fields.append("".join(buf))
        records.append((rec_line, line, fields))
    return records


def _read_table(
    name: str, raw: bytes | None, expected: list[str], data_dir: Path
) -> tuple[list[dict] | None, list[Problem]]:
    """Parse one file's bytes into rows of stripped, NFC-normalised strings.

    Returns None for the rows when the file cannot be read at all (missing, not UTF-8, a
    broken quote, a wrong header); ragged rows are reported and left out.
    """
    if raw is None:
        return None, [Problem(name, None, None, f"file not found in {data_dir}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                line,
                None,
                f"not UTF-8 text (byte {raw[exc.start]:#04x}); save the file as UTF-8",
            )
        ]
    try:
        records = _records(text)
    except _CsvError as exc:
        return None, [Problem(name, exc.line, None, exc.message)]
    records = [r for r in records if any(f.strip() for f in r[2])]
    if not records:
        return None, [
            Problem(name, 1, None, f"the file is empty; expected a header: {', '.join(expected)}")
        ]
    header = [h.strip() for h in records[0][2]]
    problems = [Problem(name, 1, c, "missing column") for c in expected if c not in header]
    problems += [Problem(name, 1, c, "unexpected column") for c in header if c not in expected]
    if not problems and header != expected:
        problems.append(
            Problem(name, 1, None, f"columns out of order; expected: {', '.join(expected)}")
        )
    if problems:
        return None, problems
    rows = []
    for first, last, fields in records[1:]:
        if len(fields) != len(expected):
            span = f"; a quoted field runs from line {first} to {last}" if last > first else ""
            problems.append(
                Problem(
                    name,
                    first,
                    None,
                    f"{len(fields)} fields where the header has {len(expected)} "
                    f"(an unquoted comma, or a missing one?{span})",
                )
            )
            continue
        row = {
            c: unicodedata.normalize("NFC", v.strip())
            for c, v in zip(expected, fields, strict=True)
        }
        row["file"], row["line"] = name, first
        rows.append(row)
    return rows, problems


# --- cell checks ---------------------------------------------------------------------

Check = Callable[[str], "str | None"]


def _required(value: str) -> str | None:
    return None if value else "must not be empty"


def _ident(value: str) -> str | None:
    if not value:
        return "must not be empty"
    if not _ID.match(value):
        return f"{value!r}: lower-case id expected (letters a-z, digits, '-', '_', '.')"
    return None


def _indicator_id(value: str) -> str | None:
    if not _INDICATOR_ID.match(value):
        return f"{value!r}: indicator id expected (a-z, digits, '_')"
    return None


def _one_of(values: Iterable[str], optional: bool = False) -> Check:
    allowed = tuple(values)

    def check(value: str) -> str | None:
        if optional and not value:
            return None
        if value not in allowed:
            return f"{value!r}: must be one of: {', '.join(allowed)}"
        return None

    return check


def _number(value: str) -> str | None:
    if value.strip().lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return f"{value!r} is not a finite number"
    if not _NUMBER.match(value):
        return f"{value!r} is not a plain number (digits, a dot for decimals)"
    return None


def _integer(low: int, high: int, optional: bool = False) -> Check:
    def check(value: str) -> str | None:
        if optional and not value:
            return None
        if value.strip().lower().lstrip("+-") in ("inf", "infinity", "nan"):
            return f"{value!r} is not a finite number"
        if not value.isdigit() or not low <= int(value) <= high:
            return f"{value!r}: a whole number from {low} to {high} expected"
        return None

    return check


def _published_date(value: str) -> str | None:
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    try:
        if m is None:
            raise ValueError
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return f"{value!r}: a date YYYY-MM-DD, YYYY-MM or YYYY expected (or empty)"
    return None


def _url(value: str) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", value):
        return f"{value!r}: one http(s) URL expected (or empty)"
    return None


def _colour(value: str) -> str | None:
    return None if _COLOUR.match(value) else f"{value!r}: a colour #rrggbb expected"


def _period(value: str) -> str | None:
    m = _PERIOD.match(value)
    if m is None:
        return f"{value!r}: a year (2023) or a range of years (2020-2023) expected"
    if m[2] and int(m[2]) <= int(m[1]):
        return f"{value!r} does not run forward"
    return None


def _province_code(value: str) -> str | None:
    if value != COUNTRY_CODE and not re.fullmatch(r"\d{2}", value):
        return f"{value!r}: a two-digit province code or {COUNTRY_CODE} expected"
    return None


_CHECKS: dict[str, dict[str, Check]] = {
    "sources.csv": {
        "source_id": _ident,
        "published": _published_date,
        "url": _url,
        "language": _one_of(LANGS),
        "kind": _one_of(SOURCE_KINDS),
    },
    "indicators.csv": {
        "indicator_id": _indicator_id,
        "unit": _one_of(UNITS),
        "higher_is_better": _one_of(["true", "false"], optional=True),
        "set_1354_province": lambda v: (
            None if re.fullmatch(r"(P\d{1,2})?", v) else f"{v!r}: P1, P2, … or empty"
        ),
        "set_1354_national": lambda v: (
            None if re.fullmatch(r"(N\d{1,2})?", v) else f"{v!r}: N1, N2, … or empty"
        ),
    },
    "indicator_sets.csv": {
        "set_id": _ident,
        "level": _one_of(LEVELS),
        "size": _integer(1, 999),
        "named": _integer(0, 999),
        "source_id": _required,
    },
    "series.csv": {
        "series_id": _ident,
        "indicator": _required,
        "scope": _one_of(SCOPES),
        "basis": _one_of(BASES),
        "rank_base": _integer(1, 63, optional=True),
        "colour": _colour,
    },
    "figures.csv": {
        "figure_id": _ident,
        "basis": _one_of(BASES),
        "province_code": _province_code,
        "province": _required,
        "name_as_published": _required,
        "indicator": _required,
        "series": _required,
        "period": _period,
        "period_type": _one_of(PERIOD_TYPES),
        "kind": _one_of(KINDS),
        "value": _number,
        "unit": _one_of(UNITS),
        "qualifier": _one_of(QUALIFIERS),
        "published_text": _required,
        "number_format": _one_of(LANGS),
        "source_id": _required,
        "preferred": _one_of(["true", "false"]),
    },
    "targets.csv": {
        "target_id": _ident,
        "basis": _one_of(BASES),
        "province_code": _province_code,
        "province": _required,
        "indicator": _required,
        "year": _integer(1990, 2100),
        "comparison": _one_of(COMPARISONS),
        "value": _number,
        "unit": _one_of(UNITS),
        "published_text": _required,
        "number_format": _one_of(LANGS),
        "set_by": _one_of(SET_BY),
        "source_id": _required,
    },
    "regions.csv": {
        "region_id": _ident,
        "basis": _one_of(("63", "34")),
        "province_code": _province_code,
        "source_id": _required,
    },
}


def _schema_of(name: str) -> str:
    return "figures.csv" if name.startswith("tables/") else name


def _check_cells(name: str, rows: list[dict]) -> tuple[list[dict], list[Problem]]:
    """Run the per-cell and per-row checks; return the rows that passed and the problems."""
    schema = _schema_of(name)
    checks = _CHECKS[schema]
    problems: list[Problem] = []
    good = []
    for row in rows:
        found = []
        for column, check in checks.items():
            message = check(row[column])
            if message:
                found.append(Problem(name, row["line"], column, message))
        for base in _REQUIRED_PAIRS.get(schema, []):
            for lang in LANGS:
                if not row[f"{base}_{lang}"]:
                    found.append(
                        Problem(
                            name,
                            row["line"],
                            f"{base}_{lang}",
                            "must not be empty: every text a reader sees has vi and en",
                        )
                    )
        for base in _NOTE_PAIRS:
            vi, en = f"{base}_vi", f"{base}_en"
            if vi in row and bool(row[vi]) != bool(row[en]):
                have, miss = (vi, en) if row[vi] else (en, vi)
                found.append(
                    Problem(name, row["line"], miss, f"missing: {have} is given (both or neither)")
                )
        reader = [c for c in row if c.endswith(("_vi", "_en"))] + _READER_SINGLE.get(schema, [])
        for column in reader:
            hit = _PATH.search(row[column])
            if hit:
                found.append(
                    Problem(
                        name,
                        row["line"],
                        column,
                        f"names a file or folder ({hit.group(0)!r}): readers cannot open "
                        "it; keep such notes in curator_note",
                    )
                )
        problems += found
        if not found:
            good.append(row)
    return good, problems


# --- checks across tables ------------------------------------------------------------


def _index(rows: list[dict], key: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for row in rows:
        out.setdefault(row[key], row)
    return out


def _unique(rows: list[dict], key: str) -> list[Problem]:
    seen: dict[str, dict] = {}
    problems = []
    for row in rows:
        value = row[key]
        if not value:
            continue
        if value in seen:
            first = seen[value]
            problems.append(
                Problem(
                    row["file"],
                    row["line"],
                    key,
                    f"duplicate id {value!r} (first at {first['file']}:{first['line']})",
                )
            )
        else:
            seen[value] = row
    return problems


class _Areas:
    """Province lookups through :mod:`helpers.provinces`, by basis."""

    def __init__(self) -> None:
        self.by_basis = {
            "63": {a.code: a for a in provinces.former()},
            "34": {a.code: a for a in provinces.units()},
        }

    def check(self, row: dict, problems: list[Problem], published: str | None) -> None:
        name, line, basis, code = row["file"], row["line"], row["basis"], row["province_code"]
        if basis == "national":
            if code != COUNTRY_CODE:
                problems.append(
                    Problem(name, line, "province_code", f"basis national takes {COUNTRY_CODE}")
                )
            elif row["province"] != COUNTRY_NAME:
                problems.append(
                    Problem(name, line, "province", f"the country is named {COUNTRY_NAME!r}")
                )
            return
        area = self.by_basis[basis].get(code)
        if area is None:
            problems.append(
                Problem(
                    name,
                    line,
                    "province_code",
                    f"unknown province code {code!r} for basis {basis} "
                    + ("(legacy codes of the 63 provinces)" if basis == "63" else "(34 units)"),
                )
            )
            return
        if "province" in row and row["province"] != area.name:
            problems.append(
                Problem(
                    name,
                    line,
                    "province",
                    f"{row['province']!r} is not the name of {code} on basis {basis} "
                    f"({area.name!r})",
                )
            )
        if published is None:
            return
        given = row[published]
        try:
            found = provinces.resolve(given, basis=basis)
        except provinces.UnknownProvinceError as exc:
            problems.append(Problem(name, line, published, str(exc)))
            return
        if found.code != code:
            problems.append(
                Problem(
                    name,
                    line,
                    published,
                    f"{given!r} is {found.name} ({found.code}), not {code} on basis {basis}",
                )
            )


def _unit_agrees(row: dict, ind: dict, problems: list[Problem]) -> bool:
    """Check that a figure's or target's unit is its indicator's; report it if not."""
    if row["unit"] == ind["unit"]:
        return True
    problems.append(
        Problem(
            row["file"],
            row["line"],
            "unit",
            f"{row['unit']!r} disagrees with indicator {row['indicator']!r} ({ind['unit']!r})",
        )
    )
    return False


def _check_published(row: dict, unit: str, compare: str, problems: list[Problem]) -> None:
    """Check that the published text re-reads as the row's value, unit, qualifier and kind."""
    name, line = row["file"], row["line"]
    pub = None
    try:
        pub = numbers.parse_published(row["published_text"], row["number_format"])
    except ValueError as exc:
        if unit == "rank":  # ranks are often written in words: "dẫn đầu", "thứ ba"
            try:
                pub = numbers.Published(numbers.parse_rank(row["published_text"]), "", "=", "")
            except ValueError:
                pub = None
        if pub is None:
            problems.append(Problem(name, line, "published_text", str(exc)))
            return
    factor = 1.0
    if pub.unit:
        try:
            pub_unit, factor = numbers.unit_of(pub.unit)
        except ValueError as exc:
            problems.append(Problem(name, line, "published_text", str(exc)))
            return
        if pub_unit != unit and not (pub_unit == "count" and unit == "rank"):
            problems.append(
                Problem(
                    name,
                    line,
                    "published_text",
                    f"unit words {pub.unit!r} mean {pub_unit!r}, the row says {unit!r}",
                )
            )
    value = float(row["value"])
    if abs(pub.value * factor - value) > 1e-9 * max(1.0, abs(value)):
        problems.append(
            Problem(
                name,
                line,
                "value",
                f"{row['value']!r} differs from the published text "
                f"{row['published_text']!r} (reads as {pub.value * factor:g})",
            )
        )
    if pub.qualifier != row[compare]:
        problems.append(
            Problem(
                name,
                line,
                compare,
                f"the published text {row['published_text']!r} says {pub.qualifier!r}, "
                f"the row says {row[compare]!r}",
            )
        )
    if pub.kind and "kind" in row and pub.kind != row["kind"]:
        problems.append(
            Problem(
                name,
                line,
                "kind",
                f"the published text {row['published_text']!r} makes it {pub.kind!r}, "
                f"the row says {row['kind']!r}",
            )
        )


def _check_value(row: dict, unit: str, rank_base: int | None, problems: list[Problem]) -> None:
    name, line, value = row["file"], row["line"], float(row["value"])
    if unit == "%" and not 0 <= value <= 100:
        problems.append(Problem(name, line, "value", f"{value:g} is not a share (0-100)"))
    if unit in ("count", "rank") and value < 0:
        problems.append(Problem(name, line, "value", f"{value:g}: a count cannot be negative"))
    if unit == "rank" and value >= 0:
        if value < 1 or value != int(value):
            problems.append(Problem(name, line, "value", f"{value:g} is not a rank (1, 2, …)"))
        elif rank_base is not None and value > rank_base:
            problems.append(
                Problem(
                    name,
                    line,
                    "value",
                    f"rank {value:g} is beyond the {rank_base} units the series ranks",
                )
            )


def _cross(tables: dict[str, list[dict]], raw: dict[str, list[dict]]) -> list[Problem]:
    """Check across tables, on the rows that passed their own cell checks.

    ``raw`` holds every parsed row (keys of rows with other problems still count as
    existing, so one bad cell does not cascade into "unknown id" elsewhere).
    """
    problems: list[Problem] = []
    source_ids = {r["source_id"] for r in raw["sources.csv"]}
    indicators = _index(raw["indicators.csv"], "indicator_id")
    series = _index(raw["series.csv"], "series_id")
    areas = _Areas()

    def need_source(row: dict) -> None:
        if row["source_id"] not in source_ids:
            problems.append(
                Problem(
                    row["file"],
                    row["line"],
                    "source_id",
                    f"no source {row['source_id']!r} in sources.csv",
                )
            )

    def need_indicator(row: dict, column: str = "indicator") -> dict | None:
        found = indicators.get(row[column])
        if found is None:
            problems.append(
                Problem(row["file"], row["line"], column, f"unknown indicator {row[column]!r}")
            )
        return found

    # indicators: related ids, set codes unique
    for column in ("set_1354_province", "set_1354_national"):
        seen: dict[str, int] = {}
        for row in tables["indicators.csv"]:
            code = row[column]
            if code and code in seen:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        column,
                        f"{code!r} is already used on line {seen[code]}",
                    )
                )
            seen.setdefault(code, row["line"])
    for row in tables["indicators.csv"]:
        for rel in filter(None, (r.strip() for r in row["related"].split(";"))):
            if rel == row["indicator_id"]:
                problems.append(
                    Problem(row["file"], row["line"], "related", "an indicator is not its own")
                )
            elif rel not in indicators:
                problems.append(
                    Problem(row["file"], row["line"], "related", f"unknown indicator {rel!r}")
                )

    # indicator sets
    for row in tables["indicator_sets.csv"]:
        need_source(row)
        size, named = int(row["size"]), int(row["named"])
        if named > size:
            problems.append(
                Problem(row["file"], row["line"], "named", f"{named} named of a set of {size}")
            )
        column = SET_COLUMNS.get(row["set_id"])
        if column:
            coded = sum(1 for r in raw["indicators.csv"] if r[column])
            if coded != named:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        "named",
                        f"{named} named, but indicators.csv codes {coded} in {column}",
                    )
                )

    # series
    colours: dict[str, dict] = {}
    for row in tables["series.csv"]:
        ind = need_indicator(row)
        if (row["scope"] == "national") != (row["basis"] == "national"):
            problems.append(
                Problem(
                    row["file"],
                    row["line"],
                    "basis",
                    f"scope {row['scope']} goes with basis "
                    + ("national" if row["scope"] == "national" else "63 or 34"),
                )
            )
        if row["rank_base"]:
            if ind is not None and ind["unit"] != "rank":
                problems.append(
                    Problem(row["file"], row["line"], "rank_base", "only a rank series has a base")
                )
            elif row["basis"] in BASIS_SIZE and int(row["rank_base"]) > BASIS_SIZE[row["basis"]]:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        "rank_base",
                        f"{row['rank_base']} units ranked, but basis {row['basis']} has "
                        f"{BASIS_SIZE[row['basis']]}",
                    )
                )
        colour = row["colour"].lower()
        if colour in colours:
            other = colours[colour]
            problems.append(
                Problem(
                    row["file"],
                    row["line"],
                    "colour",
                    f"colour {row['colour']!r} is already used by series "
                    f"{other['series_id']!r} (line {other['line']})",
                )
            )
        colours.setdefault(colour, row)

    # figures (figures.csv and tables/*.csv)
    figure_rows = [r for name, rows in tables.items() if _is_figures(name) for r in rows]
    for row in figure_rows:
        need_source(row)
        areas.check(row, problems, "name_as_published")
        first, last = _period_years(row["period"])
        single = first == last
        if row["period_type"] in ("year", "to_date") and not single:
            problems.append(
                Problem(
                    row["file"],
                    row["line"],
                    "period_type",
                    f"{row['period_type']!r} takes a single year, the period is {row['period']!r}",
                )
            )
        if row["period_type"] in ("average", "total") and single:
            problems.append(
                Problem(
                    row["file"],
                    row["line"],
                    "period_type",
                    f"{row['period_type']!r} takes a range of years (2020-2023), the period "
                    f"is {row['period']!r}",
                )
            )
        ind = need_indicator(row)
        ser = series.get(row["series"])
        if ser is None:
            problems.append(
                Problem(
                    row["file"], row["line"], "series", f"no series {row['series']!r} in series.csv"
                )
            )
        else:
            if ser["indicator"] != row["indicator"]:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        "series",
                        f"series {row['series']!r} measures {ser['indicator']!r}, the figure's "
                        f"indicator is {row['indicator']!r}",
                    )
                )
            if ser["basis"] != row["basis"]:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        "series",
                        f"series {row['series']!r} is on basis {ser['basis']}, the figure on "
                        f"basis {row['basis']}",
                    )
                )
        if ind is None:
            continue
        if not _unit_agrees(row, ind, problems):
            continue
        base = ser.get("rank_base", "") if ser is not None else ""
        _check_value(row, row["unit"], int(base) if base.isdigit() else None, problems)
        _check_published(row, row["unit"], "qualifier", problems)
    problems += _duplicates(figure_rows)

    # targets
    for row in tables["targets.csv"]:
        need_source(row)
        areas.check(row, problems, None)
        if (row["set_by"] == "national") != (row["basis"] == "national"):
            problems.append(
                Problem(
                    row["file"],
                    row["line"],
                    "set_by",
                    f"set_by {row['set_by']} goes with basis "
                    + ("national" if row["set_by"] == "national" else "63 or 34")
                    + f", the target is on basis {row['basis']}",
                )
            )
        if row["inferred"] and not row["note_vi"]:
            problems.append(
                Problem(
                    row["file"],
                    row["line"],
                    "note_vi",
                    "an inferred target needs notes (vi and en) telling readers what was inferred",
                )
            )
        ind = need_indicator(row)
        if row["series"]:
            ser = series.get(row["series"])
            if ser is None:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        "series",
                        f"no series {row['series']!r} in series.csv",
                    )
                )
            elif ser["indicator"] != row["indicator"] or ser["basis"] != row["basis"]:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        "series",
                        f"series {row['series']!r} measures {ser['indicator']!r} on basis "
                        f"{ser['basis']}, the target {row['indicator']!r} on basis "
                        f"{row['basis']}",
                    )
                )
        if ind is None:
            continue
        if not _unit_agrees(row, ind, problems):
            continue
        _check_value(row, row["unit"], None, problems)
        _check_published(row, row["unit"], "comparison", problems)

    # regions (written by another part of the project; optional)
    for row in tables.get("regions.csv", []):
        need_source(row)
        areas.check(row, problems, None)
    return problems


def _is_figures(name: str) -> bool:
    return name == "figures.csv" or name.startswith("tables/")


def _period_years(period: str) -> tuple[int, int]:
    first = int(period[:4])
    return first, int(period[-4:])


def _duplicates(rows: list[dict]) -> list[Problem]:
    """Rows of one basis, area, indicator, series, period and kind: exactly one preferred."""
    problems: list[Problem] = []
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        key = tuple(
            row[k] for k in ("basis", "province_code", "indicator", "series", "period", "kind")
        )
        groups.setdefault(key, []).append(row)
    for group in groups.values():
        preferred = sum(r["preferred"] == "true" for r in group)
        if len(group) == 1:
            row = group[0]
            if not preferred and not row["note_en"]:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        "preferred",
                        "'false' (a figure not used) needs a note saying why",
                    )
                )
            continue
        where = ", ".join(f"{r['file']}:{r['line']}" for r in group)
        what = "same basis, province, indicator, series, period and kind"
        for row in group:
            if not row["note_en"]:
                problems.append(
                    Problem(
                        row["file"],
                        row["line"],
                        "note_en",
                        f"duplicate figure ({where}: {what}) without a note saying which one "
                        "is used",
                    )
                )
        if preferred != 1:
            problems.append(
                Problem(
                    group[0]["file"],
                    group[0]["line"],
                    "preferred",
                    f"duplicate figures ({where}: {what}): exactly one must be preferred "
                    f"(found {preferred})",
                )
            )
    return problems


def _parse_all(
    files: Mapping[str, bytes], data_dir: Path
) -> tuple[dict[str, list[dict]], list[Problem]]:
    problems: list[Problem] = []
    raw: dict[str, list[dict]] = {}
    tables: dict[str, list[dict]] = {}
    unreadable = False
    names = [n for n in COLUMNS if n not in OPTIONAL or n in files]
    names += sorted(n for n in files if n.startswith("tables/"))
    for name in names:
        rows, found = _read_table(name, files.get(name), COLUMNS[_schema_of(name)], data_dir)
        problems += found
        if rows is None:
            unreadable = True
            continue
        if _is_figures(name) and not rows and not found:
            problems.append(Problem(name, None, None, "no figures"))
        raw[name] = rows
        good, found = _check_cells(name, rows)
        problems += found
        tables[name] = good
    key_of = {
        "sources.csv": "source_id",
        "indicators.csv": "indicator_id",
        "indicator_sets.csv": "set_id",
        "series.csv": "series_id",
        "targets.csv": "target_id",
    }
    for name, key in key_of.items():
        problems += _unique(raw.get(name, []), key)
    problems += _unique([r for n, rows in raw.items() if _is_figures(n) for r in rows], "figure_id")
    if not unreadable:
        # Keys of rows with bad cells still count as existing (no cascades); rows that
        # failed their own checks are not checked against other tables.
        problems += _cross(tables, raw)
    return tables, problems


# --- typed frames --------------------------------------------------------------------


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*columns, "file", "line"])
    frame["line"] = frame["line"].astype(int)
    return frame


def _typed(tables: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    sources = _frame(tables["sources.csv"], COLUMNS["sources.csv"])
    series = _frame(tables["series.csv"], COLUMNS["series.csv"])
    series["rank_base"] = pd.array(
        [int(v) if v else None for v in series["rank_base"]], dtype="Int64"
    )
    indicators = _frame(tables["indicators.csv"], COLUMNS["indicators.csv"])
    indicators["higher_is_better"] = indicators["higher_is_better"].map(
        {"true": True, "false": False, "": None}
    )
    sets = _frame(tables["indicator_sets.csv"], COLUMNS["indicator_sets.csv"])
    sets[["size", "named"]] = sets[["size", "named"]].astype(int)
    figure_rows = [r for name, rows in tables.items() if _is_figures(name) for r in rows]
    figures = _frame(figure_rows, FIGURE_COLUMNS)
    figures["value"] = figures["value"].astype(float)
    figures["preferred"] = figures["preferred"] == "true"
    figures["year"] = figures["period"].str[-4:].astype(int)
    figures["first_year"] = figures["period"].str[:4].astype(int)
    targets = _frame(tables["targets.csv"], COLUMNS["targets.csv"])
    targets["value"] = targets["value"].astype(float)
    targets["year"] = targets["year"].astype(int)
    regions = _frame(tables.get("regions.csv", []), COLUMNS["regions.csv"])
    return {
        "sources": sources,
        "series": series,
        "indicators": indicators,
        "indicator_sets": sets,
        "figures": figures,
        "targets": targets,
        "regions": regions,
    }
