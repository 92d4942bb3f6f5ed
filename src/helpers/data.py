"""The one way data comes in: read ``data/*.csv``, validate, return a :class:`Dataset`.

Validation has two layers. The CSV layer reads each file strictly (UTF-8, exact header,
the same number of fields on every line). The schema layer uses **pandera** (chosen over
frictionless because the tables are used as pandas frames everywhere else, its checks are
plain Python over those frames, and lazy validation collects every failure with its row)
plus cross-table checks (keys, units, duplicates, names, published texts). Every problem is
reported with its file, line number and column; all problems are reported at once.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import numbers, provinces
from .errors import DataError, Problem
from .hashing import cache_dir, data_fingerprint

__all__ = [
    "Problem",
    "DataError",
    "Dataset",
    "COLUMNS",
    "UNITS",
    "KINDS",
    "COMPARISONS",
    "COUNTRY_CODE",
    "load",
    "read_csv",
    "fingerprint",
]

#: Code and name used for figures of the whole country.
COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"
UNITS = ("%", "count", "bn VND", "rank", "index", "points")
KINDS = ("actual", "estimate", "target", "plan")
QUALIFIERS = ("=", ">", ">=", "~")
COMPARISONS = (">", ">=", "=")
LANGS = ("vi", "en")

#: Expected columns of each file, in order.
COLUMNS = {
    "sources.csv": [
        "source_id",
        "title",
        "publisher",
        "published",
        "read_at",
        "cites",
        "language",
        "kind",
        "note",
    ],
    "indicators.csv": [
        "indicator_id",
        "name_vi",
        "name_en",
        "unit",
        "higher_is_better",
        "set_1354_province",
        "set_1354_national",
        "note",
    ],
    "figures.csv": [
        "figure_id",
        "province_code",
        "province",
        "name_as_published",
        "indicator",
        "period",
        "kind",
        "value",
        "unit",
        "qualifier",
        "published_text",
        "number_format",
        "series",
        "source_id",
        "preferred",
        "note",
    ],
    "targets.csv": [
        "target_id",
        "province_code",
        "province",
        "indicator",
        "year",
        "comparison",
        "value",
        "unit",
        "published_text",
        "number_format",
        "source_id",
        "note",
    ],
}


@dataclass(frozen=True)
class Dataset:
    """The validated tables, each with a ``line`` column pointing back to its file.

    Attributes
    ----------
    sources, indicators, figures, targets : pandas.DataFrame
        The tables. ``figures`` gains ``year`` (last year of ``period``) and
        ``successor_code`` / ``successor_name`` (the province's unit from July 2025).
    fingerprint : str
        SHA-256 over the data files' bytes: changes whenever the data change.
    data_dir : pathlib.Path
        Where the files were read.
    """

    sources: pd.DataFrame
    indicators: pd.DataFrame
    figures: pd.DataFrame
    targets: pd.DataFrame
    fingerprint: str
    data_dir: Path = field(default_factory=Path)


#: Hash of the data files (see :func:`helpers.hashing.data_fingerprint`).
fingerprint = data_fingerprint


def read_csv(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one CSV file strictly into strings.

    Parameters
    ----------
    path : Path
        The file; its name picks the expected columns from :data:`COLUMNS`.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        All cells as ``str`` plus a ``line`` column, and the problems found (a frame
        with no rows when the file cannot be read at all).
    """
    name = path.name
    expected = COLUMNS[name]
    empty = pd.DataFrame(columns=[*expected, "line"])
    if not path.exists():
        return empty, [Problem(name, None, None, f"file not found in {path.parent}")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return empty, [
            Problem(name, line, None, f"not UTF-8 text (byte {raw[exc.start]:#04x}); save as UTF-8")
        ]
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return empty, [Problem(name, 1, None, "the file is empty; expected a header row")]
        header = [h.strip() for h in header]
        for col in expected:
            if col not in header:
                problems.append(Problem(name, 1, col, "missing column"))
        for col in header:
            if col not in expected:
                problems.append(Problem(name, 1, col, "unexpected column"))
        if not problems and header != expected:
            problems.append(
                Problem(name, 1, None, f"columns out of order; expected {', '.join(expected)}")
            )
        if problems:
            return empty, problems
        start = reader.line_num + 1
        for row in reader:
            if not row or all(not c.strip() for c in row):
                start = reader.line_num + 1
                continue
            if len(row) != len(expected):
                problems.append(
                    Problem(
                        name,
                        start,
                        None,
                        f"{len(row)} fields where the header has {len(expected)} "
                        "(an unquoted comma, or a missing one?)",
                    )
                )
            else:
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, None, f"malformed CSV: {exc}"))
        return empty, problems
    frame = pd.DataFrame(rows, columns=expected, dtype=object)
    frame["line"] = lines
    return frame, problems


