"""Any Python environment with the requirements builds briefs: no `make setup` first.

The conda route (`conda env create -f environment.yml`, then `python -m helpers.batch`)
installs the requirements and the project with pip and nothing else: no kernel is
registered and no catalogue is compiled. Here a plain virtual environment does the same
with a copy of the working tree (its files as git sees them: no compiled catalogue, no
registered kernel), and builds one brief.
"""

import json
import shutil
import subprocess
import sys
import venv

import pytest

from conftest import ROOT

pytestmark = pytest.mark.setup


def _copy_of_the_tree(dest):
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for rel in filter(None, (p.decode() for p in listed)):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def test_the_batch_runs_in_an_environment_set_up_without_make(tmp_path):
    project = _copy_of_the_tree(tmp_path / "project")
    assert not list(project.rglob("*.mo"))  # nothing compiled
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e",
         str(project)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    out = tmp_path / "out"
    args = ["--province", "Hà Tĩnh", "--basis", "34", "--lang", "vi", "--no-overview"]
    ran = subprocess.run(
        [str(python), "-m", "helpers.batch", *args, "--out", str(out), "--no-progress"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    briefs = json.loads((out / "run.json").read_text(encoding="utf-8"))["briefs"]
    assert [b["status"] for b in briefs] == ["built"]
    page = (out / briefs[0]["path"]).read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "Nguồn" in page  # the catalogue, read from the .po
    assert "Traceback" not in ran.stderr and "Warning" not in ran.stderr, ran.stderr
    assert sys.executable != str(python)
