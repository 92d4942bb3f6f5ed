"""Provinces before and after the 1 July 2025 merger, Vietnamese collation and regions.

Two bases, never mixed:

- ``"63"``: the 63 provinces as they were before 1 July 2025 (legacy official codes), the
  units that every source before the merger names;
- ``"34"``: the 34 provincial units since 1 July 2025 (new official codes).

Both come from ``areas.csv``, a table of the data folder that :func:`helpers.data.load`
reads and validates with the others and gives as ``Dataset.places`` (a :class:`Places`):
codes, names, the 63-to-34 mapping and the keywords that resolve other spellings, as
``areas_from_libraries`` computes them from maintained
libraries through their public APIs (``vietnamadminunits``: ``database.get_data``,
``parse_address(..., mode="LEGACY", level=1)``, ``convert_address``; ``vietnam_provinces``:
``Province.iter_all``). ``make areas`` rewrites the file and a test checks it against the
libraries, which nothing else imports (``vietnamadminunits`` costs about 1 s of CPU).
Nothing here is a hand-written province table; the one alias kept by hand is the name Thừa
Thiên Huế (see ``_ALIASES``).

Regions are the six socio-economic regions of ``regions.csv`` (no maintained library
provides them; ``Dataset.regions``); that file gives membership only where a source does.
Nothing here reads a file: :class:`Places` works from the rows it is given.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from helpers import i18n

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AREA_COLUMNS",
    "Area",
    "Places",
    "UnknownProvinceError",
    "areas_from_libraries",
    "brief_path",
    "check_areas",
    "fold",
    "in_order",
    "other_basis",
    "slugify",
    "sort_key",
]

BASES = ("63", "34")
LANGS = i18n.LANGUAGES
AREA_COLUMNS = ["basis", "code", "name", "full_name", "successor_code", "keywords"]

# Type words a province name may carry; they never change which province is meant.
_PREFIXES = ("thanhpho", "thudo", "tinh", "tp")

# Thừa Thiên Huế became Thành phố Huế (same code, 46) on 1 January 2025 (Nghị quyết
# 175/2024/QH15); the library knows only the new name, sources before 2025 the old one.
_ALIASES = {"thuathienhue": "46"}

_MAX_NAME = 100  # longer input is not a province name


@dataclass(frozen=True)
class Area:
    """A province on one basis: one of the 63 before the merger, or one of the 34 units.

    Attributes
    ----------
    code : str
        Official two-digit code on its basis (``"27"`` for Bắc Ninh 63, ``"24"`` for the unit
        Bắc Ninh 34).
    name : str
        Short official name (``"Bắc Ninh"``).
    full_name : str
        Name with its type (``"Tỉnh Bắc Ninh"``, ``"Thành phố Huế"``).
    slug : str
        ASCII slug for file names (``"bac-ninh"``); unique within a basis only.
    basis : str
        ``"63"`` or ``"34"``.
    successor_code, successor_name : str
        For a former province (basis 63): code and name of its unit among the 34. Empty for
        a unit.
    merged : bool
        Former province: its unit is not itself alone (it was merged into, or absorbed,
        another province). Unit: it has more than one predecessor.
    predecessors : tuple of str
        For a unit (basis 34): legacy codes of the former provinces it was formed from, in
        code order. Empty for a former province.
    region_id : str
        Socio-economic region from ``regions.csv``, or empty when no source gives one.
    """

    code: str
    name: str
    full_name: str
    slug: str
    basis: str
    successor_code: str
    successor_name: str
    merged: bool
    predecessors: tuple[str, ...]
    region_id: str


class UnknownProvinceError(ValueError):
    """A name or code that matches no province on the basis asked; lists close matches."""

    def __init__(self, given: str, suggestions: list[str], reason: str = ""):
        self.given = given
        self.suggestions = suggestions
        why = f" ({reason})" if reason else ""
        hint = f"; closest matches: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown province {given!r}{why}{hint}")


def fold(text: str) -> str:
    """Fold text for search: lower case, no diacritics, ``đ`` to ``d``, single spaces.

    Parameters
    ----------
    text : str
        Any text, in any Unicode normal form.

    Returns
    -------
    str
        For example ``fold("Đắk Lắk") == "dak lak"``.
    """
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.split())


def _key(name: str) -> str:
    """Comparison key of a province name: folded letters and digits, type word dropped."""
    key = re.sub(r"[^a-z0-9]", "", fold(name).removesuffix(" city").removesuffix(" province"))
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix) :]
    return key


def slugify(text: str) -> str:
    """Make an ASCII slug for a file name.

    Parameters
    ----------
    text : str
        Any text, for example ``"Bà Rịa - Vũng Tàu"``.

    Returns
    -------
    str
        Lower-case ASCII words joined by ``-`` (``"ba-ria-vung-tau"``); never a path
        separator, ``..`` or a NUL.

    Raises
    ------
    ValueError
        If nothing usable is left.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if not slug:
        raise ValueError(f"cannot make a file name from {text!r}")
    return slug


