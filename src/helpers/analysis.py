"""Pure functions over a :class:`helpers.data.Dataset`: no plotting, no I/O, no strings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import COUNTRY_CODE, Dataset

__all__ = [
    "NATIONAL_SERIES",
    "RANKING_SERIES",
    "SERIES_ORDER",
    "area_figures",
    "latest",
    "share_series",
    "satisfies",
    "Assessment",
    "assess",
    "scorecard",
    "coverage",
    "ranking",
    "standings",
    "rank_history",
    "share_targets",
    "provincial_set_figures",
    "conflicts",
]

#: Series used for the national digital-economy share (latest GSO vintage).
NATIONAL_SERIES = "gso-2025"
#: Series of the provincial ranking (the only one covering many provinces).
RANKING_SERIES = "mic-2022"
#: When one year has several series, the headline prefers them in this order.
SERIES_ORDER = ("gso-2025", "provincial", "gso-2024", "gso-2023-trial", "mic-2022")
#: Source of the national targets the scorecard and charts use (Decision 411/QĐ-TTg).
NATIONAL_TARGETS_SOURCE = "qd-411-ttg-2022"
#: The DTI ranking shown over the years (63-province basis).
DTI_SERIES = "dti-63"


def area_figures(ds: Dataset, code: str, as_of: int) -> pd.DataFrame:
    """Return the preferred figures of one province (or ``"VN"``) up to ``as_of``.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    code : str
        Province code, or ``"VN"``.
    as_of : int
        Last year included.

    Returns
    -------
    pandas.DataFrame
        Rows of ``ds.figures`` with ``preferred`` true, sorted by indicator and year.
    """
    f = ds.figures
    rows = f[(f.province_code == code) & f.preferred & (f.year <= as_of)]
    return rows.sort_values(["indicator", "year", "figure_id"]).reset_index(drop=True)


def _series_rank(series: pd.Series) -> pd.Series:
    order = {s: i for i, s in enumerate(SERIES_ORDER)}
    return series.map(lambda s: order.get(s, len(order)))


def latest(figs: pd.DataFrame, indicator: str) -> pd.Series | None:
    """Return the latest figure of an indicator, or None.

    Parameters
    ----------
    figs : pandas.DataFrame
        Figures of one area (see :func:`area_figures`).
    indicator : str
        Indicator id.

    Returns
    -------
    pandas.Series or None
        The row with the latest year; among equal years, actual before estimate, then
        series in :data:`SERIES_ORDER`.
    """
    rows = figs[figs.indicator == indicator]
    if rows.empty:
        return None
    rows = rows.assign(
        _kind=(rows.kind != "actual").astype(int), _series=_series_rank(rows.series)
    ).sort_values(["year", "_kind", "_series"], ascending=[False, True, True])
    return rows.drop(columns=["_kind", "_series"]).iloc[0]


def share_series(ds: Dataset, code: str, as_of: int) -> pd.DataFrame:
    """Digital-economy share by year for a province and the country, one line per series.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    code : str
        Province code.
    as_of : int
        Last year included.

    Returns
    -------
    pandas.DataFrame
        Columns ``area`` (code), ``series``, ``year``, ``value``, ``source_id``; national
        rows only from :data:`NATIONAL_SERIES`. Missing years are absent (gaps, not zeros);
        multi-year averages are left out (they are not one year's value).
    """
    prov = area_figures(ds, code, as_of)
    nat = area_figures(ds, COUNTRY_CODE, as_of)
    prov = prov[(prov.indicator == "de_share") & (prov.period.str.len() == 4)]
    nat = nat[(nat.indicator == "de_share") & (nat.series == NATIONAL_SERIES)]
    out = pd.concat([prov, nat])[["province_code", "series", "year", "value", "source_id"]]
    return out.rename(columns={"province_code": "area"}).reset_index(drop=True)


def satisfies(value: float, comparison: str, target: float, higher_is_better: bool) -> bool:
    """Whether a value meets a target.

    Parameters
    ----------
    value : float
        Observed value.
    comparison : {">", ">=", "="}
        As published. ``"="`` is a level to reach: met when reached in the indicator's
        direction.
    target : float
        Target value.
    higher_is_better : bool
        Direction of the indicator.

    Returns
    -------
    bool
        True when the target is met.
    """
    if comparison == ">":
        return value > target if higher_is_better else value < target
    if comparison in (">=", "="):
        return value >= target if higher_is_better else value <= target
    raise ValueError(f"unknown comparison {comparison!r}")


@dataclass(frozen=True)
class Assessment:
    """Status of one target for one province, with how it was decided.

    Attributes
    ----------
    status : str
        ``"met"``, ``"on_track"``, ``"behind"`` or ``"no_data"``.
    rule : str
        Which rule decided: ``"met"``, ``"no_data"``, ``"past"``, ``"projection_ok"``,
        ``"projection_short"`` or ``"single"``.
    year : int or None
        Year of the latest value used.
    value : float or None
        That value.
    projected : float or None
        Value of the linear trend at the target year, where one was computed.
    points : int
        Observations of the series used.
    first_year : int or None
        First year of those observations.
    """

    status: str
    rule: str
    year: int | None = None
    value: float | None = None
    projected: float | None = None
    points: int = 0
    first_year: int | None = None


def assess(
    history: pd.DataFrame,
    comparison: str,
    target: float,
    target_year: int,
    as_of: int,
    higher_is_better: bool = True,
) -> Assessment:
    """Decide a target's status from one series of observations.

    Parameters
    ----------
    history : pandas.DataFrame
        Columns ``year`` and ``value``: one series (never mixed), any order.
    comparison : {">", ">=", "="}
        The target's comparison.
    target : float
        Target value.
    target_year : int
        Year the target is due.
    as_of : int
        Year of the brief.
    higher_is_better : bool
        Direction of the indicator.

    Returns
    -------
    Assessment
        ``met`` if the latest value satisfies the target; otherwise ``behind`` when the
        target year is not after ``as_of``; otherwise, with two or more points, a least-
        squares line is projected to the target year: ``on_track`` if it satisfies the
        target, ``behind`` if not; with one point, ``behind`` (rule ``single``).
    """
    if history.empty:
        return Assessment("no_data", "no_data")
    h = history.sort_values("year")
    last = h.iloc[-1]
    year, value = int(last.year), float(last.value)
    base = {"year": year, "value": value, "points": len(h), "first_year": int(h.year.iloc[0])}
    if satisfies(value, comparison, target, higher_is_better):
        return Assessment("met", "met", **base)
    if target_year <= as_of:
        return Assessment("behind", "past", **base)
    if h.year.nunique() < 2:
        return Assessment("behind", "single", **base)
    slope, intercept = np.polyfit(h.year.astype(float), h.value.astype(float), 1)
    projected = float(slope * target_year + intercept)
    ok = satisfies(projected, comparison, target, higher_is_better)
    return Assessment(
        "on_track" if ok else "behind",
        "projection_ok" if ok else "projection_short",
        projected=projected,
        **base,
    )


def scorecard(ds: Dataset, code: str, as_of: int) -> pd.DataFrame:
    """Assess the province against Decision 411's national targets and its own targets.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    code : str
        Province code.
    as_of : int
        Year of the brief.

    Returns
    -------
    pandas.DataFrame
        One row per target: ``target_id``, ``scope`` (``national``/``province``),
        ``indicator``, ``target_year``, ``comparison``, ``target``, ``unit``, ``status``,
        ``rule``, ``year``, ``value``, ``qualifier``, ``projected``, ``points``,
        ``first_year``, ``source_ids`` (target's and figures' sources).
    """
    tg = ds.targets
    national = tg[(tg.province_code == COUNTRY_CODE) & (tg.source_id == NATIONAL_TARGETS_SOURCE)]
    own = tg[tg.province_code == code]
    figs = area_figures(ds, code, as_of)
    direction = ds.indicators.set_index("indicator_id")["higher_is_better"]
    rows = []
    for scope, frame in (("national", national), ("province", own)):
        for t in frame.sort_values(["year", "target_id"]).itertuples():
            series_rows = figs[figs.indicator == t.indicator]
            best = latest(figs, t.indicator)
            if best is not None:
                series_rows = series_rows[series_rows.series == best.series]
            a = assess(
                series_rows[["year", "value"]],
                t.comparison,
                float(t.value),
                int(t.year),
                as_of,
                direction.get(t.indicator) is not False,
            )
            rows.append(
                {
                    "target_id": t.target_id,
                    "scope": scope,
                    "indicator": t.indicator,
                    "target_year": int(t.year),
                    "comparison": t.comparison,
                    "target": float(t.value),
                    "unit": t.unit,
                    "status": a.status,
                    "rule": a.rule,
                    "year": a.year,
                    "value": a.value,
                    "qualifier": None if best is None else best.qualifier,
                    "series": None if best is None else best.series,
                    "projected": a.projected,
                    "points": a.points,
                    "first_year": a.first_year,
                    "source_ids": [t.source_id, *sorted(set(series_rows.source_id))],
                }
            )
    return pd.DataFrame(rows)


def coverage(ds: Dataset, code: str, as_of: int) -> pd.DataFrame:
    """Each indicator of the provincial set of Decision 1354: reported or missing.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    code : str
        Province code.
    as_of : int
        Year of the brief.

    Returns
    -------
    pandas.DataFrame
        One row per indicator with a provincial code, in code order: ``code``,
        ``indicator``, ``unit``, ``reported`` (bool), ``value``, ``qualifier``, ``year``,
        ``series``, ``source_id``.
    """
    ind = ds.indicators[ds.indicators.set_1354_province != ""].copy()
    ind["_n"] = ind.set_1354_province.str[1:].astype(int)
    figs = area_figures(ds, code, as_of)
    rows = []
    for i in ind.sort_values("_n").itertuples():
        best = latest(figs, i.indicator_id)
        rows.append(
            {
                "code": i.set_1354_province,
                "indicator": i.indicator_id,
                "unit": i.unit,
                "reported": best is not None,
                "value": None if best is None else float(best.value),
                "qualifier": None if best is None else best.qualifier,
                "year": None if best is None else int(best.year),
                "series": None if best is None else best.series,
                "source_id": None if best is None else best.source_id,
            }
        )
    return pd.DataFrame(rows)


def ranking(
    ds: Dataset,
    series: str = RANKING_SERIES,
    indicator: str = "de_share",
    year: int | None = None,
) -> pd.DataFrame:
    """Rank the provinces of one series and year (never mixing series or years).

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    series : str
        The one series ranked.
    indicator : str
        Indicator ranked. For a value, the best value ranks first (in the indicator's
        direction); for a published rank, the rank itself is kept.
    year : int, optional
        The year; required when the series spans several years.

    Returns
    -------
    pandas.DataFrame
        Columns ``rank`` (ties share the best rank), ``province_code``, ``province``,
        ``value``, ``year``, ``source_id``, best first; empty if nothing matches.

    Raises
    ------
    ValueError
        If no year is given and the series spans several, or a province appears twice.
    """
    f = ds.figures
    rows = f[
        (f.series == series)
        & (f.indicator == indicator)
        & (f.province_code != COUNTRY_CODE)
        & f.preferred
        & (f.period.str.len() == 4)  # a multi-year average is not a year's value
    ]
    if year is not None:
        rows = rows[rows.year == year]
    cols = ["rank", "province_code", "province", "value", "year", "source_id"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    if rows.year.nunique() > 1:
        raise ValueError(f"series {series!r} spans several years; rank one year at a time")
    if rows.province_code.duplicated().any():
        raise ValueError(f"a province appears twice in {series!r} {indicator!r}")
    unit = ds.indicators.set_index("indicator_id").loc[indicator, "unit"]
    higher = ds.indicators.set_index("indicator_id").loc[indicator, "higher_is_better"]
    rows = rows.copy()
    if unit == "rank":
        rows["rank"] = rows.value.astype(int)
        rows = rows.sort_values(["rank", "province"])
    else:
        ascending = higher is False
        rows["rank"] = rows.value.rank(ascending=ascending, method="min").astype(int)
        rows = rows.sort_values(["rank", "province"])
    return rows[cols].reset_index(drop=True)


#: Indicators whose series cover many provinces, shown as "where the province stands".
STANDING_INDICATORS = ("de_share", "dti_rank", "dti_score", "ebi_rank", "ebi_score")


def standings(ds: Dataset, code: str, as_of: int, min_provinces: int = 5) -> pd.DataFrame:
    """Where a province stands in every series-year that covers several provinces.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    code : str
        Province code.
    as_of : int
        Last year included.
    min_provinces : int
        Series-years covering fewer provinces are left out.

    Returns
    -------
    pandas.DataFrame
        One row per (indicator, series, year): ``indicator``, ``series``, ``year``,
        ``covered`` (provinces in our data), ``value`` (the province's, or None),
        ``position`` (its rank among those covered; for a published rank the rank itself;
        None if not covered), ``source_ids``.
    """
    f = ds.figures
    base = f[
        f.indicator.isin(STANDING_INDICATORS)
        & (f.province_code != COUNTRY_CODE)
        & f.preferred
        & (f.year <= as_of)
        & (f.period.str.len() == 4)
    ]
    rows = []
    for (indicator, series, year), group in base.groupby(["indicator", "series", "year"]):
        if group.province_code.nunique() < min_provinces:
            continue
        rk = ranking(ds, series, indicator, int(year))
        hit = rk[rk.province_code == code]
        rows.append(
            {
                "indicator": indicator,
                "series": series,
                "year": int(year),
                "covered": len(rk),
                "value": None if hit.empty else float(hit.value.iloc[0]),
                "position": None if hit.empty else int(hit["rank"].iloc[0]),
                "source_ids": sorted(set(rk.source_id)),
            }
        )
    cols = ["indicator", "series", "year", "covered", "value", "position", "source_ids"]
    order = {ind: i for i, ind in enumerate(STANDING_INDICATORS)}
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    return out.sort_values(
        ["indicator", "year"], key=lambda s: s.map(order) if s.name == "indicator" else s
    ).reset_index(drop=True)


def rank_history(
    ds: Dataset,
    code: str,
    as_of: int,
    indicator: str = "dti_rank",
    series: str = DTI_SERIES,
) -> pd.DataFrame:
    """Return a province's published ranks by year in one series.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    code : str
        Province code.
    as_of : int
        Last year included.
    indicator : str
        A rank indicator.
    series : str
        The series (ranks on different bases are never mixed).

    Returns
    -------
    pandas.DataFrame
        Columns ``series``, ``year``, ``value``, ``source_id``, by year.
    """
    figs = area_figures(ds, code, as_of)
    rows = figs[(figs.indicator == indicator) & (figs.series == series)]
    return rows[["series", "year", "value", "source_id"]].sort_values("year").reset_index(drop=True)


def conflicts(ds: Dataset, code: str) -> pd.DataFrame:
    """Figures of an area that have a duplicate, with which one is used.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    code : str
        Province code (or ``"VN"``).

    Returns
    -------
    pandas.DataFrame
        All rows of every (indicator, period, kind) group with more than one figure,
        preferred first within each group.
    """
    f = ds.figures[ds.figures.province_code == code]
    key = ["indicator", "period", "kind"]
    dup = f[f.duplicated(key, keep=False)]
    return dup.sort_values([*key, "preferred"], ascending=[True, True, True, False]).reset_index(
        drop=True
    )


def share_targets(ds: Dataset) -> pd.DataFrame:
    """Return the national targets for the digital-economy share (Decision 411), by year.

    Parameters
    ----------
    ds : Dataset
        The loaded data.

    Returns
    -------
    pandas.DataFrame
        Rows of ``ds.targets`` (2025 and 2030), sorted by year.
    """
    tg = ds.targets
    rows = tg[
        (tg.indicator == "de_share")
        & (tg.province_code == COUNTRY_CODE)
        & (tg.source_id == NATIONAL_TARGETS_SOURCE)
    ]
    return rows.sort_values("year").reset_index(drop=True)


def provincial_set_figures(ds: Dataset, as_of: int) -> pd.DataFrame:
    """Return the preferred provincial figures of indicators in Decision 1354's provincial set.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    as_of : int
        Last year included.

    Returns
    -------
    pandas.DataFrame
        Rows of ``ds.figures`` with a ``code`` column (``P1``…).
    """
    ind = ds.indicators[ds.indicators.set_1354_province != ""]
    codes = dict(zip(ind.indicator_id, ind.set_1354_province, strict=True))
    f = ds.figures
    rows = f[
        f.indicator.isin(codes)
        & (f.province_code != COUNTRY_CODE)
        & f.preferred
        & (f.year <= as_of)
    ]
    return rows.assign(code=rows.indicator.map(codes))


def coverage_matrix(ds: Dataset, as_of: int) -> pd.DataFrame:
    """Which province reports which indicator of the provincial set.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    as_of : int
        Last year included.

    Returns
    -------
    pandas.DataFrame
        Index: province names of every province with at least one figure (by code);
        columns: the provincial codes ``P1``…; values: bool (reported).
    """
    f = ds.figures
    f = f[(f.province_code != COUNTRY_CODE) & f.preferred & (f.year <= as_of)]
    codes = ds.indicators.set_1354_province
    order = sorted(codes[codes != ""], key=lambda c: int(c[1:]))
    provs = f.drop_duplicates("province_code").sort_values("province_code")
    matrix = pd.DataFrame(False, index=list(provs.province), columns=order)
    for row in provincial_set_figures(ds, as_of).itertuples():
        matrix.loc[row.province, row.code] = True
    return matrix


def weighted_share(
    ds: Dataset, series: str, year: int, indicator: str = "de_share"
) -> tuple[float | None, list[str]]:
    """GRDP-weighted mean share over the provinces of one series and year.

    Parameters
    ----------
    ds : Dataset
        The loaded data.
    series : str
        The series of the shares.
    year : int
        The year of the shares and of the weights.
    indicator : str
        The share indicator.

    Returns
    -------
    tuple of (float or None, list of str)
        The weighted mean, or None when a weight is missing; and the provinces whose
        GRDP of that year is not in the data (empty when the mean was computed). A share
        is never averaged without every weight.
    """
    rk = ranking(ds, series, indicator, year)
    if rk.empty:
        return None, []
    f = ds.figures
    grdp = f[(f.indicator == "grdp") & (f.year == year) & f.preferred & (f.period.str.len() == 4)]
    weights = grdp.set_index("province_code")["value"]
    missing = [r.province for r in rk.itertuples() if r.province_code not in weights.index]
    if missing:
        return None, missing
    w = rk.province_code.map(weights)
    return float((rk.value * w).sum() / w.sum()), []