def _schemas():
    import pandera.pandas as pa

    def text(required: bool = True, **kw):
        checks = [pa.Check(lambda s: s.str.strip() != "", error="must not be empty")]
        return pa.Column(str, checks=checks if required else [], **kw)

    def one_of(values):
        return pa.Column(
            str, pa.Check.isin(list(values), error=f"must be one of: {', '.join(values)}")
        )

    ident = pa.Column(
        str,
        [
            pa.Check.str_matches(r"^[a-z0-9][a-z0-9_.-]*$", error="lower-case id expected"),
        ],
        unique=True,
    )
    number = pa.Column(float, coerce=True, nullable=False)
    boolean = one_of(["true", "false"])
    return {
        "sources.csv": pa.DataFrameSchema(
            {
                "source_id": ident,
                "title": text(),
                "publisher": text(),
                "published": text(),
                "read_at": text(),
                "cites": text(False),
                "language": one_of(LANGS),
                "kind": text(),
                "note": text(False),
            }
        ),
        "indicators.csv": pa.DataFrameSchema(
            {
                "indicator_id": pa.Column(
                    str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), unique=True
                ),
                "name_vi": text(),
                "name_en": text(),
                "unit": one_of(UNITS),
                "higher_is_better": one_of(["true", "false", ""]),
                "set_1354_province": pa.Column(str, pa.Check.str_matches(r"^(P\d{1,2})?$")),
                "set_1354_national": pa.Column(str, pa.Check.str_matches(r"^(N\d)?$")),
                "note": text(False),
            }
        ),
        "figures.csv": pa.DataFrameSchema(
            {
                "figure_id": ident,
                "province_code": text(),
                "province": text(),
                "name_as_published": text(),
                "indicator": text(),
                "period": pa.Column(
                    str,
                    pa.Check.str_matches(
                        r"^\d{4}(-\d{4})?$", error="a year (2023) or a range (2022-2023)"
                    ),
                ),
                "kind": one_of(KINDS),
                "value": number,
                "unit": one_of(UNITS),
                "qualifier": one_of(QUALIFIERS),
                "published_text": text(),
                "number_format": one_of(LANGS),
                "series": text(False),
                "source_id": text(),
                "preferred": boolean,
                "note": text(False),
            }
        ),
        "targets.csv": pa.DataFrameSchema(
            {
                "target_id": ident,
                "province_code": text(),
                "province": text(),
                "indicator": text(),
                "year": pa.Column(int, coerce=True),
                "comparison": one_of(COMPARISONS),
                "value": number,
                "unit": one_of(UNITS),
                "published_text": text(),
                "number_format": one_of(LANGS),
                "source_id": text(),
                "note": text(False),
            }
        ),
    }


def _validate_schema(name: str, frame: pd.DataFrame, schema) -> tuple[pd.DataFrame, list]:
    import pandera.errors as pe

    problems: list[Problem] = []
    try:
        return schema.validate(frame, lazy=True), problems
    except pe.SchemaErrors as err:
        cases = err.failure_cases
        bad_rows = set()
        for case in cases.itertuples(index=False):
            idx = case.index
            line = None
            if idx is not None and not pd.isna(idx) and int(idx) in frame.index:
                line = int(frame.loc[int(idx), "line"])
                bad_rows.add(int(idx))
            check = str(case.check)
            if "coerce_dtype" in check or "dtype" in check:
                msg = f"{case.failure_case!r} is not a {check.split('(')[-1].rstrip(')')}"
                if "float" in check:
                    msg = f"{case.failure_case!r} is not a plain number (use a dot for decimals)"
                elif "int" in check:
                    msg = f"{case.failure_case!r} is not a whole number"
            elif "field_uniqueness" in check:
                msg = f"duplicate id {case.failure_case!r}"
            else:
                msg = f"{case.failure_case!r}: {check}"
            problems.append(Problem(name, line, case.column, msg))
        good = frame.drop(index=list(bad_rows))
        try:
            return schema.validate(good, lazy=True), problems
        except pe.SchemaErrors:
            return good.iloc[0:0], problems


