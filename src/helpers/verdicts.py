"""How a verdict reads in a brief: its word and the rule behind it, in the brief's language.

The rules themselves are :func:`helpers.analysis.assess_target`'s; this module only words
the ``status`` and ``rule`` of a :func:`helpers.analysis.scorecard` row, so that every
notebook that shows targets says the same thing of the same verdict.
"""

from __future__ import annotations

import pandas as pd

from . import i18n, numbers

__all__ = ["target_lines", "target_table", "verdict", "why"]


def verdict(status: str, lang: str, rule: str = "") -> str:
    """Return the word of a verdict (``"met"`` → "Met" / "Đạt").

    Parameters
    ----------
    status : str
        A ``status`` of :func:`helpers.analysis.assess_target`.
    lang : {"vi", "en"}
    rule : str
        Its ``rule``: a target that names no statistics reads apart from one measured in
        another series.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown status.
    """
    _ = i18n.translator(lang)
    if status == "no_verdict" and rule == "basis_unknown":
        return _("No verdict: the target names no statistics")
    return {
        "met": _("Met"), "not_met": _("Not met"), "on_track": _("On track"),
        "behind": _("Behind"), "not_enough_data": _("Not enough data for a trend"),
        "undetermined": _("Cannot be decided from the wording"), "no_data": _("No figure"),
        "no_verdict": _("No verdict: different basis"),
        "above": _("Above the national target"), "below": _("Below the national target"),
    }[status]  # fmt: skip


def why(row, labels: dict, lang: str, document: bool = True) -> str:
    """Return the rule behind a scorecard row's verdict, the document that set it, its basis.

    Parameters
    ----------
    row : pandas.Series or namedtuple
        A row of :func:`helpers.analysis.scorecard`.
    labels : dict
        Series id → its label in the brief's language.
    lang : {"vi", "en"}
    document : bool
        Name the document that set the target (``document_vi`` / ``document_en``).

    Returns
    -------
    str
        One or more sentences; a basis inferred by the project's rule says so.
    """
    _ = i18n.translator(lang)
    rule = {
        "benchmark": _(
            "A national target, shown for comparison: it sets no target for each province."
        ),
        "basis_unknown": _(
            "The target does not say which statistics it is measured in, "
            "so the figure is not judged against it."
        ),
        "different_basis": _(
            "Different basis: the target is measured in {target_series}, "
            "the figure comes from {figure_series}."
        ),
        "reached": _("The latest figure of the same series reaches the target."),
        "past_due": _("The figure of the target year (or later) does not reach it."),
        "open_qualifier": _(
            "The figure or the target is worded as a bound or an approximation that leaves it open."
        ),
        "too_few_points": _(
            "{points} observation(s) of one series before the target "
            "year; a trend needs at least three."
        ),
        "projection": _(
            "Straight line through {points} observations of one series, "
            "projected to {year}: {value}."
        ),
    }.get(row.rule, _("No figure for this indicator in the data."))
    projected = row.projected if row.projected is not None and pd.notna(row.projected) else None
    text = rule.format(
        target_series=labels.get(row.target_series or "", ""),
        figure_series=labels.get(row.figure_series or "", ""),
        points=int(row.points),
        year=int(row.target_year),
        value="" if projected is None else numbers.format_value(projected, row.unit, lang),
    )
    if document:
        text += " " + _("Set by: {document}.").format(document=getattr(row, f"document_{lang}"))
    if "series: by rule" in str(row.inferred):
        text += " " + _(
            "The document does not name the statistics: the series follows the project's rule."
        )
    return text


def target_table(page, card: pd.DataFrame, set_by, *, document: bool = True) -> pd.DataFrame:
    """Build the table of targets as the reader sees it: each target, its figure, verdict, why.

    Parameters
    ----------
    page : helpers.show.Page
        Language, names, labels and the page's sources.
    card : pandas.DataFrame
        Rows of :func:`helpers.analysis.scorecard`.
    set_by : iterable of str
        Who set each target, one per row of ``card``.
    document : bool
        The "Why" names the document that set the target (:func:`why`).

    Returns
    -------
    pandas.DataFrame
        Indicator, target, set by, figure compared (``"–"`` where none), assessment, why,
        source.
    """
    _ = i18n.translator(page.lang)
    lang = page.lang

    def compared(r) -> str:
        if pd.isna(r.value):
            return "–"
        return ", ".join([page.value(r), r.period, page.labels.get(r.figure_series, "")])

    rows = [r for _i, r in card.iterrows()]
    return pd.DataFrame(
        {
            _("Indicator"): [page.names[r.indicator] for r in rows],
            _("Target"): [numbers.target_text(r, lang) for r in rows],
            _("Set by"): list(set_by),
            _("Figure compared"): [compared(r) for r in rows],
            _("Assessment"): [verdict(r.status, lang, r.rule) for r in rows],
            _("Why"): [why(r, page.labels, lang, document) for r in rows],
            _("Source"): [page.cite(r.source_ids) for r in rows],
        }
    )


def target_lines(targets: pd.DataFrame, lang: str) -> list[tuple[float, str]]:
    """Label national targets as reference lines of a chart (``references`` of the charts).

    Parameters
    ----------
    targets : pandas.DataFrame
        Rows of ``Dataset.targets`` of the country.
    lang : {"vi", "en"}

    Returns
    -------
    list of (float, str)
        The target's level and "National target 2025: ≥ 20%".
    """
    _ = i18n.translator(lang)
    return [
        (
            t.value,
            _("National target {year}: {value}").format(
                year=t.year, value=numbers.format_value(t.value, t.unit, lang, t.comparison)
            ),
        )
        for t in targets.itertuples(index=False)
    ]
