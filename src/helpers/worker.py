"""One brief in a worker process (:func:`build`).

Its kernel (kept between briefs, reset or replaced), the Papermill run with the ``briefs``
engine, the export and the checks.

A worker dies with the batch (``PR_SET_PDEATHSIG``) and adopts what its kernels' cells
leave running (``PR_SET_CHILD_SUBREAPER``), ended after each brief.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DISK_FULL
from .fingerprint import digest, environment
from .plan import Task, title


@dataclass(frozen=True)
class Job:
    """What a worker needs for one brief (sent to it, never stored).

    Attributes
    ----------
    task : Task
        The brief.
    notebook : str
        The notebook's text: exactly the bytes in the fingerprint.
    cwd : str
        The kernel's working folder (the notebook's; a temporary one where it does not
        exist, on another machine).
    data_dir, data_digest : str
        The snapshot and its fingerprint, checked before the kernel starts.
    data_files : dict or None
        The snapshot's bytes for workers on other machines (Dask); None locally.
    env_digest : str
        :func:`environment` of the batch; a worker whose own differs refuses the brief.
    timeout : int
        Seconds allowed per cell.
    work : str or None
        Private folder for the kernel's files; None: a new temporary folder.
    keep_kernel : bool
        Keep the kernel for the worker's next brief (local pool); False: one kernel a
        brief (Dask, where a worker's life is the cluster's business).
    log : str or None
        File a new kernel's standard error is appended to; None: the worker's own.
    kernel_env : dict
        Environment a new kernel gets on top of the worker's: the fingerprint of the data
        the batch validated (:data:`helpers.data.VALIDATED`), not checked again there.
    """

    task: Task
    notebook: str
    cwd: str
    data_dir: str
    data_digest: str
    data_files: dict | None
    env_digest: str
    timeout: int
    work: str | None
    keep_kernel: bool = False
    log: str | None = None
    kernel_env: dict = field(default_factory=dict)


@dataclass
class Outcome:
    """What a worker sends back: the page, or where and why the brief failed."""

    status: str = "failed"  # built | failed
    seconds: float = 0.0
    html: bytes | None = None
    notebook: str | None = None  # the executed notebook of a failure
    cell: int | None = None
    line: str = ""
    error: str = ""
    disk_full: bool = False
    values: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)


def failing_cell(nb) -> tuple[int | None, str]:
    """Find the cell a run stopped at: the one whose outputs hold the error.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook, with Papermill's metadata.

    Returns
    -------
    (int or None, str)
        The code cell's number as in the notebook on disk (1 = first code cell; the
        injected parameters are not counted) and the source line that failed, read from
        the traceback. Without an error output (a timeout, a dead kernel) the cell is the
        last one Papermill started, and the line its first. ``(None, "")`` if none ran.
    """
    cells = [c for c in nb.cells if c.cell_type == "code"]
    cells = [c for c in cells if "injected-parameters" not in c.metadata.get("tags", [])]
    found = None
    for number, cell in enumerate(cells, 1):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            found = number, cell, "\n".join(errors[0].get("traceback", []))
            break
        if cell.metadata.get("papermill", {}).get("start_time"):
            found = number, cell, ""
    if found is None:
        return None, ""
    number, cell, traceback = found
    lines = cell.source.splitlines()
    at = re.search(r"Cell In\[\d*\], line (\d+)", re.sub(r"\x1b\[[0-9;]*m", "", traceback))
    if at and 0 < int(at.group(1)) <= len(lines):
        return number, lines[int(at.group(1)) - 1].strip()
    return number, next((ln.strip() for ln in lines if ln.strip()), "")


def _describe(exc: BaseException, timeout: int) -> str:
    name = type(exc).__name__
    if hasattr(exc, "ename"):  # papermill.PapermillExecutionError: the cell's exception
        value = str(getattr(exc, "evalue", "")).strip().splitlines()
        return f"{exc.ename}: {value[0] if value else ''}".strip()
    if name == "CellTimeoutError":
        return f"CellTimeoutError: the cell ran longer than {timeout} s (--timeout)"
    if name == "DeadKernelError":
        return "DeadKernelError: the kernel died"
    text = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return f"{name}: {text[-1] if text else ''}"[:300]


def _published(nb) -> dict:
    """Key values a notebook publishes for the index (:func:`helpers.show.publish`).

    ``{"values": {...}, "sort": {...}, "latest": year or None}``; mappings published in
    several outputs are merged, any other value is the last output's.
    """
    from .render import INDEX_MIME

    found: dict = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for key, part in (output.get("data", {}).get(INDEX_MIME) or {}).items():
                if isinstance(part, dict):
                    found.setdefault(key, {}).update(part)
                else:
                    found[key] = part
    return found


def _data_dir(job: Job, tmp: str) -> str:
    from .contract import read_files

    folder = Path(job.data_dir)
    if job.data_files is not None:  # another machine: write the snapshot out
        folder = Path(tmp) / "data"
        for rel, data in job.data_files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
    if digest(read_files(folder).items()) != job.data_digest:
        raise RuntimeError(f"the data snapshot {folder} does not match its fingerprint")
    return str(folder)


#: Run in a kept kernel before each brief after its first (:func:`helpers.kernelstate.restore`):
#: the state of a new kernel as far as a notebook can see, or an error naming what a brief
#: changed that cannot be put back (the kernel is then replaced); the modules stay
#: imported, which is the point of keeping it.
RESET = """\
import helpers.kernelstate as _state
_state.restore({cwd!r})
"""


#: What a new kernel runs before its first brief (:func:`helpers.kernelstate.warm`): it
#: dies with the worker (``{parent}``), imports every helpers module (and so pandas,
#: matplotlib, seaborn) but the batch and the engine, and records its state. The modules'
#: objects are then left out of the garbage collector's rounds (``gc.freeze``): IPython's
#: reset between briefs runs a full collection, 0.17 s over them each time. Only these:
#: freezing after every reset too kept what later briefs dropped (a kernel grew from 170
#: to 226 MB over 30 briefs).
WARM = """\
import gc, helpers.kernelstate as _state
_state.warm({parent})
gc.freeze()
del gc, _state
"""


_KERNEL = threading.local()  # held: {"name", "km", "folder", "kc", "pid"}


def _reset(job: Job, cwd: str, name: str):
    """Return the worker's kept kernel and client, reset for the next brief; None if not kept.

    A kernel that cannot be reset (:data:`RESET` fails: the previous brief changed what
    cannot be put back, or the kernel does not answer) is not kept; why goes to ``job.log``.
    """
    from jupyter_core.utils import run_sync

    held = getattr(_KERNEL, "held", None)
    if not held or held["name"] != name or not run_sync(held["km"].is_alive)():
        return None
    try:
        reply = run_sync(held["kc"].execute_interactive)(
            RESET.format(cwd=cwd), store_history=False, timeout=30, output_hook=len
        )["content"]
        if reply["status"] == "ok":
            return held["km"], held["kc"]
        why = f"{reply.get('ename')}: {reply.get('evalue')}"
    except Exception as exc:  # noqa: BLE001 - a kernel that cannot be reset is replaced
        why = f"the reset failed ({type(exc).__name__}: {exc})"
    if job.log:
        with contextlib.suppress(OSError), open(job.log, "a", encoding="utf-8") as log:
            log.write(f"batch: a new kernel for {job.task.label()}: {why}\n")
    return None


#: A kernel's IPC sockets are files in its folder, whose path must leave room for the
#: socket names within the system's limit (108 bytes on Linux).
_SOCKET_FOLDER = 80


def _kernel(name: str, cwd: str, job: Job):
    """Return the worker's kernel and client for the next brief: the kept ones, or new ones.

    A kept kernel is reset first (:func:`_reset`). A new kernel runs on the batch's own
    interpreter (:func:`_this_interpreter`), started by jupyter_client (a fresh process:
    its own hash seed), its connection file and IPC sockets in a private temporary folder
    (TCP, with ports the OS hands out, only if that folder's path is too long for a socket
    name), working folder ``cwd``, environment ``job.kernel_env`` on top of the worker's,
    standard error appended to ``job.log``; it runs :data:`WARM` before its first brief
    and tells its process id. Its one client (async, nbclient's kind: cell timeouts work)
    connects once, waits until the kernel answers, then resets the kept kernel between
    briefs and runs every brief. All of it runs in the thread's event loop
    (``jupyter_core.utils.run_sync``), as nbclient does.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_core.utils import run_sync

    kept = _reset(job, cwd, name)
    if kept:
        return kept
    _drop_kernel()
    folder = tempfile.mkdtemp(prefix=_temp_prefix(job, "k"), dir=job.work)
    if len(folder) >= _SOCKET_FOLDER:  # a socket's name is short: the system's temp folder
        os.rmdir(folder)
        folder = tempfile.mkdtemp(prefix=_system_prefix("k"))
    km = AsyncKernelManager(
        kernel_name=name,
        kernel_spec_manager=_this_interpreter(name, folder),
        connection_file=os.path.join(folder, "k.json"),
        transport="ipc" if len(folder) < _SOCKET_FOLDER else "tcp",
    )
    _KERNEL.held = {"name": name, "km": km, "folder": folder, "kc": None, "pid": None}
    env = {**os.environ, **job.kernel_env}
    with open(job.log, "ab") if job.log else contextlib.nullcontext() as log:
        run_sync(km.start_kernel)(
            cwd=cwd, env=env, stderr=log, extra_arguments=["--HistoryManager.enabled=False"]
        )
    kc = km.client()
    _KERNEL.held["kc"] = kc
    kc.start_channels()
    kc.allow_stdin = False
    run_sync(_answered)(km, kc, 60)
    reply = run_sync(kc.execute_interactive)(
        WARM.format(parent=os.getpid()),
        store_history=False,
        timeout=120,
        output_hook=len,
        user_expressions={"pid": "__import__('os').getpid()"},
    )["content"]
    if reply["status"] != "ok":
        raise RuntimeError(f"the kernel's warm-up failed: {reply['ename']}: {reply['evalue']}")
    _KERNEL.held["pid"] = int(reply["user_expressions"]["pid"]["data"]["text/plain"])
    return km, kc


async def _answered(km, kc, timeout: float) -> None:
    """Wait until a new kernel answers on its shell and IOPub channels.

    What the client's ``wait_for_ready`` checks, with its public calls (``kernel_info``,
    ``get_shell_msg``, ``get_iopub_msg``, ``is_alive``), without its last step: listening
    until IOPub has been quiet for 0.2 s, which every new kernel paid on the way to its
    first brief. Messages left on IOPub do no harm: every later reader keeps only those
    answering its own request.

    Raises
    ------
    RuntimeError
        When the kernel dies, or has not answered within ``timeout`` seconds.
    """
    from queue import Empty

    deadline = time.monotonic() + timeout
    while True:
        kc.kernel_info()
        try:
            reply = await kc.get_shell_msg(timeout=1)
        except Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:  # IOPub connects on its own: a message there says it is
                await kc.get_iopub_msg(timeout=0.2)
                return
            except Empty:
                pass
        if not await km.is_alive():
            raise RuntimeError("the kernel died before it answered")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel did not answer in {timeout} s")


def _this_interpreter(name: str, folder: str):
    """Return a kernel-spec manager whose one kernel, ``name``, runs on this interpreter.

    The batch runs its kernels on the Python it runs on, whatever the notebook's
    ``kernelspec`` names and whatever is registered on the machine: nothing needs to be
    registered first (ipykernel's ``get_kernel_dict``, jupyter_client's
    ``KernelSpecManager(kernel_dirs=…)``, both public). Only ``kernel.json`` is written
    (no logos): a write that fails is an ``OSError`` with its errno, so a full disk is
    reported as one.
    """
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import KernelSpecManager

    specs = Path(folder) / "kernels"
    (specs / name).mkdir(parents=True)
    spec = get_kernel_dict() | {"display_name": f"Python ({name})"}
    (specs / name / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return KernelSpecManager(kernel_dirs=[str(specs)], ensure_native_kernel=False)


def _drop_kernel() -> None:
    """End the worker's kernel, if any, and what its cells started; remove its folder."""
    from jupyter_core.utils import run_sync

    _end_strays()
    held, _KERNEL.held = getattr(_KERNEL, "held", None), None
    if held:
        with contextlib.suppress(Exception):
            if held["kc"] is not None:
                held["kc"].stop_channels()
            run_sync(held["km"].shutdown_kernel)(now=True)
        shutil.rmtree(held["folder"], ignore_errors=True)


def _end_strays() -> None:
    """Kill the processes a brief's cells left: the kernel's descendants, adopted orphans.

    A process a cell started, in a session of its own or not, is a descendant of the
    kernel while the kernel lives; one whose parent ended (a daemon) is adopted by a
    local worker (:func:`_worker_start`: a child subreaper) and is the worker's child
    beside the kernel. Both are killed after each brief; the worker reaps its own.
    """
    import psutil

    held = getattr(_KERNEL, "held", None)
    pid = held["pid"] if held else None
    try:
        root = psutil.Process() if _ADOPTS else psutil.Process(pid) if pid else None
        if root is None or (not _ADOPTS and root.ppid() != os.getpid()):
            return  # no kernel, or it died and its pid is another process's now
        strays = [p for p in root.children(recursive=True) if p.pid != pid]
    except psutil.Error:
        return
    for proc in strays:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    mine = [p for p in strays if _ppid(p) == os.getpid()]
    psutil.wait_procs(mine, timeout=2)


def _ppid(proc) -> int | None:
    try:
        return proc.ppid()
    except Exception:  # noqa: BLE001 - psutil.Error: gone already
        return None


def _temp_prefix(job: Job, kind: str) -> str:
    """Prefix of a brief's temporary folder: with the process id where it is the system's.

    Locally the folders are in the run's private folder (``job.work``), which the next
    run removes; elsewhere (Dask) in the system's, named ``vn-briefs-<pid>-`` so that
    :func:`sweep_temp` finds those of a process that died.
    """
    return kind if job.work else _system_prefix(kind)


def _system_prefix(kind: str) -> str:
    """Prefix of a folder in the system's temporary folder: :func:`sweep_temp` finds it."""
    return f"{TEMP_PREFIX}{os.getpid()}-{kind}"


def sweep_temp() -> int:
    """Remove the system's temporary folders of briefs whose process has ended.

    Run on every Dask worker at the end of a run (``Client.run``): a worker killed
    mid-run leaves its brief's folders; this finds them by name (:func:`_temp_prefix`)
    and owner. Folders of live processes stay.

    Returns
    -------
    int
        How many were removed.
    """
    removed = 0
    with os.scandir(tempfile.gettempdir()) as entries:
        for entry in entries:
            found = re.fullmatch(rf"{TEMP_PREFIX}(\d+)-.*", entry.name)
            if not found or not entry.is_dir(follow_symlinks=False):
                continue
            if entry.stat(follow_symlinks=False).st_uid != os.geteuid():
                continue
            if not _alive(int(found.group(1))):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _execute(job: Job, nb, data_dir: str, cwd: str, out: Outcome):
    """Run the notebook with Papermill's ``briefs`` engine in the worker's kernel.

    Returns the executed notebook, or None with ``out`` saying why (the failing cell, the
    notebook as far as it ran).
    """
    import nbformat
    import papermill

    from .engine import NAME as ENGINE

    running: list = []
    km, kc = _kernel(nb.metadata.kernelspec.name, cwd, job)
    try:
        return papermill.execute_notebook(
            nb,
            None,
            parameters=job.task.parameters(data_dir),
            engine_name=ENGINE,
            execution_timeout=job.timeout,
            progress_bar=False,
            km=km,  # nbclient's NotebookClient(km=...): it neither starts nor ends it
            kc=kc,
            running=running,
        )
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the batch
        out.error = _describe(exc, job.timeout)
        out.disk_full = isinstance(exc, OSError) and exc.errno in DISK_FULL
        if running:
            out.cell, out.line = failing_cell(running[0])
            out.notebook = nbformat.writes(running[0])
        return None


def build(job: Job) -> Outcome:
    """Execute, export and check one brief, in a worker; write nothing outside a temp folder.

    The notebook runs through Papermill in the worker's kernel (:func:`_kernel`): with
    ``job.keep_kernel`` the kernel of the worker's previous brief, its namespace reset
    (:data:`RESET`), else a new one; a kernel whose brief failed is never used again.
    ``job.timeout`` seconds per cell. What the cells started and left running is killed
    after the brief (:func:`_end_strays`).

    Parameters
    ----------
    job : Job
        The brief and its inputs.

    Returns
    -------
    Outcome
        ``built`` with the HTML (and PDF) and the values published for the index, or
        ``failed`` with the executed notebook, the failing cell and the error; seconds
        per step in ``timings``.
    """
    import nbformat

    from . import checks, render

    start = time.perf_counter()
    task, out = job.task, Outcome()
    tmp = tempfile.mkdtemp(prefix=_temp_prefix(job, "b"), dir=job.work)
    keep = False
    try:
        if environment()["digest"] != job.env_digest:
            raise RuntimeError("this worker's helpers or package versions are not the batch's")
        data_dir = _data_dir(job, tmp)
        nb = nbformat.reads(job.notebook, as_version=4)
        cwd = job.cwd if os.path.isdir(job.cwd) else tmp
        t0 = time.perf_counter()
        nb = _execute(job, nb, data_dir, cwd, out)
        if nb is None:
            return out
        t1 = time.perf_counter()
        cells = sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in nb.cells)
        links = {"index": task.index, "other_lang": task.other}
        html = render.to_html(nb, lang=task.lang, title=title(task), links=links)
        t2 = time.perf_counter()
        problems = checks.check_brief(nb, html, task.lang)
        t3 = time.perf_counter()
        out.timings = {"kernel": t1 - t0 - cells, "cells": cells, "export": t2 - t1}
        out.timings["checks"] = t3 - t2
        keep = job.keep_kernel
        if problems:
            out.error = "checks: " + "; ".join(problems)
            out.notebook = nbformat.writes(nb)
            return out
        out.html = html.encode("utf-8")
        out.status, out.values = "built", _published(nb)
        return out
    except Exception as exc:  # noqa: BLE001 - a fault outside the notebook (export, data)
        out.error = _describe(exc, job.timeout)
        out.disk_full = isinstance(exc, OSError) and exc.errno in DISK_FULL
        return out
    finally:
        _drop_kernel() if not keep else _end_strays()
        shutil.rmtree(tmp, ignore_errors=True)
        out.seconds = time.perf_counter() - start


#: Seconds between a local worker's messages while it lives ("alive" when it has nothing
#: else to say); a busy worker silent for ``--timeout`` seconds (:data:`SILENCE` at
#: least) is hung: it is ended and replaced.
HEARTBEAT = 0.5


SILENCE = 5


#: Prefix of the temporary folders of briefs outside the run's folder (Dask workers').
TEMP_PREFIX = "vn-briefs-"


_ADOPTS = False  # a local worker: orphans of its kernels' processes are its children


def _kill_tree(root) -> None:
    """Kill the descendants of the psutil process ``root`` (not ``root``)."""
    import psutil

    with contextlib.suppress(psutil.Error):
        for proc in root.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                proc.kill()


def _worker_stop(signum, frame) -> None:
    """SIGTERM in a worker: kill its kernels and their processes, then die of the signal."""
    import psutil

    _kill_tree(psutil.Process())
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    os._exit(128 + signum)


def _worker_start(parent: int, runtime: str) -> None:
    """Start a local worker: it dies with the batch and leaves Ctrl-C to it.

    SIGINT is ignored (the batch decides); SIGTERM kills the worker's kernels (and what
    their cells started) and ends it; Linux kills the worker when the batch dies
    (``PR_SET_PDEATHSIG`` with SIGKILL, which a stopped process receives too), and its
    kernel with it (:func:`helpers.kernelstate.warm`), so that ``kill -9`` of the batch
    leaves no worker and no kernel. The worker adopts the orphans of its kernels'
    processes (``PR_SET_CHILD_SUBREAPER``: :func:`_end_strays` ends them). Jupyter's
    runtime files go to the private ``runtime``. Workers are spawned while the batch
    checks the data: each imports what a brief needs and loads nbconvert's templates
    meanwhile; a worker starts its kernel with its first brief (:func:`_kernel`).
    """
    global _ADOPTS
    os.environ["JUPYTER_RUNTIME_DIR"] = runtime
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_stop)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    if sys.platform.startswith("linux"):
        import ctypes

        prctl = ctypes.CDLL(None).prctl
        prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        _ADOPTS = prctl(36, 1, 0, 0, 0) == 0  # 36: PR_SET_CHILD_SUBREAPER
    if os.getppid() != parent:  # the batch ended before the line above
        _worker_stop(signal.SIGTERM, None)
    with contextlib.suppress(Exception):  # best effort: a brief reports what goes wrong
        import nbformat
        import papermill  # noqa: F401

        from . import checks, render  # noqa: F401

        render.to_html(nbformat.v4.new_notebook(), lang="vi", title="-")


def _worker_main(conn, parent: int, runtime: str) -> None:
    """Run a local worker: what the batch sends on ``conn``, the result sent back.

    A thread says "alive" every :data:`HEARTBEAT` seconds meanwhile, so that the batch
    knows a stopped or hung worker by its silence. When the batch closes the pipe, the
    worker ends its kernel and exits.
    """
    lock = threading.Lock()
    threading.Thread(target=_heartbeat, args=(conn, lock), daemon=True).start()
    _worker_start(parent, runtime)
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            break
        try:
            reply = ("done", fn(*args))
        except Exception as exc:  # noqa: BLE001 - reported for the brief, the worker goes on
            reply = ("error", f"{type(exc).__name__}: {exc}")
        with lock:
            conn.send(reply)
    _worker_stop(signal.SIGTERM, None)


def _heartbeat(conn, lock) -> None:
    while True:
        time.sleep(HEARTBEAT)
        try:
            with lock:
                conn.send(("alive", None))
        except (OSError, ValueError):
            return