@cache
def _collator():
    import icu

    return icu.Collator.createInstance(icu.Locale("vi"))


def sort_key(name: str) -> tuple[bytes, str]:
    """Key for sorting names in Vietnamese alphabetical order (ICU collation, locale vi).

    Vietnamese order, not byte order: a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư, tones after
    the letters: ``"Cao Bằng" < "Đà Nẵng" < "Đắk Lắk" < "Điện Biên" < "Gia Lai"``.

    Parameters
    ----------
    name : str
        A name in any Unicode normal form.

    Returns
    -------
    tuple
        ICU sort key, then the NFC name to break exact ties deterministically.
    """
    name = unicodedata.normalize("NFC", name)
    return (_collator().getSortKey(name), name)


def areas_from_libraries() -> list[dict[str, str]]:
    """Compute the rows of ``data/areas.csv`` from the libraries' public APIs.

    Returns
    -------
    list of dict
        One row per area, keys ``AREA_COLUMNS``, NFC strings, sorted by basis then code.

    Raises
    ------
    RuntimeError
        If the libraries do not give 63 former provinces and 34 units, disagree on the 34
        units, or give a keyword containing ``|``.
    """
    from vietnam_provinces import Province, VietNamDivisionType
    from vietnamadminunits import convert_address, parse_address
    from vietnamadminunits.database import get_data

    nfc = partial(unicodedata.normalize, "NFC")

    def words(row: dict) -> str:
        found = json.loads(row["provinceKeywords"] or "[]")
        if any("|" in word for word in found):
            raise RuntimeError(f"vietnamadminunits: a keyword contains '|': {found}")
        return nfc("|".join(found))

    # Former provinces: name and code from the legacy parser, unit from the converter.
    rows: dict[tuple[str, str], tuple[str, ...]] = {}
    mapped = set()
    for row in get_data(fields=["province", "provinceKeywords"], table="admin_units_legacy"):
        old = parse_address(row["province"], mode="LEGACY", level=1)
        new = convert_address(row["province"])
        code = old.province_code
        if ("63", code) in rows:
            raise RuntimeError(f"vietnamadminunits: two legacy provinces with code {code}")
        names = nfc(old.short_province), nfc(old.province)
        rows["63", code] = ("63", code, *names, new.province_code, words(row))
        mapped.add((new.province_code, nfc(new.short_province)))
    # The 34 units from vietnam_provinces, their keywords from vietnamadminunits.
    new_rows = get_data(fields=["provinceCode", "provinceKeywords"], table="admin_units")
    keywords = {row["provinceCode"]: words(row) for row in new_rows}
    for p in Province.iter_all():
        code, name = f"{int(p.code):02d}", nfc(p.name).removeprefix("Thành phố ")
        city = p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
        full_name = f"{'Thành phố' if city else 'Tỉnh'} {name}"
        rows["34", code] = ("34", code, name, full_name, "", keywords.get(code, ""))
    listed = {(code, row[2]) for (basis, code), row in rows.items() if basis == "34"}
    if len(rows) - len(listed) != 63 or len(listed) != 34 or mapped != listed:
        raise RuntimeError(
            "vietnamadminunits and vietnam_provinces disagree on the 34 units: "
            f"{sorted(mapped ^ listed)}"
        )
    return [dict(zip(AREA_COLUMNS, rows[key], strict=True)) for key in sorted(rows)]


