"""The curated dataset and its loader: what is read, how it is hashed, and what the data say.

Every rejection of the loader has its own case in ``test_bad_input.py``.
"""

import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
import unicodedata

import pandas as pd
import pytest

from helpers import data, numbers

from conftest import DATA

ARTICLES = {
    "art-000-thanh-hoa": "000_cb95fc2f36472ae2.txt",
    "art-003-ha-tinh": "003_10f7bcb111c61694.txt",
}


@pytest.fixture
def copy_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def fig(dataset, figure_id):
    rows = dataset.figures[dataset.figures.figure_id == figure_id]
    assert len(rows) == 1, figure_id
    return rows.iloc[0]


# --- loading ----------------------------------------------------------------------------


def test_real_data_loads(dataset):
    # Every row of every file is loaded, and each keeps the file it came from.
    def rows(name):
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            return len(list(csv.reader(fh))) - 1

    tables = sorted(p.relative_to(DATA).as_posix() for p in (DATA / "tables").glob("*.csv"))
    assert dataset.figures.file.value_counts().to_dict() == {
        name: rows(name) for name in ["figures.csv", *tables]
    }
    for frame, name in [
        (dataset.targets, "targets.csv"),
        (dataset.sources, "sources.csv"),
        (dataset.series, "series.csv"),
        (dataset.indicators, "indicators.csv"),
    ]:
        assert len(frame) == rows(name) > 0, name
    assert list(dataset.indicator_sets.set_id) == [
        "qd-1354-province",
        "qd-1354-national",
        "qd-1354-ministry",
    ]
    assert len(dataset.regions) == 63
    assert set(dataset.figures.kind) <= set(data.KINDS)
    assert dataset.figures.value.dtype == float and dataset.figures.preferred.dtype == bool
    for frame in (dataset.sources, dataset.series, dataset.figures, dataset.targets):
        assert {"file", "line"} <= set(frame.columns)
    th06 = fig(dataset, "th-06")
    assert (th06.file, th06.line) == ("figures.csv", 7)


def test_year_and_first_year(dataset):
    bd = fig(dataset, "bd-01")
    assert (bd.period, bd.period_type, bd.first_year, bd.year) == (
        "2020-2023",
        "average",
        2020,
        2023,
    )
    assert (fig(dataset, "vn-05").first_year, fig(dataset, "vn-05").year) == (2024, 2024)


def test_load_default_is_the_projects_data_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the shell's folder has no data/
    ds = data.load()
    assert ds.data_dir == DATA.resolve() == data.data_folder()
    files = [DATA / "figures.csv", *sorted((DATA / "tables").glob("*.csv"))]
    rows = sum(len(list(csv.DictReader(f.read_text(encoding="utf-8").splitlines()))) for f in files)
    assert len(ds.figures) == rows  # every row of figures.csv and tables/, none lost


def test_fingerprint_is_the_sha256_of_the_bytes_read(dataset):
    names = [n for n in data.COLUMNS if (DATA / n).is_file()]
    names += [f"tables/{p.name}" for p in sorted((DATA / "tables").glob("*.csv"))]
    digest = hashlib.sha256()
    for name in sorted(names):
        raw = (DATA / name).read_bytes()
        digest.update(name.encode() + b"\0" + str(len(raw)).encode() + b"\0" + raw)
    assert dataset.fingerprint == digest.hexdigest()
    assert data.fingerprint(data.read_files(DATA)) == dataset.fingerprint


def test_fingerprint_follows_every_byte_and_name(copy_dir):
    before = data.load(copy_dir).fingerprint
    f = copy_dir / "series.csv"
    f.write_bytes(f.read_bytes().replace(b"#0072B2", b"#0072B3", 1))
    after = data.load(copy_dir).fingerprint
    assert after != before
    files = data.read_files(copy_dir)
    renamed = {("x" + k if k == "series.csv" else k): v for k, v in files.items()}
    assert data.fingerprint(renamed) != data.fingerprint(files)


