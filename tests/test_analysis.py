"""The verdict rules of helpers.analysis, one case each.

Every number in this file is SYNTHETIC (made up for the test), never a published figure.
Each case is one that the earlier scorecard got wrong (issue 13).
"""

import pandas as pd
import pytest

from helpers import analysis as an


def fig(year, value, series="s-a", kind="actual", qualifier="=", period_type="year", **kw):
    row = {
        "figure_id": f"f-{series}-{year}-{kind}-{value}",
        "basis": "63",
        "province_code": "38",
        "province": "Synthetic",
        "indicator": "de_share",
        "series": series,
        "period": str(year),
        "period_type": period_type,
        "year": year,
        "kind": kind,
        "value": value,
        "unit": "%",
        "qualifier": qualifier,
        "preferred": True,
        "source_id": f"src-{series}",
    }
    row.update(kw)
    return row


def figs(*rows):
    return pd.DataFrame(list(rows))


def target(value=20.0, year=2030, comparison=">=", series="s-a", set_by="province"):
    return pd.Series(
        {
            "target_id": "t",
            "indicator": "de_share",
            "year": year,
            "comparison": comparison,
            "value": value,
            "series": series,
            "set_by": set_by,
            "source_id": "src-t",
        }
    )


def judge(t, f, as_of=2024, scope="province"):
    return an.assess_target(t, f, True, as_of, scope)


# --- Same basis or no verdict -------------------------------------------------------------


def test_target_on_another_basis_gives_no_verdict_not_met():
    # Old rule: 25 >= 20 -> "met", although the figure counts another series.
    out = judge(target(series="s-b"), figs(fig(2023, 25.0, series="s-a")))
    assert (out["status"], out["rule"]) == ("no_verdict", "different_basis")
    assert out["figure_series"] == "s-a"


def test_target_without_a_stated_basis_gives_no_verdict():
    out = judge(target(series=""), figs(fig(2023, 25.0)))
    assert (out["status"], out["rule"]) == ("no_verdict", "basis_unknown")


def test_same_basis_reached_is_met():
    out = judge(target(series="s-a"), figs(fig(2023, 25.0)))
    assert (out["status"], out["rule"]) == ("met", "reached")


# --- National targets are benchmarks --------------------------------------------------------


def test_national_target_beside_a_province_is_a_comparison_not_a_status():
    # Old rule: "behind" (a status of the province) from one point below 20.
    out = judge(target(set_by="national", series="gso"), figs(fig(2023, 8.0)))
    assert (out["status"], out["rule"]) == ("below", "benchmark")
    out = judge(target(set_by="national", series="gso"), figs(fig(2023, 42.0)))
    assert (out["status"], out["rule"]) == ("above", "benchmark")


# --- Enough points for a trend ---------------------------------------------------------------


def test_one_point_below_target_is_not_enough_data_not_behind():
    out = judge(target(), figs(fig(2023, 8.0)))
    assert (out["status"], out["rule"]) == ("not_enough_data", "too_few_points")
    assert out["projected"] is None


def test_two_points_from_two_publishers_make_no_trend():
    # Old rule: a line through 2022 (series a) and 2023 (series b) -> "on track".
    f = figs(
        fig(2021, 10.0, series="s-a"), fig(2022, 12.0, series="s-a"), fig(2023, 19.0, series="s-b")
    )
    out = judge(target(value=30, series="s-a"), f)
    assert out["status"] == "not_enough_data"
    assert out["points"] == 2


def test_three_points_of_one_series_project_to_the_target_year():
    f = figs(fig(2021, 10.0), fig(2022, 12.0), fig(2023, 14.0))
    out = judge(target(value=30, year=2030), f)
    assert (out["status"], out["rule"]) == ("behind", "projection")
    assert out["projected"] == pytest.approx(28.0)
    out = judge(target(value=25, year=2030), f)
    assert out["status"] == "on_track"


def test_trend_refuses_mixed_series():
    with pytest.raises(ValueError, match="one series"):
        an.trend(figs(fig(2021, 1.0, series="a"), fig(2022, 2.0, series="b")))


def test_past_target_year_not_reached_is_not_met():
    out = judge(target(value=30, year=2023), figs(fig(2023, 14.0)), as_of=2024)
    assert (out["status"], out["rule"]) == ("not_met", "past_due")