def check_areas(rows: Iterable[Mapping[str, object]]) -> list[tuple[int | None, str, str]]:
    """Check the rows of ``areas.csv``: two-digit codes once per basis, 63 and 34 rows.

    Parameters
    ----------
    rows : iterable of mapping
        Rows with the :data:`AREA_COLUMNS` and ``line``, their line in the file.

    Returns
    -------
    list of (int or None, str, str)
        ``(line, column, message)`` of each problem, in the order found; empty when the
        rows make the two maps (a :class:`Places` can be built from them).
    """
    rows = list(rows)
    problems: list[tuple[int | None, str, str]] = []
    seen: dict[tuple[str, str], int] = {}  # (basis, code) -> line
    slugs: dict[tuple[str, str], int] = {}
    ok = []
    for row in rows:
        basis, code, line = str(row["basis"]), str(row["code"]), int(row["line"])
        if basis not in BASES:
            problems.append((line, "basis", f"{basis!r} is not '63' or '34'"))
        elif (basis, code) in seen:
            problems.append(
                (line, "code", f"{code!r} repeats line {seen[basis, code]} (basis {basis})")
            )
        elif not re.fullmatch(r"\d\d", code):
            problems.append((line, "code", f"{code!r} is not a two-digit code"))
        else:
            seen[basis, code] = line
            ok.append(row)
            try:
                slug = slugify(str(row["name"]))
                if (basis, slug) in slugs:
                    raise ValueError(f"slug {slug!r} also on line {slugs[basis, slug]}")
                slugs[basis, slug] = line
            except ValueError as exc:
                problems.append((line, "name", str(exc)))
    for row in ok:
        unit, line = str(row["successor_code"]), int(row["line"])
        if row["basis"] == "63" and ("34", unit) not in seen:
            problems.append((line, "successor_code", f"{unit!r} is not the code of a basis-34 row"))
        elif row["basis"] == "34" and unit:
            problems.append((line, "successor_code", f"{unit!r}: a basis-34 row has no successor"))
    counts = [sum(str(row["basis"]) == basis for row in rows) for basis in BASES]
    if counts != [63, 34]:
        end = f"{counts[0]} rows on basis 63 and {counts[1]} on basis 34, not 63 and 34"
        problems.append((max((int(r["line"]) for r in rows), default=None), "basis", end))
    return problems


