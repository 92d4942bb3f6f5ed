"""Bad input, as a table: each row feeds one bad thing to the batch and checks that the
user gets a clear message and that nothing is lost (earlier briefs intact, no partial file).

Bad inputs that need a kernel (a cell that raises, a kernel that dies, a brief failing its
checks), a read-only output folder and a script in a note are in test_briefs.py and
test_browser.py.
"""

import hashlib
import shutil

import pytest

from helpers import briefs

from conftest import DATA


def _edit(name, old, new):
    def mutate(data_dir):
        path = data_dir / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def _encode_cp1258(data_dir):
    path = data_dir / "figures.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))


NO_DATA_CHANGE = None

TABLE = [
    # (id, data mutation, extra arguments, message the user sees)
    (
        "malformed-csv",
        _edit("figures.csv", "th-03,38,Thanh Hóa,", 'th-03,38,"Thanh" Hóa,'),
        [],
        "figures.csv, line 4: malformed CSV",
    ),
    (
        "wrong-encoding",
        _encode_cp1258,
        [],
        "figures.csv, line 2: not UTF-8 text",
    ),
    (
        "unknown-province",
        NO_DATA_CHANGE,
        ["-p", "Ha Tinhh"],
        "--province: unknown province 'Ha Tinhh'; closest matches: Hà Tĩnh",
    ),
    (
        "province-with-slash",
        NO_DATA_CHANGE,
        ["-p", "Hà/Tĩnh"],
        "unknown province 'Hà/Tĩnh' (a name cannot contain '/'",
    ),
    ("province-with-dotdot", NO_DATA_CHANGE, ["-p", "../ha-tinh"], "unknown province '../ha-tinh'"),
    ("province-with-nul", NO_DATA_CHANGE, ["-p", "Hà\0Tĩnh"], "unknown province 'Hà\\x00Tĩnh'"),
    ("year-outside-data", NO_DATA_CHANGE, ["--as-of", "2031"], "--as-of: 2031 is outside"),
    (
        "unparseable-value",
        _edit("figures.csv", "2022,actual,6.27,%", '2022,actual,"6,27",%'),
        [],
        "column 'value': '6,27' is not a plain number",
    ),
    (
        "negative-count",
        _edit("figures.csv", "actual,7112,count,=,7.112", "actual,-7112,count,=,-7.112"),
        [],
        "column 'value': -7112: a count cannot be negative",
    ),
    (
        "share-above-100",
        _edit("figures.csv", "actual,95.8,%,=,95.8%", "actual,195.8,%,=,195.8%"),
        [],
        "column 'value': 195.8 is not a share (0-100)",
    ),
    (
        "duplicate-without-note",
        _edit(
            "figures.csv",
            'art-000-thanh-hoa,false,"NOT USED: the later, rounder mention of the same count '
            "('hỗ trợ trên 850.000 tài khoản'); the briefs use th-07 (854.000).\"",
            "art-000-thanh-hoa,false,",
        ),
        [],
        "without a note saying which one is used",
    ),
    (
        "source-without-row",
        _edit("figures.csv", "7.112 đơn vị,vi,,art-003-ha-tinh,", "7.112 đơn vị,vi,,art-999,"),
        [],
        "column 'source_id': no source 'art-999' in sources.csv",
    ),
]


@pytest.fixture(scope="module")
def earlier(built):
    """Outputs of an earlier good run, and the hashes of its files."""
    out = built[0]
    return out, {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*.html")}


@pytest.mark.parametrize(
    ("mutate", "args", "message"), [r[1:] for r in TABLE], ids=[r[0] for r in TABLE]
)
def test_bad_input(tmp_path, earlier, capsys, mutate, args, message):
    src_out, hashes = earlier
    out = tmp_path / "out"
    shutil.copytree(src_out, out)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    if mutate:
        mutate(data)
    code = briefs.main(["--data-dir", str(data), "--out", str(out), "--no-progress", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err, err
    assert "Traceback" not in err
    for path, digest in hashes.items():
        copy = out / path.relative_to(src_out)
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest, copy
    assert not list(out.rglob("*.tmp")) and not (out / "failed").exists()