# --- Kinds are visible: forecasts, averages and lower bounds ---------------------------------


def test_a_forecast_never_decides_a_verdict():
    # Old rule: a "dự kiến" 25 was taken as the latest value -> "met".
    f = figs(fig(2023, 8.0), fig(2024, 25.0, kind="forecast"))
    out = judge(target(), f)
    assert out["status"] == "not_enough_data"
    assert out["figure"].kind == "actual"


def test_an_average_over_years_is_not_a_years_value():
    # Old rule: a 2020-2023 average was shown and judged as 2023's value.
    f = figs(fig(2023, 25.0, period="2020-2023", period_type="average"))
    out = judge(target(), f)
    assert out["status"] == "no_data"
    assert an.latest(f, "de_share") is None


def test_a_lower_bound_decides_only_what_it_can():
    assert an.relation(105815, ">", ">=", 100000, True) == "reached"
    assert an.relation(90, ">", ">=", 100, True) == "undetermined"
    assert an.relation(90, "=", ">=", 100, True) == "short"
    assert an.relation(100, "=", ">", 100, True) == "short"
    assert an.relation(100, ">", ">", 100, True) == "reached"
    assert an.relation(100, "~", ">=", 100, True) == "undetermined"
    assert an.relation(5, "=", "=", 10, False) == "reached"  # lower is better


def test_lower_bound_below_a_past_target_is_undetermined():
    out = judge(target(value=30, year=2023), figs(fig(2023, 14.0, qualifier=">")))
    assert (out["status"], out["rule"]) == ("undetermined", "open_qualifier")


def test_estimate_is_an_observation_but_keeps_its_kind():
    out = judge(target(), figs(fig(2023, 25.0, kind="estimate")))
    assert out["status"] == "met"
    assert out["figure"].kind == "estimate"


# --- Series never mixed; ranks carry their base ----------------------------------------------


def test_history_keeps_one_series_and_the_firmest_kind_per_year():
    f = figs(
        fig(2022, 10.0, kind="estimate"),
        fig(2022, 11.0, kind="actual"),
        fig(2023, 12.0),
        fig(2023, 50.0, series="other"),
    )
    h = an.history(f, "de_share", "s-a")
    assert h.year.tolist() == [2022, 2023]
    assert h.value.tolist() == [11.0, 12.0]


def test_ranking_keeps_published_ranks_and_their_base():
    rows = [
        fig(2022, 15, series="dti-63-rank", province_code="38", province="A", unit="rank"),
        fig(2022, 1, series="dti-63-rank", province_code="48", province="B", unit="rank"),
    ]
    series = pd.DataFrame([{"series_id": "dti-63-rank", "rank_base": "63"}])
    table = an.ranking(figs(*rows), series, "dti-63-rank", 2022)
    assert table[["province_code", "position", "of"]].values.tolist() == [
        ["48", 1, 63],
        ["38", 15, 63],
    ]
    st = an.standing(table, "38", members=["38"])
    assert st.loc[st.is_area, "region_position"].tolist() == [1]


def test_ranking_orders_values_in_the_indicators_direction():
    rows = [
        fig(2022, 5.0, series="s", province_code="01", province="A"),
        fig(2022, 9.0, series="s", province_code="02", province="B"),
    ]
    series = pd.DataFrame([{"series_id": "s", "rank_base": ""}])
    table = an.ranking(figs(*rows), series, "s", 2022)
    assert table.province_code.tolist() == ["02", "01"]
    assert table["of"].tolist() == [2, 2]


# --- Consistent statements --------------------------------------------------------------------


def test_area_figures_respects_as_of_and_basis():
    f = figs(fig(2023, 1.0), fig(2025, 2.0), fig(2023, 3.0, basis="34"))
    out = an.area_figures(f, "38", "63", as_of=2024)
    assert out.value.tolist() == [1.0]


def test_weighted_mean_needs_every_weight():
    values = pd.Series({"01": 10.0, "02": 20.0})
    assert an.weighted_mean(values, pd.Series({"01": 1.0})) is None
    assert an.weighted_mean(values, pd.Series({"01": 1.0, "02": 3.0})) == pytest.approx(17.5)


