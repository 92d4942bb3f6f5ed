"""Provinces before and after the 1 July 2025 merger, Vietnamese collation and regions.

Two bases, never mixed:

- ``"63"``: the 63 provinces as they were before 1 July 2025 (legacy official codes), the
  units that every source before the merger names;
- ``"34"``: the 34 provincial units since 1 July 2025 (new official codes).

Everything comes from maintained libraries through their public, documented APIs:
``vietnamadminunits`` (``database.get_data`` lists the legacy provinces,
``parse_address(..., mode="LEGACY", level=1)`` gives their names and codes,
``convert_address`` their unit among the 34) and ``vietnam_provinces``
(``Province.iter_all`` lists the 34 units). Nothing here is a hand-written province table;
the one alias kept by hand is the name Thừa Thiên Huế (see ``_ALIASES``).

Regions are the six socio-economic regions of ``data/regions.csv`` (no maintained library
provides them); that file gives membership only where a source does.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Area",
    "UnknownProvinceError",
    "brief_path",
    "fold",
    "former",
    "predecessors",
    "regions",
    "resolve",
    "slugify",
    "sort_key",
    "successor",
    "units",
]

BASES = ("63", "34")
LANGS = ("vi", "en")

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
        Socio-economic region from ``data/regions.csv``, or empty when no source gives one.
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


@dataclass(frozen=True)
class _Tables:
    former: tuple[Area, ...]
    units: tuple[Area, ...]
    by_code: dict[str, dict[str, Area]]
    index: dict[str, dict[str, str]]


def _project_data() -> Path:
    return Path(__file__).resolve().parents[2] / "data"


def _region_rows() -> list[dict[str, str]]:
    path = _project_data() / "regions.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def _tables() -> _Tables:
    """Build both bases and the 63-to-34 mapping from the libraries (once per process)."""
    from vietnam_provinces import Province, VietNamDivisionType
    from vietnamadminunits import convert_address, parse_address
    from vietnamadminunits.database import get_data

    legacy_rows = get_data(fields=["province", "provinceKeywords"], table="admin_units_legacy")
    new_rows = get_data(fields=["provinceCode", "provinceKeywords"], table="admin_units")

    # Former provinces: name and code from the legacy parser, unit from the converter.
    old: dict[str, dict] = {}
    keywords: dict[str, dict[str, list[str]]] = {"63": {}, "34": {}}
    for row in legacy_rows:
        unit = parse_address(row["province"], mode="LEGACY", level=1)
        new = convert_address(row["province"])
        code = unit.province_code
        if code in old:
            raise RuntimeError(f"vietnamadminunits: two legacy provinces with code {code}")
        old[code] = {
            "name": unicodedata.normalize("NFC", unit.short_province),
            "full_name": unicodedata.normalize("NFC", unit.province),
            "unit": new.province_code,
            "unit_name": unicodedata.normalize("NFC", new.short_province),
        }
        keywords["63"][code] = json.loads(row["provinceKeywords"] or "[]")
    for row in new_rows:
        keywords["34"][row["provinceCode"]] = json.loads(row["provinceKeywords"] or "[]")

    # The 34 units, from vietnam_provinces.
    new_units: dict[str, dict] = {}
    for p in Province.iter_all():
        code = f"{int(p.code):02d}"
        name = unicodedata.normalize("NFC", p.name).removeprefix("Thành phố ")
        city = p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
        new_units[code] = {
            "name": name,
            "full_name": f"{'Thành phố' if city else 'Tỉnh'} {name}",
        }
    mapped = {(o["unit"], o["unit_name"]) for o in old.values()}
    listed = {(c, u["name"]) for c, u in new_units.items()}
    if len(old) != 63 or len(new_units) != 34 or mapped != listed:
        raise RuntimeError(
            "vietnamadminunits and vietnam_provinces disagree on the 34 units: "
            f"{sorted(mapped ^ listed)}"
        )

    preds: dict[str, tuple[str, ...]] = {
        c: tuple(sorted(k for k, o in old.items() if o["unit"] == c)) for c in new_units
    }
    region = {(r["basis"], r["province_code"]): r["region_id"] for r in _region_rows()}

    former_areas = tuple(
        Area(
            code=code,
            name=o["name"],
            full_name=o["full_name"],
            slug=slugify(o["name"]),
            basis="63",
            successor_code=o["unit"],
            successor_name=o["unit_name"],
            merged=len(preds[o["unit"]]) > 1,
            predecessors=(),
            region_id=region.get(("63", code), ""),
        )
        for code, o in sorted(old.items())
    )
    unit_areas = tuple(
        Area(
            code=code,
            name=u["name"],
            full_name=u["full_name"],
            slug=slugify(u["name"]),
            basis="34",
            successor_code="",
            successor_name="",
            merged=len(preds[code]) > 1,
            predecessors=preds[code],
            region_id=region.get(("34", code), ""),
        )
        for code, u in sorted(new_units.items())
    )

    by_code = {"63": {a.code: a for a in former_areas}, "34": {a.code: a for a in unit_areas}}
    index: dict[str, dict[str, str]] = {}
    for basis, areas in (("63", former_areas), ("34", unit_areas)):
        if len({a.slug for a in areas}) != len(areas):
            raise RuntimeError(f"two areas share a slug on basis {basis}")
        idx: dict[str, str] = {}
        for a in areas:
            for word in keywords[basis].get(a.code, []):
                idx[_key(word)] = a.code
        for a in areas:  # names win over the library's abbreviations
            idx[_key(a.full_name)] = a.code
            idx[_key(a.name)] = a.code
        for key, code in _ALIASES.items():
            idx[key] = code
        index[basis] = idx
    return _Tables(former_areas, unit_areas, by_code, index)


def former() -> tuple[Area, ...]:
    """Return the 63 provinces as they were before 1 July 2025, in code order.

    Returns
    -------
    tuple of Area
        Basis ``"63"``, each with its unit among the 34.
    """
    return _tables().former


def units() -> tuple[Area, ...]:
    """Return the 34 provincial units since 1 July 2025, in code order.

    Returns
    -------
    tuple of Area
        Basis ``"34"``, each with the legacy codes of its predecessors.
    """
    return _tables().units


def _check_basis(basis: str) -> str:
    basis = str(basis)
    if basis not in BASES:
        raise ValueError(f"basis must be '63' or '34', not {basis!r}")
    return basis


def resolve(name_or_code: str | int, basis: str = "34") -> Area:
    """Find the province meant by a name in any spelling, or by its code, on one basis.

    Parameters
    ----------
    name_or_code : str or int
        ``"Thanh Hóa"``, ``"thanh hoa"``, ``"Tỉnh Thanh Hoá"``, ``"TP. Hồ Chí Minh"``,
        ``"TP.HCM"``, ``"Thừa Thiên Huế"``, ``"38"`` or ``38``. Codes are read on ``basis``.
    basis : {"34", "63"}
        ``"34"`` for the units since 1 July 2025, ``"63"`` for the provinces before.

    Returns
    -------
    Area
        The province on that basis.

    Raises
    ------
    UnknownProvinceError
        If nothing matches on that basis, or the text contains a path separator, ``..``
        or a control character. The message names the closest matches, and for a former
        province asked on basis 34, the unit it is now part of.
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
    tables = _tables()
    by_code = tables.by_code[basis]
    if re.fullmatch(r"\d{1,2}", text):
        code = text.zfill(2)
        if code in by_code:
            return by_code[code]
        other = tables.by_code["63" if basis == "34" else "34"].get(code)
        if other is None:
            raise UnknownProvinceError(given, [], f"no code {code} on basis {basis}")
        raise UnknownProvinceError(
            given,
            [other.successor_name or other.name],
            f"no code {code} on basis {basis}; {code} is {other.name} on basis {other.basis}",
        )
    key = _key(unicodedata.normalize("NFC", text))
    code = tables.index[basis].get(key)
    if code is not None:
        return by_code[code]
    if basis == "34" and key in tables.index["63"]:
        old = tables.by_code["63"][tables.index["63"][key]]
        raise UnknownProvinceError(
            given,
            [old.successor_name],
            f"{old.name} is a former province (basis 63), part of {old.successor_name} "
            "since 1 July 2025",
        )
    names = {_key(a.name): a.name for a in by_code.values()}
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    raise UnknownProvinceError(given, [names[c] for c in close], f"on basis {basis}")


def successor(code63: str | int) -> Area:
    """Return the unit among the 34 that a former province is part of.

    Parameters
    ----------
    code63 : str or int
        Legacy code (or name) of a former province, read on basis 63.

    Returns
    -------
    Area
        The unit (basis ``"34"``).
    """
    old = resolve(code63, basis="63")
    return _tables().by_code["34"][old.successor_code]


def predecessors(code34: str | int) -> tuple[Area, ...]:
    """Return the former provinces a unit was formed from, in code order.

    Parameters
    ----------
    code34 : str or int
        Code (or name) of one of the 34 units, read on basis 34.

    Returns
    -------
    tuple of Area
        Former provinces (basis ``"63"``); one for a unit that was not merged.
    """
    unit = resolve(code34, basis="34")
    old = _tables().by_code["63"]
    return tuple(old[c] for c in unit.predecessors)


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


def regions() -> pd.DataFrame:
    """Return region membership from ``data/regions.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``region_id, name_vi, name_en, basis, province_code, source_id``, all
        strings; one row per province and basis that a source places in a region.
    """
    import pandas as pd

    cols = ["region_id", "name_vi", "name_en", "basis", "province_code", "source_id"]
    return pd.DataFrame(_region_rows(), columns=cols).astype(str)
