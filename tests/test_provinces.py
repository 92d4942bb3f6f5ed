import unicodedata

import pytest

from helpers.provinces import UnknownProvinceError, all_provinces, name_key, resolve, slugify


def test_sixty_three_provinces_with_unique_codes_and_slugs():
    provs = all_provinces()
    assert len(provs) == 63
    assert len({p.code for p in provs}) == 63
    assert len({p.slug for p in provs}) == 63
    assert len({p.successor_code for p in provs}) == 34
    assert sum(p.merged for p in provs) == 63 - 34


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
def test_thanh_hoa_spellings(spelling):
    p = resolve(spelling)
    assert (p.code, p.name, p.slug) == ("38", "Thanh Hóa", "thanh-hoa")
    assert not p.merged


@pytest.mark.parametrize(
    ("spelling", "code", "name"),
    [
        ("Hà Tĩnh", "42", "Hà Tĩnh"),
        ("TP. Hồ Chí Minh", "79", "Hồ Chí Minh"),
        ("TP.HCM", "79", "Hồ Chí Minh"),
        ("TP. Đà Nẵng", "48", "Đà Nẵng"),
        ("Thừa Thiên - Huế", "46", "Huế"),
        ("Bà Rịa - Vũng Tàu", "77", "Bà Rịa - Vũng Tàu"),
    ],
)
def test_other_spellings(spelling, code, name):
    p = resolve(spelling)
    assert (p.code, p.name) == (code, name)


@pytest.mark.parametrize(
    ("old", "successor"),
    [("Bắc Giang", "Bắc Ninh"), ("Vĩnh Phúc", "Phú Thọ"), ("Quảng Bình", "Quảng Trị")],
)
def test_merged_provinces_map_to_successor(old, successor):
    p = resolve(old)
    assert p.merged
    assert p.successor_name == successor


def test_unmerged_keep_their_unit():
    assert resolve("Hà Tĩnh").successor_name == "Hà Tĩnh"
    assert resolve("Thanh Hóa").successor_code == "38"


def test_unknown_lists_closest_matches():
    with pytest.raises(UnknownProvinceError) as err:
        resolve("Thanh Hoaa")
    assert "Thanh Hóa" in err.value.suggestions
    assert "closest matches: Thanh Hóa" in str(err.value)


@pytest.mark.parametrize("bad", ["../thanh-hoa", "Thanh/Hóa", "Thanh\\Hóa", "Thanh\0Hóa", "99", ""])
def test_rejects_paths_and_unknown_codes(bad):
    with pytest.raises(UnknownProvinceError):
        resolve(bad)


def test_name_key_folds_marks_case_and_prefix():
    assert name_key("Tỉnh Thanh Hoá") == name_key("thanh hóa") == "thanhhoa"


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Thanh Hóa", "thanh-hoa"), ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"), ("../../etc", "etc")],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugs_are_safe_file_names():
    for p in all_provinces():
        assert "/" not in p.slug and ".." not in p.slug and "\0" not in p.slug
        assert p.slug.isascii()


def test_slugify_refuses_empty():
    with pytest.raises(ValueError):
        slugify("..//")
