"""Repository hygiene: clean notebooks, ignored outputs, thin notebooks."""

import re
import subprocess

import nbformat
import pytest

from helpers.hashing import DATA_FILES

from conftest import ROOT


def _tracked(pattern):
    out = subprocess.run(
        ["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [ROOT / p for p in out.stdout.split()]


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["national_overview.ipynb", "province_brief.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.source
            assert cell.execution_count is None, cell.source
    assert "widgets" not in nb.metadata and "papermill" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin(path):
    """Code cells only call helpers: no loops, functions, file reads or number formatting."""
    nb = nbformat.read(path, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    code = [c.source for c in nb.cells if c.cell_type == "code" and c not in params]
    assert len(params) == 1
    for src in code:
        for banned in ("def ", "for ", "while ", " open(", "read_csv", "format(", "import pandas"):
            assert banned not in src, (banned, src)
        assert len(src.splitlines()) <= 4, src


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("province_brief.ipynb", {"province", "lang", "data_dir", "as_of"}),
        ("national_overview.ipynb", {"lang", "series", "year", "dti_year", "data_dir", "as_of"}),
    ],
)
def test_parameters_cell_is_literals_with_types_and_comments(name, params):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    lines = cell.source.splitlines()
    assert {ln.split(":")[0] for ln in lines} == params
    for line in lines:
        assert ": " in line and " = " in line and "  # " in line, line


def test_outputs_not_committed():
    tracked = _tracked("outputs")
    assert [p.name for p in tracked] == [".gitkeep"]
    ignored = (ROOT / ".gitignore").read_text()
    assert "outputs/*" in ignored and ".venv/" in ignored


def test_data_files_match_the_loader():
    from helpers.data import COLUMNS

    assert sorted(COLUMNS) == sorted(DATA_FILES)


def test_papermill_describes_the_parameters():
    exe = ROOT / ".venv" / "bin" / "papermill"
    out = subprocess.run(
        [str(exe), "--help-notebook", str(ROOT / "notebooks" / "province_brief.ipynb")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(
        r"province: str \(default \"Thanh Hóa\"\)\s+province name in any spelling", out
    )
    assert re.search(r"as_of: int \(default 2024\)\s+year the brief is as of", out)
