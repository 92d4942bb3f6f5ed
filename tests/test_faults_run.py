"""Faults of a batch run and how it ends (issue 27, rows 1, 10, 11 and 13).

Relative paths, outputs that cannot be written (a read-only folder, a folder where the
manifest goes, a planted lock file), a full disk, and Ctrl-C while the batch connects to
a Dask scheduler that never answers: each ends with one message naming the path and the
cause, the summary, a ``run.json`` that says what happened, and the exit code.

The data and notebooks are SYNTHETIC, written by ``test_batch``'s writers.
"""

import contextlib
import errno
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from test_batch import HOLD, MARK_THEN_WAIT, QUICK, Batch, synthetic_data, synthetic_notebook

INTACT = "; stopped; the briefs already there are intact"


@pytest.fixture(scope="module")
def syn_data(tmp_path_factory):
    return synthetic_data(tmp_path_factory.mktemp("syn") / "data")  # SYNTHETIC


def _errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("error:")]


def _run_json(out: Path) -> dict:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def _stopped(res, b: Batch) -> str:
    """Check a run stopped by an output it could not write; return its one error."""
    assert res.returncode == 1, res.stdout + res.stderr
    errors = _errors(res.stderr)
    assert len(errors) == 1, res.stderr
    assert "Traceback" not in res.stderr
    run = _run_json(b.out)
    assert (run["status"], run["exit_code"]) == ("stopped", 1)
    assert errors == [f"error: {run['error']}{INTACT}"]
    assert res.stdout.splitlines()[-1].endswith("(stopped)"), res.stdout
    error = run["error"]
    assert not list(b.out.rglob("*.tmp"))
    b.no_process_left()
    return error


def _mount(*argv) -> None:
    res = subprocess.run(["mount", *map(str, argv)], capture_output=True, text=True)
    if res.returncode:
        pytest.skip(f"mount {' '.join(map(str, argv))}: {res.stderr.strip()}")


def _umount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@contextlib.contextmanager
def read_only(folder: Path):
    """Make ``folder`` (and its subfolders) read-only; yield the error a write gets."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")] if p.is_dir()}
        for p in modes:
            p.chmod(0o555)
        try:
            yield "Permission denied"
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    _mount("--bind", folder, folder)  # root writes in any folder: a read-only mount
    try:
        _mount("-o", "remount,bind,ro", folder)
        yield "Read-only file system"
    finally:
        _umount(folder)


@contextlib.contextmanager
def small_disk(folder: Path):
    """Mount a 2 MB file system at ``folder`` (root only: a real ``ENOSPC``)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root (the file-size test runs)")
    folder.mkdir(parents=True)
    _mount("-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", folder)
    try:
        yield folder
    finally:
        _umount(folder)


def fill(folder: Path) -> None:
    """Write into ``folder`` until its file system is full."""
    with open(folder / "filler", "ab", buffering=0) as fh:
        for chunk in (b"\0" * 65536, b"\0"):
            with contextlib.suppress(OSError):
                while fh.write(chunk):
                    pass
        with pytest.raises(OSError) as exc:
            fh.write(b"\0")
    assert exc.value.errno == errno.ENOSPC


# --------------------------------------------------------------------------- row 1


