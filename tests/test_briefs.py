"""End to end: the notebook run by Papermill through the batch, and the exported HTML."""

import json
import re
import shutil

import nbformat
import pytest

from helpers import briefs

from conftest import DATA, ROOT

pytestmark = pytest.mark.notebook


def _html(out, lang, slug):
    return (out / "briefs" / lang / f"{slug}.html").read_text(encoding="utf-8")


def test_every_brief_built(built):
    out, results = built
    assert [r.status for r in results] == ["built"] * 10, [r.error for r in results]
    assert [r.key for r in results][-2:] == ["overview/vi.html", "overview/en.html"]
    for r in results:
        size = (out / r.key).stat().st_size
        assert 20_000 < size <= 600_000, (r.key, size)


@pytest.mark.parametrize(
    ("lang", "slug", "expected"),
    [
        ("vi", "ha-tinh", ["6,27%", "7,2%", "~ 5.000", "Xu hướng tỷ trọng kinh tế số"]),
        ("en", "ha-tinh", ["6.27%", "7.2%", "~ 5,000", "Trend of the digital-economy share"]),
        ("vi", "thanh-hoa", ["8,28%", "&gt; 854.000", "333.015", "11.369"]),
        ("en", "thanh-hoa", ["8.28%", "&gt; 854,000", "333,015", "11,369"]),
    ],
)
def test_figures_in_the_locale_format(built, lang, slug, expected):
    html = _html(built[0], lang, slug)
    for text in expected:
        assert text in html, text


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("slug", ["thanh-hoa", "ha-tinh", "bac-giang", "lao-cai"])
def test_offline_and_no_code(built, lang, slug):
    html = _html(built[0], lang, slug)
    assert f'<html lang="{lang}">' in html
    for sid in ("headline", "trend", "scorecard", "coverage", "ranking", "notes", "sources"):
        assert f'<section id="{sid}">' in html, sid
    assert "jp-InputArea" not in html and "brief.headline()" not in html
    assert "from helpers" not in html and "In&nbsp;[" not in html
    assert "<script" not in html.lower()
    refs = re.findall(r'<(?:script|link|img|iframe)[^>]*(?:src|href)="([^"]*)"', html)
    assert all(r.startswith("data:") for r in refs), refs
    assert "Warning" not in html and "Traceback" not in html


def test_short_honest_briefs(built):
    out = built[0]
    bg = _html(out, "en", "bac-giang")
    assert "part of Bắc Ninh" in bg and "Bắc Giang ranks 3 of the 13" in bg
    lc = _html(out, "en", "lao-cai")
    assert "The dataset holds no figure for this province yet." in lc
    assert "Lào Cai is not among the 13 provinces published" in lc


def test_index_lists_every_brief(built):
    out, results = built
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert sorted(links) == sorted(r.key for r in results)
    assert "overview/vi.html" in links and "overview/en.html" in links
    for link in links:
        assert (out / link).is_file()
    assert "7.2% (2023)" in index and "7,2% (2023)" in index
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {b["key"] for b in record["briefs"]} == set(links)


def test_incremental_rebuilds(tmp_path, built):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    out = tmp_path / "out"
    tasks = briefs.plan(["Hà Tĩnh"], ["en"], 2024, data)
    first = briefs.run(tasks, out, data, jobs=1, progress=False)
    assert [r.status for r in first] == ["built"]
    brief = out / "briefs/en/ha-tinh.html"
    stamp = brief.stat().st_mtime_ns
    again = briefs.run(tasks, out, data, jobs=1, progress=False)
    assert [r.status for r in again] == ["skipped"]
    assert brief.stat().st_mtime_ns == stamp
    f = data / "figures.csv"
    f.write_text(
        f.read_text(encoding="utf-8").replace("'Đến nay' in a statement", "'Đến nay', said"),
        encoding="utf-8",
    )
    after_edit = briefs.run(tasks, out, data, jobs=1, progress=False)
    assert [r.status for r in after_edit] == ["built"]
    brief.write_text(brief.read_text(encoding="utf-8") + "<!-- edited by hand -->")
    after_hand_edit = briefs.run(tasks, out, data, jobs=1, progress=False)
    assert [r.status for r in after_hand_edit] == ["built"]
    assert "edited by hand" not in brief.read_text(encoding="utf-8")
    brief.unlink()
    assert [r.status for r in briefs.run(tasks, out, data, jobs=1, progress=False)] == ["built"]
    assert brief.is_file()


