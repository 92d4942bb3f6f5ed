"""The sentences of a brief's key findings, from what :func:`helpers.analysis.finding` gathers.

The rules (which figures, which series compare, what a movement is) are
:mod:`helpers.analysis`'s; this module only words them in the brief's language, citing each
figure's source, so that every brief says the same thing of the same finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import i18n, numbers, provinces

if TYPE_CHECKING:
    import pandas as pd

    from .show import Page

__all__ = ["complete_table", "headline", "indicator_set", "series_sentence", "standing"]


def series_sentence(page: Page, found: dict, template: str | None = None, **extra) -> str:
    """Write the latest figure of one series and how it moved (or how many editions).

    Parameters
    ----------
    page : helpers.show.Page
    found : dict
        ``{"series", "latest", "movement"}`` of :func:`helpers.analysis.finding`.
    template : str, optional
        Translated sentence with ``{series}``, ``{value}``, ``{year}`` (and ``extra``) fields.
    **extra
        More fields of ``template``.

    Returns
    -------
    str
    """
    _ = i18n.translator(page.lang)
    r, m = found["latest"], found["movement"]
    text = (template or _("{series}, year {year}: {value}.")).format(
        series=page.labels[found["series"]], value=page.value(r), year=r.period, **extra
    )
    if m["rule"] == "movement":
        more = _("{n} editions of one series since {first_year}, when it was {first}.").format(
            first=page.value(m["first"]), first_year=m["first"].period, n=m["points"]
        )
    elif m["rule"] == "years_do_not_compare":
        more = _("Each edition is rescaled: editions do not compare with each other.")
    elif m["points"] > 1:
        more = _("{n} editions of this series: too few to state a movement.").format(n=m["points"])
    else:
        return text
    return f"{text} {more}"


def _former(page: Page, rows: pd.DataFrame) -> str:
    _ = i18n.translator(page.lang)
    values = "; ".join(
        f"{r.province} {page.value(r, with_period=True)}, {page.labels[r.series]}"
        for _i, r in provinces.in_order(rows, "province").iterrows()
    )
    return _(
        "no figure of its own for the province as formed on 1 July 2025; its "
        "former provinces, side by side, not added up: {values}."
    ).format(values=values)


def _national(page: Page, indicator: str, found: dict) -> tuple[list[str], list[str]]:
    _ = i18n.translator(page.lang)
    n = found["national"]
    if n["indicator"] != indicator:
        beside = _("Beside it, for the country, {indicator}: {value} in {year}.")
        text = series_sentence(page, n, beside, indicator=page.names[n["indicator"]])
        return [text], [n["latest"].source_id]
    parts = [series_sentence(page, n, _("The country, according to {series}: {value} in {year}."))]
    ids = [n["latest"].source_id]
    if found["own"] and not n["comparable"]:
        parts.append(
            _("The country's series has another publisher or method: the two are not compared.")
        )
    if found["counterpart"] is not None:
        c = found["counterpart"]
        parts.append(
            _("In the same publisher's series, the country: {value} in {year}.").format(
                value=page.value(c), year=c.period
            )
        )
        ids.append(c.source_id)
    return parts, ids


def headline(page: Page, indicator: str, found: dict, of_series: dict, merged: bool) -> str:
    """Write the bullet of one headline indicator, each figure with its source.

    The area's series, or its former provinces' side by side, and the country beside them.

    Parameters
    ----------
    page : helpers.show.Page
    indicator : str
        The family's first indicator (:data:`helpers.analysis.HEADLINE`).
    found : dict
        :func:`helpers.analysis.finding` of the family.
    of_series : dict
        Series id → its indicator id (a related measure of the family is named as such).
    merged : bool
        The area was formed from more than one former province.

    Returns
    -------
    str
    """
    _ = i18n.translator(page.lang)
    parts, ids = [page.names[indicator] + ":"], []
    for s in found["own"]:
        own = of_series[s["series"]]
        template = _("{indicator}, {series}, year {year}: {value}.") if own != indicator else None
        parts.append(series_sentence(page, s, template, indicator=page.names[own]))
        ids.append(s["latest"].source_id)
    shown = found["former"]
    if not found["own"] and shown is not None and len(shown) and (shown.role == "area").all():
        # the area's own figures are only averages, totals or forecasts: written as such
        parts += [
            _("{series}: {value}.").format(
                series=page.labels[r.series], value=page.value(r, with_period=True)
            )
            for _i, r in shown.iterrows()
        ]
        ids += list(shown.source_id)
    elif not found["own"] and shown is not None and len(shown):
        parts.append(_former(page, shown))
        ids += list(shown.source_id)
    elif not found["own"]:
        parts.append(
            _("no figure has been published for this province or its former provinces.")
            if merged
            else _("no figure has been published for this province.")
        )
    if found["national"]:
        more, more_ids = _national(page, indicator, found)
        parts, ids = parts + more, ids + more_ids
    return " ".join(parts) + " " + page.cite(ids)


def complete_table(page: Page, tables: dict) -> str | None:
    """Write the place of the area in the first complete rank table that has its region.

    Parameters
    ----------
    page : helpers.show.Page
    tables : dict
        Series id → :func:`helpers.analysis.standing` table
        (:func:`helpers.analysis.comparison_tables`).

    Returns
    -------
    str or None
        None when no complete rank table holds more than one province of its region.
    """
    _ = i18n.translator(page.lang)
    for sid, table in tables.items():
        mine = table[table.is_area].iloc[0]
        if mine.unit == "rank" and len(table) == int(mine.of) and table.in_region.sum() > 1:
            text = _(
                "{series} {year}, a complete table: rank {rank}; place {k} among the "
                "{n} provinces of its region."
            ).format(
                series=page.labels[sid],
                year=mine.year,
                rank=numbers.rank_text(mine.position, mine.of, page.lang),
                k=int(mine.region_position),
                n=int(table.in_region.sum()),
            )
            return f"{text} {page.cite(table.source_id)}"
    return None


def indicator_set(page: Page, cov: pd.DataFrame, size: int) -> str:
    """Write how much of the provincial indicator set the area has a figure of.

    Parameters
    ----------
    page : helpers.show.Page
    cov : pandas.DataFrame
        :func:`helpers.analysis.coverage` of the area.
    size : int
        Number of provincial indicators of the set.

    Returns
    -------
    str
    """
    _ = i18n.translator(page.lang)
    own = int(cov.reported.sum())
    by_former = int((~cov.reported & cov.former.map(len).gt(0)).sum())
    return _(
        "Indicator set of Decision 1354/QĐ-BTTTT: {n} of the {named} named "
        "provincial indicators (of {size}) have a figure of the province; {m} "
        "only of its former provinces; {missing} none yet."
    ).format(size=size, named=len(cov), n=own, m=by_former, missing=len(cov) - own - by_former)


def standing(page: Page, table: pd.DataFrame) -> str:
    """Write where the area stands in one published table, and in its region where it can.

    Parameters
    ----------
    page : helpers.show.Page
    table : pandas.DataFrame
        A :func:`helpers.analysis.standing` table (``year``, ``unit`` and ``of`` columns).

    Returns
    -------
    str
        A rank with its base, or the place among the provinces with a figure; the place in
        the region only where the region has more than one province in the table and, for
        ranks, the table is complete.
    """
    _ = i18n.translator(page.lang)
    mine = table[table.is_area].iloc[0]
    rank = table.unit.iloc[0] == "rank"
    if rank:
        text = _("{name}: rank {rank}.").format(
            name=mine.province, rank=numbers.rank_text(mine.position, mine.of, page.lang)
        )
    else:
        text = _(
            "{name}: place {position} among the {n} provinces with a figure in this table."
        ).format(name=mine.province, position=int(mine.position), n=len(table))
    if table.in_region.sum() > 1 and (not rank or len(table) == int(mine.of)):
        text += " " + _("Place {k} among the {n} provinces of its region.").format(
            k=int(mine.region_position), n=int(table.in_region.sum())
        )
    return text
