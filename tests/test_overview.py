"""The national overview rendered without a kernel."""

import re

import pytest

from helpers import analysis, checks
from helpers.errors import ParameterError
from helpers.overview import OVERVIEW_SECTIONS, Overview

from conftest import DATA


def _render(ov):
    parts = [
        ov.title(),
        ov.distribution(),
        ov.dti_ranking(),
        ov.coverage_matrix(),
        ov.aggregate(),
        ov.sources(),
        ov.provenance(),
    ]
    return f'<html lang="{ov.lang}"><body>' + "".join(str(p.html) for p in parts) + "</body></html>"


@pytest.fixture(scope="module")
def en():
    return _render(Overview.open("en", data_dir=DATA))


def test_overview_passes_its_checks(en):
    assert checks.check_brief(en, "en", OVERVIEW_SECTIONS) == []


def test_distribution_one_series_with_national_share(en):
    assert "13 provinces have a digital-economy share for 2022 in the MIC annual report 2022" in en
    assert "Viet Nam 2022 (GSO): 12.83%" in en


def test_aggregate_not_shown_without_every_weight(en):
    assert "No aggregate share for 2022" in en
    assert "Thái Nguyên" in en.split('id="aggregate"')[1]


def test_coverage_matrix_matches_the_data(dataset, en):
    m = analysis.coverage_matrix(dataset, 2024)
    section = en.split('id="coverage-matrix"')[1].split("</section>")[0]
    rows = re.findall(r"<tr><td>([^<]+)</td>((?:<td>[^<]*</td>)+)</tr>", section)
    assert len(rows) == len(m)
    for name, cells in rows:
        values = re.findall(r"<td>([^<]*)</td>", cells)
        assert [v == "✓" for v in values[:-1]] == list(m.loc[name]), name
        assert int(values[-1]) == int(m.loc[name].sum())
    reported = {
        r.province
        for r in dataset.figures.itertuples()
        if r.indicator == "de_share" and r.province_code != "VN" and r.preferred and r.year <= 2024
    }
    assert set(m.index[m["P1"]]) == reported


def test_weighted_share_computed_when_every_weight_is_known(dataset):
    # Provincial series, 2023: Thanh Hóa 8.28% and Hà Tĩnh 7.2%, both with a 2023 GRDP.
    value, missing = analysis.weighted_share(dataset, "provincial", 2023)
    expected = (8.28 * 279074 + 7.2 * 99686) / (279074 + 99686)
    assert missing == [] and value == pytest.approx(expected)
    value, missing = analysis.weighted_share(dataset, "provincial", 2022)
    assert value is None and missing == ["Đà Nẵng"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "de"}, "parameter 'lang'"),
        ({"series": "gso-2030"}, "parameter 'series': 'gso-2030' is not one of"),
        ({"year": 2019}, "parameter 'year': series 'mic-2022' has years [2022], not 2019"),
        ({"dti_year": 2019}, "parameter 'dti_year'"),
    ],
)
def test_bad_overview_parameters(kwargs, message):
    with pytest.raises(ParameterError, match=re.escape(message)):
        Overview.open(**({"lang": "en", "data_dir": DATA} | kwargs))