def test_each_load_reads_the_files_a_change_is_checked_again(copy_dir):
    first = data.load(copy_dir)
    f = copy_dir / "figures.csv"
    f.write_text(
        f.read_text(encoding="utf-8").replace(",102,count,=,102 lớp,", ",103,count,=,103 lớp,"),
        encoding="utf-8",
    )
    again = data.load(copy_dir)
    assert fig(first, "th-02").value == 102 and fig(again, "th-02").value == 103
    assert sorted(p.name for p in copy_dir.iterdir()) == sorted(p.name for p in DATA.iterdir())
    f.write_text(f.read_text(encoding="utf-8").replace(",103,count,", ",inf,count,"), "utf-8")
    with pytest.raises(data.DataError, match="value: 'inf' is not a finite number"):
        data.load(copy_dir)  # the same folder, other bytes: checked again, not the kept load


def test_bytes_the_batch_validated_are_not_checked_again_other_bytes_are(copy_dir):
    """In a kernel of the batch (VALIDATED set): the same tables, no checks, no pandera."""
    fp = data.load(copy_dir).fingerprint
    code = (
        "import sys, helpers.data as d\n"
        "ds = d.load(sys.argv[1])\n"
        "print(len(ds.figures), ds.figures.value.sum(), 'pandera' in sys.modules)"
    )

    def load_in_kernel(folder):
        env = {**os.environ, data.VALIDATED: fp}
        argv = [sys.executable, "-c", code, str(folder)]
        return subprocess.run(argv, env=env, capture_output=True, text=True)

    valid = data.load(copy_dir)
    res = load_in_kernel(copy_dir)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == [str(len(valid.figures)), str(valid.figures.value.sum()), "False"]
    f = copy_dir / "figures.csv"
    f.write_text(f.read_text(encoding="utf-8").replace(",102,count,", ",inf,count,"), "utf-8")
    res = load_in_kernel(copy_dir)  # other bytes than those validated: checked
    assert res.returncode != 0 and "value: 'inf' is not a finite number" in res.stderr


def test_same_bytes_again_each_call_gets_its_own_tables(copy_dir):
    first = data.load(copy_dir)
    first.figures["value"] = 0.0  # a cell of one brief changes its tables
    first.series["colour"] = "changed in a cell"
    again = data.load(copy_dir)
    assert again.figures["value"].sum() > 0 and (again.series.colour != "changed in a cell").all()
    assert again.fingerprint == first.fingerprint


