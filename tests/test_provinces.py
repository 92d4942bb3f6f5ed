import csv
import os
import subprocess
import sys
import unicodedata
from collections import Counter

import pytest

from helpers import data, provinces
from helpers.errors import DataError
from helpers.provinces import UnknownProvinceError, brief_path, fold, slugify, sort_key

from conftest import DATA, ROOT

# The 11 provinces that the 2025 rearrangement left as they were (same name and code):
# every other unit has two or three predecessors.
UNCHANGED = {
    "01": "Hà Nội",
    "04": "Cao Bằng",
    "11": "Điện Biên",
    "12": "Lai Châu",
    "14": "Sơn La",
    "20": "Lạng Sơn",
    "22": "Quảng Ninh",
    "38": "Thanh Hóa",
    "40": "Nghệ An",
    "42": "Hà Tĩnh",
    "46": "Huế",
}

# The two maps as the loader gives them, from data/areas.csv and data/regions.csv.
DATASET = data.load(DATA)
PLACES = DATASET.places


# --- the two bases and the mapping -------------------------------------------------------


def test_sixty_three_former_provinces():
    areas = PLACES.former
    assert len(areas) == 63
    assert len({a.code for a in areas}) == 63
    assert len({a.slug for a in areas}) == 63
    assert {a.basis for a in areas} == {"63"}
    assert all(a.predecessors == () for a in areas)
    assert [a.code for a in areas] == sorted(a.code for a in areas)
    assert areas[0].code == "01" and areas[0].name == "Hà Nội"
    assert areas[-1].code == "96" and areas[-1].name == "Cà Mau"


def test_thirty_four_units():
    areas = PLACES.units
    assert len(areas) == 34
    assert len({a.code for a in areas}) == 34
    assert len({a.slug for a in areas}) == 34
    assert {a.basis for a in areas} == {"34"}
    assert all(a.successor_code == "" and a.successor_name == "" for a in areas)
    names = {a.code: a.name for a in areas}
    assert names["24"] == "Bắc Ninh"
    assert names["80"] == "Tây Ninh"
    assert names["52"] == "Gia Lai"
    assert names["79"] == "Hồ Chí Minh"


def test_every_former_province_maps_to_exactly_one_unit():
    unit_codes = {u.code: u.name for u in PLACES.units}
    for a in PLACES.former:
        assert a.successor_code in unit_codes
        assert a.successor_name == unit_codes[a.successor_code]
    counts = Counter(a.successor_code for a in PLACES.former)
    assert sum(counts.values()) == 63
    assert set(counts) == set(unit_codes)  # every unit has a predecessor


def test_predecessors_are_the_inverse_mapping():
    inverse: dict[str, list[str]] = {}
    for a in PLACES.former:
        inverse.setdefault(a.successor_code, []).append(a.code)
    for u in PLACES.units:
        assert u.predecessors == tuple(sorted(inverse[u.code]))
        assert tuple(p.code for p in PLACES.predecessors(u.code)) == u.predecessors
        assert all(PLACES.successor(p.code) == u for p in PLACES.predecessors(u.code))


def test_bac_ninh_and_bac_giang_merged_into_unit_bac_ninh():
    bac_ninh_63 = PLACES.resolve("Bắc Ninh", basis="63")
    bac_giang_63 = PLACES.resolve("Bắc Giang", basis="63")
    unit = PLACES.resolve("Bắc Ninh", basis="34")
    assert (bac_ninh_63.code, bac_giang_63.code, unit.code) == ("27", "24", "24")
    assert bac_ninh_63.merged and bac_giang_63.merged
    assert bac_ninh_63.successor_code == bac_giang_63.successor_code == "24"
    assert unit.predecessors == ("24", "27")
    assert [p.name for p in PLACES.predecessors("24")] == ["Bắc Giang", "Bắc Ninh"]
    assert unit.merged


def test_thanh_hoa_unit_has_one_predecessor():
    unit = PLACES.resolve("Thanh Hóa", basis="34")
    assert unit.code == "38"
    assert unit.predecessors == ("38",)
    assert not unit.merged
    assert not PLACES.resolve("Thanh Hóa", basis="63").merged
    assert PLACES.successor("38") == unit


def test_unchanged_units_are_exactly_the_eleven():
    single = {u.code: u.name for u in PLACES.units if len(u.predecessors) == 1}
    assert single == UNCHANGED
    assert all(u.predecessors == (u.code,) for u in PLACES.units if u.code in UNCHANGED)
    assert sum(a.merged for a in PLACES.former) == 63 - 11
    assert sum(u.merged for u in PLACES.units) == 34 - 11