class Places:
    """The two maps (63 former provinces, 34 units) and their names, from the rows given.

    :func:`helpers.data.load` builds one from the ``areas.csv`` and ``regions.csv`` it
    read and validated (``Dataset.places``): every province a brief, the batch or the
    loader meets is resolved against the data folder being used.

    Parameters
    ----------
    areas : iterable of mapping
        Rows of ``areas.csv`` (:data:`AREA_COLUMNS`), checked by :func:`check_areas`.
    regions : iterable of mapping, optional
        Rows of ``regions.csv`` (``region_id``, ``basis``, ``province_code``): the region of
        each area a source places in one.

    Attributes
    ----------
    former : tuple of Area
        The 63 provinces as they were before 1 July 2025, in code order (basis ``"63"``).
    units : tuple of Area
        The 34 provincial units since 1 July 2025, in code order (basis ``"34"``).
    """

    def __init__(self, areas: Iterable[Mapping], regions: Iterable[Mapping] = ()):
        rows = sorted(
            ({c: str(r[c]) for c in AREA_COLUMNS} for r in areas),
            key=lambda r: (r["basis"], r["code"]),
        )
        region = {(str(r["basis"]), str(r["province_code"])): str(r["region_id"]) for r in regions}
        names = {r["code"]: r["name"] for r in rows if r["basis"] == "34"}
        preds = {c: tuple(r["code"] for r in rows if r["successor_code"] == c) for c in names}
        areas_of: dict[str, list[Area]] = {basis: [] for basis in BASES}
        index: dict[str, dict[str, str]] = {basis: {} for basis in BASES}
        for r in rows:
            basis, code, unit = r["basis"], r["code"], r["successor_code"]
            areas_of[basis].append(
                Area(
                    code=code,
                    name=r["name"],
                    full_name=r["full_name"],
                    slug=slugify(r["name"]),
                    basis=basis,
                    successor_code=unit,
                    successor_name=names.get(unit, ""),
                    merged=len(preds[unit or code]) > 1,
                    predecessors=preds[code] if basis == "34" else (),
                    region_id=region.get((basis, code), ""),
                )
            )
            words = filter(None, r["keywords"].split("|"))
            index[basis].update(dict.fromkeys(map(_key, words), code))
        for basis, idx in index.items():
            for a in areas_of[basis]:  # names win over the library's abbreviations
                idx[_key(a.full_name)] = a.code
                idx[_key(a.name)] = a.code
            idx.update(_ALIASES)
        self.former = tuple(areas_of["63"])
        self.units = tuple(areas_of["34"])
        self._by_code = {basis: {a.code: a for a in areas_of[basis]} for basis in BASES}
        self._index = index

    def resolve(self, name_or_code: str | int, basis: str = "34") -> Area:
        """Find the province meant by a name in any spelling, or by its code, on one basis.

        Parameters
        ----------
        name_or_code : str or int
            ``"Thanh Hóa"``, ``"thanh hoa"``, ``"Tỉnh Thanh Hoá"``, ``"TP. Hồ Chí Minh"``,
            ``"TP.HCM"``, ``"Thừa Thiên Huế"``, ``"38"`` or ``38``. Codes are read on
            ``basis``.
        basis : {"34", "63"}
            ``"34"`` for the units since 1 July 2025, ``"63"`` for the provinces before.

        Returns
        -------
        Area
            The province on that basis.

        Raises
        ------
        UnknownProvinceError
            If nothing matches on that basis, or the text contains a path separator,
            ``..`` or a control character. The message names the closest matches, and for
            a former province asked on basis 34, the unit it is now part of.
        ValueError
            If ``basis`` is neither ``"63"`` nor ``"34"``.
        """
        basis = _check_basis(basis)
        given = str(name_or_code)
        text = given.strip()
        if any(ch in text for ch in "/\\") or ".." in text or not text.isprintable():
            raise UnknownProvinceError(
                given, [], "a name cannot contain '/', '\\', '..' or control characters"
            )
        if not text or len(text) > _MAX_NAME:
            raise UnknownProvinceError(given, [], "empty or too long")
        by_code = self._by_code[basis]
        if re.fullmatch(r"\d{1,2}", text):
            return self._by_number(given, text.zfill(2), basis)
        key = _key(unicodedata.normalize("NFC", text))
        code = self._index[basis].get(key)
        if code is not None:
            return by_code[code]
        if basis == "34" and key in self._index["63"]:
            old = self._by_code["63"][self._index["63"][key]]
            raise UnknownProvinceError(
                given,
                [old.successor_name],
                f"{old.name} is a former province (basis 63), part of {old.successor_name} "
                "since 1 July 2025",
            )
        names = {_key(a.name): a.name for a in by_code.values()}
        close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
        raise UnknownProvinceError(given, [names[c] for c in close], f"on basis {basis}")

    def _by_number(self, given: str, code: str, basis: str) -> Area:
        if code in self._by_code[basis]:
            return self._by_code[basis][code]
        other = self._by_code[other_basis(basis)].get(code)
        if other is None:
            raise UnknownProvinceError(given, [], f"no code {code} on basis {basis}")
        raise UnknownProvinceError(
            given,
            [other.successor_name or other.name],
            f"no code {code} on basis {basis}; {code} is {other.name} on basis {other.basis}",
        )

    def get(self, code: str, basis: str) -> Area | None:
        """Return the area of an exact two-digit ``code`` on ``basis``, or None.

        Examples
        --------
        >>> from helpers import data
        >>> data.load().places.get("24", "34").name
        'Bắc Ninh'
        """
        return self._by_code[_check_basis(basis)].get(code)

    def successor(self, code63: str | int) -> Area:
        """Return the unit among the 34 that a former province (code or name) is part of."""
        return self._by_code["34"][self.resolve(code63, basis="63").successor_code]

    def predecessors(self, code34: str | int) -> tuple[Area, ...]:
        """Return the former provinces a unit (code or name) was formed from, in code order.

        One for a unit that was not merged.
        """
        old = self._by_code["63"]
        return tuple(old[c] for c in self.resolve(code34, basis="34").predecessors)

    def linked(self, area: Area) -> tuple[Area, ...]:
        """Return the areas of the other map that share territory with ``area``.

        A unit's former provinces; a former province's unit (one).
        """
        if area.basis == "34":
            return self.predecessors(area.code)
        return (self.successor(area.code),)