def _check_area(name: str, row, problems: list[Problem], published_col: str | None) -> None:
    code = str(row.province_code).strip()
    if code == COUNTRY_CODE:
        if row.province != COUNTRY_NAME:
            problems.append(
                Problem(name, row.line, "province", f"country rows are named {COUNTRY_NAME!r}")
            )
        return
    try:
        prov = provinces.resolve(code)
    except provinces.UnknownProvinceError:
        problems.append(Problem(name, row.line, "province_code", f"unknown province code {code!r}"))
        return
    if row.province != prov.name:
        problems.append(
            Problem(
                name,
                row.line,
                "province",
                f"{row.province!r} is not the canonical name of province {code} ({prov.name!r})",
            )
        )
    if published_col:
        given = getattr(row, published_col)
        try:
            found = provinces.resolve(given)
        except provinces.UnknownProvinceError as exc:
            problems.append(Problem(name, row.line, published_col, str(exc)))
            return
        if found.code != prov.code:
            problems.append(
                Problem(
                    name,
                    row.line,
                    published_col,
                    f"{given!r} is {found.name} ({found.code}), not province {code}",
                )
            )


def _check_published(name: str, row, unit: str, problems: list[Problem]) -> None:
    try:
        pub = numbers.parse_published(row.published_text, row.number_format)
    except ValueError as exc:
        problems.append(Problem(name, row.line, "published_text", str(exc)))
        return
    factor = 1.0
    if pub.unit:
        try:
            pub_unit, factor = numbers.unit_of(pub.unit)
        except ValueError:
            pub_unit = None
        if pub_unit is not None and pub_unit != unit:
            problems.append(
                Problem(
                    name,
                    row.line,
                    "published_text",
                    f"unit words {pub.unit!r} mean {pub_unit!r}, the row says {unit!r}",
                )
            )
    if abs(pub.value * factor - float(row.value)) > 1e-9 * max(1.0, abs(float(row.value))):
        problems.append(
            Problem(
                name,
                row.line,
                "value",
                f"{row.value!r} differs from the published text {row.published_text!r} "
                f"(reads as {pub.value * factor:g})",
            )
        )
    qualifier = getattr(row, "qualifier", None) or getattr(row, "comparison", None)
    if pub.qualifier != "=" and pub.qualifier != qualifier:
        problems.append(
            Problem(
                name,
                row.line,
                "qualifier" if hasattr(row, "qualifier") else "comparison",
                f"the published text says {pub.qualifier!r}, the row says {qualifier!r}",
            )
        )


