"""The page helpers a brief's cells write with: Page, say/table/bullets, findings' sentences,
the targets table, the territory of an area (SYNTHETIC figures, tests only)."""

import subprocess
import sys

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from helpers import findings, provinces, show, verdicts

from conftest import places


def fig(series, year, value, unit="%", kind="actual", source="s1", province="Tỉnh A"):
    return pd.Series(  # SYNTHETIC
        {"series": series, "period": str(year), "period_type": "year", "year": year,
         "value": value, "unit": unit, "qualifier": "=", "kind": kind, "source_id": source,
         "province": province, "rank_base": None}
    )  # fmt: skip


@pytest.fixture
def page():
    return show.Page(
        "en",
        names={"de_share": "Digital-economy share", "dti_rank": "DTI rank"},
        labels={"pso": "Statistics office", "gso": "GSO", "dti": "DTI"},
        refs={"s1": 1, "s2": 2, "s3": 3},
    )


def shown(fn, *args, **kwargs):
    InteractiveShell.instance()
    with capture_output() as captured:
        fn(*args, **kwargs)
    return [o.data for o in captured.outputs]


def test_a_page_cites_only_its_sources(page):
    assert page.cite(["s3", "s1", "s3"]) == "[1, 3]"
    with pytest.raises(KeyError, match="s9"):
        page.cite(["s1", "s9"])
    sources = pd.DataFrame({"source_id": ["x", "y"], "ref": [1, 2]})
    assert page.with_sources(sources).refs == {"x": 1, "y": 2}


def test_a_page_writes_values_periods_and_listings(page):
    rows = pd.DataFrame([fig("pso", 2023, 12.5, kind="estimate"), fig("pso", 2024, 13.25)])
    assert page.values(rows) == ["12.5% (estimate)", "13.25%"]
    assert page.periods(rows) == ["2023", "2024"]
    assert page.listing(rows, lambda r: r.period) == "2023: 12.5% (estimate); 2024: 13.25%"


def test_say_table_and_bullets_escape_data_text():
    [md] = shown(show.say, "Note: {x}", x="<b>*bold*</b>")
    assert md["text/markdown"] == "Note: \\<b\\>\\*bold\\*\\</b\\>"
    [html] = shown(show.table, {"A": ["<x>"], "B": [2]}, caption="C <1>")
    assert "&lt;x&gt;" in html["text/html"] and "C &lt;1&gt;" in html["text/html"]
    [items] = shown(show.bullets, ["one [1]", "two <2>"])
    assert items["text/markdown"].splitlines() == ["- one \\[1\\]", "- two \\<2\\>"]


def test_a_series_sentence_states_a_movement_only_from_one_series(page):
    latest, first = fig("pso", 2024, 13.25), fig("pso", 2021, 10.0)
    moved = {"series": "pso", "latest": latest,
             "movement": {"rule": "movement", "points": 4, "first": first}}  # fmt: skip
    assert findings.series_sentence(page, moved) == (
        "Statistics office, year 2024: 13.25%. "
        "4 editions of one series since 2021, when it was 10%."
    )
    few = {"series": "pso", "latest": latest, "movement": {"rule": "too_few_points", "points": 2}}
    assert findings.series_sentence(page, few).endswith(
        "2 editions of this series: too few to state a movement."
    )
    rescaled = {**few, "movement": {"rule": "years_do_not_compare", "points": 3}}
    assert "do not compare" in findings.series_sentence(page, rescaled)


def test_a_headline_without_own_figures_gives_the_former_provinces_side_by_side(page):
    former = pd.DataFrame(
        [fig("pso", 2023, 8.0, source="s2", province="Tỉnh B"),
         fig("pso", 2023, 12.0, source="s3", province="Tỉnh A")]
    ).assign(role="former")  # fmt: skip
    found = {"own": [], "former": former, "national": None, "counterpart": None}
    text = findings.headline(page, "de_share", found, {"pso": "de_share"}, merged=True)
    assert text.startswith("Digital-economy share: no figure of its own")
    assert text.index("Tỉnh A 12%") < text.index("Tỉnh B 8%")  # in alphabetical order
    assert text.endswith("[2, 3]") and "added up" in text
    none = {"own": [], "former": former.iloc[0:0], "national": None, "counterpart": None}
    assert "or its former provinces" in findings.headline(page, "de_share", none, {}, True)
    assert "or its former" not in findings.headline(page, "de_share", none, {}, False)


def test_a_headline_writes_an_average_of_the_area_as_an_average(page):
    # Wrong before: an area (or former province) whose only share was an average over years
    # read "no figure has been published" above a table showing it.
    average = fig("pso", 2023, 5.56).copy()
    average[["period", "period_type", "qualifier"]] = ["2020-2023", "average", "~"]
    rows = pd.DataFrame([average]).assign(role="area")
    found = {"own": [], "former": rows, "national": None, "counterpart": None}
    text = findings.headline(page, "de_share", found, {"pso": "de_share"}, merged=False)
    assert text == "Digital-economy share: Statistics office: ~ 5.56% (average 2020–2023). [1]"


