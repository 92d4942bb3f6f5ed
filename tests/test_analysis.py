import pandas as pd
import pytest

from helpers import analysis


def _h(pairs):
    return pd.DataFrame(pairs, columns=["year", "value"])


@pytest.mark.parametrize(
    ("value", "comparison", "target", "higher", "expected"),
    [
        (10, ">", 10, True, False),
        (10.1, ">", 10, True, True),
        (10, ">=", 10, True, True),
        (20, "=", 20, True, True),
        (19.9, "=", 20, True, False),
        (5, ">=", 10, False, True),
    ],
)
def test_satisfies(value, comparison, target, higher, expected):
    assert analysis.satisfies(value, comparison, target, higher) is expected


def test_assess_met():
    a = analysis.assess(_h([(2023, 21.0)]), "=", 20, 2025, 2024)
    assert (a.status, a.rule, a.year, a.value) == ("met", "met", 2023, 21.0)


def test_assess_no_data():
    assert analysis.assess(_h([]), "=", 20, 2025, 2024).status == "no_data"


def test_assess_past_deadline():
    a = analysis.assess(_h([(2023, 8.0), (2024, 9.0)]), "=", 20, 2023, 2024)
    assert (a.status, a.rule) == ("behind", "past")


def test_assess_single_point_is_behind_with_its_rule():
    a = analysis.assess(_h([(2023, 8.28)]), "=", 20, 2025, 2024)
    assert (a.status, a.rule, a.points) == ("behind", "single", 1)


def test_assess_projection_on_track_and_short():
    # Synthetic series (test only): +5 points a year from 10 in 2022 reaches 25 in 2025.
    ok = analysis.assess(_h([(2022, 10.0), (2023, 15.0)]), "=", 20, 2025, 2024)
    assert (ok.status, ok.rule) == ("on_track", "projection_ok")
    assert ok.projected == pytest.approx(25.0)
    short = analysis.assess(_h([(2022, 6.27), (2023, 7.2)]), "=", 20, 2025, 2024)
    assert (short.status, short.rule) == ("behind", "projection_short")
    assert short.projected == pytest.approx(9.06)


def test_latest_prefers_newest_year(dataset):
    figs = analysis.area_figures(dataset, "42", 2024)
    row = analysis.latest(figs, "de_share")
    assert (row.year, row.value, row.series) == (2023, 7.2, "provincial")


def test_as_of_leaves_later_years_out(dataset):
    figs = analysis.area_figures(dataset, "42", 2022)
    assert analysis.latest(figs, "de_share").value == 6.27
    assert analysis.latest(figs, "ecommerce_revenue") is None


def test_area_figures_only_preferred(dataset):
    figs = analysis.area_figures(dataset, "38", 2024)
    assert list(figs[figs.indicator == "cashless_accounts"].value) == [854000]


def test_share_series_keeps_series_apart_and_gaps(dataset):
    s = analysis.share_series(dataset, "42", 2024)
    nat = s[s.area == "VN"]
    assert set(nat.series) == {analysis.NATIONAL_SERIES}
    assert list(nat.year) == [2020, 2021, 2022, 2023, 2024]
    prov = s[s.area == "42"]
    assert list(prov.year) == [2022, 2023]  # no row invented for 2020, 2021, 2024
    assert 0 not in list(prov.value)


def test_scorecard_thanh_hoa(dataset):
    sc = analysis.scorecard(dataset, "38", 2024).set_index("target_id")
    assert sc.loc["t411-01", "status"] == "behind"
    assert sc.loc["t411-01", "value"] == 8.28
    assert sc.loc["t411-05", "status"] == "no_data"
    assert sc.loc["th-t1", "scope"] == "province"
    assert set(sc.status) <= {"met", "on_track", "behind", "no_data"}


def test_coverage_lists_the_provincial_set(dataset):
    cov = analysis.coverage(dataset, "42", 2024)
    assert list(cov.code) == [f"P{i}" for i in range(1, 10)]
    assert list(cov[cov.reported].code) == ["P1"]
    assert cov.set_index("code").loc["P1", "value"] == 7.2


def test_ranking_single_series_sorted(dataset):
    rk = analysis.ranking(dataset)
    assert list(rk["rank"]) == list(range(1, len(rk) + 1))
    assert rk.iloc[0].province == "Bắc Ninh"
    assert rk.iloc[-1].province == "Quảng Ngãi"
    assert set(rk.year) == {2022}
    # Hà Tĩnh's provincial-series 2022 figure must not enter the MIC ranking.
    assert "42" not in set(rk.province_code)


def test_ranking_refuses_mixed_years(dataset):
    assert analysis.ranking(dataset, series="gso-2024").empty  # national rows only
    with pytest.raises(ValueError, match="several years"):
        analysis.ranking(dataset, series="provincial")


def test_conflicts_for_thanh_hoa(dataset):
    c = analysis.conflicts(dataset, "38")
    assert list(c.value) == [854000, 850000]
    assert list(c.preferred) == [True, False]


def test_ranking_of_published_ranks_keeps_them(dataset):
    rk = analysis.ranking(dataset, "dti-63", "dti_rank", 2022)
    assert rk.iloc[0].province == "Đà Nẵng" and rk.iloc[-1].province == "Bắc Kạn"
    tied = rk[rk["rank"] == 15]
    assert set(tied.province) == {"Thanh Hóa", "Yên Bái"}
    assert set(rk.year) == {2022}


def test_ranking_never_mixes_series(dataset):
    rk = analysis.ranking(dataset, "mic-2022", "de_share")
    dn = rk[rk.province == "Đà Nẵng"]
    assert list(dn.value) == [19.76]  # not the city's 17.5 nor the department's 17
    assert set(rk.source_id) == {"mic-annual-2022"}


def test_standings_of_thanh_hoa(dataset):
    st = analysis.standings(dataset, "38", 2024).set_index(["indicator", "year"])
    assert st.loc[("dti_rank", 2022), "position"] == 15
    assert st.loc[("dti_rank", 2023), "position"] == 11
    assert pd.isna(st.loc[("de_share", 2022), "position"])  # not in the MIC list
    assert st.loc[("de_share", 2022), "covered"] == 13
    assert (st.covered >= 5).all()


def test_rank_history(dataset):
    h = analysis.rank_history(dataset, "38", 2024)
    assert list(h.year) == [2020, 2021, 2022, 2023]
    assert list(h.value) == [15, 12, 15, 11]
    assert analysis.rank_history(dataset, "38", 2021).year.max() == 2021