def test_tables_are_read_with_the_figures(copy_dir):
    tables = copy_dir / "tables"
    tables.mkdir(exist_ok=True)
    header = ",".join(data.FIGURE_COLUMNS)
    # SYNTHETIC test row: not a published figure.
    row = (
        "syn-01,63,02,Hà Giang,Hà Giang,dti_rank,dti-63-rank,2021,year,actual,40,rank,=,40,vi,"
        "dti-2021-report,true,Dòng thử nghiệm (không phải số liệu công bố).,SYNTHETIC test row."
    )
    (tables / "dti-63-test.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    ds = data.load(copy_dir)
    got = fig(ds, "syn-01")
    assert (got.file, got.line, got.value, got.series) == (
        "tables/dti-63-test.csv",
        2,
        40.0,
        "dti-63-rank",
    )
    assert "tables/dti-63-test.csv" in data.read_files(copy_dir)
    # a problem in a table names the table's file
    (tables / "dti-63-test.csv").write_text(
        f"{header}\n{row.replace(',40,rank', ',nan,rank')}\n", encoding="utf-8"
    )
    with pytest.raises(data.DataError) as err:
        data.load(copy_dir)
    assert "tables/dti-63-test.csv:2: value: 'nan' is not a finite number" in [
        str(p) for p in err.value.problems
    ]


def test_a_table_with_a_figure_id_of_figures_csv(copy_dir):
    tables = copy_dir / "tables"
    tables.mkdir(exist_ok=True)
    lines = (copy_dir / "figures.csv").read_text(encoding="utf-8").splitlines()
    n = next(i for i, ln in enumerate(lines, start=1) if ln.startswith("th-26,"))
    header = ",".join(data.FIGURE_COLUMNS)
    (tables / "dup.csv").write_text(f"{header}\n{lines[n - 1]}\n", encoding="utf-8")
    with pytest.raises(data.DataError) as err:
        data.load(copy_dir)
    problems = [str(p) for p in err.value.problems]
    assert (
        f"tables/dup.csv:2: figure_id: duplicate id 'th-26' (first at figures.csv:{n})" in problems
    )
    assert any(p.endswith("exactly one must be preferred (found 2)") for p in problems)


def test_header_only_table_says_no_figures(copy_dir):
    (copy_dir / "tables").mkdir(exist_ok=True)
    (copy_dir / "tables" / "empty.csv").write_text(
        ",".join(data.FIGURE_COLUMNS) + "\n", encoding="utf-8"
    )
    with pytest.raises(data.DataError) as err:
        data.load(copy_dir)
    assert [str(p) for p in err.value.problems] == ["tables/empty.csv: no figures"]


def test_regions_file_is_optional(copy_dir):
    (copy_dir / "regions.csv").unlink()
    ds = data.load(copy_dir)
    assert len(ds.regions) == 0 and list(ds.regions.columns)[:6] == data.COLUMNS["regions.csv"]


def test_data_folder_not_found(tmp_path):
    with pytest.raises(data.DataError, match="data folder not found"):
        data.load(tmp_path / "nowhere")


def test_problem_format():
    assert str(data.Problem("figures.csv", 12, "value", "bad")) == "figures.csv:12: value: bad"
    assert str(data.Problem("figures.csv", 3, None, "bad")) == "figures.csv:3: bad"
    assert str(data.Problem("figures.csv", None, None, "no figures")) == "figures.csv: no figures"


# --- what every row carries -----------------------------------------------------------------


def test_every_published_text_round_trips(dataset):
    for frame, compare in ((dataset.figures, "qualifier"), (dataset.targets, "comparison")):
        for row in frame.itertuples():
            if row.unit == "rank":  # ranks in words ("dẫn đầu", "thứ ba", "14/63")
                try:
                    assert numbers.parse_rank(row.published_text) == row.value, row.figure_id
                    continue
                except ValueError:
                    pass
            ranges = compare == "comparison"  # targets may be published as a range
            pub = numbers.parse_published(row.published_text, row.number_format, ranges=ranges)
            factor = numbers.unit_of(pub.unit)[1] if pub.unit else 1.0
            assert pub.value * factor == pytest.approx(row.value), row.published_text
            assert pub.qualifier == getattr(row, compare), row.published_text
            if pub.high is not None:  # "35–40% GRDP": the upper end is value_high
                assert pub.high * factor == pytest.approx(row.value_high), row.published_text


def test_article_texts_are_verbatim(dataset, shared_dir):
    """A figure or target taken from one of the two articles quotes the article's words."""
    for source_id, name in ARTICLES.items():
        text = unicodedata.normalize(
            "NFC", (shared_dir / "sources" / name).read_text(encoding="utf-8")
        )
        rows = pd.concat(
            [
                dataset.figures.loc[dataset.figures.source_id == source_id],
                dataset.targets.loc[dataset.targets.source_id == source_id],
            ]
        )
        assert len(rows) > 10
        for published in rows.published_text:
            assert published in text, published


def test_every_article_figure_recorded_once(dataset):
    f = dataset.figures
    th = f[f.source_id == "art-000-thanh-hoa"]
    ht = f[f.source_id == "art-003-ha-tinh"]
    assert sorted(th.value) == sorted(
        [
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
            6500,
            100,
            333015,
            40.5,
            11369,
            95.8,
        ]
    )
    assert sorted(ht.value) == sorted([250, 20, 6.27, 7.2, 5000, 100, 100, 7112, 100, 100, 91])
    t = dataset.targets
    assert sorted(t[t.source_id == "art-000-thanh-hoa"].value) == [100, 150]
    assert list(t[t.source_id == "art-003-ha-tinh"].value) == [100]


def test_every_figure_has_a_series_of_its_indicator_and_basis(dataset):
    series = dataset.series.set_index("series_id")
    for row in dataset.figures.itertuples():
        assert series.loc[row.series, "indicator"] == row.indicator
        assert series.loc[row.series, "basis"] == row.basis


def test_catch_all_series_are_gone(dataset):
    old = {
        "provincial",
        "unnamed",
        "vi",
        "en",
        "series",
        "policy-estimate",
        "mic-2022",
        "mic-dept",
        "moit",
        "vecom",
    }
    assert not old & set(dataset.figures.series)
    provincial_de = dataset.figures[
        (dataset.figures.indicator == "de_share") & (dataset.figures.basis == "63")
    ]
    assert set(provincial_de.series) == {
        "mic-annual-63",
        "mic-dept-63",
        "pso-de-63",
        "dic-da-nang",
        "tu-da-nang",
        "skhdt-binh-dinh",
    }
    # Thanh Hóa's 8.28% is of "tổng quy mô nền kinh tế", not of GRDP: its own indicator
    th = dataset.figures.set_index("figure_id").loc["th-18"]
    assert (th.indicator, th.series, th.value) == (
        "de_economy_size_share",
        "report-thanh-hoa",
        8.28,
    )


def test_series_colours_unique_and_gso_fixed(dataset):
    colours = dataset.series.colour.str.lower()
    assert colours.is_unique
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert dataset.series.set_index("series_id").loc["gso-2025", "colour"] == "#0072B2"


def test_rank_series_carry_their_base(dataset):
    s = dataset.series.set_index("series_id")
    assert (s.loc["dti-63-rank", "rank_base"], s.loc["dti-34-rank", "rank_base"]) == (63, 34)
    assert pd.isna(s.loc["ebi-rank", "rank_base"])  # varies by edition; the note says so
    assert "56" in s.loc["ebi-rank", "note_en"] and "58" in s.loc["ebi-rank", "note_en"]


def test_reader_texts_have_both_languages_and_no_paths(dataset):
    pairs = {
        "sources": ["title", "publisher"],
        "series": ["publisher", "method", "label"],
        "indicators": ["name"],
    }
    for table, bases in pairs.items():
        frame = getattr(dataset, table)
        for base in bases:
            assert (frame[f"{base}_vi"] != "").all() and (frame[f"{base}_en"] != "").all()
    for table in ("sources", "series", "indicators", "indicator_sets", "figures", "targets"):
        frame = getattr(dataset, table)
        assert ((frame.note_vi == "") == (frame.note_en == "")).all(), table
        for column in [c for c in frame.columns if c.endswith(("_vi", "_en"))]:
            assert not frame[column].str.contains("shared/|\\.txt|\\.csv", regex=True).any(), column


ENGLISH = re.compile(
    r"\b(the|and|of|not|used|source|page|figure|estimate|year|share|see|USED|NOT)\b"
)


def test_no_english_in_vietnamese_texts(dataset):
    for table in ("sources", "series", "indicators", "indicator_sets", "figures", "targets"):
        frame = getattr(dataset, table)
        for column in [c for c in frame.columns if c.endswith("_vi")]:
            for text in frame[column]:
                assert not ENGLISH.search(text), (table, column, text)


def test_urls_are_single_http_addresses(dataset):
    urls = dataset.sources.url[dataset.sources.url != ""]
    assert len(urls) >= 50
    assert urls.str.match(r"^https?://[^\s;]+$").all()
    assert (dataset.sources.set_index("source_id").loc["art-000-thanh-hoa", "url"]) == ""


# --- the audit, as facts ----------------------------------------------------------------------


def test_lower_bound_recorded_as_published(dataset):
    th06 = fig(dataset, "th-06")
    assert (th06.qualifier, th06.published_text, th06.value) == (">", "hơn 105.815 tem", 105815)
    assert (fig(dataset, "grdp-01").qualifier, fig(dataset, "grdp-05").qualifier) == (">", ">")


def test_estimates_forecasts_and_preliminary_as_worded(dataset):
    f = dataset.figures.set_index("figure_id")
    assert f.loc["vn-05", "kind"] == "estimate"  # GSO 6/1/2025: "Năm 2024, ước tính…"
    assert f.loc[["vn-01", "vn-02", "vn-03", "vn-04"], "kind"].eq("actual").all()
    assert f.loc[["ht-01", "ht-02"], "kind"].eq("forecast").all()  # "Dự kiến doanh thu…"
    mic = f[f.series.isin(["mic-annual-63", "mic-annual-vn"])]
    assert len(mic) == 15 and mic.kind.eq("preliminary").all()  # "ước tính sơ bộ"
    assert f.loc["vn-13", "kind"] == "preliminary"  # "Theo đánh giá sơ bộ"
    assert (f.loc["grdp-05", "kind"], f.loc["vn-15", "kind"], f.loc["vn-15", "qualifier"]) == (
        "estimate",
        "estimate",
        "=",
    )  # "ước đạt" is a kind, not "about"
    for row in dataset.figures[dataset.figures.unit != "rank"].itertuples():
        kind = numbers.parse_published(row.published_text, row.number_format).kind
        assert kind in ("", row.kind), row.figure_id


def test_study_percentage_dated_by_its_plan(dataset):
    ht11 = fig(dataset, "ht-11")
    assert (ht11.period, ht11.period_type, ht11.value) == ("2022", "to_date", 91)
    assert "18/2/2022" in ht11.note_vi and "18 February 2022" in ht11.note_en


def test_mis_dated_ranking_moved_to_its_edition(dataset):
    # ebi-16 of the old figures.csv, now the row of the complete EBI 2022 table
    ebi16 = fig(dataset, "ebi63-2022-68-rank")
    assert (ebi16.province, ebi16.year, ebi16.value, ebi16.source_id) == (
        "Lâm Đồng",
        2022,
        20,
        "thcl-ebi-2022",
    )
    lam = dataset.figures[
        (dataset.figures.province_code == "68") & (dataset.figures.indicator == "ebi_rank")
    ]
    assert sorted(zip(lam.year, lam.value, strict=True)) == [(2022, 20), (2025, 8)]


def test_periods_say_what_they_are(dataset):
    f = dataset.figures.set_index("figure_id")
    assert f.loc["th-01", ["period", "period_type"]].tolist() == ["2022-2023", "total"]
    assert f.loc["bd-01", "period_type"] == "average"
    assert f.loc[["th-07", "ht-05", "th-34"], "period_type"].eq("to_date").all()


def test_targets_set_by_and_inferred(dataset):
    t = dataset.targets.set_index("target_id")
    assert t[t.source_id == "qd-411-ttg-2022"].set_by.eq("national").all()
    assert (t.loc["t411-01", "value"], t.loc["t411-01", "comparison"]) == (20, "=")
    assert (t.loc["t411-03", "value"], t.loc["t411-03", "comparison"]) == (10, ">")
    # no document says in which series its target is measured: national de_share targets
    # get GSO's official series by the rule of data/README, and say so; the others none
    national_de = t[(t.set_by == "national") & (t.indicator == "de_share")]
    assert national_de.series.eq("gso-2025").all()
    assert national_de.inferred.str.startswith("series: by rule").all()
    assert national_de.note_vi.str.contains("suy ra").all()
    # DTI targets (the index or a pillar) get the DTI of their map by the same rule; every
    # other indicator none
    others = t[t.indicator != "de_share"]
    dti = others[others.indicator.str.startswith("dti_")]
    assert len(dti) and all(
        s.startswith(f"dti-{b}-") for s, b in zip(dti.series, dti.basis, strict=True)
    )
    assert (dti.series.map(dataset.series.set_index("series_id").indicator) == dti.indicator).all()
    assert dti.inferred.str.startswith("series: by rule").all()
    assert others[~others.indicator.str.startswith("dti_")].series.eq("").all()
    assert (t.loc["t411-13", "comparison"], t.loc["t411-13", "value"]) == (">=", 10)  # tối thiểu
    assert t.loc["ncdt-01", "source_id"] == "ncdt-plan-2023"  # not filed under Decision 411
    assert t.loc["bl2326-01", ["comparison", "value", "value_high"]].tolist() == ["range", 15, 20]
    assert (
        t.loc["ht-t1", "inferred"].startswith("year: 2025")
        and "suy ra" in t.loc["ht-t1", "note_vi"]
    )
    assert "basis: 34" in t.loc["dn-t1", "inferred"] and t.loc["dn-t1", "basis"] == "34"
    assert t.loc["th-t1", "inferred"].startswith("indicator:")
    assert t.loc["bn-t1", "source_id"] == "bnews-bn-2023"
    # a province's share target with no statistics named: its statistics office's, by the rule
    for tid in ("bn-t1", "hue-t1", "hue-t2"):
        assert t.loc[tid, "series"] == "pso-de-63" and "suy ra" in t.loc[tid, "note_vi"]
        assert t.loc[tid, "inferred"].startswith("series: by rule")
    own = t[t.set_by == "province"]
    assert own.basis.isin(["63", "34"]).all()


def test_source_dates_pinned(dataset):
    s = dataset.sources.set_index("source_id")
    assert s.loc["art-003-ha-tinh", "published"] == "2024-11-20"
    assert s.loc["cafef-grdp-2022", "published"] == "2023-05-15"
    assert s.loc["thcl-ebi-2022", "published"] == "2022"
    assert s.loc["art-000-thanh-hoa", "published"] == ""  # not stated: left empty


def test_repeated_figures_counted_once_and_conflict_resolved(dataset):
    f = dataset.figures
    th = f[f.source_id == "art-000-thanh-hoa"]
    assert (th.value == 105815).sum() == 1 and (th.value == 850).sum() == 1
    cash = f[f.indicator == "cashless_accounts"]
    assert sorted(cash.value) == [850000, 854000]
    assert list(cash[cash.preferred].value) == [854000]


def test_national_series(dataset):
    vn = dataset.figures[dataset.figures.basis == "national"]
    gso = vn[vn.series == "gso-2025"].sort_values("year")
    assert list(gso.year) == [2020, 2021, 2022, 2023, 2024]
    assert list(gso.value) == [12.66, 12.87, 12.83, 12.87, 13.17]
    de = vn[vn.indicator == "de_share"]
    assert not de[de.series.isin(["gso-2024", "gso-2023-trial"])].preferred.any()
    vecom = vn[vn.series == "vecom-ecommerce"].sort_values("year")
    assert list(zip(vecom.year, vecom.value, vecom.preferred, strict=True)) == [
        (2022, 8.5, True),
        (2023, 10, True),
        (2024, 12, True),
    ]


def test_dti_bases_kept_apart(dataset):
    f = dataset.figures
    dti34 = f[f.series == "dti-34-rank"].sort_values("value")
    assert list(zip(dti34.province, dti34.value, strict=True)) == [
        ("Hà Nội", 1),
        ("Huế", 2),
        ("Hải Phòng", 3),
        ("Hồ Chí Minh", 4),
        ("Thanh Hóa", 5),
        ("Điện Biên", 6),
        ("Hà Tĩnh", 7),
        ("Lào Cai", 14),
        ("Đồng Nai", 15),
        ("Khánh Hòa", 16),
        ("Đà Nẵng", 17),
        ("Gia Lai", 31),
    ]
    assert (dti34.basis == "34").all()
    ht = f[(f.province_code == "42") & (f.series == "dti-63-rank")]
    assert sorted(zip(ht.year, ht.value, strict=True)) == [
        (2022, 37),
        (2024, 25),
    ]  # 2021, 2023: derived


def test_da_nang_2022_shares_by_series(dataset):
    dn = dataset.figures[
        (dataset.figures.province_code == "48") & (dataset.figures.indicator == "de_share")
    ]
    by = {(r.series, r.year): r.value for r in dn.itertuples()}
    assert by[("mic-annual-63", 2022)] == 19.76
    assert by[("mic-dept-63", 2022)] == 17
    assert by[("tu-da-nang", 2022)] == 17.5


def test_indicator_set_of_decision_1354(dataset):
    sets = dataset.indicator_sets.set_index("set_id")
    assert sets.loc["qd-1354-province", ["size", "named"]].tolist() == [12, 9]
    assert sets.loc["qd-1354-national", ["size", "named"]].tolist() == [6, 6]
    codes = dataset.indicators.set_1354_province[dataset.indicators.set_1354_province != ""]
    assert sorted(codes, key=lambda c: int(c[1:])) == [f"P{i}" for i in range(1, 10)]


def test_related_indicators_exist_and_are_mutual(dataset):
    rel = {
        r.indicator_id: set(filter(None, r.related.split(";")))
        for r in dataset.indicators.itertuples()
    }
    assert rel["ecommerce_retail_share"] == {"online_goods_retail_share"}
    for a, bs in rel.items():
        for b in bs:
            assert a in rel[b], (a, b)


def test_every_source_is_used(dataset):
    used = (
        set(dataset.figures.source_id)
        | set(dataset.targets.source_id)
        | set(dataset.indicator_sets.source_id)
        | set(dataset.regions.source_id)
    )
    assert set(dataset.sources.source_id) == used