@pytest.mark.parametrize(
    ("old", "unit_code", "unit_name"),
    [
        ("Vĩnh Phúc", "25", "Phú Thọ"),
        ("Hòa Bình", "25", "Phú Thọ"),
        ("Quảng Bình", "44", "Quảng Trị"),
        ("Bình Dương", "79", "Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "79", "Hồ Chí Minh"),
        ("Long An", "80", "Tây Ninh"),
        ("Bình Định", "52", "Gia Lai"),
        ("Hải Dương", "31", "Hải Phòng"),
    ],
)
def test_successors(old, unit_code, unit_name):
    a = PLACES.resolve(old, basis="63")
    assert a.merged
    assert (a.successor_code, a.successor_name) == (unit_code, unit_name)
    assert PLACES.successor(a.code).name == unit_name


def test_hcm_unit_predecessors():
    assert [p.name for p in PLACES.predecessors("Hồ Chí Minh")] == [
        "Bình Dương",
        "Bà Rịa - Vũng Tàu",
        "Hồ Chí Minh",
    ]


def test_full_names():
    assert PLACES.resolve("38", basis="63").full_name == "Tỉnh Thanh Hóa"
    assert PLACES.resolve("48", basis="34").full_name == "Thành phố Đà Nẵng"
    assert PLACES.resolve("01", basis="34").full_name == "Thành phố Hà Nội"
    assert PLACES.resolve("24", basis="34").full_name == "Tỉnh Bắc Ninh"


# --- resolve ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "Thanh Hóa",
        "Thanh Hoá",  # tone mark on the other vowel
        unicodedata.normalize("NFD", "Thanh Hóa"),
        "THANH HÓA",
        "  thanh   hóa ",
        "Tỉnh Thanh Hóa",
        "thanh hoa",
        "38",
        38,
    ],
)
@pytest.mark.parametrize("basis", ["63", "34"])
def test_thanh_hoa_spellings(spelling, basis):
    a = PLACES.resolve(spelling, basis=basis)
    assert (a.code, a.name, a.slug, a.basis) == ("38", "Thanh Hóa", "thanh-hoa", basis)


@pytest.mark.parametrize(
    ("spelling", "basis", "code", "name"),
    [
        ("TP. Hồ Chí Minh", "34", "79", "Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "63", "79", "Hồ Chí Minh"),
        ("TP.HCM", "63", "79", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "34", "79", "Hồ Chí Minh"),
        ("ho chi minh", "34", "79", "Hồ Chí Minh"),
        ("Thủ đô Hà Nội", "34", "01", "Hà Nội"),
        ("TP. Đà Nẵng", "63", "48", "Đà Nẵng"),
        ("Dak Lak", "34", "66", "Đắk Lắk"),
        ("Đăk Lăk", "63", "66", "Đắk Lắk"),
        ("Bà Rịa–Vũng Tàu", "63", "77", "Bà Rịa - Vũng Tàu"),
        ("ba ria vung tau", "63", "77", "Bà Rịa - Vũng Tàu"),
        ("Bắc Ninh", "63", "27", "Bắc Ninh"),
        ("Bắc Ninh", "34", "24", "Bắc Ninh"),
        ("24", "63", "24", "Bắc Giang"),
        ("24", "34", "24", "Bắc Ninh"),
        (80, "63", "80", "Long An"),
        ("80", "34", "80", "Tây Ninh"),
    ],
)
def test_other_spellings_and_codes(spelling, basis, code, name):
    a = PLACES.resolve(spelling, basis=basis)
    assert (a.code, a.name, a.basis) == (code, name, basis)


@pytest.mark.parametrize("spelling", ["Thừa Thiên Huế", "Thừa Thiên - Huế", "thua thien hue"])
def test_thua_thien_hue(spelling):
    old = PLACES.resolve(spelling, basis="63")
    assert (old.code, old.basis) == ("46", "63")
    assert not old.merged
    assert (old.successor_code, old.successor_name) == ("46", "Huế")
    unit = PLACES.resolve(spelling, basis="34")
    assert (unit.code, unit.name, unit.predecessors) == ("46", "Huế", ("46",))


def test_basis_defaults_to_34():
    assert PLACES.resolve("Bắc Ninh").basis == "34"
    assert PLACES.resolve("Bắc Ninh").code == "24"


def test_unknown_lists_closest_matches():
    with pytest.raises(UnknownProvinceError) as err:
        PLACES.resolve("Thanh Hoaa", basis="63")
    assert err.value.suggestions[0] == "Thanh Hóa"
    assert "closest matches: Thanh Hóa" in str(err.value)


def test_former_name_on_basis_34_points_to_the_unit():
    with pytest.raises(UnknownProvinceError) as err:
        PLACES.resolve("Bắc Giang", basis="34")
    assert err.value.suggestions == ["Bắc Ninh"]
    assert "former province" in str(err.value)


def test_legacy_code_on_basis_34_is_refused_with_a_hint():
    with pytest.raises(UnknownProvinceError) as err:
        PLACES.resolve("27", basis="34")  # Bắc Ninh's legacy code; the unit Bắc Ninh is 24
    assert err.value.suggestions == ["Bắc Ninh"]


@pytest.mark.parametrize(
    "bad",
    [
        "../thanh-hoa",
        "Thanh/Hóa",
        "Thanh\\Hóa",
        "Thanh\0Hóa",
        "Thanh\nHóa",
        "..",
        "99",
        "",
        "x" * 101,
    ],
)
@pytest.mark.parametrize("basis", ["63", "34"])
def test_refuses_paths_control_characters_and_unknown_codes(bad, basis):
    with pytest.raises(UnknownProvinceError) as err:
        PLACES.resolve(bad, basis=basis)
    assert err.value.given == bad


def test_bad_basis():
    with pytest.raises(ValueError, match="basis"):
        PLACES.resolve("Thanh Hóa", basis="62")


# --- fold, slugs, collation -----------------------------------------------------------------


def test_fold():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("  Thừa Thiên   Huế ") == "thua thien hue"
    assert fold(unicodedata.normalize("NFD", "Điện Biên")) == "dien bien"
    assert fold("HỒ CHÍ MINH") == "ho chi minh"


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Thanh Hóa", "thanh-hoa"), ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"), ("../../etc", "etc")],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_refuses_empty():
    with pytest.raises(ValueError):
        slugify("..//")