def test_sources_are_numbered_once_in_citation_order():
    sources = pd.DataFrame({"source_id": ["a", "b", "c"]})
    out = an.sources_used(sources, ["c", "a"], ["a", "b", "c"])
    assert out[["source_id", "ref"]].values.tolist() == [["c", 1], ["a", 2], ["b", 3]]


def test_reference_line_comes_from_the_same_publisher_and_method_or_not_at_all():
    series = pd.DataFrame(
        [
            {"series_id": "mic-p", "indicator": "de_share", "scope": "province",
             "publisher_en": "MIC", "method_en": "annual report"},
            {"series_id": "gso-n", "indicator": "de_share", "scope": "national",
             "publisher_en": "GSO", "method_en": "value added"},
        ]
    )  # fmt: skip
    # Old overview: the GSO national line was drawn over MIC bars.
    assert an.counterpart(series, "mic-p") is None
    mic_n = {"series_id": "mic-n", "indicator": "de_share", "scope": "national",
             "publisher_en": "MIC", "method_en": "annual report"}  # fmt: skip
    series = pd.concat([series, pd.DataFrame([mic_n])])
    assert an.counterpart(series, "mic-p") == "mic-n"


def test_coverage_lists_the_named_indicators_in_code_order():
    indicators = pd.DataFrame(
        {
            "indicator_id": ["de_share", "other", "ecom", "unset"],
            "set_1354_province": ["P1", "P10", "P2", None],
        }
    )
    cov = an.coverage(indicators, figs(fig(2022, 5.0), fig(2024, 6.0, kind="estimate")))
    assert list(cov.code) == ["P1", "P2", "P10"]  # P10 after P2: by number, not by text
    assert list(cov.reported) == [True, False, False]
    assert (cov.year.iloc[0], cov.figure_id.iloc[0]) == (2024, "f-s-a-2024-estimate-6.0")
    assert pd.isna(cov.year.iloc[1]) and pd.isna(cov.figure_id.iloc[1])


@pytest.mark.parametrize(
    ("value", "qualifier", "comparison", "target", "high", "higher", "expected"),
    [
        (5, "=", "<=", 10, None, False, "reached"),  # rank 5 against "top 10"
        (12, "=", "<=", 10, None, False, "short"),
        (10, "=", "<=", 10, None, False, "reached"),
        (10, "=", "<", 10, None, False, "short"),
        (36, "=", "range", 35, 40, True, "reached"),  # 35-40%: reached at 35
        (34, "=", "range", 35, 40, True, "short"),
        (30, ">", "range", 35, 40, True, "undetermined"),
        (8, "=", "range", 5, 10, False, "reached"),  # ranks 5-10: reached at 10
        (11, "=", "range", 5, 10, False, "short"),
        (20, "=", "=", 20, None, True, "reached"),
        (19.9, "<", "=", 20, None, True, "short"),
        (30.5, "=", "~", 30, None, True, "reached"),  # "khoảng 30%"
        (29.5, "=", "~", 30, None, True, "undetermined"),  # no margin is published
    ],
)
def test_relation_reads_upper_bounds_top_n_and_ranges(
    value, qualifier, comparison, target, high, higher, expected
):
    got = an.relation(value, qualifier, comparison, target, higher, high)
    assert got == expected


def test_a_range_without_its_upper_end_is_refused():
    with pytest.raises(ValueError, match="upper end"):
        an.relation(36, "=", "range", 35, True)


# --- A target year that has passed is judged on a figure of that year ------------------


def test_a_target_year_without_its_figure_is_not_yet_not_met():
    # Wrong before: a 2025 target judged 'not met' in a 2025 brief on a 2023 figure.
    out = judge(target(value=30, year=2025), figs(fig(2023, 14.0)), as_of=2025)
    assert (out["status"], out["rule"]) == ("not_enough_data", "too_few_points")


def test_a_target_year_without_its_figure_is_projected_when_the_series_allows():
    f = figs(fig(2021, 10.0), fig(2022, 12.0), fig(2023, 14.0))
    out = judge(target(value=20, year=2025), f, as_of=2025)
    assert (out["status"], out["rule"]) == ("behind", "projection")
    assert out["projected"] == pytest.approx(18.0)


def test_a_later_figure_short_of_a_past_target_is_not_met():
    out = judge(target(value=30, year=2023), figs(fig(2024, 14.0)), as_of=2025)
    assert (out["status"], out["rule"]) == ("not_met", "past_due")


