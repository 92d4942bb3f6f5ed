"""Faults of the batch's processes (issue 27): dead, hung and stopped workers, kernels kept
between briefs, processes a cell leaves running, Dask workers killed mid-run, surplus workers.

The notebooks and data are SYNTHETIC, written by the tests (tests/test_batch.py's helpers).
"""

import json
import os
import signal
import sys
import threading
import time

import psutil
import pytest
from test_batch import HOLD, QUICK, Batch, synthetic_data, synthetic_notebook

# The first brief to run writes its worker's process id (the kernel's parent) to the file
# SYN_MARK names, then waits; the others finish at once.
FIRST_WAITS = (
    "import os, pathlib, time\n"
    'first = pathlib.Path(os.environ["SYN_MARK"])\n'
    "if not first.exists():\n"
    "    first.write_text(str(os.getppid()))\n"
    "    time.sleep(120)"
)


@pytest.fixture(scope="module")
def syn_data(tmp_path_factory):
    return synthetic_data(tmp_path_factory.mktemp("syn") / "data")


@pytest.fixture
def batch(tmp_path, syn_data):
    """A Batch on FIRST_WAITS; every process it left is killed afterwards, stopped or not."""
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", FIRST_WAITS))
    b.first = tmp_path / "first"
    yield b
    for p in b.processes():
        p.kill()


def _worker_of_the_first_brief(b: Batch, proc) -> int:
    b.wait_for(lambda: b.first.exists() and b.first.read_text())
    return int(b.first.read_text())


def _summary(out: str) -> str:
    return next(ln for ln in out.splitlines() if ln.startswith("2 briefs:"))


# --------------------------------------------------------------------------- row 4


@pytest.mark.kernel
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_dead_worker_fails_only_its_brief(batch, signum):
    proc = batch.start("--jobs", "1", SYN_MARK=str(batch.first))
    os.kill(_worker_of_the_first_brief(batch, proc), signum)
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == 1, out + err
    assert "1 built, 0 fresh, 1 failed" in _summary(out), out
    failed = [ln for ln in out.splitlines() if ln.startswith("FAILED")]
    assert len(failed) == 1, out
    assert f"WorkerDied: the worker building it was killed by {signum.name}" in failed[0]
    run = json.loads((batch.out / "run.json").read_text(encoding="utf-8"))
    assert sorted(r["status"] for r in run["briefs"]) == ["built", "failed"]
    batch.no_process_left()  # its kernel too


# --------------------------------------------------------------------------- row 5


@pytest.mark.kernel
def test_a_stopped_worker_times_out_and_is_replaced(batch):
    proc = batch.start("--jobs", "1", "--timeout", "6", SYN_MARK=str(batch.first))
    os.kill(_worker_of_the_first_brief(batch, proc), signal.SIGSTOP)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, out + err
    assert "1 built, 0 fresh, 1 failed" in _summary(out), out
    assert "WorkerHung: the worker building it sent nothing for 6 s (--timeout)" in out
    batch.no_process_left()  # the stopped worker and its kernel


@pytest.mark.kernel
def test_ctrl_c_with_a_stopped_worker_stops_within_seconds(batch):
    proc = batch.start("--jobs", "1", SYN_MARK=str(batch.first))
    os.kill(_worker_of_the_first_brief(batch, proc), signal.SIGSTOP)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert time.monotonic() - sent < 10
    assert proc.returncode == 130, out + err
    assert "0 built, 0 fresh, 0 failed, 2 not built (stopped)" in _summary(out)
    batch.no_process_left()


@pytest.mark.kernel
def test_kill_9_with_a_stopped_worker_leaves_no_process(batch):
    proc = batch.start("--jobs", "1", SYN_MARK=str(batch.first))
    worker = _worker_of_the_first_brief(batch, proc)
    os.kill(worker, signal.SIGSTOP)
    assert any("ipykernel" in " ".join(p.cmdline()) for p in batch.processes())
    proc.kill()
    proc.wait(timeout=30)  # not communicate: a stopped worker would hold its pipes open
    proc.stdout.close()
    proc.stderr.close()
    batch.no_process_left()


# --------------------------------------------------------------------------- row 6

# Each brief checks that it sees what a new kernel shows, then changes it all.
CHANGES_SETTINGS = (
    "import locale, os, sys, warnings, numpy as np, pandas as pd\n"
    "mask = os.umask(0o022)\n"
    "os.umask(mask)\n"
    "seen = {\n"
    '    "pandas": pd.get_option("display.max_rows") == 7,\n'
    '    "numpy": np.get_printoptions()["precision"] == 2,\n'
    '    "numpy errors": np.geterr()["divide"] == "raise",\n'
    '    "environ": "SYN_LEFT" in os.environ,\n'
    '    "sys.path": "/nonexistent/left" in sys.path,\n'
    '    "umask": mask == 0o077,\n'
    '    "recursion": sys.getrecursionlimit() == 4321,\n'
    '    "warnings": any(f[1] and f[1].pattern == "syn-left" for f in warnings.filters),\n'
    "}\n"
    "assert not any(seen.values()), [k for k, v in seen.items() if v]\n"
    'pd.set_option("display.max_rows", 7)\n'
    "np.set_printoptions(precision=2)\n"
    'np.seterr(divide="raise")\n'
    'os.environ["SYN_LEFT"] = "1"\n'
    'sys.path.append("/nonexistent/left")\n'
    "os.umask(0o077)\n"
    "sys.setrecursionlimit(4321)\n"
    'warnings.filterwarnings("error", message="syn-left")\n'
    'display(Markdown(f"kernel {os.getpid()} ran this brief"))'
)