def test_collation_order():
    expected = ["Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Gia Lai"]
    assert sorted(reversed(expected), key=sort_key) == expected
    assert sort_key("Bắc Giang") < sort_key("Bình Dương")
    assert sort_key("Cao Bằng") < sort_key("Đà Nẵng") < sort_key("Đắk Lắk")
    assert sort_key("Đắk Lắk") < sort_key("Điện Biên") < sort_key("Gia Lai")
    # a < ă < â and o < ô < ơ, u < ư: not the order of code points or of DUCET
    assert sorted(["Bắc Kạn", "Bạc Liêu", "Bà Rịa - Vũng Tàu"], key=sort_key) == [
        "Bà Rịa - Vũng Tàu",
        "Bạc Liêu",
        "Bắc Kạn",
    ]
    assert sort_key("Hồ Chí Minh") < sort_key("Huế") < sort_key("Hưng Yên")
    assert sort_key(unicodedata.normalize("NFD", "Đà Nẵng")) == sort_key("Đà Nẵng")


def test_units_in_vietnamese_order():
    names = [u.name for u in sorted(PLACES.units, key=lambda u: sort_key(u.name))]
    assert names[:6] == ["An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng"]
    assert names[-1] == "Vĩnh Long"


# --- brief paths --------------------------------------------------------------------------


def test_brief_paths_of_both_bases_differ_for_bac_ninh():
    unit = PLACES.resolve("Bắc Ninh", basis="34")
    old = PLACES.resolve("Bắc Ninh", basis="63")
    assert brief_path(unit, "vi") == "briefs/vi/bac-ninh.html"
    assert brief_path(old, "vi") == "briefs/vi/former/bac-ninh.html"
    assert brief_path(unit, "en") == "briefs/en/bac-ninh.html"
    assert brief_path(old, "en") == "briefs/en/former/bac-ninh.html"


def test_brief_paths_are_unique_and_safe():
    paths = [brief_path(a, lang) for a in PLACES.former + PLACES.units for lang in ("vi", "en")]
    assert len(set(paths)) == 2 * (63 + 34)
    for path in paths:
        assert path.isascii() and ".." not in path and "\\" not in path
        assert path.startswith("briefs/") and path.endswith(".html")


def test_brief_path_refuses_other_languages():
    with pytest.raises(ValueError, match="lang"):
        brief_path(PLACES.units[0], "fr")
    with pytest.raises(ValueError, match="lang"):
        brief_path(PLACES.units[0], "../vi")


# --- regions ------------------------------------------------------------------------------


