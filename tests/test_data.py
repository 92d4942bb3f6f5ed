"""The curated dataset: completeness, provenance, and every rejection of the loader."""

import shutil
import unicodedata

import pandas as pd
import pytest

from helpers import data, numbers, provinces

from conftest import DATA

# --- the real data -----------------------------------------------------------------


def test_real_data_loads(dataset):
    assert len(dataset.figures) >= 50
    assert set(dataset.figures["kind"]) <= set(data.KINDS)
    assert dataset.fingerprint == data.fingerprint(DATA)


def test_every_figure_and_target_has_a_source_row(dataset):
    known = set(dataset.sources["source_id"])
    assert set(dataset.figures["source_id"]) <= known
    assert set(dataset.targets["source_id"]) <= known


def test_every_published_text_round_trips(dataset):
    for frame in (dataset.figures, dataset.targets):
        for row in frame.itertuples():
            pub = numbers.parse_published(row.published_text, row.number_format)
            factor = numbers.unit_of(pub.unit)[1] if pub.unit else 1.0
            assert pub.value * factor == pytest.approx(row.value), row.published_text


def test_article_texts_are_verbatim(dataset, shared_dir):
    """A figure taken from an article quotes the article's own words."""
    for source in dataset.sources.itertuples():
        if not source.read_at.startswith("shared/sources/"):
            continue
        path = shared_dir.parent / source.read_at.split(";")[0].strip()
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        rows = pd.concat(
            [
                dataset.figures.loc[dataset.figures.source_id == source.source_id],
                dataset.targets.loc[dataset.targets.source_id == source.source_id],
            ]
        )
        assert len(rows) > 0
        for published in rows["published_text"]:
            assert published in text, published


def test_every_article_figure_recorded(dataset):
    f = dataset.figures
    th = f[f.source_id == "art-000-thanh-hoa"]
    ht = f[f.source_id == "art-003-ha-tinh"]
    assert set(th.value) >= {
        11.9,
        102,
        80,
        22,
        850,
        105815,
        854000,
        850000,
        152,
        11361,
        6500,
        100,
        333015,
        40.5,
        11369,
        95.8,
    }
    assert set(ht.value) >= {250, 20, 6.27, 7.2, 5000, 100, 7112, 91}
    t = dataset.targets
    assert set(t[t.source_id == "art-000-thanh-hoa"].value) == {100, 150}
    assert set(t[t.source_id == "art-003-ha-tinh"].value) == {100}


def test_repeated_figures_counted_once(dataset):
    f = dataset.figures
    th = f[f.source_id == "art-000-thanh-hoa"]
    assert (th.value == 105815).sum() == 1  # printed twice in the article
    assert (th.value == 850).sum() == 1  # printed twice
    assert ((th.indicator == "enterprises_on_digital_platforms") & (th.value == 6500)).sum() == 1


def test_cashless_conflict_kept_and_resolved(dataset):
    rows = dataset.figures[dataset.figures.indicator == "cashless_accounts"]
    assert sorted(rows.value) == [850000, 854000]
    used = rows[rows.preferred]
    assert list(used.value) == [854000]
    assert all(rows.note.str.len() > 20)


def test_both_tone_mark_spellings_land_on_one_province(dataset):
    th = dataset.figures[dataset.figures.source_id == "art-000-thanh-hoa"]
    assert {"Thanh Hóa", "Thanh Hoá"} <= set(th.name_as_published)
    assert set(th.province_code) == {"38"}


def test_national_series_and_targets(dataset):
    vn = dataset.figures[(dataset.figures.province_code == "VN")]
    gso = vn[vn.series == "gso-2025"].sort_values("year")
    assert list(gso.year) == [2020, 2021, 2022, 2023, 2024]
    assert list(gso.value) == [12.66, 12.87, 12.83, 12.87, 13.17]
    de = vn[vn.indicator == "de_share"]
    assert set(de.series) == {
        "gso-2025",
        "gso-2024",
        "gso-2023-trial",
        "mic-2022",
        "unnamed",
        "policy-estimate",
    }
    assert set(de[~de.preferred].series) >= {"gso-2024", "gso-2023-trial", "unnamed"}
    t = dataset.targets.set_index("target_id")
    assert (t.loc["t411-01", "value"], t.loc["t411-01", "comparison"]) == (20, "=")
    assert (t.loc["t411-03", "value"], t.loc["t411-03", "comparison"]) == (10, ">")


