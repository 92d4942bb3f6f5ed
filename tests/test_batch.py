"""The batch: faults, signals, fingerprints and executors, on tiny synthetic notebooks.

The notebooks and data here are SYNTHETIC, written by the tests (a source titled
"SYNTHETIC test data, not real figures"); they exercise the batch, not the analysis.
The end-to-end test with the real notebooks is marked ``notebook``.
"""

import csv
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest

from helpers import batch, data, fingerprint, plan, worker

from conftest import DATA, ROOT

# Former Thanh Hóa (38) and Hà Tĩnh (42) have figures; so has the unit Thanh Hóa (38).
AREAS = [("63", "38", "Thanh Hóa"), ("63", "42", "Hà Tĩnh"), ("34", "38", "Thanh Hóa")]


def synthetic_data(folder: Path) -> Path:
    """Write a tiny valid data folder of SYNTHETIC figures (for these tests only)."""
    folder.mkdir(parents=True, exist_ok=True)

    def table(name, rows):
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, data.COLUMNS[name])
            w.writeheader()
            w.writerows({c: r.get(c, "") for c in data.COLUMNS[name]} for r in rows)

    both = {"publisher_vi": "Kiểm thử", "publisher_en": "Tests"}
    table(
        "sources.csv",
        [
            {
                **both,
                "source_id": "synthetic",
                "title_vi": "Dữ liệu giả lập",
                "title_en": "SYNTHETIC test data, not real figures",
                "published": "2025",
                "language": "en",
                "kind": "report",
                "curator_note": "SYNTHETIC: tests only",
            }
        ],
    )
    table(
        "indicators.csv",
        [
            {
                "indicator_id": "de_share",
                "name_vi": "Tỷ trọng kinh tế số",
                "name_en": "Digital economy share",
                "unit": "%",
                "higher_is_better": "true",
            }
        ],
    )
    table("indicator_sets.csv", [])
    table("targets.csv", [])
    shutil.copyfile(DATA / "areas.csv", folder / "areas.csv")  # the two maps: real, not figures
    series = [
        {
            **both,
            "series_id": f"syn-{b}",
            "indicator": "de_share",
            "method_vi": "Giả lập",
            "method_en": "Synthetic",
            "label_vi": f"Giả lập {b}",
            "label_en": f"Synthetic {b}",
            "scope": "province",
            "basis": b,
            "years_compare": "true",
            "colour": c,
        }
        for b, c in (("63", "#112233"), ("34", "#445566"))
    ]
    table("series.csv", series)
    table(
        "figures.csv",
        [
            {
                "figure_id": f"syn-{i}",
                "basis": b,
                "province_code": code,
                "province": name,
                "name_as_published": name,
                "indicator": "de_share",
                "series": f"syn-{b}",
                "period": "2024",
                "period_type": "year",
                "kind": "actual",
                "value": "5.5",
                "unit": "%",
                "qualifier": "=",
                "published_text": "5,5%",
                "number_format": "vi",
                "source_id": "synthetic",
                "preferred": "true",
            }
            for i, (b, code, name) in enumerate(AREAS)
        ],
    )
    return folder