PATCHES = (
    "import os, pandas as pd\n"
    "from helpers import charts\n"
    'assert not hasattr(pd.DataFrame.to_html, "syn"), "to_html patched by the last brief"\n'
    'assert charts.ACCENT != "#000000", "a helper constant changed by the last brief"\n'
    "def to_html(self, *args, **kwargs):\n"
    '    return "patched"\n'
    "to_html.syn = True\n"
    "pd.DataFrame.to_html = to_html\n"
    'charts.ACCENT = "#000000"\n'
    'display(Markdown(f"kernel {os.getpid()} ran this brief"))'
)


def _kernel_pids(b: Batch) -> set:
    pages = [(b.out / p).read_text(encoding="utf-8") for p in (QUICK, HOLD)]
    return {html.split("kernel ", 1)[1].split(" ran this brief", 1)[0] for html in pages}


@pytest.mark.kernel
def test_a_kept_kernel_puts_back_what_a_brief_changed(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", CHANGES_SETTINGS))
    res = b.run("--jobs", "1")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2 briefs: 2 built" in res.stdout
    assert len(_kernel_pids(b)) == 1  # put back, not replaced: the kernel was kept


@pytest.mark.kernel
def test_a_patched_library_gets_the_next_brief_a_new_kernel(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", PATCHES))
    res = b.run("--jobs", "1")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2 briefs: 2 built" in res.stdout
    assert len(_kernel_pids(b)) == 2
    log = (b.out / "kernels.log").read_text(encoding="utf-8")
    assert "StateChanged: the previous brief changed helpers.charts.ACCENT" in log
    assert "pandas.DataFrame.to_html" in log
    b.no_process_left()


@pytest.fixture
def recorded():
    """helpers.kernelstate, this process's state recorded as a kept kernel's (no kernel)."""
    from helpers import kernelstate

    kernelstate.warm()
    yield kernelstate
    kernelstate.warm()  # whatever a test left is the next one's baseline


def test_what_cannot_be_put_back_is_named(recorded):
    kernelstate = recorded
    import json as json_module

    import pandas as pd

    from helpers import analysis, charts

    cases = [  # (holder, attribute, a value a cell could set), and the name reported
        (json_module, "dumps", repr, "json.dumps"),
        (pd.DataFrame, "style", None, "pandas.DataFrame.style"),
        (charts, "ACCENT", "#000000", "helpers.charts.ACCENT"),
        (charts.apply_style, "__defaults__", (1,), "helpers.charts.apply_style.__defaults__"),
    ]
    for holder, attr, value, name in cases:
        before = getattr(holder, attr) if attr == "__defaults__" else vars(holder)[attr]
        setattr(holder, attr, value)
        try:
            found = kernelstate.changed()
        finally:
            setattr(holder, attr, before)
        assert found == [name], (name, found)
    analysis.NATIONAL_CONTEXT["syn"] = 1
    try:
        found = kernelstate.changed()
    finally:
        del analysis.NATIONAL_CONTEXT["syn"]
    assert found == ["the items of helpers.analysis.NATIONAL_CONTEXT"]
    assert kernelstate.changed() == []
    done = threading.Event()
    thread = threading.Thread(target=done.wait, name="left-by-a-cell")
    thread.start()
    try:
        assert kernelstate.changed() == ["threads left running (left-by-a-cell)"]
        with pytest.raises(kernelstate.StateChanged, match="left-by-a-cell"):
            kernelstate.restore(os.getcwd())
    finally:
        done.set()
        thread.join()
    assert kernelstate.changed() == []


def test_what_can_be_put_back_is(recorded):
    kernelstate = recorded
    import numpy as np
    import pandas as pd

    def state():
        environ = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
        return environ, list(sys.path), sys.getrecursionlimit(), np.geterr()

    before = state()
    pd.set_option("display.max_rows", 3)
    np.set_printoptions(precision=1)
    np.seterr(all="raise")
    os.environ["SYN_LEFT"] = "1"
    sys.path.append("/nonexistent/left")
    sys.setrecursionlimit(4321)
    mask = os.umask(0o077)
    kernelstate.restore(os.getcwd())
    assert pd.get_option("display.max_rows") != 3
    assert np.get_printoptions()["precision"] != 1
    assert state() == before
    assert os.umask(mask) == mask


# --------------------------------------------------------------------------- row 7

# Each brief checks that the processes the briefs before it started are gone, then starts
# two: one in a session of its own, and a daemon (its parent exits: it is an orphan).
LEAVES_PROCESSES = (
    "import os, pathlib, subprocess, sys, time, psutil\n"
    'marks = pathlib.Path(os.environ["SYN_MARK"])\n'
    'for f in marks.glob("*"):\n'
    "    pid = int(f.read_text())\n"
    '    alive = psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"\n'
    '    assert not alive, f"{f.name}: process {pid} of an earlier brief runs"\n'
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'],\n"
    "                         start_new_session=True)\n"
    '(marks / f"{province}-session").write_text(str(child.pid))\n'
    "daemon = (\n"
    '    "import os, sys, time\\n"\n'
    '    "if os.fork():\\n    os._exit(0)\\n"\n'
    "    \"os.setsid()\\nopen(sys.argv[1], 'w').write(str(os.getpid()))\\ntime.sleep(300)\"\n"
    ")\n"
    'subprocess.run([sys.executable, "-c", daemon, str(marks / f"{province}-daemon")])\n'
    "deadline = time.monotonic() + 20\n"
    'pid_file = marks / f"{province}-daemon"\n'
    "while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:\n"
    "    time.sleep(0.05)"
)


@pytest.mark.kernel
def test_processes_a_cell_leaves_end_with_its_brief(tmp_path, syn_data):
    marks = tmp_path / "marks"
    marks.mkdir()
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", LEAVES_PROCESSES))
    try:
        res = b.run("--jobs", "1", env={"SYN_MARK": str(marks)})
        assert res.returncode == 0, res.stdout + res.stderr
        assert "2 briefs: 2 built" in res.stdout
        assert len(list(marks.iterdir())) == 4
        b.no_process_left()
    finally:
        for p in b.processes():
            p.kill()


# --------------------------------------------------------------------------- row 14


@pytest.mark.kernel
def test_a_killed_dask_workers_temporary_folders_are_removed(tmp_path, syn_data, monkeypatch):
    pytest.importorskip("distributed", reason="Dask is an optional extra: pip install .[dask]")
    from distributed import LocalCluster

    temp = tmp_path / "tmp"
    temp.mkdir()
    dead = psutil.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for owner in (dead.pid, os.getpid()):  # a dead process's folder, and a live one's
        (temp / f"vn-briefs-{owner}-b{owner}" / "data").mkdir(parents=True)
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", FIRST_WAITS))
    b.first = tmp_path / "first"
    monkeypatch.setenv("TMPDIR", str(temp))  # the cluster's workers' temporary folder
    monkeypatch.setenv("BATCH_TEST_MARK", b.mark)  # their kernels are found, then
    monkeypatch.setenv("SYN_MARK", str(b.first))
    try:
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
            proc = b.start("--scheduler", cluster.scheduler_address)
            os.kill(_worker_of_the_first_brief(b, proc), signal.SIGKILL)
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, out + err
            assert "2 briefs: 2 built" in out
            kept = sorted(p.name for p in temp.iterdir() if not p.name.startswith("dask-"))
            assert kept == [f"vn-briefs-{os.getpid()}-b{os.getpid()}"], kept
    finally:  # (this process's resource tracker has the mark too: it stays)
        for p in b.processes():
            if "resource_tracker" not in " ".join(p.cmdline()):
                p.kill()


# --------------------------------------------------------------------------- row 15

COUNTS_WORKERS = (
    "import os, psutil\n"
    "batch = psutil.Process(os.getppid()).parent()\n"
    'workers = [p for p in batch.children() if "spawn_main" in " ".join(p.cmdline())]\n'
    'display(Markdown(f"{len(workers)} workers"))'
)


@pytest.mark.kernel
def test_no_more_workers_than_briefs(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", COUNTS_WORKERS))
    res = b.run("--jobs", "16", "--province", "38")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "1 brief: 1 built" in res.stdout
    assert "1 workers" in (b.out / QUICK).read_text(encoding="utf-8")
    b.no_process_left()


def test_a_brief_submitted_to_a_pool_whose_thread_ended_fails_at_once(tmp_path):
    """Wrong before: once the supervising thread had ended, a brief queued after it waited
    forever (a batch run in the test process hung in ``execute``)."""
    from helpers.pool import Pool

    pool = Pool(1, str(tmp_path), 60)
    pool.shutdown()
    future = pool.submit(print, "never run")
    outcome = future.result(timeout=5)
    assert outcome.status == "failed" and outcome.error == "the batch stopped"


def test_workers_start_under_ipython(tmp_path, monkeypatch):
    """Wrong before: under IPython (a researcher running the batch in a notebook's kernel,
    or a test after one that started IPython), spawning a worker failed: IPython's
    ``__main__`` is its user-namespace module, which has no ``__spec__``."""
    import sys
    import types

    from helpers.pool import Pool

    namespace = types.SimpleNamespace(__name__="__main__")  # a module object with no __spec__
    monkeypatch.setitem(sys.modules, "__main__", namespace)
    pool = Pool(1, str(tmp_path), 60)
    try:
        pid = pool.submit(os.getpid).result(timeout=60)
    finally:
        pool.shutdown()
    assert isinstance(pid, int) and pid != os.getpid()