def test_regions_cover_the_63_once():
    df = DATASET.regions.drop(columns=["file", "line"])
    assert list(df.columns) == [
        "region_id",
        "name_vi",
        "name_en",
        "basis",
        "province_code",
        "source_id",
    ]
    on63 = df[df["basis"] == "63"]
    assert sorted(on63["province_code"]) == sorted(a.code for a in PLACES.former)
    sizes = on63.groupby("region_id").size().to_dict()
    assert sizes == {
        "trung-du-mien-nui-phia-bac": 14,
        "dong-bang-song-hong": 11,
        "bac-trung-bo-duyen-hai-mien-trung": 14,
        "tay-nguyen": 5,
        "dong-nam-bo": 6,
        "dong-bang-song-cuu-long": 13,
    }
    assert df.groupby("region_id")["name_vi"].nunique().eq(1).all()


def test_region_of_areas():
    assert PLACES.resolve("Bắc Giang", basis="63").region_id == "trung-du-mien-nui-phia-bac"
    assert PLACES.resolve("Bắc Ninh", basis="63").region_id == "dong-bang-song-hong"
    assert PLACES.resolve("Lâm Đồng", basis="63").region_id == "tay-nguyen"
    assert PLACES.resolve("Bình Thuận", basis="63").region_id == "bac-trung-bo-duyen-hai-mien-trung"
    # No source read assigns the 34 units to regions: left empty, not derived.
    assert {u.region_id for u in PLACES.units} == {""}


def test_regions_file_names_a_source():
    with (DATA / "regions.csv").open(encoding="utf-8", newline="") as f:
        ids = {row["source_id"] for row in csv.DictReader(f)}
    assert ids == {"baobaclieu-2024-quy-hoach-vung"}


# --- data/areas.csv -----------------------------------------------------------------------


def test_areas_file_is_what_the_libraries_give(tmp_path, capsys):
    text = (DATA / "areas.csv").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    with (DATA / "areas.csv").open(encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == provinces.areas_from_libraries()
    assert provinces.main(["write-areas", str(tmp_path / "areas.csv")]) == 0
    assert (tmp_path / "areas.csv").read_bytes() == (DATA / "areas.csv").read_bytes()
    assert list(tmp_path.iterdir()) == [tmp_path / "areas.csv"]  # no temporary file left


def test_resolving_does_not_import_the_libraries():
    code = """
import sys
from helpers import data
p = data.load().places
assert p.resolve("Hà Tĩnh").code == "42"
assert p.resolve("thanh hoa").code == "38"
assert p.resolve("46", basis="63") == p.resolve("Thừa Thiên Huế", basis="63")
print(sorted(m for m in sys.modules if m.startswith(("vietnamadminunits", "vietnam_provinces"))))
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.fixture
def areas_copy(data_copy):
    """data/areas.csv in a copy of data/, which the loader is given."""
    return data_copy / "areas.csv"


# Lines of data/areas.csv: 1 the header, 2-35 the 34 units, 36-98 the 63 former provinces.
@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        ("full_name,", "fullname,", 1, "full_name"),
        ("keywords\n", "keywords,extra\n", 1, "extra"),
        ("34,01,Hà Nội,", "35,01,Hà Nội,", 2, "basis"),
        (
            "63,01,Hà Nội,Thành phố Hà Nội,01,",
            "63,01,Hà Nội,Thành phố Hà Nội,02,",
            36,
            "successor_code",
        ),
        (
            "34,01,Hà Nội,Thành phố Hà Nội,,",
            "34,01,Hà Nội,Thành phố Hà Nội,01,",
            2,
            "successor_code",
        ),
        ("63,02,Hà Giang,", "63,01,Hà Giang,", 37, "code"),  # a second 01 on basis 63
        ("34,04,Cao Bằng,", "34,4,Cao Bằng,", 3, "code"),
        ("34,11,Điện Biên,", "34,11,Cao Bằng,", 5, "name"),  # a second slug cao-bang
        ("Tỉnh Điện Biên,,tinhdienbien|dienbien\n", "Tỉnh Điện Biên\n", 5, None),  # 5 fields
        ("63,96,Cà Mau,Tỉnh Cà Mau,96,tinhcamau|camau\n", "", 97, "basis"),  # 62 former
    ],
)
def test_broken_areas_file_names_file_line_and_column(areas_copy, old, new, line, column):
    text = areas_copy.read_text(encoding="utf-8")
    assert old in text
    areas_copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        data.load(areas_copy.parent)
    problems = [(p.file, p.line, p.column) for p in err.value.problems]
    assert ("areas.csv", line, column) in problems
    assert f"areas.csv:{line}:{f' {column}:' if column else ''} " in str(err.value)


def test_missing_areas_file_is_named(areas_copy):
    areas_copy.unlink()
    with pytest.raises(DataError, match="areas.csv: file not found in ") as err:
        data.load(areas_copy.parent)
    assert str(areas_copy.parent) in str(err.value)
    assert "make areas" in str(err.value)