def test_successor_of_merged_province(dataset):
    bg = dataset.figures[dataset.figures.province == "Bắc Giang"].iloc[0]
    assert bg.successor_name == "Bắc Ninh"


# --- rejections: each a small bad copy of the data ----------------------------------


@pytest.fixture
def bad_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, prefix):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(prefix):
            return n
    raise AssertionError(prefix)


def _problems(bad_dir):
    with pytest.raises(data.DataError) as err:
        data.load(bad_dir)
    return err.value.problems, str(err.value)


def test_rejects_missing_column(bad_dir):
    f = bad_dir / "figures.csv"
    _edit(f, "figure_id,province_code,", "figure_id,code,")
    probs, msg = _problems(bad_dir)
    assert any(p.column == "province_code" and p.message == "missing column" for p in probs)
    assert "figures.csv, line 1, column 'code': unexpected column" in msg


def test_rejects_extra_column(bad_dir):
    f = bad_dir / "sources.csv"
    _edit(f, "kind,note\n", "kind,note,extra\n")
    _, msg = _problems(bad_dir)
    assert "sources.csv, line 1, column 'extra': unexpected column" in msg


def test_rejects_unknown_province(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "th-01,")
    _edit(f, "th-01,38,Thanh Hóa,Thanh Hóa,", "th-01,38,Thanh Hóa,Thanh Hoaa,")
    probs, msg = _problems(bad_dir)
    assert f"figures.csv, line {line}, column 'name_as_published'" in msg
    assert "closest matches: Thanh Hóa" in msg


def test_rejects_unknown_province_code(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "th-01,")
    _edit(f, "th-01,38,", "th-01,99,")
    _, msg = _problems(bad_dir)
    assert f"figures.csv, line {line}, column 'province_code': unknown province code '99'" in msg


def test_rejects_unknown_indicator(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "th-02,")
    _edit(f, "enterprise_training_classes,2022-2023", "training_klasses,2022-2023")
    _, msg = _problems(bad_dir)
    assert f"line {line}, column 'indicator': unknown indicator 'training_klasses'" in msg


def test_rejects_source_without_row(bad_dir):
    f = bad_dir / "targets.csv"
    line = _line_of(f, "t411-01,")
    _edit(f, "20,en,qd-411-ttg-2022,", "20,en,qd-999,")
    _, msg = _problems(bad_dir)
    assert f"targets.csv, line {line}, column 'source_id': no source 'qd-999'" in msg


def test_rejects_value_not_a_number(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "ht-03,")
    _edit(f, "2022,actual,6.27,%", '2022,actual,"6,27",%')
    _, msg = _problems(bad_dir)
    assert f"figures.csv, line {line}, column 'value': '6,27' is not a plain number" in msg


def test_rejects_unit_disagreeing_with_indicator(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "th-02,")
    _edit(f, "actual,102,count,", "actual,102,%,")
    _, msg = _problems(bad_dir)
    assert f"line {line}, column 'unit': '%' disagrees with indicator" in msg


def test_rejects_duplicate_without_note(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "th-08,")
    text = f.read_text(encoding="utf-8").splitlines()
    row = text[line - 1]
    text[line - 1] = row[: row.index("art-000-thanh-hoa,false,")] + "art-000-thanh-hoa,false,"
    f.write_text("\n".join(text) + "\n", encoding="utf-8")
    _, msg = _problems(bad_dir)
    assert f"line {line}, column 'note': duplicate figure" in msg
    assert "without a note saying which one is used" in msg


def test_rejects_duplicate_with_two_preferred(bad_dir):
    f = bad_dir / "figures.csv"
    _edit(f, "art-000-thanh-hoa,false,", "art-000-thanh-hoa,true,")
    _, msg = _problems(bad_dir)
    assert "exactly one must be preferred (found 2)" in msg


def test_rejects_bad_comparison(bad_dir):
    f = bad_dir / "targets.csv"
    line = _line_of(f, "t411-03,")
    _edit(f, "ecommerce_retail_share,2025,>,", "ecommerce_retail_share,2025,<,")
    _, msg = _problems(bad_dir)
    assert f"targets.csv, line {line}, column 'comparison': '<': must be one of: >, >=, =" in msg


def test_rejects_value_differing_from_published_text(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "th-14,")
    _edit(f, "actual,333015,count", "actual,333016,count")
    _, msg = _problems(bad_dir)
    assert f"line {line}, column 'value': '333016' differs" in msg or (
        f"line {line}, column 'value'" in msg and "333.015" in msg
    )


