"""Repository hygiene: clean notebooks with the environment's kernel, ignored outputs."""

import json
import re
import subprocess

import nbformat
import pytest

from conftest import ROOT


def _tracked(pattern):
    out = subprocess.run(
        ["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [ROOT / p for p in out.stdout.split()]


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    """The two briefs' notebooks, and the researchers' review notebook for articles."""
    assert [p.name for p in NOTEBOOKS] == [
        "curate_article.ipynb",
        "national_overview.ipynb",
        "province_brief.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.source
            assert cell.execution_count is None, cell.source
    assert "widgets" not in nb.metadata and "papermill" not in nb.metadata
    nbformat.validate(nb)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_selects_the_environments_kernel(path):
    """JupyterLab opens it with the environment's Python 3 kernel, and does not mark it
    modified: no kernel has to be registered first, in a venv or a conda environment."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    # Stored as nbformat writes it: opening and saving unchanged gives the same bytes.
    again = nbformat.writes(nbformat.read(path, as_version=4)) + "\n"
    assert again == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("province_brief.ipynb", {"province", "basis", "lang", "as_of", "data_dir"}),
        ("national_overview.ipynb", {"lang", "as_of", "data_dir"}),
        (
            "curate_article.ipynb",
            {"article", "province", "basis", "source_id", "data_dir", "write"},
        ),
    ],
)
def test_parameters_cell_is_literals_with_types_and_comments(name, params):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    lines = cell.source.splitlines()
    assert {ln.split(":")[0] for ln in lines} == params
    for line in lines:
        assert ": " in line and " = " in line and "  # " in line, line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_never_read_files_or_format_numbers_by_hand(path):
    """Data come through helpers.data.load; numbers through helpers (Babel)."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for banned in ("read_csv", "open(", ":.1f}", ":,}", "shared/"):
        assert banned not in code, banned


def test_outputs_not_committed():
    tracked = _tracked("outputs")
    assert [p.name for p in tracked] == [".gitkeep"]
    ignored = (ROOT / ".gitignore").read_text()
    assert "outputs/*" in ignored and ".venv/" in ignored


def test_papermill_describes_the_parameters():
    exe = ROOT / ".venv" / "bin" / "papermill"
    out = subprocess.run(
        [str(exe), "--help-notebook", str(ROOT / "notebooks" / "province_brief.ipynb")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"province: str \(default \"Thanh Hóa\"\)\s+name in any spelling", out)
    assert re.search(r"basis: str \(default \"34\"\)", out)
    assert re.search(r"as_of: int \(default 2025\)", out)


def _options_without_help(help_text: str) -> list[str]:
    """Option lines of an argparse help text with no description after them."""
    lines = help_text.splitlines()
    bare = []
    for i, line in enumerate(lines):
        m = re.match(r"^  (-[^ ].*?)(?:  +\S.*)?$", line)
        if not m or re.match(r"^  -\S.*  +\S", line):
            continue  # not an option line, or its help follows on the same line
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not re.match(r"^ {6,}\S", following):
            bare.append(m.group(1).split()[0].rstrip(","))
    return bare


def test_every_batch_option_has_help_text():
    from helpers import batch

    help_text = batch.parser().format_help()
    assert "--overview-notebook" in help_text
    assert _options_without_help(help_text) == []


def test_the_help_check_finds_an_option_without_help():
    import argparse

    p = argparse.ArgumentParser(prog="x")
    p.add_argument("--documented", help="says what it does")
    p.add_argument("--silent-option-with-a-long-name")
    assert _options_without_help(p.format_help()) == ["--silent-option-with-a-long-name"]
