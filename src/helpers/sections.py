"""The sections of a province brief, as escaped HTML fragments the notebook displays.

The notebook is narration: each cell calls one method of :class:`Brief`, whose result
renders itself as HTML in JupyterLab and in the exported brief. All text from data files
goes through :mod:`markupsafe` escaping: data is text, never markup.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from . import analysis, charts, data, provinces
from .errors import ParameterError
from .hashing import git_commit
from .numbers import LANGUAGES, format_value
from .text import t

__all__ = ["Section", "Report", "Brief", "ParameterError", "check_parameters"]


@dataclass(frozen=True)
class Section:
    """An HTML fragment plus the sources of the rows it shows.

    Attributes
    ----------
    html : markupsafe.Markup
        The fragment.
    source_ids : tuple of str
        Sources of what it shows.
    """

    html: Markup
    source_ids: tuple[str, ...] = ()

    def _repr_html_(self) -> str:
        return str(self.html)


def check_parameters(province, lang, data_dir, as_of, ds: data.Dataset | None = None):
    """Check a brief's parameters before any work, naming the bad one.

    Parameters
    ----------
    province : str or int
        Province name in any spelling, or its code.
    lang : str
        ``"vi"`` or ``"en"``.
    data_dir : str or Path
        Folder of the data files.
    as_of : int or str
        Year the brief is as of; must lie within the years of the data.
    ds : Dataset, optional
        Already loaded data (loaded from ``data_dir`` otherwise).

    Returns
    -------
    tuple of (Province, str, Dataset, int)
        The resolved province, language, data and year.

    Raises
    ------
    ParameterError
        Naming the parameter and what is accepted.
    """
    if lang not in LANGUAGES:
        raise ParameterError(f"parameter 'lang': {lang!r} is not one of {', '.join(LANGUAGES)}")
    try:
        prov = provinces.resolve(province)
    except provinces.UnknownProvinceError as exc:
        raise ParameterError(f"parameter 'province': {exc}") from None
    if ds is None:
        if not Path(data_dir).is_dir():
            raise ParameterError(f"parameter 'data_dir': folder {str(data_dir)!r} not found")
        ds = data.load(data_dir)
    try:
        year = int(str(as_of).strip())
    except ValueError:
        raise ParameterError(f"parameter 'as_of': {as_of!r} is not a year") from None
    first, last = int(ds.figures.year.min()), int(ds.figures.year.max())
    if not first <= year <= last:
        raise ParameterError(
            f"parameter 'as_of': {year} is outside the years of the data ({first}-{last})"
        )
    return prov, lang, ds, year


def _table(headers: list[str], rows: list[list], cls: str = "") -> Markup:
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in headers)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(
            Markup("").join(Markup("<td>{}</td>").format("–" if c is None else c) for c in row)
        )
        for row in rows
    )
    return Markup('<table class="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(
        cls, head, body
    )


def _section(sid: str, heading: str, *parts: Markup) -> Markup:
    return Markup('<section id="{}"><h2>{}</h2>{}</section>').format(
        sid, heading, Markup("").join(parts)
    )


def _p(text: str, cls: str = "") -> Markup:
    return Markup('<p class="{}">{}</p>').format(cls, text)


@dataclass(kw_only=True)
class Report:
    """What every report (a province brief, the national overview) shares.

    Attributes
    ----------
    lang : str
        Language of every string and number.
    ds : Dataset
        The validated data.
    as_of : int
        Figures after this year are left out.
    used_sources : list of str
        Sources shown so far, in order of first use (the Sources section lists them).
    """

    lang: str
    ds: data.Dataset
    as_of: int
    used_sources: list[str] = field(default_factory=list)

    def _name(self, indicator: str) -> str:
        row = self.ds.indicators.set_index("indicator_id").loc[indicator]
        return row[f"name_{self.lang}"]

    def _fmt(self, value, unit, qualifier="=") -> str:
        return format_value(value, unit, self.lang, qualifier or "=")

    def _headers(self, *keys: str) -> list[str]:
        return [t(k, self.lang) for k in keys]

    def _series(self, series: str | None) -> str:
        return t(f"series_{series}", self.lang) if series else ""

    def _use(self, ids) -> tuple[str, ...]:
        ids = tuple(dict.fromkeys(i for i in ids if i))
        for i in ids:
            if i not in self.used_sources:
                self.used_sources.append(i)
        return ids

    def source_note(self, ids) -> Markup:
        """One line naming the sources of exactly the rows shown (publisher, date, where read).

        Parameters
        ----------
        ids : iterable of str
            Source ids.

        Returns
        -------
        markupsafe.Markup
            A ``<p class="source-note">`` element, empty when there is no source.
        """
        ids = self._use(ids)
        if not ids:
            return Markup("")
        src = self.ds.sources.set_index("source_id")
        items = "; ".join(
            f"{src.loc[i, 'publisher']} ({src.loc[i, 'published']}), "
            f"{t('read_at', self.lang)} {src.loc[i, 'read_at'].split(';')[0].strip()}"
            for i in ids
        )
        return _p(t("source_note", self.lang, items=items), "source-note")

    def _sources_section(self) -> Section:
        lang = self.lang
        src = self.ds.sources.set_index("source_id")
        rows = [
            [
                src.loc[i, "title"],
                src.loc[i, "publisher"],
                src.loc[i, "published"],
                src.loc[i, "cites"] or None,
                src.loc[i, "read_at"],
            ]
            for i in self.used_sources
        ]
        headers = self._headers(
            "col_source", "col_publisher", "col_date", "col_cites", "col_read_at"
        )
        return Section(
            _section("sources", t("h_sources", lang), _table(headers, rows, "sources")),
            tuple(self.used_sources),
        )

    def _provenance(self, params: dict, charts_expected: int) -> Section:
        from . import __version__

        commit = os.environ.get("BRIEF_GIT_COMMIT") or git_commit()
        items = [
            ("parameters", ", ".join(f"{k}={v}" for k, v in params.items())),
            ("dataset", self.ds.fingerprint[:16]),
            ("helpers", f"{__version__} ({commit})"),
            ("built", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ]
        body = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in items)
        return Section(
            Markup('<footer id="provenance" data-charts="{}"><dl>{}</dl></footer>').format(
                charts_expected, body
            )
        )


@dataclass(kw_only=True)
class Brief(Report):
    """One province's brief: parameters checked, data loaded, sections on demand.

    Attributes
    ----------
    province : Province
        The province (see :class:`Report` for the rest).
    """

    province: provinces.Province

    @classmethod
    def open(cls, province, lang="vi", data_dir="../data", as_of=2024) -> Brief:
        """Check the parameters and load the data.

        Parameters
        ----------
        province : str or int
            Name in any spelling, or official code.
        lang : {"vi", "en"}
            Language.
        data_dir : str or Path
            Folder of the curated CSV files.
        as_of : int
            Year the brief is as of.

        Returns
        -------
        Brief
            Ready to render sections.
        """
        prov, lang, ds, year = check_parameters(province, lang, data_dir, as_of)
        return cls(province=prov, lang=lang, ds=ds, as_of=year)

    @property
    def figures(self) -> pd.DataFrame:
        """Preferred figures of the province up to ``as_of``."""
        return analysis.area_figures(self.ds, self.province.code, self.as_of)

    # --- sections ----------------------------------------------------------------------

    def title(self) -> Section:
        """Title, as-of line and, for a merged province, its successor."""
        p = self.province
        parts = [
            Markup("<h1>{}</h1>").format(t("brief_title", self.lang, province=p.name)),
            _p(
                t("as_of", self.lang, year=self.as_of, date=dt.date.today().isoformat()),
                "as-of",
            ),
        ]
        if p.merged:
            parts.append(
                _p(
                    t("merged_note", self.lang, province=p.name, successor=p.successor_name),
                    "merged",
                )
            )
        return Section(Markup("<header>{}</header>").format(Markup("").join(parts)))

    def headline(self) -> Section:
        """Latest digital-economy share beside the national one and targets; key counts."""
        figs = self.figures
        lang = self.lang
        own = analysis.latest(figs, "de_share")
        nat_figs = analysis.area_figures(self.ds, data.COUNTRY_CODE, self.as_of)
        nat = analysis.latest(nat_figs[nat_figs.series == analysis.NATIONAL_SERIES], "de_share")
        goals = analysis.share_targets(self.ds).set_index("year")
        items, ids = [], []
        if own is not None:
            items.append(
                t(
                    "de_share_province",
                    lang,
                    year=own.period,
                    series=self._series(own.series),
                    value=self._fmt(own.value, "%", own.qualifier),
                )
            )
            ids.append(own.source_id)
        else:
            items.append(t("de_share_province_missing", lang))
        if nat is not None:
            items.append(
                t(
                    "de_share_national",
                    lang,
                    year=nat.period,
                    series=self._series(nat.series),
                    value=self._fmt(nat.value, "%"),
                )
            )
            ids.append(nat.source_id)
        items.append(
            t(
                "national_targets",
                lang,
                t2025=self._fmt(goals.loc[2025, "value"], "%"),
                t2030=self._fmt(goals.loc[2030, "value"], "%"),
            )
        )
        ids += list(goals.source_id.unique())
        lead = Markup('<ul class="lead">{}</ul>').format(
            Markup("").join(Markup("<li>{}</li>").format(i) for i in items)
        )
        others = figs[figs.indicator != "de_share"]
        parts = [lead]
        if figs.empty:
            parts.append(_p(t("no_figures", lang), "empty"))
        elif not others.empty:
            picks = [analysis.latest(others, i) for i in others.indicator.unique()]
            picks = [p for p in picks if p is not None][:8]
            rows = Markup("").join(
                Markup(
                    '<div class="kpi"><dt>{}</dt><dd>{} <span class="yr">({})</span></dd></div>'
                ).format(self._name(p.indicator), self._fmt(p.value, p.unit, p.qualifier), p.period)
                for p in picks
            )
            parts.append(
                Markup('<h3>{}</h3><dl class="kpis">{}</dl>').format(t("key_counts", lang), rows)
            )
            ids += [p.source_id for p in picks]
        parts.append(self.source_note(ids))
        return Section(_section("headline", t("h_headline", lang), *parts), tuple(ids))

    def trend(self) -> Section:
        """Chart of the digital-economy share: province, national series, target lines."""
        lang, p = self.lang, self.province
        df = analysis.share_series(self.ds, p.code, self.as_of)
        lines, points = [], []
        for (area, series), frame in df.groupby(["area", "series"], sort=False):
            who = p.name if area == p.code else t("province_vn", lang)
            label = f"{who} ({self._series(series)})"
            role = "province" if area == p.code else "national"
            lines.append((label, role, frame.sort_values("year")))
            points.append(
                f"{label}: "
                + ", ".join(
                    f"{int(r.year)} {self._fmt(r.value, '%')}"
                    for r in frame.sort_values("year").itertuples()
                )
            )
        de_t = analysis.share_targets(self.ds)
        targets = [
            (
                int(r.year),
                float(r.value),
                t("target_line", lang, year=r.year, value=self._fmt(r.value, "%")),
            )
            for r in de_t.itertuples()
        ]
        fig = charts.trend_chart(
            lines,
            targets,
            t("trend_title", lang, province=p.name),
            t("trend_xlabel", lang),
            t("trend_ylabel", lang),
        )
        alt = t(
            "trend_alt",
            lang,
            province=p.name,
            targets=", ".join(x[2] for x in targets),
            points="; ".join(points) + ".",
        )
        ids = [*df.source_id.unique(), *de_t.source_id.unique()]
        parts = [
            Markup("<figure>{}<figcaption>{}</figcaption></figure>").format(
                charts.figure_to_img(fig, alt), t("trend_gaps", lang)
            )
        ]
        if not (df.area == p.code).any():
            parts.append(_p(t("trend_none", lang), "empty"))
        parts.append(self.source_note(ids))
        return Section(_section("trend", t("h_trend", lang), *parts), tuple(ids))

    def scorecard(self) -> Section:
        """Table of targets with value, year, status and how it was decided."""
        lang = self.lang
        sc = analysis.scorecard(self.ds, self.province.code, self.as_of)
        rows, ids = [], []
        for r in sc.itertuples():
            target = f"{self._fmt(r.target, r.unit, r.comparison)} ({r.target_year})"
            year = None if pd.isna(r.year) else int(r.year)
            how_values = {
                "year": year,
                "n": r.points,
                "first": None if pd.isna(r.first_year) else int(r.first_year),
                "last": year,
                "target_year": r.target_year,
                "projected": "" if pd.isna(r.projected) else self._fmt(r.projected, r.unit),
            }
            status = Markup('<span class="status status-{}">{}</span>').format(
                r.status, t(f"status_{r.status}", lang)
            )
            rows.append(
                [
                    self._name(r.indicator),
                    t(f"scope_{r.scope}", lang),
                    target,
                    None if pd.isna(r.value) else self._fmt(r.value, r.unit, r.qualifier),
                    year,
                    status,
                    t(f"how_{r.rule}", lang, **how_values),
                ]
            )
            ids += list(r.source_ids)
        headers = self._headers(
            "col_indicator",
            "col_scope",
            "col_target",
            "col_value",
            "col_year",
            "col_status",
            "col_how",
        )
        parts = [
            _table(headers, rows, "scorecard"),
            _p(t("scorecard_method", lang), "method"),
            self.source_note(ids),
        ]
        return Section(_section("scorecard", t("h_scorecard", lang), *parts), tuple(ids))

    def coverage(self) -> Section:
        """Each indicator of the provincial set: reported (value, year, source) or missing."""
        lang = self.lang
        cov = analysis.coverage(self.ds, self.province.code, self.as_of)
        src = self.ds.sources.set_index("source_id")
        rows, ids = [], []
        for r in cov.itertuples():
            state = Markup('<span class="cov cov-{}">{}</span>').format(
                "yes" if r.reported else "no", t("reported" if r.reported else "missing", lang)
            )
            rows.append(
                [
                    r.code,
                    self._name(r.indicator),
                    state,
                    self._fmt(r.value, r.unit, r.qualifier) if r.reported else None,
                    int(r.year) if r.reported else None,
                    src.loc[r.source_id, "publisher"] if r.reported else None,
                ]
            )
            if r.reported:
                ids.append(r.source_id)
        total_set = 12
        summary = t(
            "coverage_summary",
            lang,
            n=int(cov.reported.sum()),
            total=len(cov),
            total_set=total_set,
            unknown=total_set - len(cov),
        )
        related = {
            "enterprises_on_digital_platforms": "P5",
            "etax_enterprises": "P7",
            "etax_amount_share": "P7",
        }
        figs = self.figures
        rel = [
            f"{self._name(ind)} ({code}): "
            f"{self._fmt(row.value, row.unit, row.qualifier)}, {row.period}"
            for ind, code in related.items()
            if (row := analysis.latest(figs, ind)) is not None
        ]
        headers = self._headers(
            "col_code", "col_indicator", "col_reported", "col_value", "col_year", "col_source"
        )
        parts = [_p(summary, "summary"), _table(headers, rows, "coverage")]
        if rel:
            parts.append(_p(t("coverage_related", lang, items="; ".join(rel)), "related"))
        parts.append(self.source_note(ids))
        return Section(_section("coverage", t("h_coverage", lang), *parts), tuple(ids))

    def ranking(self) -> Section:
        """Bar chart of the provincial ranking of one series, the province highlighted."""
        lang, p = self.lang, self.province
        rk = analysis.ranking(self.ds)
        if rk.empty:
            return Section(
                _section("ranking", t("h_ranking", lang), _p(t("ranking_none", lang), "empty"))
            )
        year = int(rk.year.iloc[0])
        series = self._series(analysis.RANKING_SERIES)
        hit = rk.index[rk.province_code == p.code]
        pos = int(hit[0]) if len(hit) else None
        if pos is not None:
            position = t(
                "ranking_in", lang, province=p.name, rank=int(rk["rank"].iloc[pos]), n=len(rk)
            )
        else:
            position = t("ranking_out", lang, province=p.name, n=len(rk))
        values = [self._fmt(v, "%") for v in rk.value]
        fig = charts.ranking_chart(
            list(rk.province), list(rk.value), pos, values, t("ranking_title", lang, year=year)
        )
        alt = t(
            "ranking_alt",
            lang,
            year=year,
            n=len(rk),
            top=rk.province.iloc[0],
            top_value=values[0],
            bottom=rk.province.iloc[-1],
            bottom_value=values[-1],
            position=position,
        )
        ids = list(rk.source_id.unique())
        parts = [
            _p(t("ranking_intro", lang, year=year, series=series, n=len(rk))),
            _p(position, "position"),
            Markup("<figure>{}</figure>").format(charts.figure_to_img(fig, alt)),
            self.source_note(ids),
            *self._standings(),
        ]
        return Section(_section("ranking", t("h_ranking", lang), *parts), tuple(ids))

    def _standings(self) -> list[Markup]:
        lang = self.lang
        st = analysis.standings(self.ds, self.province.code, self.as_of)
        if st.empty:
            return []
        units = self.ds.indicators.set_index("indicator_id")["unit"]
        rows, ids = [], []
        for r in st.itertuples():
            unit = units[r.indicator]
            if pd.isna(r.position):
                position = t("position_none", lang)
            elif unit == "rank":
                basis = {analysis.DTI_SERIES: 63, "dti-34": 34}.get(r.series)
                position = (
                    t("position_rank", lang, rank=int(r.position), basis=basis)
                    if basis
                    else t("position_rank_open", lang, rank=int(r.position))
                )
            else:
                position = t("position_among", lang, rank=int(r.position), n=r.covered)
            rows.append(
                [
                    self._name(r.indicator),
                    self._series(r.series),
                    r.year,
                    None if pd.isna(r.value) else self._fmt(r.value, unit),
                    position,
                    r.covered,
                ]
            )
            ids += list(r.source_ids)
        headers = self._headers(
            "col_indicator", "col_series", "col_year", "col_value", "col_position", "col_covered"
        )
        return [
            _p(t("standings_intro", lang)),
            _table(headers, rows, "standings"),
            self.source_note(ids),
        ]

    def dti(self) -> Section:
        """Chart the province's DTI rank over the years (lower is better), 63-province basis."""
        lang, p = self.lang, self.province
        hist = analysis.rank_history(self.ds, p.code, self.as_of)
        if hist.empty:
            body = [_p(t("dti_none", lang), "empty")]
            return Section(_section("dti", t("h_dti", lang), *body))
        years = [int(y) for y in hist.year]
        ranks = [int(v) for v in hist.value]
        fig = charts.rank_history_chart(
            years,
            ranks,
            t("dti_title", lang, province=p.name),
            t("dti_ylabel", lang),
            t("dti_note", lang),
            method_breaks=(2021,),
        )
        points = ", ".join(f"{y}: {r}" for y, r in zip(years, ranks, strict=True))
        alt = t("dti_alt", lang, province=p.name, points=points)
        ids = list(hist.source_id.unique())
        body = [
            Markup("<figure>{}<figcaption>{}</figcaption></figure>").format(
                charts.figure_to_img(fig, alt), t("dti_method", lang)
            ),
            self.source_note(ids),
        ]
        return Section(_section("dti", t("h_dti", lang), *body), tuple(ids))

    def chart_count(self) -> int:
        """How many charts this brief must have for the data the province has."""
        has_dti = not analysis.rank_history(self.ds, self.province.code, self.as_of).empty
        has_ranking = not analysis.ranking(self.ds).empty
        return 1 + int(has_ranking) + int(has_dti)

    def notes(self) -> Section:
        """Conflicts with the figure taken, and method notes."""
        lang = self.lang
        conf = analysis.conflicts(self.ds, self.province.code)
        parts = []
        if conf.empty:
            parts.append(_p(t("conflict_none", lang)))
        else:
            rows = [
                [
                    self._name(r.indicator),
                    r.period,
                    self._fmt(r.value, r.unit, r.qualifier),
                    r.published_text,
                    t("used" if r.preferred else "not_used", lang),
                    r.note,
                ]
                for r in conf.itertuples()
            ]
            headers = self._headers(
                "col_indicator",
                "col_period",
                "col_value",
                "col_published",
                "col_status",
                "col_note",
            )
            parts += [
                _p(t("conflict_intro", lang)),
                _table(headers, rows, "conflicts"),
                self.source_note(conf.source_id.unique()),
            ]
        parts.append(
            Markup('<ul class="method">{}</ul>').format(
                Markup("").join(
                    Markup("<li>{}</li>").format(t(k, lang))
                    for k in ("method_series", "method_national", "method_weights")
                )
            )
        )
        return Section(
            _section("notes", t("h_notes", lang), *parts), tuple(conf.source_id.unique())
        )

    def sources(self) -> Section:
        """Every source used in the brief so far, with where it was read."""
        self._use(self.figures.source_id.unique())  # the appendix lists every figure
        return self._sources_section()

    def all_figures(self) -> Section:
        """Appendix: every figure the dataset holds for the province, used or not."""
        lang = self.lang
        f = self.ds.figures
        figs = f[f.province_code == self.province.code].sort_values(["indicator", "year"])
        src = self.ds.sources.set_index("source_id")
        rows = [
            [
                self._name(r.indicator),
                r.period,
                self._fmt(r.value, r.unit, r.qualifier),
                r.published_text,
                t(f"kind_{r.kind}", lang) + ("" if r.preferred else f" ({t('not_used', lang)})"),
                src.loc[r.source_id, "publisher"],
            ]
            for r in figs.itertuples()
        ]
        headers = self._headers(
            "col_indicator", "col_period", "col_value", "col_published", "col_kind", "col_source"
        )
        body = _table(headers, rows, "figures") if rows else _p(t("no_figures", lang), "empty")
        return Section(
            _section("figures", t("h_other", lang), body), tuple(figs.source_id.unique())
        )

    def provenance(self) -> Section:
        """Footer: parameters used, dataset fingerprint, project version, build date."""
        params = {"province": self.province.name, "lang": self.lang, "as_of": self.as_of}
        return self._provenance(params, self.chart_count())
