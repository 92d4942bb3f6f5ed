"""Province names, official codes, slugs and the 2025 merger, from maintained libraries.

The 63 provinces that existed before 1 July 2025 (the ones our sources name) come from
``vietnamadminunits`` (its legacy table, with official codes); their successors among the 34
units come from the same library's 63-to-34 conversion table, and the successors' official
names and codes from ``vietnam-provinces``. Nothing here is a hand-written province table.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import json
import os
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "Province",
    "UnknownProvinceError",
    "all_provinces",
    "resolve",
    "name_key",
    "slugify",
]

# Prefixes of province names that do not change which province is meant.
_PREFIXES = ("tinh", "thanhpho", "tp")

# The one pre-2025 name the legacy table lacks: Thừa Thiên Huế became Thành phố Huế
# (same official code 46) on 1 January 2025, and the library only knows the new name,
# while every source before 2025 writes the old one.
_FORMER_NAMES = {"thuathienhue": "46"}


@dataclass(frozen=True)
class Province:
    """A province as it was before the July 2025 merger, with its successor.

    Attributes
    ----------
    code : str
        Official two-digit code (``"38"`` for Thanh Hóa).
    name : str
        Canonical short name (``"Thanh Hóa"``).
    full_name : str
        Official name with its type (``"Tỉnh Thanh Hóa"``).
    slug : str
        ASCII file-name slug (``"thanh-hoa"``).
    successor_code : str
        Code of the unit it belongs to among the 34 from 1 July 2025.
    successor_name : str
        Official name of that unit.
    merged : bool
        True when the province was merged into another province in 2025 (its successor
        carries another name), False when it continues under its own name.
    """

    code: str
    name: str
    full_name: str
    slug: str
    successor_code: str
    successor_name: str
    merged: bool


class UnknownProvinceError(ValueError):
    """A province name or code that matches no province; lists the closest matches."""

    def __init__(self, given: str, suggestions: list[str], reason: str = ""):
        self.given = given
        self.suggestions = suggestions
        hint = f"; closest matches: {', '.join(suggestions)}" if suggestions else ""
        why = f" ({reason})" if reason else ""
        super().__init__(f"unknown province {given!r}{why}{hint}")


def _strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """Reduce a province name to a comparison key.

    Unicode form (NFC/NFD), tone-mark placement (``hóa``/``hoá``), case, spacing,
    punctuation and the prefixes ``Tỉnh``, ``Thành phố``, ``TP.`` do not change the key.

    Parameters
    ----------
    name : str
        A province name in any spelling.

    Returns
    -------
    str
        Lower-case ASCII letters and digits, such as ``"thanhhoa"``.
    """
    key = re.sub(r"[^a-z0-9]", "", _strip_marks(name).lower())
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix) :]
    return key


def slugify(text: str) -> str:
    """Make a safe ASCII slug for file names.

    Parameters
    ----------
    text : str
        Any text, for example ``"Thanh Hóa"``.

    Returns
    -------
    str
        Lower-case ASCII words joined by ``-`` (``"thanh-hoa"``). It never contains a
        path separator, ``..`` or a NUL.

    Raises
    ------
    ValueError
        If nothing usable is left.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", _strip_marks(text).lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make a file name from {text!r}")
    return slug


def _library_data() -> Path:
    # The data folder of vietnamadminunits, found without importing the package (its
    # __init__ loads address-parser tables we do not need: half a second per kernel).
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("vietnamadminunits is not installed; run `make setup`")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def query(sql: str) -> list[dict]:
    """Run a read-only query on the administrative-units database of vietnamadminunits.

    Parameters
    ----------
    sql : str
        SQL over the tables ``admin_units_legacy`` (63 provinces) and ``admin_units`` (34).

    Returns
    -------
    list of dict
        One dict per row.
    """
    uri = (_library_data() / "dataset.db").as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql).fetchall()]


