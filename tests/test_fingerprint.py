"""What a brief's fingerprint holds: the loader's fingerprint of the data, the code a brief
is built with (not the runner's), and nothing else."""

import json
import os
import re
import shutil
import subprocess
import sys

from helpers import batch, contract, data, fingerprint

from conftest import DATA, ROOT

PACKAGE = ROOT / "src" / "helpers"


def _notebook_imports() -> set[str]:
    """The helpers modules the brief notebooks import (their ``from helpers import`` lines)."""
    found = set()
    for name in ("province_brief.ipynb", "national_overview.ipynb"):
        nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for line in "".join(cell["source"]).splitlines():
                m = re.match(r"from helpers import (.+)", line)
                found |= {n.strip() for n in m.group(1).split(",")} if m else set()
    return found


def test_no_process_that_builds_a_brief_imports_the_runners_modules():
    modules = sorted(_notebook_imports())
    assert {"data", "show", "analysis"} <= set(modules)
    code = (
        "import sys\n"
        "import helpers.worker, helpers.engine, helpers.render, helpers.checks\n"
        "import helpers.contract, helpers.kernelstate\n"
        f"from helpers import {', '.join(modules)}\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('helpers.'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    imported = {f"{m.removeprefix('helpers.')}.py" for m in run.stdout.split()}
    assert imported & set(fingerprint.RUNNER_ONLY) == set()
    assert {f"helpers/{m}" for m in imported} <= set(fingerprint.brief_code())


def test_editing_the_runner_rebuilds_nothing_editing_a_brief_module_does(tmp_path):
    copy = shutil.copytree(PACKAGE, tmp_path / "helpers", ignore=shutil.ignore_patterns("*.pyc"))
    before = fingerprint.digest(fingerprint.brief_code(copy).items())
    batch_py = copy / "batch.py"
    batch_py.write_text(batch_py.read_text().replace("Build the briefs", "Build all briefs"))
    assert fingerprint.digest(fingerprint.brief_code(copy).items()) == before
    show_py = copy / "show.py"
    show_py.write_text(show_py.read_text() + "\n# a change\n")
    assert fingerprint.digest(fingerprint.brief_code(copy).items()) != before


def test_the_batch_hashes_the_data_as_the_loader_does(tmp_path):
    copy = shutil.copytree(DATA, tmp_path / "data")
    (copy / "notes.csv").write_text("a file the loader does not read\n", encoding="utf-8")
    args = batch.parser().parse_args(["--data-dir", str(copy), "--out", str(tmp_path / "out")])
    with batch.Workspace(args.out) as ws:
        run = batch.prepare(args, ws)
    assert run.data_digest == data.load(copy).fingerprint == data.load(DATA).fingerprint
    assert set(run.data) == set(contract.read_files(DATA)) and "notes.csv" not in run.data