def test_cold_kernels_give_the_same_briefs(tmp_path, built):
    # The batch forks kernels from a warm template by default; starting them from scratch
    # must give the same briefs (Thanh Hóa: every section; Lào Cai: no share data), apart
    # from the minute each was generated.
    import re

    def same(path):
        stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
        return re.sub(stamp, "(generated)", path.read_text(encoding="utf-8"))

    tasks = briefs.plan(["Thanh Hóa", "Lào Cai"], ["vi", "en"], 2024, DATA)
    results = briefs.run(tasks, tmp_path, DATA, jobs=2, progress=False, warm=False)
    assert [r.status for r in results] == ["built"] * 4
    for task in tasks:
        assert same(tmp_path / task.key) == same(built[0] / task.key)
        assert "(generated)" in same(tmp_path / task.key)


def _failing_notebook(tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / "province_brief.ipynb", as_version=4)
    boom = nbformat.v4.new_code_cell(
        "# synthetic failures, for the test only\n"
        "import os\n"
        "if brief.province.code == '42':\n"
        "    raise RuntimeError('synthetic failure for Hà Tĩnh')\n"
        "if brief.province.code == '24':\n"
        "    os._exit(1)  # the kernel dies\n"
        "if brief.province.code == '31':\n"
        "    from IPython.display import HTML\n"
        "    display(HTML('<table><tr><td>nan</td></tr></table>'))  # fails the brief checks\n"
        "if brief.province.code == '10':\n"
        "    import time\n"
        "    time.sleep(600)  # longer than the cell timeout"
    )
    at = next(i for i, c in enumerate(nb.cells) if "Brief.open" in c.source) + 1
    nb.cells.insert(at, boom)
    path = tmp_path / "notebooks" / "province_brief.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


def test_failures_are_isolated(tmp_path, built, capsys):
    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    before = {
        slug: (out / f"briefs/en/{slug}.html").read_bytes()
        for slug in ("ha-tinh", "bac-giang", "thanh-hoa", "lao-cai")
    }
    notebook = _failing_notebook(tmp_path)
    code = briefs.main(
        [
            *("-p", "Thanh Hóa", "-p", "Hà Tĩnh", "-p", "Bắc Giang", "-p", "Hải Phòng"),
            *("-p", "Lào Cai", "-l", "en", "--timeout", "20"),
            *("--notebook", str(notebook), "--out", str(out), "--data-dir", str(DATA)),
            *("--force", "--no-progress", "--jobs", "2"),
        ]
    )
    text = capsys.readouterr().out
    assert code == 1
    assert "FAILED Hà Tĩnh [en] at code cell 3 (# synthetic failures, for the test only)" in text
    assert "synthetic failure for Hà Tĩnh" in text
    assert "FAILED Bắc Giang [en] at code cell 3" in text and "DeadKernelError" in text
    assert "FAILED Hải Phòng [en]" in text and "BriefCheckError" in text and "nan" in text
    assert "FAILED Lào Cai [en] at code cell 3" in text and "CellTimeoutError" in text
    assert "5 briefs: 1 built, 0 skipped, 4 failed" in text
    assert not (out / "briefs/en/hai-phong.html").exists()
    # The failed briefs keep their previous HTML; the good one is rebuilt.
    assert (out / "briefs/en/ha-tinh.html").read_bytes() == before["ha-tinh"]
    assert (out / "briefs/en/bac-giang.html").read_bytes() == before["bac-giang"]
    assert (out / "briefs/en/lao-cai.html").read_bytes() == before["lao-cai"]
    assert (out / "briefs/en/thanh-hoa.html").read_bytes() != before["thanh-hoa"]
    kept = nbformat.read(out / "failed/en/ha-tinh.ipynb", as_version=4)
    assert any(o.get("ename") == "RuntimeError" for c in kept.cells for o in c.get("outputs", []))
    assert not list(out.rglob("*.tmp"))