# --- Targets follow the territory -----------------------------------------------------------


def _targets(*rows):
    base = {"series": "s-a", "comparison": ">=", "value_high": None, "unit": "%", "inferred": ""}
    return pd.DataFrame([{**base, **r} for r in rows])


INDICATORS = pd.DataFrame({"indicator_id": ["de_share"], "higher_is_better": [True]})


def test_a_merged_units_former_provinces_targets_are_shown_and_judged_on_their_own_figures():
    # Wrong before: a merged unit showed none of its former provinces' targets.
    t = _targets(
        {"target_id": "a", "basis": "63", "province_code": "27", "province": "Former A",
         "indicator": "de_share", "year": 2024, "value": 30.0, "set_by": "province",
         "source_id": "src-a"},
        {"target_id": "b", "basis": "63", "province_code": "24", "province": "Former B",
         "indicator": "de_share", "year": 2024, "value": 30.0, "set_by": "province",
         "source_id": "src-b"},
    )  # fmt: skip
    fa = figs(fig(2024, 40.0, province_code="27"))
    fb = figs(fig(2024, 20.0, province_code="24"))
    unit = fb.iloc[0:0]
    card = an.scorecard(
        t, INDICATORS, [("24", "34", unit), ("27", "63", fa), ("24", "63", fb)], as_of=2025
    )
    got = dict(zip(card.target_id, card.status, strict=True))
    assert got == {"a": "met", "b": "not_met"}  # each only against its own figures
    assert card.set_index("target_id").owner.to_dict() == {"a": "Former A", "b": "Former B"}


def test_national_targets_are_benchmarks_for_the_area_only():
    t = _targets(
        {"target_id": "n", "basis": "national", "province_code": "VN", "province": "Việt Nam",
         "indicator": "de_share", "year": 2025, "value": 20.0, "set_by": "national",
         "source_id": "src-n", "series": "gso"},
    )  # fmt: skip
    card = an.scorecard(t, INDICATORS, [("38", "34", figs(fig(2024, 25.0)))], as_of=2025)
    assert card[["status", "rule"]].values.tolist() == [["above", "benchmark"]]
    country = figs(fig(2022, 12.0, series="gso"), fig(2023, 12.5, series="gso"),
                   fig(2024, 13.0, series="gso"))  # fmt: skip
    card = an.scorecard(t, INDICATORS, [("VN", "national", country)], as_of=2025)
    assert card[["status", "rule"]].values.tolist() == [["behind", "projection"]]


def test_a_former_provinces_average_is_its_headline_where_it_has_no_single_year():
    # Wrong before: Gia Lai's finding said no share was published; its former province Bình
    # Định's table row gave an average over 2020-2023 (SYNTHETIC values here).
    avg = fig(2023, 5.5, period="2020-2023", period_type="average", province_code="37")
    former = figs(avg, fig(2022, 29.0, indicator="dti_rank", province_code="37"))
    scope = pd.Series({"s-a": "province"})
    got = an.headline(figs(fig(2022, 1.0)).iloc[0:0], former, "de_share", scope)
    assert got[["period", "period_type", "role"]].values.tolist() == [
        ["2020-2023", "average", "former"]
    ]
    own = an.headline(figs(avg), former.iloc[0:0], "de_share", scope)
    assert own.role.tolist() == ["area"]


def test_the_scorecard_keeps_the_base_of_the_rank_it_compares():
    # Wrong before: the targets table wrote a rank compared as "9", without "/63".
    t = _targets(
        {"target_id": "r", "basis": "63", "province_code": "38", "province": "Synthetic",
         "indicator": "dti_rank", "year": 2025, "value": 15.0, "comparison": "<=",
         "unit": "rank", "set_by": "province", "source_id": "src-r", "series": "s-a"},
    )  # fmt: skip
    ranked = figs(fig(2023, 9.0, indicator="dti_rank", unit="rank", rank_base=63))
    ranks = pd.DataFrame({"indicator_id": ["dti_rank"], "higher_is_better": [False]})
    card = an.scorecard(t, ranks, [("38", "63", ranked)], as_of=2025)
    assert card[["status", "rank_base"]].values.tolist() == [["met", 63]]
    unranked = an.scorecard(t, ranks, [("38", "63", ranked.iloc[0:0])], as_of=2025)
    assert unranked.rank_base.isna().all()