def _check_basis(basis: str) -> str:
    basis = str(basis)
    if basis not in BASES:
        raise ValueError(f"basis must be '63' or '34', not {basis!r}")
    return basis


def other_basis(basis: str) -> str:
    """Return the other map: ``"63"`` for ``"34"`` and the reverse.

    Examples
    --------
    >>> other_basis("34")
    '63'
    """
    return "63" if _check_basis(basis) == "34" else "34"


def in_order(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return the rows in the alphabetical order of their names (Vietnamese: ICU collation).

    Parameters
    ----------
    frame : pandas.DataFrame
    column : str
        The column of names.

    Returns
    -------
    pandas.DataFrame
    """
    return frame.iloc[sorted(range(len(frame)), key=lambda i: sort_key(frame[column].iloc[i]))]


def brief_path(area: Area, lang: str) -> str:
    """Relative POSIX path of an area's brief.

    Parameters
    ----------
    area : Area
        A unit (basis 34) or a former province (basis 63).
    lang : {"vi", "en"}
        Language of the brief.

    Returns
    -------
    str
        ``briefs/<lang>/<slug>.html`` for a unit, ``briefs/<lang>/former/<slug>.html`` for
        a former province (the two may share a name, such as Bắc Ninh).

    Raises
    ------
    ValueError
        For another language or basis, or a slug that is not a plain ASCII word list.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    basis = _check_basis(area.basis)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", area.slug):
        raise ValueError(f"unsafe slug {area.slug!r}")
    folder = f"briefs/{lang}" if basis == "34" else f"briefs/{lang}/former"
    return f"{folder}/{area.slug}.html"


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m helpers.provinces write-areas [PATH]`` (``make areas``).

    Writes the rows of :func:`areas_from_libraries` atomically, once they pass
    :func:`check_areas`; the default path is the project's ``data/areas.csv``.
    """
    import argparse
    import io

    from helpers.files import DATA, write_atomic

    parser = argparse.ArgumentParser(prog="python -m helpers.provinces")
    parser.add_argument("command", choices=["write-areas"], help="write PATH from the libraries")
    parser.add_argument("path", nargs="?", type=Path, default=DATA / "areas.csv")
    path = parser.parse_args(argv).path
    rows = areas_from_libraries()
    problems = check_areas([r | {"line": n} for n, r in enumerate(rows, start=2)])
    if problems:
        raise RuntimeError(f"the libraries' areas do not make the two maps: {problems[:3]}")
    text = io.StringIO()
    writer = csv.DictWriter(text, AREA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, text.getvalue())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
