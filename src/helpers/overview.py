"""The national overview: provinces side by side for one series and year.

``notebooks/national_overview.ipynb`` narrates these sections; the batch runs it beside
the provincial briefs, once per language.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from . import analysis, charts, data
from .checks import OVERVIEW_SECTIONS
from .errors import ParameterError
from .numbers import LANGUAGES
from .sections import Report, Section, _p, _section, _table
from .text import t

__all__ = ["Overview", "OVERVIEW_SECTIONS"]

#: Section ids of the overview, in order.


@dataclass(kw_only=True)
class Overview(Report):
    """The national overview: distribution, DTI ranking, coverage matrix, aggregate.

    Attributes
    ----------
    series : str
        Series of the digital-economy shares shown (never mixed with another).
    year : int
        Year of the shares.
    dti_year : int
        Year of the DTI ranking.
    """

    series: str
    year: int
    dti_year: int

    @classmethod
    def open(
        cls, lang="vi", series="mic-2022", year=2022, dti_year=2022, data_dir="../data", as_of=2024
    ):
        """Check the parameters and load the data.

        Parameters
        ----------
        lang : {"vi", "en"}
            Language.
        series : str
            A series of digital-economy shares in the data (``mic-2022``, ``provincial``…).
        year : int
            Year of the shares.
        dti_year : int
            Year of the DTI ranking.
        data_dir : str or Path
            Folder of the curated CSV files.
        as_of : int
            Last year of the coverage matrix.

        Returns
        -------
        Overview
            Ready to render sections.

        Raises
        ------
        ParameterError
            Naming the bad parameter and what the data hold.
        """
        if lang not in LANGUAGES:
            raise ParameterError(f"parameter 'lang': {lang!r} is not one of {', '.join(LANGUAGES)}")
        ds = data.load(data_dir)
        f = ds.figures
        shares = f[(f.indicator == "de_share") & (f.province_code != data.COUNTRY_CODE)]
        known = sorted(set(shares.series))
        if series not in known:
            raise ParameterError(f"parameter 'series': {series!r} is not one of {', '.join(known)}")
        years = sorted(set(shares[shares.series == series].year))
        if int(year) not in years:
            raise ParameterError(
                f"parameter 'year': series {series!r} has years {years}, not {year}"
            )
        dti_years = sorted(set(f[f.indicator == "dti_rank"].year))
        if int(dti_year) not in dti_years:
            raise ParameterError(
                f"parameter 'dti_year': DTI ranks exist for {dti_years}, not {dti_year}"
            )
        return cls(
            lang=lang,
            ds=ds,
            as_of=int(as_of),
            series=series,
            year=int(year),
            dti_year=int(dti_year),
        )

    def title(self) -> Section:
        """Title and what the overview shows."""
        return Section(
            Markup("<header><h1>{}</h1>{}</header>").format(
                t("ov_title", self.lang), _p(t("ov_intro", self.lang, year=self.as_of), "as-of")
            )
        )

    def distribution(self) -> Section:
        """Provinces by digital-economy share in one series and year, with national lines."""
        lang = self.lang
        rk = analysis.ranking(self.ds, self.series, "de_share", self.year)
        nat = analysis.area_figures(self.ds, data.COUNTRY_CODE, self.year)
        nat = nat[
            (nat.indicator == "de_share")
            & (nat.year == self.year)
            & (nat.series == analysis.NATIONAL_SERIES)
        ]
        goal = analysis.share_targets(self.ds).iloc[0]  # the nearest (2025) target
        lines = []
        ids = list(rk.source_id.unique())
        if not nat.empty:
            v = float(nat.value.iloc[0])
            lines.append((v, t("ov_national_line", lang, year=self.year, value=self._fmt(v, "%"))))
            ids.append(nat.source_id.iloc[0])
        target = float(goal.value)
        lines.append((target, t("target_line", lang, year=goal.year, value=self._fmt(target, "%"))))
        ids.append(goal.source_id)
        values = [self._fmt(v, "%") for v in rk.value]
        fig = charts.ranking_chart(
            list(rk.province),
            list(rk.value),
            None,
            values,
            t("ov_dist_title", lang, series=self._series(self.series), year=self.year),
            lines,
        )
        above = int((rk.value > target).sum())
        alt = t(
            "ov_dist_alt",
            lang,
            n=len(rk),
            year=self.year,
            series=self._series(self.series),
            top=rk.province.iloc[0],
            top_value=values[0],
            bottom=rk.province.iloc[-1],
            bottom_value=values[-1],
            above=above,
        )
        parts = [
            _p(
                t(
                    "ov_dist_intro",
                    lang,
                    n=len(rk),
                    series=self._series(self.series),
                    year=self.year,
                )
            ),
            *(_p(label) for _, label in lines),
            Markup("<figure>{}</figure>").format(charts.figure_to_img(fig, alt)),
            self.source_note(ids),
        ]
        return Section(_section("distribution", t("ov_h_distribution", lang), *parts), tuple(ids))

    def dti_ranking(self) -> Section:
        """List the published DTI ranks of one year (63-province basis), with scores read."""
        lang = self.lang
        rk = analysis.ranking(self.ds, analysis.DTI_SERIES, "dti_rank", self.dti_year)
        f = self.ds.figures
        scores = f[
            (f.indicator == "dti_score") & (f.year == self.dti_year) & f.preferred
        ].set_index("province_code")
        rows = [
            [
                int(r.rank),
                r.province,
                self._fmt(scores.value[r.province_code], "index")
                if r.province_code in scores.index
                else None,
            ]
            for r in rk.itertuples()
        ]
        ids = [*rk.source_id.unique(), *scores.source_id.unique()]
        headers = self._headers("col_rank", "col_province", "col_score")
        parts = [
            _p(t("ov_dti_intro", lang, year=self.dti_year, n=len(rk))),
            _table(headers, rows, "dti-ranking"),
            self.source_note(ids),
        ]
        return Section(
            _section("dti-ranking", t("ov_h_dti", lang, year=self.dti_year), *parts), tuple(ids)
        )

    def coverage_matrix(self) -> Section:
        """Provinces by indicators of the provincial set: reported or missing."""
        lang = self.lang
        m = analysis.coverage_matrix(self.ds, self.as_of)
        ids = sorted(set(analysis.provincial_set_figures(self.ds, self.as_of).source_id))
        fig = charts.coverage_heatmap(
            m, t("ov_cov_title", lang), t("reported", lang), t("missing", lang)
        )
        counts = m.sum()
        alt = t(
            "ov_cov_alt",
            lang,
            n=len(m),
            k=len(m.columns),
            counts=", ".join(f"{c}: {int(n)}" for c, n in counts.items()),
        )
        rows = [
            [name, *("✓" if v else "–" for v in row), int(row.sum())] for name, row in m.iterrows()
        ]
        headers = [*self._headers("col_province"), *m.columns, *self._headers("col_total")]
        parts = [
            _p(
                t(
                    "ov_cov_intro",
                    lang,
                    n=len(m),
                    k=len(m.columns),
                    none=int((m.sum(axis=1) == 0).sum()),
                )
            ),
            Markup("<figure>{}</figure>").format(charts.figure_to_img(fig, alt)),
            _table(headers, rows, "coverage-matrix"),
            self.source_note(ids),
        ]
        return Section(_section("coverage-matrix", t("ov_h_coverage", lang), *parts), tuple(ids))

    def aggregate(self) -> Section:
        """Give a GRDP-weighted share over the series' provinces, only with every weight."""
        lang = self.lang
        value, missing = analysis.weighted_share(self.ds, self.series, self.year)
        if value is None:
            text = t("ov_agg_missing", lang, year=self.year, provinces=", ".join(missing) or "–")
        else:
            text = t("ov_agg_value", lang, year=self.year, value=self._fmt(value, "%"))
        return Section(
            _section(
                "aggregate",
                t("ov_h_aggregate", lang),
                _p(text),
                _p(t("method_weights", lang), "method"),
            )
        )

    def sources(self) -> Section:
        """Every source used in the overview."""
        return self._sources_section()

    def provenance(self) -> Section:
        """Footer: parameters, dataset fingerprint, version, build date."""
        params = {
            "lang": self.lang,
            "series": self.series,
            "year": self.year,
            "dti_year": self.dti_year,
        }
        return self._provenance(params, 2)