# --- The territory, the country beside it, the headline figures -------------------------


def _all():
    return figs(
        fig(2022, 5.0, province_code="38", basis="63"),
        fig(2024, 6.0, province_code="38", basis="34", series="s-34"),
        fig(2022, 40.0, province_code="24", basis="63", province="Former B"),
        fig(2022, 55.0, province_code="27", basis="63", province="Former A"),
    )


def test_an_unchanged_territory_has_the_figures_of_both_maps():
    f, former = an.territory(_all(), "38", "34", ["38"], "63", True, 2025)
    assert sorted(f.value) == [5.0, 6.0] and former.empty


def test_a_merged_unit_keeps_its_former_provinces_apart():
    f, former = an.territory(_all(), "24", "34", ["24", "27"], "63", False, 2025)
    assert f.empty and sorted(former.value) == [40.0, 55.0]


def test_headline_gives_the_former_provinces_side_by_side_when_the_unit_has_none():
    # Wrong before: "no digital-economy share has been published" beside a table showing two.
    f, former = an.territory(_all(), "24", "34", ["24", "27"], "63", False, 2025)
    scope = pd.Series({"s-a": "province", "s-34": "province"})
    rows = an.headline(f, former, "de_share", scope)
    assert rows.role.tolist() == ["former", "former"]
    assert dict(zip(rows.province, rows.value, strict=True)) == {"Former B": 40.0, "Former A": 55.0}
    own = an.headline(
        *an.territory(_all(), "38", "34", ["38"], "63", True, 2025), "de_share", scope
    )
    assert own.role.tolist() == ["area"] and own.value.tolist() == [6.0]


def test_the_national_series_is_the_one_with_most_years():
    f = figs(
        fig(2021, 12.0, series="gso", basis="national", province_code="VN"),
        fig(2022, 12.1, series="gso", basis="national", province_code="VN"),
        fig(2022, 14.0, series="mic", basis="national", province_code="VN"),
    )
    assert an.national_series(f, "de_share", 2025) == "gso"
    assert an.national_series(f, "dti_rank", 2025) is None


def test_a_movement_needs_three_editions():
    two = an.history(figs(fig(2021, 59.0), fig(2024, 25.0)), "de_share", "s-a")
    assert an.movement(two) == {"points": 2, "rule": "too_few_points"}
    three = an.history(figs(fig(2021, 59.0), fig(2022, 40.0), fig(2024, 25.0)), "de_share", "s-a")
    m = an.movement(three)
    assert (m["rule"], m["first"].value, m["last"].value, m["points"]) == ("movement", 59, 25, 3)


def test_rank_bases_come_from_the_series_or_its_edition():
    f = figs(
        fig(2022, 3.0, series="ebi"), fig(2024, 4.0, series="ebi"), fig(2022, 9.0, series="dti")
    )
    series = pd.DataFrame({"series_id": ["ebi", "dti"], "rank_base": pd.array([None, 63], "Int64")})
    editions = pd.DataFrame({"series": ["ebi"], "period": ["2022"], "units_ranked": [56]})
    got = an.rank_bases(f, series, editions)
    assert got.tolist()[0] == 56 and pd.isna(got.tolist()[1]) and got.tolist()[2] == 63


def test_a_comparison_table_is_the_latest_complete_one():
    def table(n, of, unit="rank"):
        return pd.DataFrame({"of": [of] * n, "unit": [unit] * n})

    chosen = an.comparison_tables(
        {("r", 2024): table(12, 63), ("r", 2022): table(63, 63), ("s", 2023): table(9, 9, "%")}
    )
    assert list(chosen) == ["r"] and len(chosen["r"]) == 63  # 9 shares are too few


def test_coverage_names_the_former_provinces_that_report_an_indicator():
    # Wrong before: a merged unit's coverage ignored what its former provinces report.
    indicators = pd.DataFrame(
        {"indicator_id": ["de_share", "ecom"], "set_1354_province": ["P1", "P2"]}
    )
    former = figs(fig(2022, 40.0, province="Former B", province_code="24"),
                  fig(2022, 55.0, province="Former A", province_code="27"))  # fmt: skip
    cov = an.coverage(indicators, former.iloc[0:0], former)
    assert cov.reported.tolist() == [False, False]
    assert cov.former.tolist() == [["Former B", "Former A"], []]


