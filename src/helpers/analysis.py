"""Pure functions over the dataset's frames: no plotting, no I/O, no sentences.

Each verdict returns the rule that decided it (issue 13): a target is judged only against
figures of the series it names; national targets are benchmarks for a province (above /
below), never a status; a trend needs :data:`MIN_TREND_POINTS` distinct years of one
series; forecasts, plans, averages and totals never decide a verdict, and a bound decides
only what it can; series are never mixed; ranks carry their base (``series.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "MIN_TREND_POINTS",
    "OBSERVED_KINDS",
    "POINT_PERIODS",
    "area_figures",
    "observations",
    "history",
    "latest",
    "Trend",
    "trend",
    "relation",
    "assess_target",
    "scorecard",
    "coverage",
    "ranking",
    "standing",
    "sources_used",
    "weighted_mean",
    "counterpart",
]

#: Observations of one series, in distinct years, needed before a trend is projected.
MIN_TREND_POINTS = 3
#: Kinds of figure that are observations of a period (forecasts and plans are not).
OBSERVED_KINDS = ("actual", "preliminary", "estimate")
#: Period types that describe one point in time (an average or a total over years does not).
POINT_PERIODS = ("year", "to_date")
#: Order of kinds when one year has several figures of one series: the firmest first.
_KIND_ORDER = {"actual": 0, "preliminary": 1, "estimate": 2, "forecast": 3, "plan": 4}


def area_figures(figures: pd.DataFrame, code: str, basis: str, as_of: int) -> pd.DataFrame:
    """Return the preferred figures of one area up to ``as_of``, by indicator, series, year.

    Parameters
    ----------
    figures : pandas.DataFrame
        ``Dataset.figures``.
    code : str
        Province code (legacy for basis ``"63"``, new for ``"34"``) or ``"VN"``.
    basis : {"63", "34", "national"}
        Which map the code belongs to (the same code differs between the two).
    as_of : int
        Last year included (a multi-year period counts by its last year).

    Returns
    -------
    pandas.DataFrame
    """
    f = figures
    rows = f[
        (f.basis.astype(str) == str(basis))
        & (f.province_code == code)
        & f.preferred
        & (f.year <= as_of)
    ]
    return rows.sort_values(["indicator", "series", "year", "figure_id"]).reset_index(drop=True)


def observations(figs: pd.DataFrame) -> pd.DataFrame:
    """Keep the figures that observe one point in time (no forecast, plan, average or total).

    Parameters
    ----------
    figs : pandas.DataFrame
        Any selection of ``Dataset.figures``.

    Returns
    -------
    pandas.DataFrame
        Rows with ``kind`` in :data:`OBSERVED_KINDS`, ``period_type`` in :data:`POINT_PERIODS`.
    """
    keep = figs.kind.isin(OBSERVED_KINDS) & figs.period_type.isin(POINT_PERIODS)
    return figs[keep]


def history(figs: pd.DataFrame, indicator: str, series: str) -> pd.DataFrame:
    """One series of one indicator by year: the observations a trend may use.

    Parameters
    ----------
    figs : pandas.DataFrame
        Figures of one area.
    indicator, series : str
        Indicator and series id.

    Returns
    -------
    pandas.DataFrame
        :func:`observations`, one row per year (the firmest kind), sorted by year.
    """
    rows = observations(figs[(figs.indicator == indicator) & (figs.series == series)])
    rows = rows.assign(_k=rows.kind.map(_KIND_ORDER)).sort_values(["year", "_k"])
    return rows.drop_duplicates("year").drop(columns="_k").reset_index(drop=True)


def latest(figs: pd.DataFrame, indicator: str, series: str | None = None) -> pd.Series | None:
    """Return the latest observation of an indicator (in one series if given), or None.

    Parameters
    ----------
    figs : pandas.DataFrame
        Figures of one area.
    indicator : str
        Indicator id.
    series : str, optional
        Restrict to one series.

    Returns
    -------
    pandas.Series or None
        Latest year; among equal years the firmest kind, then the series id.
    """
    rows = observations(figs[figs.indicator == indicator])
    if series is not None:
        rows = rows[rows.series == series]
    if rows.empty:
        return None
    rows = rows.assign(_k=rows.kind.map(_KIND_ORDER)).sort_values(
        ["year", "_k", "series"], ascending=[False, True, True]
    )
    return rows.drop(columns="_k").iloc[0]


@dataclass(frozen=True)
class Trend:
    """A least-squares line ``value = slope * year + intercept`` through one series.

    ``rule`` is ``"linear"`` when fitted, else ``"not_enough_data"`` (no slope, intercept);
    ``points`` counts distinct years, spanning ``first_year`` to ``last_year``.
    """

    rule: str
    points: int
    first_year: int | None = None
    last_year: int | None = None
    slope: float | None = None
    intercept: float | None = None

    def at(self, year: int) -> float | None:
        """Value of the line in ``year`` (None without a line)."""
        if self.slope is None:
            return None
        return float(self.slope * year + self.intercept)


def trend(hist: pd.DataFrame, min_points: int = MIN_TREND_POINTS) -> Trend:
    """Fit a straight line through one series, if it has ``min_points`` distinct years.

    Parameters
    ----------
    hist : pandas.DataFrame
        Output of :func:`history` (``year``, ``value``).
    min_points : int
        Distinct years needed.

    Returns
    -------
    Trend

    Raises
    ------
    ValueError
        If ``hist`` holds more than one series.
    """
    if "series" in hist and hist.series.nunique() > 1:
        raise ValueError("a trend takes one series; got " + ", ".join(sorted(hist.series.unique())))
    years = hist.year.astype(int)
    n = int(years.nunique())
    if n == 0:
        return Trend("not_enough_data", 0)
    span = {"first_year": int(years.min()), "last_year": int(years.max())}
    if n < min_points:
        return Trend("not_enough_data", n, **span)
    slope, intercept = np.polyfit(years.astype(float), hist.value.astype(float), 1)
    return Trend("linear", n, slope=float(slope), intercept=float(intercept), **span)


def relation(
    value: float,
    qualifier: str,
    comparison: str,
    target: float,
    higher: bool,
    target_high: float | None = None,
) -> str:
    """Where a published value stands against a target level, as far as its wording allows.

    Parameters
    ----------
    value : float
        The published number.
    qualifier : {"=", ">", ">=", "<", "<=", "~"}
        Its bound or "about" as published (">" = "hơn").
    comparison : {">", ">=", "=", "<", "<=", "~", "range"}
        The target's comparison. ``"="`` is a level to reach (at least it, or at most it
        where lower is better); ``"<"``/``"<="`` want the value small ("top 10" is rank
        ``<= 10``); ``"~"`` ("khoảng 30%") is reached at its level, and a value below it
        is left undetermined (the wording gives no margin); a ``"range"`` (``target`` to
        ``target_high``) is reached at its near end: its lower end, or its upper end where
        lower is better.
    target : float
        The target level (the lower end of a range).
    higher : bool
        Whether higher values are better (decides ``"="`` and ``"range"``).
    target_high : float, optional
        The upper end of a range.

    Returns
    -------
    str
        ``"reached"`` or ``"short"`` when certain, else ``"undetermined"``.

    Raises
    ------
    ValueError
        For an unknown comparison or qualifier, or a range without its upper end.

    Examples
    --------
    >>> relation(5, "=", "<=", 10, higher=False)  # rank 5 against "top 10"
    'reached'
    >>> relation(30, ">", "range", 35, True, 40)  # "above 30" against "35-40%"
    'undetermined'
    """
    if comparison not in (">", ">=", "=", "<", "<=", "~", "range"):
        raise ValueError(f"unknown comparison {comparison!r}")
    if qualifier not in ("=", ">", ">=", "<", "<=", "~"):
        raise ValueError(f"unknown qualifier {qualifier!r}")
    if comparison == "range":
        if target_high is None or pd.isna(target_high):
            raise ValueError("a range target needs its upper end")
        target, comparison = (target, ">=") if higher else (float(target_high), "<=")
    about = comparison == "~"  # "khoảng 30%": reached at the level; below it, left open
    comparison = "=" if about else comparison
    small = comparison in ("<", "<=") or (comparison == "=" and not higher)
    if small:  # mirror everything so that "better" is always "larger"
        value, target = -value, -target
        qualifier = {">": "<", ">=": "<=", "<": ">", "<=": ">="}.get(qualifier, qualifier)
    strict = comparison in (">", "<")
    if qualifier == "~":  # "about x" only settles comparisons that hold strictly on x itself
        found = "reached" if value > target else "short" if value < target else "undetermined"
        return "undetermined" if about and found == "short" else found
    # The interval the true value lies in: [low, high], with open ends where the text says.
    low, low_open, high, high_open = -np.inf, True, np.inf, True
    if qualifier == "=":
        low = high = value
        low_open = high_open = False
    elif qualifier in (">", ">="):
        low, low_open = value, qualifier == ">"
    else:
        high, high_open = value, qualifier == "<"
    if low > target or (low == target and (not strict or low_open)):
        return "reached"
    if high < target or (high == target and (strict or high_open)):
        return "undetermined" if about else "short"
    return "undetermined"


def assess_target(
    target: pd.Series, figs: pd.DataFrame, higher: bool, as_of: int, area_scope: str
) -> dict:
    """Judge one target for one area by the rules of this module.

    Parameters
    ----------
    target : pandas.Series
        A row of ``Dataset.targets``.
    figs : pandas.DataFrame
        Figures of the area (:func:`area_figures`).
    higher : bool
        The indicator's direction.
    as_of : int
        The year of the brief.
    area_scope : {"province", "national"}

    Returns
    -------
    dict
        ``status``: for a benchmark ``above``/``below``/``undetermined``/``no_data``; for
        the area's own target ``met``/``not_met``/``on_track``/``behind``/
        ``not_enough_data``/``undetermined``/``no_data``/``no_verdict``. ``rule``: what
        decided (``benchmark``, ``basis_unknown``, ``different_basis``, ``reached``,
        ``past_due``, ``projection``, ``too_few_points``, ``open_qualifier``,
        ``no_figure``). ``figure`` (row or None), ``projected`` (trend value in the target
        year or None), ``points`` (observations of the series), ``figure_series``.
    """
    indicator = target["indicator"]
    tseries = target.get("series") or ""
    out = {"status": "no_data", "rule": "no_figure", "figure": None, "projected": None}
    out.update(points=0, figure_series=None)
    is_benchmark = target["set_by"] == "national" and area_scope == "province"
    if is_benchmark or not tseries:
        fig = latest(figs, indicator)
    else:
        fig = latest(figs, indicator, series=tseries)
    if fig is None:
        other = latest(figs, indicator)
        if other is not None and not is_benchmark:
            # Figures exist, but not in the series the target is measured in.
            out.update(status="no_verdict", rule="different_basis", figure=other)
            out["figure_series"] = other.series
        return out
    out.update(figure=fig, figure_series=fig.series)
    goal = (target["comparison"], float(target["value"]))
    high = target.get("value_high")
    level = relation(float(fig.value), fig.qualifier, *goal, higher, high)
    if is_benchmark:
        status = {"reached": "above", "short": "below"}.get(level, "undetermined")
        out.update(status=status, rule="benchmark")
        return out
    if not tseries:
        out.update(status="no_verdict", rule="basis_unknown")
        return out
    hist = history(figs, indicator, tseries)
    out["points"] = len(hist)
    if level == "reached":
        out.update(status="met", rule="reached")
        return out
    if int(fig.year) >= int(target["year"]):  # a figure of the target year, or later
        if level == "short":
            out.update(status="not_met", rule="past_due")
        else:
            out.update(status="undetermined", rule="open_qualifier")
        return out
    tr = trend(hist)
    if tr.rule != "linear":
        out.update(status="not_enough_data", rule="too_few_points")
        return out
    projected = tr.at(int(target["year"]))
    out["projected"] = projected
    ahead = relation(projected, "=", *goal, higher, high)
    out.update(status="on_track" if ahead == "reached" else "behind", rule="projection")
    return out


def scorecard(
    targets: pd.DataFrame,
    indicators: pd.DataFrame,
    judged: list[tuple[str, str, pd.DataFrame]],
    *,
    as_of: int,
    national_code: str = "VN",
) -> pd.DataFrame:
    """Judge the targets that follow an area's territory, and compare it with the national ones.

    Parameters
    ----------
    targets, indicators : pandas.DataFrame
        ``Dataset.targets`` and ``Dataset.indicators``.
    judged : list of (str, str, pandas.DataFrame)
        ``(code, basis, figures)``: whose own targets the brief shows, each judged only
        against the figures given with it. First the area itself (its figures also meet
        the national targets, as benchmarks); then, for a unit whose territory did not
        change, the same province on the other map with the same figures; for a merged
        unit, each former province with its own figures.
    as_of : int
        Year of the brief.
    national_code : str
        Code of the country's rows; an area of that code judges the national targets as
        its own.

    Returns
    -------
    pandas.DataFrame
        One row per target (national first, then each owner's own): the target, who set
        it (``owner_code``, ``owner_basis``, ``owner``), the :func:`assess_target` verdict
        and the figure used (with its ``rank_base`` where the figures carry one), plus
        ``source_ids``.
    """
    code, _basis, area_figs = judged[0]
    scope = "national" if code == national_code else "province"
    national = targets[targets.province_code == national_code]
    groups = [] if scope == "national" else [(national, area_figs)]
    for owner_code, owner_basis, owner_figs in judged:
        mine = (targets.province_code == owner_code) & (
            targets.basis.astype(str) == str(owner_basis)
        )
        groups.append((targets[mine], owner_figs))
    direction = indicators.set_index("indicator_id")["higher_is_better"]
    rows = []
    for group, figs in groups:
        for t in group.to_dict("records"):
            higher = direction.get(t["indicator"]) is not False
            rows.append(_card_row(t, assess_target(pd.Series(t), figs, higher, as_of, scope)))
    return pd.DataFrame(rows, columns=_CARD_COLUMNS)


_CARD_COLUMNS = [
    "target_id", "set_by", "owner_code", "owner_basis", "owner", "indicator", "target_year",
    "comparison", "target", "target_high", "unit", "target_series", "inferred", "status",
    "rule", "value", "qualifier", "kind", "period", "year", "figure_series", "figure_id",
    "figure_province", "rank_base", "projected", "points", "target_source", "document_vi",
    "document_en", "source_ids",
]  # fmt: skip


def _card_row(t: dict, a: dict) -> dict:
    fig = a["figure"]

    def of_fig(name, cast=lambda v: v):
        return None if fig is None else cast(fig[name])

    return {
        "target_id": t["target_id"], "set_by": t["set_by"], "owner_code": t["province_code"],
        "owner_basis": str(t["basis"]), "owner": t["province"], "indicator": t["indicator"],
        "target_year": int(t["year"]), "comparison": t["comparison"],
        "target": float(t["value"]), "target_high": t.get("value_high"), "unit": t["unit"],
        "target_series": t.get("series") or None, "inferred": t.get("inferred") or "",
        "status": a["status"], "rule": a["rule"], "value": of_fig("value", float),
        "qualifier": of_fig("qualifier"), "kind": of_fig("kind"), "period": of_fig("period"),
        "year": of_fig("year", int), "figure_series": a["figure_series"],
        "figure_id": of_fig("figure_id"), "figure_province": of_fig("province"),
        "rank_base": None if fig is None else fig.get("rank_base"),
        "projected": a["projected"], "points": a["points"], "target_source": t["source_id"],
        "document_vi": t.get("document_vi", ""), "document_en": t.get("document_en", ""),
        "source_ids": [t["source_id"]] + ([] if fig is None else [fig.source_id]),
    }  # fmt: skip


def coverage(
    indicators: pd.DataFrame, figs: pd.DataFrame, former: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each named indicator of the provincial set of Decision 1354: reported or not.

    Parameters
    ----------
    indicators : pandas.DataFrame
        ``Dataset.indicators``.
    figs : pandas.DataFrame
        Figures of the area, up to ``as_of``.
    former : pandas.DataFrame, optional
        A merged unit's former provinces' figures (:func:`territory`).

    Returns
    -------
    pandas.DataFrame
        In code order: ``code``, ``indicator``, ``reported`` (by the area), ``figure_id``
        and ``year`` of its latest figure of any kind (missing where none), and
        ``former`` (the former provinces that report it, in code order; empty for none).
    """
    former = figs.iloc[0:0] if former is None else former
    ind = indicators[indicators.set_1354_province.fillna("") != ""].copy()
    ind["_n"] = ind.set_1354_province.str[1:].astype(int)
    rows = []
    for i in ind.sort_values("_n").itertuples():
        own = figs[figs.indicator == i.indicator_id].sort_values("year")
        others = former[former.indicator == i.indicator_id].sort_values("province_code")
        rows.append(
            {
                "code": i.set_1354_province,
                "indicator": i.indicator_id,
                "reported": not own.empty,
                "figure_id": None if own.empty else own.figure_id.iloc[-1],
                "year": None if own.empty else int(own.year.iloc[-1]),
                "former": list(dict.fromkeys(others.province)),
            }
        )
    columns = ["code", "indicator", "reported", "figure_id", "year", "former"]
    return pd.DataFrame(rows, columns=columns)


def ranking(
    figures: pd.DataFrame,
    series: pd.DataFrame,
    series_id: str,
    year: int,
    higher: bool = True,
    editions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One published table: every area of one series and year, best first.

    Parameters
    ----------
    figures, series : pandas.DataFrame
        ``Dataset.figures`` and ``Dataset.series`` (for ``rank_base``).
    series_id : str
        The one series ranked.
    year : int
        The one year (a single-year period).
    higher : bool
        The direction for ordering values (ranks are kept as published).
    editions : pandas.DataFrame, optional
        ``Dataset.rank_bases``: the number ranked by edition, for a series without a
        fixed ``rank_base``.

    Returns
    -------
    pandas.DataFrame
        ``position`` (published rank, or value order with ties sharing the best place),
        ``of`` (``rank_base``, else the edition's, else the rows), ``province_code``,
        ``province``, ``value``, ``qualifier``, ``kind``, ``figure_id``, ``source_id``; empty
        if nothing matches.

    Raises
    ------
    ValueError
        If an area appears twice.
    """
    meta = series.set_index("series_id").loc[series_id]
    f = figures
    rows = f[
        (f.series == series_id)
        & (f.year == year)
        & (f.period_type == "year")
        & f.preferred
        & (f.province_code != "VN")
    ]
    cols = ["position", "of", "province_code", "province", "value", "qualifier", "kind"]
    cols += ["figure_id", "source_id"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    if rows.province_code.duplicated().any():
        dup = rows.province_code[rows.province_code.duplicated()].iloc[0]
        raise ValueError(f"area {dup} appears twice in {series_id} {year}")
    rows = rows.copy()
    base = meta.get("rank_base")
    if rows.unit.iloc[0] == "rank":
        rows["position"] = rows.value.astype(int)
    else:
        rows["position"] = rows.value.rank(ascending=not higher, method="min").astype(int)
    if (pd.isna(base) or str(base) == "") and editions is not None:
        found = editions[(editions.series == series_id) & (editions.period == str(year))]
        base = found.units_ranked.iloc[0] if len(found) else None
    rows["of"] = int(base) if pd.notna(base) and str(base) != "" else len(rows)
    return rows.sort_values(["position", "province"])[cols].reset_index(drop=True)


def standing(table: pd.DataFrame, code: str, members: list[str] | None = None) -> pd.DataFrame:
    """Mark the area within a published table, and optionally within its region.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`ranking`.
    code : str
        The area's code.
    members : list of str, optional
        Codes of the region's areas (the area included).

    Returns
    -------
    pandas.DataFrame
        ``table`` with ``is_area``, ``in_region`` and, given ``members``,
        ``region_position`` (ties shared).
    """
    out = table.copy()
    out["is_area"] = out.province_code == code
    out["in_region"] = out.province_code.isin(members or [])
    if members is not None:
        reg = out[out.in_region]
        out.loc[reg.index, "region_position"] = reg.position.rank(method="min").astype(int)
    return out


def sources_used(sources: pd.DataFrame, *frames_of_ids) -> pd.DataFrame:
    """Give each source a brief cites one number, in the order first cited.

    Parameters
    ----------
    sources : pandas.DataFrame
        ``Dataset.sources``.
    *frames_of_ids : iterable of str
        Source ids in citing order (duplicates are fine).

    Returns
    -------
    pandas.DataFrame
        The cited rows with ``ref`` (1, 2, …), in that order.
    """
    order: dict[str, int] = {}
    for ids in frames_of_ids:
        for sid in ids:
            if isinstance(sid, str) and sid and sid not in order:
                order[sid] = len(order) + 1
    out = sources[sources.source_id.isin(order)].copy()
    out["ref"] = out.source_id.map(order)
    return out.sort_values("ref").reset_index(drop=True)


def weighted_mean(values: pd.Series, weights: pd.Series) -> float | None:
    """Mean of ``values`` weighted by ``weights``, only when every weight is published.

    Parameters
    ----------
    values, weights : pandas.Series
        Indexed by area code; weights are GRDP at current prices of the same year.

    Returns
    -------
    float or None
        None when any value lacks a weight.
    """
    if values.empty or not values.index.isin(weights.dropna().index).all():
        return None
    w = weights.reindex(values.index).astype(float)
    return float((values.astype(float) * w).sum() / w.sum())


def counterpart(series: pd.DataFrame, series_id: str, scope: str = "national") -> str | None:
    """Find the series of the same indicator, publisher and method at another scope.

    Parameters
    ----------
    series : pandas.DataFrame
        ``Dataset.series``.
    series_id : str
        The series shown.
    scope : str
        The scope wanted.

    Returns
    -------
    str or None
        The one matching series id; None when there is none or more than one.
    """
    s = series.set_index("series_id")
    me = s.loc[series_id]
    hit = s[
        (s.scope == scope)
        & (s.indicator == me.indicator)
        & (s.publisher_en == me.publisher_en)
        & (s.method_en == me.method_en)
    ]
    return hit.index[0] if len(hit) == 1 else None


# --- what a brief shows: the territory, the country beside it, the headline figures ---

#: What a brief's key findings speak of, in this order: each a family of indicators (a rank
#: and its score are one finding), named by the first.
HEADLINE = (
    ("de_share", "de_economy_size_share"),
    ("dti_rank", "dti_score"),
    ("ebi_rank", "ebi_score"),
)
#: For a headline indicator of a province, the indicator of the country shown beside it.
NATIONAL_CONTEXT = {
    "de_share": "de_share",
    "dti_rank": "dti_mean_score",
    "dti_score": "dti_mean_score",
    "ebi_rank": "ebi_mean_score",
    "ebi_score": "ebi_mean_score",
}
#: A published table is compared with only when it holds at least this many provinces.
MIN_TABLE = 10
#: A series is a table of provinces (an index column) when one year has this many.
MIN_PROVINCES_FOR_INDEX = 5


def territory(
    figures: pd.DataFrame,
    code: str,
    basis: str,
    linked: list[str],
    linked_basis: str,
    same_territory: bool,
    as_of: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split what a brief shows of an area: its own territory's figures, and its predecessors'.

    Parameters
    ----------
    figures : pandas.DataFrame
        ``Dataset.figures``.
    code, basis : str
        The area.
    linked : list of str
        Codes of the same land on the other map: a unit's former provinces (basis 63), or a
        former province's unit (basis 34).
    linked_basis : str
        The other map.
    same_territory : bool
        Whether the area's borders did not change on 1 July 2025 (then both maps describe
        the same land and their figures are the area's).
    as_of : int
        Last year included.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        ``figs``: the area's preferred figures (both maps for an unchanged territory), and
        ``former``: a merged unit's former provinces' figures (empty otherwise), shown side
        by side and never added to the area's. Each row keeps its ``province`` and
        ``basis``.
    """
    own = area_figures(figures, code, basis, as_of)
    parts = [area_figures(figures, c, linked_basis, as_of) for c in linked]
    other = pd.concat(parts, ignore_index=True) if parts else own.iloc[0:0]
    if same_territory:
        return pd.concat([own, other], ignore_index=True), own.iloc[0:0]
    return own, (other if basis == "34" else own.iloc[0:0])


def national_series(figures: pd.DataFrame, indicator: str, as_of: int) -> str | None:
    """Return the country's series of an indicator a brief shows: the one with most years.

    Parameters
    ----------
    figures : pandas.DataFrame
        ``Dataset.figures``.
    indicator : str
    as_of : int
        Last year included.

    Returns
    -------
    str or None
        Among national series, the one with most distinct years of preferred observations
        up to ``as_of`` (ties: the latest last year, then the id); None when there is none.
    """
    f = observations(figures[figures.preferred & (figures.year <= as_of)])
    f = f[(f.basis.astype(str) == "national") & (f.indicator == indicator)]
    if f.empty:
        return None
    ranked = f.groupby("series").year.agg(["nunique", "max"]).reset_index()
    ranked = ranked.sort_values(["nunique", "max", "series"], ascending=[False, False, True])
    return str(ranked.series.iloc[0])


def movement(hist: pd.DataFrame, min_points: int = MIN_TREND_POINTS) -> dict:
    """How one series moved: its first and last observations, when it has enough editions.

    Parameters
    ----------
    hist : pandas.DataFrame
        :func:`history` of one series.
    min_points : int
        Editions (distinct years) needed to state a movement.

    Returns
    -------
    dict
        ``points`` (distinct years), ``rule`` (``"movement"`` or ``"too_few_points"``),
        and with a movement ``first`` and ``last`` (the rows).
    """
    n = int(hist.year.nunique()) if len(hist) else 0
    if n < min_points:
        return {"points": n, "rule": "too_few_points"}
    ordered = hist.sort_values("year")
    return {"points": n, "rule": "movement", "first": ordered.iloc[0], "last": ordered.iloc[-1]}


def headline(
    figs: pd.DataFrame, former: pd.DataFrame, indicator: str, series_scope: pd.Series
) -> pd.DataFrame:
    """Return the latest figures of one headline indicator that the findings speak of.

    Parameters
    ----------
    figs : pandas.DataFrame
        The area's figures (:func:`territory`).
    former : pandas.DataFrame
        Its former provinces' figures (:func:`territory`), for a merged unit.
    indicator : str
    series_scope : pandas.Series
        ``series_id`` → scope (``Dataset.series``), to keep provincial series only.

    Returns
    -------
    pandas.DataFrame
        The area's latest observation (``role`` ``"area"``); where it has none, each former
        province's latest (``role`` ``"former"``), side by side, never summed. Where there is
        no observation, the latest figure of another kind (an average over years, a total,
        a forecast), which the brief writes as such. Empty when neither has a figure.
    """

    def own(rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows[rows.series.map(series_scope).eq("province")]
        return rows[rows.indicator == indicator]

    def pick(rows: pd.DataFrame) -> pd.Series | None:
        found = latest(rows, indicator)
        if found is None and len(rows):  # only an average, a total, a forecast: shown as such
            found = rows.sort_values(["year", "series"]).iloc[-1]
        return found

    mine = pick(own(figs))
    if mine is not None:
        return pd.DataFrame([mine]).assign(role="area").reset_index(drop=True)
    rows = []
    for code in dict.fromkeys(former.province_code):
        found = pick(own(former[former.province_code == code]))
        if found is not None:
            rows.append(found)
    out = pd.DataFrame(rows) if rows else former.iloc[0:0].copy()
    return out.assign(role="former").reset_index(drop=True)


def comparison_tables(candidates: dict) -> dict:
    """Choose, per series, the published table a brief compares the area in.

    Parameters
    ----------
    candidates : dict
        ``(series_id, year)`` → :func:`standing` of that table (with ``unit``), for every
        table holding the area.

    Returns
    -------
    dict
        ``series_id`` → the table: the latest complete one (every unit its base counts);
        for scores and shares, else the latest with at least :data:`MIN_TABLE` provinces.
        A rank table that is not complete is never chosen: a few published ranks place
        no province among all.
    """
    chosen: dict = {}
    for (sid, _year), table in sorted(candidates.items(), key=lambda kv: kv[0][1], reverse=True):
        complete = len(table) == int(table["of"].iloc[0])
        if len(table) < MIN_TABLE or (table.unit.iloc[0] == "rank" and not complete):
            continue
        if sid not in chosen or (complete and not chosen[sid][1]):
            chosen[sid] = (table, complete)
    return {sid: table for sid, (table, _complete) in chosen.items()}


def index_years(
    figures: pd.DataFrame, series_scope: pd.Series, indicators=("dti_rank", "de_share")
):
    """Return the year of each provincial series the index of briefs shows a column for.

    Parameters
    ----------
    figures : pandas.DataFrame
        ``Dataset.figures``.
    series_scope : pandas.Series
        ``series_id`` → scope.
    indicators : tuple of str

    Returns
    -------
    dict
        ``series_id`` → the year with most provinces, for the provincial series of those
        indicators that are tables of provinces (:data:`MIN_PROVINCES_FOR_INDEX` or more in
        a year), in indicator then series order.
    """
    observed = observations(figures[figures.preferred])
    years = {}
    for indicator in indicators:
        for sid in sorted(set(observed.series[observed.indicator == indicator])):
            if series_scope.get(sid) != "province":
                continue
            counts = observed[observed.series == sid].groupby("year").province_code.nunique()
            if counts.max() >= MIN_PROVINCES_FOR_INDEX:
                years[sid] = int(counts.idxmax())
    return years


def rank_bases(figs: pd.DataFrame, series: pd.DataFrame, editions: pd.DataFrame) -> pd.Series:
    """Return the number of units each rank was out of: the series' or its edition's.

    Parameters
    ----------
    figs : pandas.DataFrame
        Figures.
    series : pandas.DataFrame
        ``Dataset.series`` (``rank_base``).
    editions : pandas.DataFrame
        ``Dataset.rank_bases`` (``series``, ``period``, ``units_ranked``).

    Returns
    -------
    pandas.Series
        Aligned with ``figs``: the base (nullable integer), missing where neither the
        series nor its edition gives one.
    """
    fixed = figs.series.map(series.set_index("series_id").rank_base)
    keyed = editions.set_index(["series", "period"]).units_ranked
    edition = pd.Series(
        [keyed.get((s, p)) for s, p in zip(figs.series, figs.period, strict=True)],
        index=figs.index,
        dtype="Int64",
    )
    return fixed.astype("Int64").fillna(edition)


def finding(
    figs: pd.DataFrame,
    former: pd.DataFrame,
    country: pd.DataFrame,
    family: tuple[str, ...],
    series: pd.DataFrame,
    as_of: int,
) -> dict:
    """Gather what the key findings say of one headline indicator, from the whole page.

    Parameters
    ----------
    figs, former : pandas.DataFrame
        The area's figures and a merged unit's former provinces' (:func:`territory`).
    country : pandas.DataFrame
        The country's figures (``area_figures(…, "VN", "national", as_of)``).
    family : tuple of str
        A headline family (:data:`HEADLINE`): an indicator, or a rank and its score.
    series : pandas.DataFrame
        ``Dataset.series`` (scope, publisher and method decide comparability).
    as_of : int

    Returns
    -------
    dict
        ``own``: per provincial series of the area (any indicator of the family), latest
        first, ``{"series", "latest", "movement"}`` (:func:`movement` of its history);
        ``former``: where the area has none, the former provinces' latest of each indicator
        (:func:`headline`); ``national``: the country's series of the first indicator's
        :data:`NATIONAL_CONTEXT` (:func:`national_series`) as ``{"series",
        "latest", "movement", "comparable", "indicator"}`` or None, ``comparable`` true when
        it has the same publisher and method as the area's latest figure (:func:`counterpart`),
        ``indicator`` the national indicator (a rank's is the provinces' mean score). A
        ``movement`` is ``{"rule": "years_do_not_compare"}`` for a series whose editions are
        rescaled (``years_compare`` false);
        ``counterpart``: where the country's series is not comparable, the latest
        observation of the national series that is (same publisher and method), or None.
    """
    meta = series.set_index("series_id")
    scope = meta.scope

    def moved(hist: pd.DataFrame, sid: str) -> dict:
        points = int(hist.year.nunique())
        if meta.years_compare.get(sid, True) or points < 2:
            return movement(hist)
        return {"points": points, "rule": "years_do_not_compare"}

    family = (family,) if isinstance(family, str) else tuple(family)
    mine = observations(figs[figs.indicator.isin(family) & figs.series.map(scope).eq("province")])
    own = []
    for sid in mine.sort_values("year", ascending=False).series.drop_duplicates():
        hist = history(mine, meta.indicator[sid], sid)
        own.append({"series": sid, "latest": hist.iloc[-1], "movement": moved(hist, sid)})
    parts = [headline(figs, former, ind, scope) for ind in family] if not own else []
    former_rows = pd.concat(parts, ignore_index=True) if parts else former.iloc[0:0]
    national = None
    context = NATIONAL_CONTEXT.get(family[0])
    sid = national_series(country, context, as_of) if context else None
    if sid is not None:
        hist = history(observations(country), context, sid)
        same = own and counterpart(series, own[0]["series"]) == sid
        national = {"series": sid, "latest": hist.iloc[-1], "movement": moved(hist, sid)}
        national |= {"comparable": bool(same), "indicator": context}
    twin = counterpart(series, own[0]["series"]) if own else None
    pair = None
    if twin is not None and twin != sid:
        pair = latest(observations(country), context or family[0], series=twin)
    return {"own": own, "former": former_rows, "national": national, "counterpart": pair}


def latest_complete(
    figures: pd.DataFrame, series: pd.DataFrame, series_ids, editions: pd.DataFrame | None = None
) -> tuple[str, int] | None:
    """Find the latest published table that ranks every unit of its map.

    Parameters
    ----------
    figures, series : pandas.DataFrame
        ``Dataset.figures`` and ``Dataset.series``.
    series_ids : iterable of str
        Rank series to look in (one indicator, any map).
    editions : pandas.DataFrame, optional
        ``Dataset.rank_bases``.

    Returns
    -------
    (str, int) or None
        ``(series_id, year)`` of the latest complete table (every unit its base counts has
        a published rank); None when no table is complete.
    """
    found = []
    f = figures[figures.preferred & (figures.period_type == "year")]
    for sid in series_ids:
        for year in sorted(set(f.year[f.series == sid])):
            table = ranking(figures, series, sid, int(year), editions=editions)
            if len(table) and len(table) == int(table["of"].iloc[0]):
                found.append((int(year), sid))
    if not found:
        return None
    year, sid = max(found)
    return sid, year


def distribution_years(values: pd.DataFrame, min_areas: int = MIN_TABLE) -> list[int]:
    """Years of one series whose published values are enough to draw their spread.

    Parameters
    ----------
    values : pandas.DataFrame
        Figures of one series (``year``, ``province_code``).
    min_areas : int
        Provinces with a value needed in a year.

    Returns
    -------
    list of int
        In order; a year with fewer values is left out (its count is shown instead).
    """
    counts = values.groupby("year").province_code.nunique()
    return [int(y) for y in counts[counts >= min_areas].index]


def grdp_weights(figures: pd.DataFrame, basis: str, year: int) -> pd.Series:
    """GRDP at current prices of one year, on the map of the series it weights.

    Parameters
    ----------
    figures : pandas.DataFrame
        Preferred figures.
    basis : {"63", "34"}
        The map of the shares to weight: weights from another map never apply.
    year : int

    Returns
    -------
    pandas.Series
        Province code → GRDP (observations of that year and basis; one per province, the
        firmest kind).
    """
    rows = observations(figures[(figures.indicator == "grdp") & (figures.year == year)])
    rows = rows[(rows.basis.astype(str) == str(basis)) & (rows.period_type == "year")]
    rows = rows.assign(_k=rows.kind.map(_KIND_ORDER)).sort_values(["province_code", "_k"])
    return rows.drop_duplicates("province_code").set_index("province_code").value