def test_rejects_share_above_100_and_negative_count(bad_dir):
    f = bad_dir / "figures.csv"
    _edit(
        f,
        "ht-04,42,Hà Tĩnh,Hà Tĩnh,de_share,2023,actual,7.2,",
        "ht-04,42,Hà Tĩnh,Hà Tĩnh,de_share,2023,actual,172,",
    )
    _edit(f, "actual,102,count,=,102 lớp", "actual,-102,count,=,-102 lớp")
    _, msg = _problems(bad_dir)
    assert "172 is not a share (0-100)" in msg
    assert "-102: a count cannot be negative" in msg


def test_rejects_bad_quoting(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "th-03,")
    _edit(f, "th-03,38,Thanh Hóa,", 'th-03,38,"Thanh" Hóa,')
    _, msg = _problems(bad_dir)
    assert f"figures.csv, line {line}: malformed CSV" in msg
    assert "string" not in msg  # no schema noise from a file that could not be read


def test_rejects_ragged_row(bad_dir):
    f = bad_dir / "figures.csv"
    line = _line_of(f, "th-04,")
    _edit(f, "th-04,38,Thanh Hóa,", "th-04,38,Thanh Hóa,extra,")
    _, msg = _problems(bad_dir)
    assert f"figures.csv, line {line}: 17 fields where the header has 16" in msg


def test_rejects_wrong_encoding(bad_dir):
    f = bad_dir / "sources.csv"
    f.write_bytes(f.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    _, msg = _problems(bad_dir)
    assert "sources.csv, line 2: not UTF-8 text" in msg


def test_rejects_missing_file(bad_dir):
    (bad_dir / "targets.csv").unlink()
    _, msg = _problems(bad_dir)
    assert "targets.csv: file not found" in msg


def test_line_numbers_survive_multiline_fields(bad_dir):
    f = bad_dir / "sources.csv"
    _edit(f, '"Figures cover 2022-2023', '"Figures cover\n2022-2023')
    line = _line_of(f, "qd-411-ttg-2022,")
    _edit(f, "qd-411-ttg-2022,", "QD 411,")
    _, msg = _problems(bad_dir)
    assert f"sources.csv, line {line}, column 'source_id'" in msg


def test_every_problem_reported_at_once(bad_dir):
    f = bad_dir / "figures.csv"
    _edit(f, "actual,102,count,", "actual,102,%,")
    _edit(f, "th-01,38,", "th-01,99,")
    probs, _ = _problems(bad_dir)
    assert len(probs) >= 2


def test_province_names_are_canonical(dataset):
    for row in dataset.figures.itertuples():
        if row.province_code != data.COUNTRY_CODE:
            assert provinces.resolve(row.name_as_published).name == row.province


def test_cache_follows_the_files(bad_dir):
    first = data.load(bad_dir)
    assert data.load(bad_dir).figures.equals(first.figures)  # from the cache
    f = bad_dir / "figures.csv"
    _edit(f, "actual,102,count,=,102 lớp", "actual,103,count,=,103 lớp")
    again = data.load(bad_dir)
    assert 103 in set(again.figures.value) and 102 not in set(again.figures.value)
    _edit(f, "actual,103,count,=,103 lớp", "actual,104,count,=,103 lớp")
    with pytest.raises(data.DataError, match="differs from the published text"):
        data.load(bad_dir)


def test_every_source_is_used(dataset):
    used = set(dataset.figures.source_id) | set(dataset.targets.source_id)
    # Decision 1354 is the source of the indicator set itself (indicators.csv).
    assert set(dataset.sources.source_id) - used == {"qd-1354-btttt-2022"}


def test_derived_values_left_out(dataset):
    f = dataset.figures
    ht_dti = f[(f.province_code == "42") & (f.indicator == "dti_rank")]
    assert sorted(ht_dti.year) == [2022, 2024]  # 2021 (59) and 2023 (37) are only derived
    assert 59 not in set(ht_dti.value)


def test_breadth_of_the_reference_figures(dataset):
    f = dataset.figures
    assert f.province_code.nunique() >= 30
    assert set(f.indicator) >= {"dti_rank", "dti_score", "ebi_rank", "ebi_score", "grdp"}
    dti = f[f.indicator == "dti_rank"]
    assert set(dti.series) == {"dti-63"}  # the 34-unit ranking gave no number we could record
    dn = f[(f.province_code == "48") & (f.indicator == "de_share") & (f.year == 2022)]
    assert sorted(dn.value) == [17, 17.5, 19.76]
    assert list(dn[dn.preferred & (dn.kind == "estimate")].value) == [19.76]