def _cross_checks(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems: list[Problem] = []
    sources = set(tables["sources.csv"]["source_id"])
    indicators = tables["indicators.csv"].set_index("indicator_id")
    for name in ("figures.csv", "targets.csv"):
        frame = tables[name]
        published_col = "name_as_published" if name == "figures.csv" else None
        for row in frame.itertuples(index=False):
            _check_area(name, row, problems, published_col)
            if row.source_id not in sources:
                problems.append(
                    Problem(
                        name, row.line, "source_id", f"no source {row.source_id!r} in sources.csv"
                    )
                )
            if row.indicator not in indicators.index:
                problems.append(
                    Problem(name, row.line, "indicator", f"unknown indicator {row.indicator!r}")
                )
                continue
            unit = indicators.loc[row.indicator, "unit"]
            if row.unit != unit:
                problems.append(
                    Problem(
                        name,
                        row.line,
                        "unit",
                        f"{row.unit!r} disagrees with indicator {row.indicator!r} ({unit!r})",
                    )
                )
            if unit == "%" and not 0 <= float(row.value) <= 100:
                problems.append(
                    Problem(name, row.line, "value", f"{row.value:g} is not a share (0-100)")
                )
            if unit in ("count", "rank") and float(row.value) < 0:
                problems.append(
                    Problem(name, row.line, "value", f"{row.value:g}: a count cannot be negative")
                )
            _check_published(name, row, unit, problems)
    figures = tables["figures.csv"]
    for row in figures.itertuples(index=False):
        if "-" in row.period:
            first, last = (int(p) for p in row.period.split("-"))
            if first >= last:
                problems.append(
                    Problem(
                        "figures.csv", row.line, "period", f"{row.period!r} does not run forward"
                    )
                )
        if row.indicator == "de_share" and not row.series.strip():
            problems.append(
                Problem(
                    "figures.csv",
                    row.line,
                    "series",
                    "a digital-economy share must name its series (gso-…, mic-…, provincial)",
                )
            )
    key = ["province_code", "indicator", "period", "kind"]
    for _, group in figures.groupby(key, sort=False):
        lines = ", ".join(str(n) for n in group["line"])
        preferred = (group["preferred"] == "true").sum()
        if len(group) == 1:
            row = group.iloc[0]
            if preferred != 1 and not row["note"].strip():
                problems.append(
                    Problem(
                        "figures.csv",
                        int(row["line"]),
                        "preferred",
                        "'false' (a figure not used) needs a note saying why",
                    )
                )
            continue
        for row in group.itertuples(index=False):
            if not row.note.strip():
                problems.append(
                    Problem(
                        "figures.csv",
                        row.line,
                        "note",
                        f"duplicate figure (lines {lines}: same province, indicator, period, "
                        "kind) without a note saying which one is used",
                    )
                )
        if preferred != 1:
            problems.append(
                Problem(
                    "figures.csv",
                    int(group["line"].iloc[0]),
                    "preferred",
                    f"duplicate figures on lines {lines}: exactly one must be preferred "
                    f"(found {preferred})",
                )
            )
    return problems


def _cache_path(data_dir: Path) -> Path:
    """Where the validated tables of exactly these files and this code are kept."""
    digest = hashlib.sha256(data_fingerprint(data_dir).encode())
    for module in ("data.py", "numbers.py", "provinces.py", "errors.py", "hashing.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    digest.update(pd.__version__.encode())
    return cache_dir() / f"dataset-{digest.hexdigest()[:32]}.pkl"


def load(data_dir: str | Path = "data", cache: bool = True) -> Dataset:
    """Load and validate the curated data.

    Parameters
    ----------
    data_dir : str or Path
        Folder with ``sources.csv``, ``indicators.csv``, ``figures.csv`` and ``targets.csv``.
    cache : bool
        Reuse the tables validated earlier from byte-identical files by the same code
        (a pickle keyed by the files' and the loader's hashes; set ``BRIEFS_CACHE_DIR`` to
        move it). Validation runs whenever a file or the loader changes.

    Returns
    -------
    Dataset
        The validated tables.

    Raises
    ------
    DataError
        Listing every problem with its file, line and column.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, None, "data folder not found")])
    cached = _cache_path(data_dir) if cache else None
    if cached is not None and cached.exists():
        try:
            with open(cached, "rb") as fh:
                ds = pickle.load(fh)
            return dataclasses.replace(ds, data_dir=data_dir)
        except Exception:  # noqa: BLE001 - a stale or broken cache is rebuilt
            cached.unlink(missing_ok=True)
    ds = _load_validated(data_dir)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(ds, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cached)
        except OSError:
            pass  # no cache: the next load validates again
    return ds


def _load_validated(data_dir: Path) -> Dataset:
    schemas = _schemas()
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    unreadable = False
    for name in COLUMNS:
        frame, found = read_csv(data_dir / name)
        problems += found
        if found:
            unreadable = True
            continue
        frame = frame.apply(lambda s: s.str.strip() if s.name != "line" else s)
        valid, found = _validate_schema(name, frame, schemas[name])
        problems += found
        tables[name] = valid
    if not unreadable:
        # Rows that failed the schema are left out here, so keys and units are checked
        # on the rest; a file that could not be read would only add noise.
        problems += _cross_checks(tables)
    if problems:
        raise DataError(list(dict.fromkeys(problems)))
    figures = tables["figures.csv"].copy()
    figures["year"] = figures["period"].str[-4:].astype(int)
    figures["preferred"] = figures["preferred"] == "true"
    succ = {p.code: (p.successor_code, p.successor_name) for p in provinces.all_provinces()}
    figures["successor_code"] = figures["province_code"].map(lambda c: succ.get(c, (c, ""))[0])
    figures["successor_name"] = figures["province_code"].map(lambda c: succ.get(c, ("", ""))[1])
    indicators = tables["indicators.csv"].copy()
    indicators["higher_is_better"] = indicators["higher_is_better"].map(
        {"true": True, "false": False, "": None}
    )
    return Dataset(
        sources=tables["sources.csv"].reset_index(drop=True),
        indicators=indicators.reset_index(drop=True),
        figures=figures.reset_index(drop=True),
        targets=tables["targets.csv"].reset_index(drop=True),
        fingerprint=fingerprint(data_dir),
        data_dir=data_dir,
    )