def test_a_finding_holds_each_series_the_country_and_says_what_compares():
    series = pd.DataFrame(
        {
            "series_id": ["mic-63", "mic-vn", "pso", "gso"],
            "scope": ["province", "national", "province", "national"],
            "indicator": ["de_share"] * 4,
            "publisher_en": ["MIC", "MIC", "PSO", "GSO"],
            "method_en": ["m", "m", "p", "g"],
            "years_compare": [True, True, True, True],
        }
    )
    area = figs(fig(2022, 6.0, series="pso"), fig(2023, 7.0, series="pso"))
    gso = [fig(y, 12.0 + y % 10, series="gso", basis="national", province_code="VN")
           for y in (2020, 2021, 2022, 2023)]  # fmt: skip
    country = figs(*gso, fig(2022, 14.0, series="mic-vn", basis="national", province_code="VN"))
    out = an.finding(area, area.iloc[0:0], country, "de_share", series, 2025)
    assert [o["series"] for o in out["own"]] == ["pso"] and out["counterpart"] is None
    assert out["own"][0]["latest"].value == 7.0
    assert out["own"][0]["movement"]["rule"] == "too_few_points"
    assert out["national"]["series"] == "gso" and out["national"]["movement"]["points"] == 4
    assert out["national"]["comparable"] is False  # another publisher and method
    mic = figs(fig(2022, 40.0, series="mic-63"))
    out = an.finding(mic, mic.iloc[0:0], country, "de_share", series, 2025)
    assert out["national"]["comparable"] is False  # GSO: the country's series, most years
    assert out["counterpart"].value == 14.0  # MIC's own national figure, the same method


def test_no_movement_is_stated_for_a_series_whose_editions_are_rescaled():
    # Wrong before: "EBI mean score from 20.4 in 2022 to 9.3 in 2025", editions rescaled.
    series = pd.DataFrame({"series_id": ["ebi", "ebi-vn"], "scope": ["province", "national"],
                           "indicator": ["ebi_rank", "ebi_mean_score"], "publisher_en": ["V", "V"],
                           "method_en": ["r", "s"], "years_compare": [True, False]})  # fmt: skip
    area = figs(fig(2025, 14.0, series="ebi", indicator="ebi_rank", unit="rank"))
    means = ((2022, 20.4), (2023, 19.2), (2025, 9.3))
    country = figs(*(fig(y, v, series="ebi-vn", indicator="ebi_mean_score", basis="national",
                         province_code="VN") for y, v in means))  # fmt: skip
    out = an.finding(area, area.iloc[0:0], country, "ebi_rank", series, 2025)
    assert out["national"]["movement"] == {"points": 3, "rule": "years_do_not_compare"}
    assert out["national"]["indicator"] == "ebi_mean_score"


def test_the_latest_complete_table_ranks_every_unit():
    rows = [fig(2022, float(i), series="r", unit="rank", province_code=f"{i:02d}") for i in (1, 2)]
    rows += [fig(2023, 1.0, series="r", unit="rank", province_code="01")]  # one of two: not whole
    series = pd.DataFrame({"series_id": ["r"], "rank_base": pd.array([2], "Int64")})
    assert an.latest_complete(figs(*rows), series, ["r"]) == ("r", 2022)
    assert an.latest_complete(figs(*rows[2:]), series, ["r"]) is None


def test_a_distribution_needs_ten_provinces_in_a_year():
    values = figs(*[fig(2022, 0.5, province_code=f"{i:02d}") for i in range(10)],
                  *[fig(2023, 0.5, province_code=f"{i:02d}") for i in range(9)])  # fmt: skip
    assert an.distribution_years(values) == [2022]


def test_grdp_weights_come_from_the_map_of_the_shares():
    # Wrong before: the overview always weighted with the 63-province GRDP.
    f = figs(
        fig(2024, 100.0, indicator="grdp", basis="63", province_code="27"),
        fig(2024, 300.0, indicator="grdp", basis="34", province_code="24"),
        fig(2024, 290.0, indicator="grdp", basis="34", province_code="24", kind="estimate"),
    )
    assert an.grdp_weights(f, "34", 2024).to_dict() == {"24": 300.0}
    assert an.grdp_weights(f, "63", 2024).to_dict() == {"27": 100.0}
