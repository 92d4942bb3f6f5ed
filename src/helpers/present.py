"""How a figure, a rank or a verdict reads in a brief, in the brief's language.

An estimate, forecast, average or bound reads as such wherever its value appears. Numbers
come from :mod:`helpers.numbers` (Babel), words from the gettext catalogue (:mod:`helpers.i18n`).
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from . import i18n, numbers
from .export import INDEX_MIME

__all__ = [
    "figure_text",
    "period_text",
    "rank_text",
    "status_text",
    "rule_text",
    "target_text",
    "refs_text",
    "movement_text",
    "join_links",
    "publish",
    "sources_table",
]


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
    if period_type == "average":
        return _("average {period}").format(period=shown)
    if period_type == "total":
        return _("total {period}").format(period=shown)
    if period_type == "to_date":
        return _("as of {period}").format(period=shown)
    return shown


def _kind_word(kind: str, lang: str) -> str:
    _ = i18n.translator(lang)
    words = {
        "actual": "",
        "preliminary": _("preliminary"),
        "estimate": _("estimate"),
        "forecast": _("forecast"),
        "plan": _("plan"),
    }
    return words[kind]


def figure_text(row: pd.Series | dict, lang: str, with_period: bool = False) -> str:
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
    if row["unit"] == "rank":  # a rank reads with its base: "15/63"
        text = rank_text(row["value"], row.get("rank_base"), lang)
    else:
        text = numbers.format_value(float(row["value"]), row["unit"], lang, row["qualifier"])
    notes = [w for w in [_kind_word(row["kind"], lang)] if w]
    if with_period:
        notes.append(period_text(str(row["period"]), row["period_type"], lang))
    return f"{text} ({', '.join(notes)})" if notes else text


def rank_text(position: int, base: int, lang: str) -> str:
    """Write a rank with its base, e.g. ``"25/63"`` (the same in both languages).

    Parameters
    ----------
    position : int
        The rank (1 is best).
    base : int or None
        Units ranked; without it (None or empty) the rank is shown alone.
    lang : {"vi", "en"}

    Returns
    -------
    str
    """
    i18n.translator(lang)  # refuses an unknown language
    if base is None or pd.isna(base) or str(base) == "":
        return f"{int(position)}"
    return f"{int(position)}/{int(base)}"


def status_text(status: str, lang: str) -> str:
    """Name a verdict of :func:`helpers.analysis.assess_target` in the brief's language.

    Parameters
    ----------
    status : str
        A status (``met``, ``below``, ``not_enough_data``…).
    lang : {"vi", "en"}

    Returns
    -------
    str
    """
    _ = i18n.translator(lang)
    words = {
        "met": _("Met"),
        "not_met": _("Not met"),
        "on_track": _("On track"),
        "behind": _("Behind"),
        "not_enough_data": _("Not enough data for a trend"),
        "undetermined": _("Cannot be decided from the wording"),
        "no_data": _("No figure"),
        "no_verdict": _("No verdict: different basis"),
        "above": _("Above the national target"),
        "below": _("Below the national target"),
    }
    return words[status]


def rule_text(row: pd.Series | dict, lang: str, series_label: dict[str, str]) -> str:
    """Explain in one sentence why a :func:`helpers.analysis.scorecard` row has its status.

    Parameters
    ----------
    row : pandas.Series or dict
        A scorecard row.
    lang : {"vi", "en"}
    series_label : dict
        Label of each series id in ``lang``.

    Returns
    -------
    str
    """
    _ = i18n.translator(lang)
    rule = row["rule"]
    fs = series_label.get(row["figure_series"] or "", "")
    ts = series_label.get(row["target_series"] or "", "")
    if rule == "benchmark":
        return _(
            "A national target, shown for comparison: Decision 411 sets no target for "
            "each province."
        )
    if rule == "basis_unknown":
        return _(
            "The target does not say which statistics it is measured in, so the figure "
            "({series}) is not judged against it."
        ).format(series=fs)
    if rule == "different_basis":
        return _(
            "Different basis: the target is measured in {target_series}, the figure comes "
            "from {figure_series}."
        ).format(target_series=ts, figure_series=fs)
    if rule == "reached":
        return _("The latest figure of the same series reaches the target.")
    if rule == "past_due":
        return _("The target year has passed and the latest figure does not reach it.")
    if rule == "open_qualifier":
        return _("The figure is published as a bound or an approximation that leaves it open.")
    if rule == "too_few_points":
        return _("{points} observation(s) of one series; a trend needs at least three.").format(
            points=int(row["points"])
        )
    if rule == "projection":
        return _(
            "Straight line through {points} observations of one series, projected to {year}: "
            "{value}."
        ).format(
            points=int(row["points"]),
            year=int(row["target_year"]),
            value=numbers.format_value(row["projected"], row["unit"], lang),
        )
    return _("No figure for this indicator in the data.")


def target_text(row: pd.Series | dict, lang: str) -> str:
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
    year = row["target_year"] if "target_year" in row else row["year"]
    comparison = {">": ">", ">=": ">=", "=": "="}[row["comparison"]]
    text = numbers.format_value(float(value), row["unit"], lang, comparison)
    return f"{text} ({int(year)})"


def refs_text(source_ids, refs: dict[str, int]) -> str:
    """Write the reference numbers of some sources, e.g. ``"[1, 3]"``, or ``""``.

    Parameters
    ----------
    source_ids : iterable of str
        Source ids (duplicates and unknown ids are dropped).
    refs : dict
        ``{source_id: number}`` from :func:`helpers.analysis.sources_used`.

    Returns
    -------
    str
    """
    nums = sorted({refs[s] for s in source_ids if s in refs})
    return f"[{', '.join(map(str, nums))}]" if nums else ""


def publish(values: dict[str, str], sort: dict[str, float]) -> None:
    """Display the values the index shows for this brief (invisible in the brief itself).

    Parameters
    ----------
    values : dict
        Column label (one series and year) → the text shown.
    sort : dict
        Column label → a number to sort by.
    """
    from IPython.display import display

    display({INDEX_MIME: {"values": values, "sort": sort}}, raw=True)


def sources_table(refs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Build the numbered list of sources a brief cites, as the reader sees it.

    Parameters
    ----------
    refs : pandas.DataFrame
        Output of :func:`helpers.analysis.sources_used`.
    lang : {"vi", "en"}

    Returns
    -------
    pandas.DataFrame
        Number, title, publisher, date and link (only for http(s) URLs).
    """
    from .export import link

    _ = i18n.translator(lang)
    return pd.DataFrame(
        {
            "#": refs.ref.astype(str),
            _("Title"): refs[f"title_{lang}"],
            _("Publisher"): refs[f"publisher_{lang}"],
            _("Published"): refs.published.fillna("").replace("", "–"),
            _("Link"): [link(u, _("open")) if u else "–" for u in refs.url.fillna("")],
        }
    )


def movement_text(before: float, year: int, base, lang: str) -> str:
    """Say an earlier rank of the same series, e.g. "In 2022: rank 15/63.".

    Parameters
    ----------
    before : float
        The earlier rank.
    year : int
        Its year.
    base : int or None
        Units ranked (see :func:`rank_text`).
    lang : {"vi", "en"}

    Returns
    -------
    str
    """
    _ = i18n.translator(lang)
    return _("In {year}: rank {rank}.").format(year=int(year), rank=rank_text(before, base, lang))


def join_links(links: list) -> Markup:
    """Join links (from :func:`helpers.export.link`) with commas, keeping them links.

    Parameters
    ----------
    links : list of markupsafe.Markup

    Returns
    -------
    markupsafe.Markup
    """
    return Markup(", ").join(links)
