"""``outputs/index.html``: the offline list of briefs a reader starts from.

The 34 units in force since 1 July 2025 in Vietnamese order, each followed by the former
provinces it took over; search ignoring diacritics; columns sorted by a small inline script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from . import i18n
from .render import AUTONYMS

__all__ = ["build_index"]

_TEMPLATES = Path(__file__).parent / "templates" / "index"


def _row(record: Mapping, columns: list[str], lang: str, fold) -> dict:
    other = i18n.other_language(lang)
    paths = record.get("paths") or {}
    sort = record.get("sort") or {}
    values = record.get("values") or {}
    return {
        "code": str(record["code"]),
        "name": str(record["name"]),
        "href": paths.get(lang),
        "other_href": paths.get(other),
        "latest": str(record.get("latest") or ""),
        "cells": [{"text": str(values.get(c, "") or ""), "sort": sort.get(c, "")} for c in columns],
        "search": f"{fold(str(record['name']))} {str(record['code']).lower()}",
    }


def build_index(
    records: Sequence[Mapping],
    lang: str = "vi",
    *,
    units: Sequence,
    other_index: str | None = None,
    generated: dt.date | None = None,
) -> str:
    """Render the index of briefs: every unit (linked when it has a brief), data escaped.

    Parameters
    ----------
    records : sequence of dict
        One per brief pair, as the batch gives them::

            {"basis": "34" | "63" | "national",  # "national": linked above the table
             "code": "38", "name": "Thanh Hóa",  # name as shown
             "unit_code": "38",                  # for "63": the unit that took it over
             "paths": {"vi": "briefs/vi/thanh-hoa.html", "en": ...},  # relative to the index
             "latest": "2024",                   # year of the latest figure, or ""
             "values": {"DTI 2024 (rank of 63)": "25/63", ...},  # column: text
             "sort": {"DTI 2024 (rank of 63)": 25, ...}}  # optional; else by text

        Columns are the ``values`` keys in the order first met; a missing one is empty.
    lang : {"vi", "en"}
    units : sequence of helpers.provinces.Area
        The 34 units (``Dataset.places.units``): each is a row, with a brief or without.
    other_index : str, optional
        Relative href of the index in the other language.
    generated : datetime.date, optional
        Date in the footer (today by default).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown basis, or a ``unit_code`` that is not a unit.
    """
    import jinja2

    other = i18n.other_language(lang)
    columns = list(dict.fromkeys(label for r in records for label in r.get("values") or {}))
    groups, national = _groups(records, columns, lang, units)
    loader = jinja2.FileSystemLoader(_TEMPLATES)
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("index.html.j2").render(
        lang=lang,
        other=other,
        other_name=AUTONYMS[other],
        own_name=AUTONYMS[lang],
        other_index=other_index,
        labels=_labels(lang, generated or dt.date.today()),
        columns=columns,
        groups=groups,
        national=national,
    )


def _groups(
    records: Sequence[Mapping], columns: list[str], lang: str, units
) -> tuple[list, Mapping]:
    """Return each unit's row with its former provinces' rows (alphabetical), and the country."""
    from . import provinces

    by_unit: dict[str, Mapping] = {}
    formers: dict[str, list[Mapping]] = {}
    national = None
    for record in records:
        basis = str(record.get("basis"))
        if basis == "34":
            by_unit[str(record["code"])] = record
        elif basis == "63":
            formers.setdefault(str(record["unit_code"]), []).append(record)
        elif basis == "national":
            national = record
        else:
            raise ValueError(f"record {record.get('code')!r}: unknown basis {basis!r}")
    units = {u.code: u for u in units}
    unknown = sorted(set(formers) - set(units))
    if unknown:
        raise ValueError(f"former provinces under unknown unit code(s): {', '.join(unknown)}")

    def row(record):
        return _row(record, columns, lang, provinces.fold)

    groups = []
    for code, unit in units.items():
        taken = sorted(formers.get(code, []), key=lambda r: provinces.sort_key(r["name"]))
        unit_row = row(by_unit.get(code) or {"code": code, "name": unit.name})
        groups.append({"unit": unit_row, "formers": [row(r) for r in taken], "key": unit.name})
    groups.sort(key=lambda g: provinces.sort_key(g["key"]))
    return groups, national


def _labels(lang: str, date: dt.date) -> dict[str, str]:
    """Return the index's texts in ``lang``."""
    from . import numbers

    _ = i18n.translator(lang)
    return {
        "title": _("Provincial digital-economy briefs"),
        "intro": _(
            "One brief per province or city: the 34 units in force since 1 July 2025, each "
            "followed by the former provinces it took over."
        ),
        "overview": _("National overview"),
        "search": _("Search by name (diacritics optional)"),
        "none": _("No province or city matches."),
        "caption": _("Briefs by province or city, with the latest published figures"),
        "name": _("Province or city"),
        "other_col": _("In English") if lang == "vi" else _("In Vietnamese"),
        "latest": _("Year of the latest figure"),
        "former": _("former province"),
        "no_brief": _("no brief: no figure yet"),
        "note": _(
            "Each column is one series in one year, as published; an empty cell means no "
            "published figure. Click a column heading to sort."
        ),
        "generated": _("Generated on {date}.").format(date=numbers.date_text(date, lang)),
    }