def test_bad_arguments_stop_before_any_kernel(capsys, tmp_path):
    code = briefs.main(["-p", "Thanh Hoaa", "--out", str(tmp_path / "o"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--province: unknown province 'Thanh Hoaa'; closest matches: Thanh Hóa" in err
    assert not (tmp_path / "o").exists()
    assert briefs.main(["--as-of", "1990", "--out", str(tmp_path / "o")]) == 2
    assert "--as-of: 1990 is outside the years of the data" in capsys.readouterr().err


def test_notebook_stops_at_first_cell_on_bad_parameter(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(
            str(ROOT / "notebooks" / "province_brief.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"province": "Thanh Hóa", "lang": "fr", "data_dir": str(DATA)},
            kernel_name="python3",
            cwd=str(ROOT / "notebooks"),
            progress_bar=False,
        )
    assert "parameter 'lang': 'fr' is not one of vi, en" in str(err.value)
    # cells 1 and 2 are the parameters and papermill's injected parameters: the first
    # cell of work is the one that stops
    assert err.value.exec_count == 3
    assert "Brief.open" in err.value.source


def test_every_province_with_figures_is_planned(dataset):
    tasks = briefs.plan(None, ["vi", "en"], 2024, DATA)
    codes = set(dataset.figures.province_code) - {"VN"}
    briefs_planned = [t for t in tasks if t.kind == "province"]
    assert {t.code for t in briefs_planned} == codes
    assert len(briefs_planned) == 2 * len(codes)
    assert [t.key for t in tasks if t.kind == "overview"] == [
        "overview/vi.html",
        "overview/en.html",
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_exported(built, lang):
    html = (built[0] / "overview" / f"{lang}.html").read_text(encoding="utf-8")
    for sid in ("distribution", "dti-ranking", "coverage-matrix", "aggregate", "sources"):
        assert f'<section id="{sid}">' in html, sid
    assert "<script" not in html.lower()
    assert html.count("data:image/png;base64,") == 2


def test_read_only_output_folder(built, tmp_path, capsys):
    import os
    import subprocess

    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    before = (out / "briefs/en/ha-tinh.html").read_bytes()
    if os.geteuid() == 0:  # root ignores permission bits: make the folder immutable
        subprocess.run(["chattr", "+i", str(out)], check=True)
    else:
        out.chmod(0o555)
    try:
        code = briefs.main(["-p", "Hà Tĩnh", "-l", "en", "--force", "--out", str(out)])
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(out)], check=True)
        else:
            out.chmod(0o755)
    err = capsys.readouterr().err
    assert code == 2
    assert f"output folder '{out}' is not writable" in err
    assert (out / "briefs/en/ha-tinh.html").read_bytes() == before


def test_interrupted_run_leaves_whole_files_and_resumes(tmp_path):
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "helpers.briefs", "-p", "Thanh Hóa", "-p", "Hà Tĩnh"]
    cmd += ["-l", "en", "--jobs", "1", "--no-progress", "--out", str(out)]
    proc = subprocess.Popen(cmd, start_new_session=True, cwd=ROOT)
    manifest = out / "manifest.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and json.loads(manifest.read_text())["briefs"]:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    assert proc.wait(timeout=120) != 0
    done = json.loads(manifest.read_text())["briefs"]
    assert list(done) == ["briefs/en/thanh-hoa.html"]
    assert not list(out.rglob("*.tmp"))
    assert (out / "briefs/en/thanh-hoa.html").read_text().rstrip().endswith("</html>")
    assert not (out / "briefs/en/ha-tinh.html").exists()
    resumed = briefs.run(
        briefs.plan(["Thanh Hóa", "Hà Tĩnh"], ["en"], 2024, DATA), out, DATA, jobs=1, progress=False
    )
    assert [r.status for r in resumed] == ["skipped", "built"]
