"""Kernels forked from a warm template: fresh, isolated, and replaceable by a cold start."""

from __future__ import annotations

import json
import os
import sys
import time

import nbformat
import papermill as pm
import pytest

from helpers import warmkernel

PROBE = (
    "import json, os, sys\n"
    "print(json.dumps({'pid': os.getpid(), 'ppid': os.getppid(), 'cwd': os.getcwd(),\n"
    "    'pgid': os.getpgid(0), 'preloaded': 'helpers.sections' in sys.modules,\n"
    "    'leak': 'leak' in globals(), 'env': os.environ.get('WARM_TEST_ENV'),\n"
    "    'path0': sys.path[0]}))\n"
    "leak = 1"
)


def _notebook(tmp_path, *sources, name="probe.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _run(path, tmp_path, **kw):
    return pm.execute_notebook(
        str(path),
        str(tmp_path / f"out-{time.monotonic_ns()}.ipynb"),
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
        kernel_manager_class=warmkernel.WarmKernelManager,
        **kw,
    )


def _probe(nb) -> dict:
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    return json.loads(text.strip().splitlines()[-1])


@pytest.fixture
def template():
    tpl = warmkernel.Template()
    warmkernel.use_template(tpl.address)
    yield tpl
    warmkernel.use_template(None)
    tpl.close()


def _gone(pid: int, within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_each_kernel_is_a_new_child_of_the_template(template, tmp_path, monkeypatch):
    monkeypatch.setenv("WARM_TEST_ENV", "seen by the kernel")
    path = _notebook(tmp_path, PROBE)
    first, second = _probe(_run(path, tmp_path)), _probe(_run(path, tmp_path))
    for probe in (first, second):
        assert probe["ppid"] == template.process.pid  # forked, not started from scratch
        assert probe["pgid"] == probe["pid"]  # its own process group
        assert probe["preloaded"] is True
        assert probe["cwd"] == str(tmp_path.resolve())
        assert probe["env"] == "seen by the kernel"  # the environment of this launch
        assert probe["path0"] != ""  # as ipykernel_launcher leaves sys.path
    assert first["pid"] != second["pid"]
    assert first["leak"] is False and second["leak"] is False  # nothing carried over
    assert _gone(first["pid"]) and _gone(second["pid"])  # shut down, reaped


def test_dead_kernel_takes_nothing_else_with_it(template, tmp_path):
    dies = _notebook(tmp_path, "import os\nos._exit(1)", name="dies.ipynb")
    with pytest.raises(Exception, match="[Kk]ernel died|DeadKernel"):
        _run(dies, tmp_path)
    assert template.process.poll() is None
    probe = _probe(_run(_notebook(tmp_path, PROBE), tmp_path))
    assert probe["ppid"] == template.process.pid


def test_cell_timeout_stops_the_kernel(template, tmp_path):
    slow = _notebook(
        tmp_path,
        "import os\nprint(os.getpid(), flush=True)",
        "import time\ntime.sleep(600)",
        name="slow.ipynb",
    )
    out = tmp_path / "slow-out.ipynb"
    with pytest.raises(Exception, match="[Tt]imeout|timed out"):
        pm.execute_notebook(
            str(slow),
            str(out),
            kernel_name="python3",
            cwd=str(tmp_path),
            progress_bar=False,
            execution_timeout=3,
            kernel_manager_class=warmkernel.WarmKernelManager,
        )
    pid = int(nbformat.read(out, as_version=4).cells[0].outputs[0]["text"].split()[0])
    assert _gone(pid), "the kernel of the timed-out cell is still running"
    assert template.process.poll() is None


def test_without_a_template_the_kernel_starts_from_scratch(tmp_path):
    warmkernel.use_template(None)
    probe = _probe(_run(_notebook(tmp_path, PROBE), tmp_path))
    assert probe["ppid"] == os.getpid()
    assert probe["preloaded"] is False


def test_a_broken_template_falls_back_to_a_cold_start(tmp_path, capfd):
    tpl = warmkernel.Template(preload=("helpers.no_such_module",))
    warmkernel.use_template(tpl.address)
    try:
        probe = _probe(_run(_notebook(tmp_path, PROBE), tmp_path))
    finally:
        warmkernel.use_template(None)
        tpl.close()
    assert probe["ppid"] == os.getpid()
    err = capfd.readouterr().err
    assert "No module named 'helpers.no_such_module'" in err
    assert "warm kernel unavailable" in err


@pytest.mark.parametrize(
    ("cmd", "plain"),
    [
        ([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"], True),
        ([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json", "--X=1"], True),
        (["/usr/bin/other-python", "-m", "ipykernel_launcher", "-f", "k.json"], False),
        ([sys.executable, "-m", "other_kernel", "-f", "k.json"], False),
        ([sys.executable, "-m", "ipykernel_launcher"], False),
    ],
)
def test_only_this_pythons_ipykernel_is_forked(cmd, plain):
    assert warmkernel._is_plain_ipykernel(cmd) is plain


def test_forked_kernel_handle_polls_and_signals_by_pidfd():
    import subprocess

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    handle = warmkernel._ForkedKernel(proc.pid)
    assert handle._pidfd is not None  # Linux here has pidfds
    assert handle.poll() is None
    handle.terminate()
    proc.wait(timeout=10)  # reaped by us, its parent, as the template reaps kernels
    assert handle.wait(timeout=10) == 0
    assert handle._pidfd is None  # closed once the process is gone
    handle.kill()  # no signal to whatever process gets the pid next