@cache
def _successors() -> dict[str, tuple[str, str, bool]]:
    """Map each legacy province code to (successor code, successor name, merged away).

    The table is kept in the project cache, keyed by the versions of both libraries and
    this module (importing ``vietnam_provinces`` costs a fifth of a second per kernel).
    """
    from importlib import metadata

    from .hashing import cache_dir

    key = hashlib.sha256(Path(__file__).read_bytes())
    for lib in ("vietnam-provinces", "vietnamadminunits"):
        key.update(f"{lib}=={metadata.version(lib)}".encode())
    cached = cache_dir() / f"successors-{key.hexdigest()[:24]}.json"
    try:
        return {k: tuple(v) for k, v in json.loads(cached.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass
    table = _successors_from_libraries()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table), encoding="utf-8")
        os.replace(tmp, cached)
    except OSError:
        pass
    return table


def _successors_from_libraries() -> dict[str, tuple[str, str, bool]]:
    from vietnam_provinces import Province as NewProvince

    path = _library_data() / "converter_2025.json"
    merger = json.loads(path.read_text(encoding="utf-8"))["DICT_PROVINCE"]
    legacy = {
        r["provinceKey"]: r["provinceCode"]
        for r in query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy")
    }
    new_codes = {
        r["provinceKey"]: r["provinceCode"]
        for r in query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    new_names = {int(p.code): p.name for p in NewProvince.iter_all()}
    out = {}
    for new_key, old_keys in merger.items():
        code = new_codes[new_key]
        for old_key in old_keys:
            out[legacy[old_key]] = (code, new_names[int(code)], old_key != new_key)
    return out


@cache
def all_provinces() -> tuple[Province, ...]:
    """Return the 63 provinces before the 2025 merger, ordered by official code.

    Returns
    -------
    tuple of Province
        One entry per province, with its successor among the 34 units.
    """
    rows = query(
        "SELECT DISTINCT province, provinceShort, provinceCode FROM admin_units_legacy "
        "ORDER BY provinceCode"
    )
    successors = _successors()
    return tuple(
        Province(
            code=r["provinceCode"],
            name=unicodedata.normalize("NFC", r["provinceShort"]),
            full_name=unicodedata.normalize("NFC", r["province"]),
            slug=slugify(r["provinceShort"]),
            successor_code=successors[r["provinceCode"]][0],
            successor_name=successors[r["provinceCode"]][1],
            merged=successors[r["provinceCode"]][2],
        )
        for r in rows
    )


@cache
def _index() -> dict[str, Province]:
    by_code = {p.code: p for p in all_provinces()}
    index: dict[str, Province] = {}
    for r in query("SELECT DISTINCT provinceCode, provinceKeywords FROM admin_units_legacy"):
        for word in json.loads(r["provinceKeywords"] or "[]"):
            index[name_key(word)] = by_code[r["provinceCode"]]
    for p in all_provinces():
        index[name_key(p.name)] = p
        index[name_key(p.full_name)] = p
    for key, code in _FORMER_NAMES.items():
        index[key] = by_code[code]
    return index


def resolve(name_or_code: str | int) -> Province:
    """Find the province meant by a name in any spelling, or by its official code.

    Parameters
    ----------
    name_or_code : str or int
        ``"Thanh Hóa"``, ``"thanh hoa"``, ``"Tỉnh Thanh Hoá"``, ``"38"`` or ``38``.

    Returns
    -------
    Province
        The province (pre-2025 unit) with its successor.

    Raises
    ------
    UnknownProvinceError
        If nothing matches, or the text contains a path separator, ``..`` or a control
        character; the message lists the closest matches.
    """
    given = str(name_or_code)
    by_code = {p.code: p for p in all_provinces()}
    if re.fullmatch(r"\d{1,2}", given.strip()):
        code = given.strip().zfill(2)
        if code in by_code:
            return by_code[code]
        raise UnknownProvinceError(given, [])
    if any(ch in given for ch in "/\\\0") or ".." in given or not given.isprintable():
        raise UnknownProvinceError(
            given, [], "a name cannot contain '/', '\\', '..' or control characters"
        )
    key = name_key(unicodedata.normalize("NFC", given))
    index = _index()
    if key in index:
        return index[key]
    names = {name_key(p.name): p.name for p in all_provinces()}
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    raise UnknownProvinceError(given, [names[c] for c in close])