@pytest.mark.kernel
def test_relative_out_data_and_notebook_build_as_absolute_ones(tmp_path, syn_data):
    shutil.copytree(syn_data, tmp_path / "data")
    (tmp_path / "notebooks").mkdir()  # the kernels run here, not where the batch started
    synthetic_notebook(tmp_path / "notebooks" / "nb.ipynb")
    b = Batch(tmp_path, Path("data"), Path("notebooks/nb.ipynb"))
    b.out = Path("outputs-rel")
    res = b.run(cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2 briefs: 2 built, 0 fresh, 0 failed" in res.stdout
    out = tmp_path / "outputs-rel"
    assert "Section 42" in (out / HOLD).read_text(encoding="utf-8")
    assert {r["path"]: r["status"] for r in _run_json(out)["briefs"]} == {
        QUICK: "built",
        HOLD: "built",
    }
    assert not (tmp_path / "notebooks" / "outputs-rel").exists()
    again = b.run(cwd=tmp_path)
    assert again.returncode == 0 and "nothing to do" in again.stdout
    b.out = out
    b.no_process_left()


# --------------------------------------------------------------------------- row 10


@pytest.mark.kernel
def test_read_only_briefs_folder_stops_with_one_line(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    assert b.run().returncode == 0
    before = {p: (b.out / p).read_bytes() for p in (QUICK, HOLD)}
    with read_only(b.out / "briefs" / "en") as cause:
        res = b.run("--force")
        error = _stopped(res, b)
    written = {f"cannot write {b.out / p}: {cause}" for p in (QUICK, HOLD)}
    assert error in written, error
    assert {p: (b.out / p).read_bytes() for p in before} == before
    briefs = _run_json(b.out)["briefs"]
    assert {r["status"] for r in briefs} == {"cancelled"}
    assert error in {r["error"] for r in briefs}  # the brief it stopped at says why


@pytest.mark.kernel
def test_manifest_a_folder_stops_with_one_line(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    assert b.run().returncode == 0
    (b.out / "manifest.json").unlink()
    (b.out / "manifest.json").mkdir()
    res = b.run("--force")
    assert _stopped(res, b) == f"cannot write {b.out / 'manifest.json'}: Is a directory"
    assert (b.out / "manifest.json").is_dir() and not list((b.out / "manifest.json").iterdir())


def test_lock_file_a_symlink_is_refused_with_one_line(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    (b.out / ".work").mkdir(mode=0o700, parents=True)
    (b.out / "run.json").write_text('{"status": "complete", "exit_code": 0}')  # an earlier run
    victim = tmp_path / "victim"
    victim.write_text("not the batch's", encoding="utf-8")
    lock = b.out / ".work" / "lock"
    for target in (victim, tmp_path / "nowhere"):
        lock.unlink(missing_ok=True)
        lock.symlink_to(target)
        res = b.run()
        assert res.returncode == 2, res.stdout + res.stderr
        message = f"unsafe lock file {lock}: a symbolic link; remove it"
        assert _errors(res.stderr) == [f"error: {message}"], res.stderr
        assert "Traceback" not in res.stderr
        assert res.stdout.splitlines()[-1].endswith("(refused)"), res.stdout
        run = _run_json(b.out)
        assert (run["status"], run["exit_code"], run["error"]) == ("refused", 2, message)
    assert victim.read_text(encoding="utf-8") == "not the batch's"
    assert not (tmp_path / "nowhere").exists()
    b.no_process_left()


# --------------------------------------------------------------------------- row 11


@pytest.mark.kernel
def test_disk_full_during_the_run_and_from_the_start(tmp_path, syn_data):
    marks = tmp_path / "marks"
    marks.mkdir()
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb", MARK_THEN_WAIT))
    with small_disk(b.out):
        assert b.run().returncode == 0
        before = (b.out / QUICK).read_bytes()
        proc = b.start("--force", "--province", "38", SYN_MARK=str(marks))
        b.wait_for(lambda: (marks / "38").exists())  # the brief runs: the disk fills up
        fill(b.out)
        out, err = proc.communicate(timeout=60)
        res = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        assert _stopped(res, b) == f"cannot write {b.out / QUICK}: No space left on device"
        assert (b.out / QUICK).read_bytes() == before
        fill(b.out)  # what the run freed (its temporary folder) is taken again
        res = b.run("--force")  # full from the start: the data's copy cannot be written
        error = _stopped(res, b)
        assert error.startswith("cannot ") and error.endswith(": No space left on device")
        assert (b.out / QUICK).read_bytes() == before


@pytest.mark.kernel
def test_file_size_limit_at_the_index_stops_and_run_json_says_so(tmp_path, syn_data):
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    assert b.run().returncode == 0
    small = max(p.stat().st_size for p in b.out.rglob("*") if p.is_file() and "index" not in p.name)
    index = min((b.out / p).stat().st_size for p in ("index.html", "index.en.html"))
    limit = (small + index) // 2
    assert small < limit < index  # the briefs fit; the index pages do not

    def limited():  # writes past the limit fail with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    res = b.run("--force", preexec_fn=limited)
    assert _stopped(res, b) == f"cannot write {b.out / 'index.html'}: File too large"
    assert {r["path"]: r["status"] for r in _run_json(b.out)["briefs"]} == {
        QUICK: "built",
        HOLD: "built",
    }


# --------------------------------------------------------------------------- row 13


@contextlib.contextmanager
def silent_scheduler():
    """Yield ``(address, accept)`` of a TCP peer that accepts and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.settimeout(60)
        accepted = []

        def accept():
            accepted.append(server.accept()[0])

        try:
            yield f"tcp://127.0.0.1:{server.getsockname()[1]}", accept
        finally:
            for conn in accepted:
                conn.close()


@contextlib.contextmanager
def ended(proc):
    """End ``proc`` and its children on the way out, whatever the block did."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()


def test_ctrl_c_while_connecting_to_a_scheduler_exits_130(tmp_path, syn_data):
    pytest.importorskip("distributed", reason="Dask is an optional extra: pip install .[dask]")
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    with silent_scheduler() as (address, accept), ended(b.start("--scheduler", address)) as proc:
        accept()  # the batch is connecting, and will get no answer
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
        seconds = time.monotonic() - sent
    assert proc.returncode == 130, out + err
    assert seconds < 5, seconds  # the wanted bound: well within the connection's 10 s
    assert "Traceback" not in err and "interrupted:" in err
    run = _run_json(b.out)
    assert (run["status"], run["exit_code"]) == ("interrupted", 130)
    assert {r["status"] for r in run["briefs"]} == {"cancelled"}
    b.no_process_left()


def test_a_scheduler_that_never_answers_is_refused(tmp_path, syn_data):
    pytest.importorskip("distributed", reason="Dask is an optional extra: pip install .[dask]")
    b = Batch(tmp_path, syn_data, synthetic_notebook(tmp_path / "nb.ipynb"))
    with (
        silent_scheduler() as (address, accept),
        ended(b.start("--scheduler", address, "--connect-timeout", "2")) as proc,
    ):
        accept()
        out, err = proc.communicate(timeout=40)
    assert proc.returncode == 2, out + err
    message = f"--scheduler: cannot reach {address} (no answer in 2 s)"
    assert _errors(err) == [f"error: {message}"], err
    assert (_run_json(b.out)["status"], _run_json(b.out)["error"]) == ("refused", message)
    b.no_process_left()