def test_a_headline_says_when_the_country_does_not_compare(page):
    own = {"series": "pso", "latest": fig("pso", 2024, 13.0),
           "movement": {"rule": "too_few_points", "points": 1}}  # fmt: skip
    national = {"series": "gso", "latest": fig("gso", 2024, 18.3, source="s2"),
                "movement": {"rule": "too_few_points", "points": 1},
                "comparable": False, "indicator": "de_share"}  # fmt: skip
    found = {"own": [own], "former": None, "national": national, "counterpart": None}
    text = findings.headline(page, "de_share", found, {"pso": "de_share"}, merged=False)
    assert "The country, according to GSO: 18.3% in 2024." in text
    assert "another publisher or method: the two are not compared" in text
    assert text.endswith("[1, 2]")


def test_standing_gives_the_region_only_where_the_rank_table_is_complete(page):
    table = pd.DataFrame(  # SYNTHETIC: 3 of 63 ranked
        {"province": ["A", "B", "C"], "is_area": [True, False, False], "position": [5, 1, 9],
         "of": [63, 63, 63], "in_region": [True, True, False], "region_position": [2, 1, 0],
         "unit": "rank", "year": 2024, "source_id": "s1"}
    )  # fmt: skip
    assert findings.standing(page, table) == "A: rank 5/63."
    complete = table.assign(of=3)
    assert findings.standing(page, complete) == (
        "A: rank 5/3. Place 2 among the 2 provinces of its region."
    )
    scores = table.assign(unit="%")
    assert findings.standing(page, scores).startswith("A: place 5 among the 3 provinces")


def test_the_targets_table_shows_a_dash_where_no_figure_compares(page):
    card = pd.DataFrame(  # SYNTHETIC scorecard rows
        {"indicator": ["de_share", "de_share"], "comparison": [">=", ">="],
         "target_value": [20.0, 30.0], "target_high": [None, None], "target_year": [2025, 2030],
         "year": [2025, 2030], "value": [13.0, None], "unit": ["%", "%"], "qualifier": ["=", "="],
         "kind": ["actual", "actual"], "period": ["2024", ""], "period_type": ["year", "year"],
         "figure_series": ["pso", None], "target_series": ["pso", "pso"],
         "status": ["behind", "no_data"], "rule": ["projection", ""], "points": [3, 0],
         "projected": [15.0, None], "inferred": ["", ""], "document_en": ["Plan X", "Plan X"],
         "source_ids": [["s1"], ["s2"]], "rank_base": [None, None]}
    )  # fmt: skip
    table = verdicts.target_table(page, card, ["Province A, 2021", "Province A, 2021"])
    assert list(table.columns) == [
        "Indicator", "Target", "Set by", "Figure compared", "Assessment", "Why", "Source"
    ]  # fmt: skip
    assert list(table["Figure compared"]) == ["13%, 2024, Statistics office", "–"]
    assert list(table["Assessment"]) == ["Behind", "No figure"]
    assert list(table["Source"]) == ["[1]", "[2]"]
    assert "Set by: Plan X." in table["Why"].iloc[0]


def test_national_targets_label_their_reference_lines():
    goals = pd.DataFrame({"value": [20.0], "unit": ["%"], "comparison": [">="], "year": [2025]})
    [(level, label)] = verdicts.target_lines(goals, "en")
    assert level == 20.0 and label.startswith("National target 2025: ") and "20%" in label


def test_the_other_map_and_the_territory_of_an_area():
    assert provinces.other_basis("34") == "63" and provinces.other_basis("63") == "34"
    with pytest.raises(ValueError):
        provinces.other_basis("64")
    bac_ninh = places().resolve("Bắc Ninh", basis="34")
    assert sorted(a.name for a in places().linked(bac_ninh)) == ["Bắc Giang", "Bắc Ninh"]
    [unit] = places().linked(places().resolve("Bắc Giang", basis="63"))
    assert unit.name == "Bắc Ninh" and unit.basis == "34"
    frame = pd.DataFrame({"name": ["Đà Nẵng", "An Giang", "Bắc Ninh", "Cà Mau"]})
    assert list(provinces.in_order(frame, "name").name) == [
        "An Giang",
        "Bắc Ninh",
        "Cà Mau",
        "Đà Nẵng",
    ]


def test_the_engine_imports_before_papermill():
    """Papermill loads its entry points on import: importing ours first must not break it."""
    code = (
        "import helpers.engine, papermill.engines as e; "
        "print(e.papermill_engines.get_engine('briefs').__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "BriefEngine"