def synthetic_notebook(path: Path, code: str = "") -> Path:
    """A brief notebook: the parameters, one section, then ``code`` (a cell of its own)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = 'province = "38"\nbasis = "34"\nlang = "vi"\nas_of = 2024\ndata_dir = "../data"'
    section = (
        "from IPython.display import Markdown, display\n"
        'display(Markdown(f"## Section {province}"))\n'
        'display(Markdown("A SYNTHETIC brief, for the tests."))'
    )
    nb.cells = [
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(section),
        nbformat.v4.new_code_cell(code or "pass"),
    ]
    nbformat.write(nb, path)
    return path


# Cells for the notebooks: the former Hà Tĩnh (42) waits; the others finish at once.
SLOW = 'import time\nif province == "42":\n    time.sleep(120)'
MARK_THEN_WAIT = (
    "import os, pathlib, time\n"
    'mark = os.environ.get("SYN_MARK")\n'
    "if mark:\n"
    "    pathlib.Path(mark, province).touch()\n"
    "    time.sleep(4)"
)


@pytest.fixture(scope="module")
def syn_data(tmp_path_factory):
    return synthetic_data(tmp_path_factory.mktemp("syn") / "data")


class Batch:
    """The batch in a subprocess, tagged so that every process it starts can be found."""

    def __init__(self, tmp: Path, data_dir: Path, notebook: Path):
        self.out, self.data, self.notebook = tmp / "out", data_dir, notebook
        self.mark = uuid.uuid4().hex

    def argv(self, *extra):
        base = ["--data-dir", self.data, "--notebook", self.notebook, "--out", self.out]
        base += ["--no-overview", "--no-progress", "--jobs", "2", "--basis", "63", "-l", "en"]
        return [sys.executable, "-m", "helpers.batch", *map(str, base), *map(str, extra)]

    def env(self, **extra):
        return {**os.environ, "BATCH_TEST_MARK": self.mark, **extra}

    def run(self, *extra, timeout=120, **kw) -> subprocess.CompletedProcess:
        env = self.env(**kw.pop("env", {}))
        argv = self.argv(*extra)
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, **kw)

    def start(self, *extra, **env) -> subprocess.Popen:
        argv = self.argv(*extra)
        return subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env(**env),
            start_new_session=True,
        )

    def processes(self) -> list[psutil.Process]:
        """Live processes (zombies aside) started by this batch, kernels included."""
        found = []
        for p in psutil.process_iter(["status"]):
            try:
                if p.info["status"] != psutil.STATUS_ZOMBIE and (
                    p.environ().get("BATCH_TEST_MARK") == self.mark
                ):
                    found.append(p)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return found

    def manifest(self) -> dict:
        try:
            return json.loads((self.out / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"briefs": {}}

    def wait_for(self, condition, seconds=90):
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.1)

    def no_process_left(self, seconds=5):
        deadline = time.monotonic() + seconds
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert self.processes() == [], [(p.pid, p.cmdline()) for p in self.processes()]


QUICK, HOLD = "briefs/en/former/thanh-hoa.html", "briefs/en/former/ha-tinh.html"


def test_digest_names_each_content():
    assert fingerprint.digest([("a", b"1"), ("b", b"2")]) != fingerprint.digest(
        [("a", b"2"), ("b", b"1")]
    )
    assert fingerprint.digest([("b", b"2"), ("a", "1")]) == fingerprint.digest(
        [("a", b"1"), ("b", "2")]
    )


def test_failing_cell_names_the_cell_and_its_line():
    nb = nbformat.v4.new_notebook()
    error = nbformat.v4.new_output(
        "error",
        ename="KeyError",
        evalue="'x'",
        traceback=["\x1b[31mKeyError\x1b[0m", "Cell \x1b[32mIn[4], line 2\x1b[0m", "..."],
    )
    nb.cells = [
        nbformat.v4.new_code_cell("a = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("b = 2", metadata={"tags": ["injected-parameters"]}),
        nbformat.v4.new_markdown_cell("text"),
        nbformat.v4.new_code_cell("c = 3\nd = {}['x']\ne = 4", outputs=[error]),
        nbformat.v4.new_code_cell("f = 5"),
    ]
    assert worker.failing_cell(nb) == (2, "d = {}['x']")
    nb.cells[3].outputs = []  # a timeout: the last cell Papermill started
    nb.cells[3].metadata["papermill"] = {"start_time": "2026-01-01T00:00:00"}
    assert worker.failing_cell(nb) == (2, "c = 3")


@pytest.mark.kernel
def test_builds_then_nothing_to_do(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    first = b.run()
    assert first.returncode == 0, first.stderr
    assert "2 briefs: 2 built, 0 fresh, 0 failed" in first.stdout
    html = (b.out / QUICK).read_text(encoding="utf-8")
    assert "Section 38" in html and 'lang="en"' in html
    assert (b.out / "index.html").is_file() and (b.out / "index.en.html").is_file()
    record = json.loads((b.out / "run.json").read_text(encoding="utf-8"))
    assert record["status"] == "complete" and record["exit_code"] == 0
    assert {r["path"]: r["status"] for r in record["briefs"]} == {QUICK: "built", HOLD: "built"}
    assert str(tmp_path) not in (b.out / "run.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in (b.out / ".work").iterdir()) == ["lock"]
    start = time.perf_counter()
    again = b.run()
    seconds = time.perf_counter() - start
    assert again.returncode == 0 and "2 fresh" in again.stdout and "nothing to do" in again.stdout
    assert seconds < 1.5, seconds  # (the benchmark times it: well under 0.3 s)
    (b.out / QUICK).write_text("edited by hand", encoding="utf-8")
    assert "1 built, 1 fresh" in b.run().stdout
    synthetic_notebook(b.notebook, "x = 1  # the notebook changed")
    assert "2 built, 0 fresh" in b.run().stdout


@pytest.mark.kernel
def test_failure_names_the_cell_and_keeps_the_old_brief(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    assert b.run().returncode == 0
    before = (b.out / HOLD).read_bytes()
    code = '# fails for Hà Tĩnh only\nx = 1\nif province == "42":\n    raise ValueError("no data")'
    synthetic_notebook(b.notebook, code)
    res = b.run()
    assert res.returncode == 1
    assert (
        'FAILED Hà Tĩnh [63, en] at code cell 3 (raise ValueError("no data")): '
        "ValueError: no data" in res.stdout
    )
    assert "1 built, 0 fresh, 1 failed" in res.stdout
    assert (b.out / HOLD).read_bytes() == before
    kept = nbformat.read(b.out / "failed/briefs/en/former/ha-tinh.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in kept.cells for o in c.get("outputs", []))
    run = json.loads((b.out / "run.json").read_text(encoding="utf-8"))
    failed = next(r for r in run["briefs"] if r["status"] == "failed")
    assert (failed["cell"], failed["line"]) == (3, 'raise ValueError("no data")')
    synthetic_notebook(b.notebook, "import time\ntime.sleep(30)")
    res = b.run("--timeout", "2", "--province", "42")
    assert res.returncode == 1
    assert "at code cell 3 (import time): CellTimeoutError" in res.stdout
    assert not list(b.out.rglob("*.tmp"))


def test_bad_notebook_stops_before_any_kernel(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, tmp_path / "nonexistent.ipynb")
    start = time.perf_counter()
    res = b.run()
    assert res.returncode == 2
    assert res.stderr.strip() == (
        f"error: --notebook: cannot read {b.notebook} (No such file or directory)"
    )
    assert time.perf_counter() - start < 5
    assert not (b.out / "briefs").exists() and not (b.out / "kernels.log").exists()
    (tmp_path / "nonexistent.ipynb").write_text("{not json", encoding="utf-8")
    assert "is not a notebook" in b.run().stderr


def test_bad_arguments_stop_before_any_kernel(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    res = b.run("--province", "Thanh Hoaa")
    assert res.returncode == 2
    assert res.stderr.startswith("error: --province: unknown province 'Thanh Hoaa'")
    assert "Thanh Hóa" in res.stderr
    res = b.run("--as-of", "1990")
    assert res.returncode == 2 and "--as-of: 1990 is outside the years of the data" in res.stderr
    for option in ("--jobs", "--timeout", "--connect-timeout"):
        res = b.run(option, "0")
        assert res.returncode == 2, (option, res.stderr)
        assert res.stderr.startswith("error: --jobs, --timeout and --connect-timeout: at least 1")
    assert not (b.out / "kernels.log").exists()
    b.no_process_left()


def test_unwritable_output_folder(tmp_path, syn_data):
    (tmp_path / "file").write_text("not a folder")
    nb = synthetic_notebook(tmp_path / "nb.ipynb")
    res = Batch(tmp_path / "file", syn_data, nb).run()
    assert res.returncode == 2
    assert res.stderr.startswith(f"error: --out: cannot write in {tmp_path / 'file' / 'out'}")
    if os.geteuid() != 0:  # root writes in read-only folders
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        res = Batch(ro, syn_data, nb).run()
        assert res.returncode == 2 and "--out: cannot write" in res.stderr


def test_unsafe_work_folder_is_refused(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    (b.out / ".work").mkdir(parents=True)
    (b.out / ".work").chmod(0o777)  # anyone could plant files there
    res = b.run()
    assert res.returncode == 2
    assert f"error: unsafe temporary folder {b.out / '.work'} (owner " in res.stderr
    assert "mode 777" in res.stderr
    (b.out / ".work").rmdir()
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    (b.out / ".work").symlink_to(tmp_path / "elsewhere")
    res = b.run()
    assert res.returncode == 2 and "not a plain folder" in res.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_invalid_data_reported_with_file_line_and_column(tmp_path, syn_data):
    bad = synthetic_data(tmp_path / "bad")
    text = (bad / "figures.csv").read_text(encoding="utf-8")
    (bad / "figures.csv").write_text(text.replace(",5.5,", ",inf,", 1), encoding="utf-8")
    b = Batch(tmp_path, bad, synthetic_notebook(tmp_path / "nb.ipynb"))
    res = b.run()
    assert res.returncode == 2
    assert res.stderr.startswith("error: the data are not valid; nothing was built:")
    assert f"{bad / 'figures.csv'}:2: value:" in res.stderr
    assert "Traceback" not in res.stderr and not (b.out / "kernels.log").exists()
    assert sorted(p.name for p in (b.out / ".work").iterdir()) == ["lock"]
    b.no_process_left()  # the workers spawned while the data were checked are ended


def _interrupted(tmp_path, syn_data, signum):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", SLOW))
    proc = b.start()
    b.wait_for(lambda: (b.out / QUICK).is_file())  # written (the manifest: at the end)
    assert len(b.processes()) >= 3  # the batch, a worker, Hà Tĩnh's kernel...
    sent = time.monotonic()
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 5
    b.no_process_left()
    return b, proc.returncode, out, err


@pytest.mark.kernel
def test_ctrl_c_once_records_what_finished(tmp_path, syn_data):
    b, code, out, err = _interrupted(tmp_path, syn_data, signal.SIGINT)
    assert code == 130
    assert "2 briefs: 1 built, 0 fresh, 0 failed, 1 not built (stopped)" in out
    assert "stopping:" in err and "interrupted: the briefs finished are recorded" in err
    assert "Traceback" not in err
    run = json.loads((b.out / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "interrupted" and run["exit_code"] == 130
    assert {r["path"]: r["status"] for r in run["briefs"]} == {QUICK: "built", HOLD: "cancelled"}
    assert list(b.manifest()["briefs"]) == [QUICK]
    assert sorted(p.name for p in (b.out / ".work").iterdir()) == ["lock"]
    assert (b.out / QUICK).is_file() and not (b.out / HOLD).exists()


@pytest.mark.kernel
def test_sigterm_records_what_finished(tmp_path, syn_data):
    b, code, out, _ = _interrupted(tmp_path, syn_data, signal.SIGTERM)
    assert code == 143 and "1 built" in out and "1 not built (stopped)" in out


@pytest.mark.kernel
def test_ctrl_c_twice_exits_at_once(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", SLOW))
    proc = b.start()
    b.wait_for(lambda: (b.out / QUICK).is_file())  # written (the manifest: at the end)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.05)  # two signals sent together arrive as one
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 2
    assert proc.returncode == 130 and "stopped at once" in err
    b.no_process_left()


@pytest.mark.kernel
def test_kill_9_leaves_no_process_and_the_next_run_cleans_up(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", SLOW))
    proc = b.start()
    b.wait_for(lambda: (b.out / QUICK).is_file())  # written (the manifest: at the end)
    kernels = [p for p in b.processes() if "ipykernel" in " ".join(p.cmdline())]
    assert kernels, "Hà Tĩnh's kernel should be running"
    proc.kill()
    proc.communicate()
    b.no_process_left()
    assert (b.out / ".work" / str(proc.pid)).is_dir()  # the snapshot of the killed run
    res = b.run("--province", "38")
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (b.out / ".work").iterdir()) == ["lock"]


@pytest.mark.kernel
def test_data_edited_during_the_run_leaves_the_brief_stale(tmp_path):
    folder = synthetic_data(tmp_path / "data")
    marks = tmp_path / "marks"
    marks.mkdir()
    b = Batch(tmp_path, folder, synthetic_notebook(tmp_path / "nb.ipynb", MARK_THEN_WAIT))
    proc = b.start("--province", "38", SYN_MARK=str(marks))
    b.wait_for(lambda: (marks / "38").exists())
    figures = folder / "figures.csv"
    text = figures.read_text(encoding="utf-8").replace("5.5", "6.5").replace("5,5%", "6,5%")
    figures.write_text(text, encoding="utf-8")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "warning: the data changed during the run" in err
    assert b.manifest()["briefs"][QUICK]["stale"] is True
    run = json.loads((b.out / "run.json").read_text(encoding="utf-8"))
    assert run["data_changed_during_run"] is True
    again = b.run("--province", "38")
    assert "1 built, 0 fresh" in again.stdout  # never falsely fresh
    assert b.manifest()["briefs"][QUICK]["stale"] is False


@pytest.mark.kernel
def test_full_disk_one_clear_line_and_old_briefs_intact(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    assert b.run().returncode == 0
    before = {p: (b.out / p).read_bytes() for p in (QUICK, HOLD, "index.html", "index.en.html")}

    def small_files():  # a file-size limit: writes past 6 kB fail as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (6000, 6000))

    res = b.run("--force", preexec_fn=small_files)
    assert res.returncode == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "File too large" in errors[0], res.stderr
    assert "intact" in errors[0] and "Traceback" not in res.stderr
    assert {p: (b.out / p).read_bytes() for p in before} == before
    assert not list(b.out.rglob("*.tmp"))
    b.no_process_left()


# A brief that sees what the previous brief in its kernel left would fail here.
FRESH_STATE = (
    "import os, matplotlib\n"
    'assert "leftover" not in globals(), "a name of the previous brief"\n'
    'assert matplotlib.rcParams["lines.linewidth"] != 9, "matplotlib settings of the last"\n'
    'assert os.getcwd() == os.path.dirname(os.environ["SYN_NOTEBOOK"]), os.getcwd()\n'
    'leftover, matplotlib.rcParams["lines.linewidth"] = 1, 9\n'
    'os.chdir("/")\n'
    'display(Markdown(f"kernel {os.getpid()} ran this brief"))'
)


def _kernel_pid(html: str) -> str:
    return html.split("kernel ", 1)[1].split(" ran this brief", 1)[0]


@pytest.mark.kernel
def test_a_kept_kernel_starts_each_brief_afresh(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", FRESH_STATE))
    res = b.run("--jobs", "1", env={"SYN_NOTEBOOK": str(b.notebook)})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2 briefs: 2 built" in res.stdout
    pids = {_kernel_pid((b.out / p).read_text(encoding="utf-8")) for p in (QUICK, HOLD)}
    assert len(pids) == 1  # one kernel for both: the second brief ran in the first's kernel


@pytest.mark.kernel
def test_a_failed_briefs_kernel_is_not_used_again(tmp_path, syn_data):
    code = (
        "import os, pathlib\n"
        'first = pathlib.Path(os.environ["SYN_MARK"])\n'
        "if not first.exists():\n"
        "    first.write_text(str(os.getpid()))\n"
        '    raise RuntimeError("the first brief fails")\n'
        'display(Markdown(f"kernel {os.getpid()} ran this brief"))'
    )
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", code))
    mark = tmp_path / "first"
    res = b.run("--jobs", "1", env={"SYN_MARK": str(mark)})
    assert res.returncode == 1 and "1 built, 0 fresh, 1 failed" in res.stdout, res.stdout
    built = next(p for p in (QUICK, HOLD) if (b.out / p).is_file())
    assert _kernel_pid((b.out / built).read_text(encoding="utf-8")) != mark.read_text()
    b.no_process_left()


@pytest.mark.kernel
def test_dask_local_cluster_builds_the_briefs(tmp_path, syn_data):
    pytest.importorskip("distributed", reason="Dask is an optional extra: pip install .[dask]")
    from distributed import LocalCluster

    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        res = b.run("--scheduler", cluster.scheduler_address)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2 briefs: 2 built" in res.stdout
    assert "Section 42" in (b.out / HOLD).read_text(encoding="utf-8")
    assert b.run().stdout.count("fresh") == 1  # the same fingerprints as a local run


@pytest.mark.kernel
def test_real_notebooks_end_to_end(tmp_path):
    out = tmp_path / "out"
    code = batch.main(
        ["-p", "Thanh Hóa", "-p", "Hà Tĩnh", "--out", str(out), "--no-progress", "-j", "2"]
    )
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert code == 0, [(r["path"], r["cell"], r["line"], r["error"]) for r in run["briefs"]]
    paths = {r["path"] for r in run["briefs"]}
    assert {"briefs/vi/thanh-hoa.html", "briefs/en/former/ha-tinh.html"} <= paths
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "briefs/vi/thanh-hoa.html" in index
    assert DATA.is_dir() and ROOT.is_dir()


@pytest.mark.kernel
def test_a_brief_is_the_same_from_a_new_kernel_and_a_kept_one(tmp_path):
    """Each brief built alone (a new kernel) equals the same brief built after another."""
    pages = {}
    for name, selection in [
        ("a", ["Thanh Hóa"]),
        ("b", ["Hà Nội"]),
        ("ab", ["Hà Nội", "Thanh Hóa"]),
    ]:
        out = tmp_path / name
        argv = ["--out", str(out), "--no-progress", "-j", "1", "--basis", "34", "-l", "vi"]
        assert batch.main([*argv, *[x for p in selection for x in ("-p", p)]]) == 0
        pages |= {(name, p.name): p.read_bytes() for p in (out / "briefs/vi").glob("*.html")}
    assert set(pages) == {(n, f) for n, f in [("a", "thanh-hoa.html"), ("b", "ha-noi.html")]} | {
        ("ab", "thanh-hoa.html"),
        ("ab", "ha-noi.html"),
    }
    assert pages["ab", "thanh-hoa.html"] == pages["a", "thanh-hoa.html"]
    assert pages["ab", "ha-noi.html"] == pages["b", "ha-noi.html"]


@pytest.mark.kernel
def test_kept_kernel_leaves_no_connection_open(tmp_path, syn_data):
    """Briefs in one kept kernel: the process's open files stay the same from the second."""
    nb = synthetic_notebook(tmp_path / "nb.ipynb")
    task = plan.Task("province", "38", "63", "Thanh Hóa", "38", "en", 2024, "x.html", "", "")
    digest = fingerprint.digest(fingerprint.read_tree(syn_data, (".csv",)).items())
    job = worker.Job(
        task, nb.read_text(encoding="utf-8"), str(tmp_path), str(syn_data), digest, None,
        fingerprint.environment()["digest"], 60, str(tmp_path), keep_kernel=True,
    )  # fmt: skip
    try:
        counts = []
        for _ in range(4):
            out = worker.build(job)
            assert out.status == "built", out.error
            counts.append(len(os.listdir("/proc/self/fd")))
    finally:
        worker._drop_kernel()
    assert counts[1:] == [counts[1]] * 3, counts  # Papermill's own client left 10-15 each
