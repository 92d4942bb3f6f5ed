"""The batch: build every brief with Papermill, in parallel, incrementally, atomically.

``python -m helpers.batch`` (``make briefs``) runs ``notebooks/province_brief.ipynb`` once
per area and language (the 34 units and the former provinces that have figures) and
``notebooks/national_overview.ipynb`` once per language; exports each executed notebook
with :func:`helpers.render.to_html`; checks it with
:func:`helpers.checks.check_brief`; writes ``outputs/briefs/...``, the index pages
(:func:`helpers.index.build_index`), ``outputs/run.json`` and ``outputs/manifest.json``.

1. **Parameters** are checked in one place (:func:`prepare`, then :func:`plan` for names
   and year), before any kernel starts (local workers are spawned meanwhile: they import
   and wait).
2. **Data** are read once: the bytes of the data folder's CSV files are hashed and copied
   into a private snapshot (``outputs/.work/<pid>/data``, mode 0700), validated there by
   :func:`helpers.data.load`, and every kernel reads that snapshot (``data_dir``). A
   brief's fingerprint hashes those bytes, the notebook's bytes, its parameters, the
   helpers' source and the package versions (:func:`digest`, the one scheme). If the data
   folder changed during the run, the briefs built are recorded as stale.
3. **Briefs** run on local workers (:class:`Pool`: spawned processes that die with the
   batch, no more than briefs to build; one that dies or hangs fails only its brief and
   is replaced) or, with ``--scheduler``, on a Dask cluster. A local worker keeps its
   kernel from one brief to the next, reset in between (:mod:`helpers.kernelstate`: what
   a brief changed is put back, or the next brief gets a new kernel; the imported modules
   stay), and replaces it after any failure; on Dask every brief has a kernel of its
   own. What a brief's cells leave running is killed after it. A failing
   brief keeps its previous HTML, its executed notebook goes to ``outputs/failed/``, and
   the summary names the area, basis, language, cell number, source line and error.
4. **Signals**: the first Ctrl-C or SIGTERM stops scheduling, cancels what has not
   started, ends running kernels, records what finished and exits (130 / 143) with a
   summary; a second one exits at once. Temporary files go with the run; the next run
   removes what a killed one left.

5. **Outputs** that cannot be written (a full disk, a read-only folder, a folder where a
   file goes) stop the run at the first one: one error line naming the path and the
   cause, the summary, and ``run.json`` with status ``stopped`` and that error (on a full
   disk the run frees its temporary folder first). Every run that may write in the
   output folder leaves a ``run.json`` of its own: ``refused`` when it stopped on an
   argument, the data or an unsafe folder, never the previous run's.

Paths given on the command line are made absolute once, when parsed.

Exit codes: 0 every brief built or fresh; 1 some failed, or an output could not be
written; 2 bad arguments, data or folders; 130 / 143 interrupted by SIGINT / SIGTERM
(also while connecting to ``--scheduler``).
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures as cf
import contextlib
import errno
import fcntl
import hashlib
import json
import os
import posixpath
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Task", "Job", "Outcome", "UsageError", "digest", "read_tree", "environment"]
__all__ += ["plan", "build", "failing_cell", "main"]

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("vi", "en")
BASES = ("34", "63")
#: Packages whose versions enter every fingerprint, besides the project's requirements.
EXTRA_PACKAGES = ("numpy", "nbclient", "jupyter_client", "ipython", "traitlets")
#: Kinds of figure that set the default ``--as-of`` (forecasts and plans do not).
OBSERVED = ("actual", "preliminary", "estimate")
MANIFEST_VERSION = 2
DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


class UsageError(Exception):
    """A bad argument, an unusable folder or invalid data: one message, exit code 2."""


class WriteError(Exception):
    """An output could not be written (path and cause): the run stops, old files stay, exit 1."""


class DiskFull(WriteError):
    """An output could not be written for lack of space."""


def _write_error(path, exc: OSError, what: str = "write") -> WriteError:
    """Return the :class:`WriteError` of ``exc`` at ``path`` (:class:`DiskFull`: no space)."""
    kind = DiskFull if exc.errno in DISK_FULL else WriteError
    return kind(f"cannot {what} {path}: {exc.strerror or exc}")


# --------------------------------------------------------------------------- fingerprints


def digest(items) -> str:
    """Hash named contents: the one fingerprint scheme (``helpers.data.fingerprint`` uses it).

    Parameters
    ----------
    items : iterable of (str, bytes or str)
        Names and contents, in any order (they are sorted by name).

    Returns
    -------
    str
        Hex SHA-256 over each name, NUL, length in decimal, NUL and content.

    Examples
    --------
    >>> digest([("b", b"2"), ("a", "1")]) == digest([("a", b"1"), ("b", "2")])
    True
    """
    h = hashlib.sha256()
    for name, data in sorted(items):
        data = data.encode() if isinstance(data, str) else data
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def read_tree(folder: Path, suffixes: tuple[str, ...]) -> dict[str, bytes]:
    """Read the files of a folder (recursively) whose names end with one of ``suffixes``.

    Parameters
    ----------
    folder : Path
        Folder to read; hidden entries and ``__pycache__`` are skipped.
    suffixes : tuple of str
        Endings to keep, such as ``(".csv",)``.

    Returns
    -------
    dict
        POSIX path relative to ``folder`` -> bytes.
    """
    files = {}
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder)
        hidden = any(p.startswith(".") or p == "__pycache__" for p in rel.parts)
        if not hidden and path.name.endswith(suffixes) and path.is_file():
            files[rel.as_posix()] = path.read_bytes()
    return files


_ENV: dict = {}


def environment() -> dict:
    """Describe the code that builds briefs (computed once per process).

    Returns
    -------
    dict
        ``versions`` (Python and every package the project requires, plus
        :data:`EXTRA_PACKAGES`) and ``digest`` (of those and of the helpers' files:
        source, templates, catalogues).
    """
    if not _ENV:
        from importlib import metadata

        names = set(EXTRA_PACKAGES)
        with contextlib.suppress(metadata.PackageNotFoundError):
            for req in metadata.requires("vn-digital-economy-briefs") or []:
                if "extra ==" not in req:
                    names.add(re.split(r"[<>=!~ \[;]", req, maxsplit=1)[0])
        versions = {"python": sys.version.split()[0]}
        for name in sorted(names):
            try:
                versions[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                versions[name] = "missing"
        files = read_tree(Path(__file__).parent, (".py", ".po", ".mo", ".j2", ".css", ".js"))
        items = [(f"helpers/{k}", v) for k, v in files.items()]
        items += [(f"version/{k}", v) for k, v in versions.items()]
        _ENV.update(digest=digest(items), versions=versions)
    return _ENV


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class Task:
    """One brief.

    Attributes
    ----------
    kind : str
        ``"province"`` or ``"national"``.
    code, basis, name, unit_code : str
        The area; ``basis`` is "34", "63" or "national"; ``unit_code`` the unit it
        belongs to (itself for a unit, the successor for a former province).
    lang : str
        Language.
    as_of : int
        Year the brief is as of.
    path, other, index : str
        Output path (relative to the output folder, POSIX); hrefs of the same brief in
        the other language and of the index, relative to the brief.
    """

    kind: str
    code: str
    basis: str
    name: str
    unit_code: str
    lang: str
    as_of: int
    path: str
    other: str
    index: str

    def parameters(self, data_dir: str) -> dict:
        """Papermill parameters, the data read from ``data_dir``."""
        params = {"lang": self.lang, "as_of": self.as_of, "data_dir": data_dir}
        if self.kind == "province":
            params |= {"province": self.code, "basis": self.basis}
        return params

    def label(self) -> str:
        """How the summary names it: ``Thanh Hóa [34, vi]``."""
        return f"{self.name} [{self.basis}, {self.lang}]"


def index_path(lang: str) -> str:
    """Index page of a language: ``index.html`` (Vietnamese), ``index.en.html``."""
    return "index.html" if lang == "vi" else f"index.{lang}.html"


def _tasks(kind, code, basis, name, unit, langs, as_of, paths: dict) -> list[Task]:
    def rel(target, lang):
        return posixpath.relpath(target, posixpath.dirname(paths[lang]))

    other = {"vi": "en", "en": "vi"}
    return [
        Task(
            kind,
            code,
            basis,
            name,
            unit,
            lang,
            as_of,
            paths[lang],
            rel(paths[other[lang]], lang),
            rel(index_path(lang), lang),
        )
        for lang in langs
    ]


def plan(dataset, *, selection=None, bases=BASES, langs=LANGS, as_of=None, overview=None):
    """Turn a selection into briefs, checking every name and the year.

    Parameters
    ----------
    dataset : helpers.data.Dataset
        The validated data; its figures decide which areas get a brief.
    selection : list of str, optional
        Names (any spelling) or codes. By default every unit with a figure of its own or
        of a former province it took in, and every former province with a figure.
    bases : tuple of str
        "34", "63" or both: a name gets a brief in each basis it is known in.
    langs : tuple of str
        Languages.
    as_of : int, optional
        Year of the briefs; by default the latest year of an observed figure.
    overview : bool, optional
        Add the national overview; by default when there is no selection.

    Returns
    -------
    list of Task
        Areas in the resolver's order, each in every language, then the overview.

    Raises
    ------
    UsageError
        An unknown name (with the resolver's suggestions) or a year outside the data.
    """
    from . import provinces

    figures = dataset.figures
    first, last = int(figures["year"].min()), int(figures["year"].max())
    if as_of is None:
        observed = figures[figures["kind"].isin(OBSERVED)]
        as_of = int((observed if len(observed) else figures)["year"].max())
    elif not first <= as_of <= last:
        raise UsageError(f"--as-of: {as_of} is outside the years of the data ({first}-{last})")
    basis = figures["basis"].astype(str)
    have = {b: set(figures.loc[basis == b, "province_code"].astype(str)) for b in BASES}
    areas = []
    for given in selection or []:
        found, errors = [], []
        for b in bases:
            try:
                found.append(provinces.resolve(given, basis=b))
            except provinces.UnknownProvinceError as exc:
                errors.append(exc)
        if not found:
            raise UsageError(f"--province: {errors[0]}")
        areas += found
    if not selection:
        if "34" in bases:
            units = provinces.units()
            areas += [u for u in units if u.code in have["34"] or {*u.predecessors} & have["63"]]
        if "63" in bases:
            areas += [a for a in provinces.former() if a.code in have["63"]]
    tasks = []
    for area in dict.fromkeys(areas):
        paths = {lang: provinces.brief_path(area, lang) for lang in LANGS}
        unit = area.code if area.basis == "34" else area.successor_code
        tasks += _tasks("province", area.code, area.basis, area.name, unit, langs, as_of, paths)
    if overview if overview is not None else not selection:
        paths = {lang: f"overview/{lang}.html" for lang in LANGS}
        tasks += _tasks("national", "VN", "national", "Việt Nam", "", langs, as_of, paths)
    return tasks


# --------------------------------------------------------------------------- one brief


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


def _title(task: Task) -> str:
    from .i18n import translator

    _ = translator(task.lang)
    if task.kind == "national":
        return _("Viet Nam: digital economy overview")
    if task.basis == "63":
        return _("{name} (former province): digital economy brief").format(name=task.name)
    return _("{name}: digital economy brief").format(name=task.name)


def _published(nb) -> dict:
    """Key values a notebook publishes for the index: ``{"values": {...}, "sort": {...}}``."""
    from .render import INDEX_MIME

    found: dict = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for key, part in (output.get("data", {}).get(INDEX_MIME) or {}).items():
                found.setdefault(key, {}).update(part)
    return found


def _data_dir(job: Job, tmp: str) -> str:
    from .datadir import read_folder

    folder = Path(job.data_dir)
    if job.data_files is not None:  # another machine: write the snapshot out
        folder = Path(tmp) / "data"
        for rel, data in job.data_files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
    if digest(read_folder(folder).items()) != job.data_digest:
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
    km = AsyncKernelManager(
        kernel_name=name,
        kernel_spec_manager=_this_interpreter(name, folder),
        connection_file=os.path.join(folder, "k.json"),
        transport="ipc" if len(folder) < 80 else "tcp",
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
    run_sync(kc.wait_for_ready)(timeout=60)
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
    return kind if job.work else f"{TEMP_PREFIX}{os.getpid()}-{kind}"


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
    import papermill

    from . import checks, render
    from .engine import NAME as ENGINE

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
        running: list = []
        t0 = time.perf_counter()
        km, kc = _kernel(nb.metadata.kernelspec.name, cwd, job)
        try:
            nb = papermill.execute_notebook(
                nb,
                None,
                parameters=task.parameters(data_dir),
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
            return out
        t1 = time.perf_counter()
        cells = sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in nb.cells)
        links = {"index": task.index, "other_lang": task.other}
        html = render.to_html(nb, lang=task.lang, title=_title(task), links=links)
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


# --------------------------------------------------------------------------- processes

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


@dataclass(eq=False)
class _Worker:
    proc: object  # multiprocessing's Process
    conn: object  # the batch's end of its pipe
    future: cf.Future | None = None  # the brief it builds
    heard: float = field(default_factory=time.monotonic)


class Pool:
    """The local workers: spawned processes, a pipe each, watched by a thread of the batch.

    ``submit`` returns a :class:`concurrent.futures.Future`, as an executor's does. A
    worker builds one brief at a time and keeps its kernel between briefs. A worker that
    dies (SIGKILL, SIGTERM, the out-of-memory killer) fails only its brief, with the
    cause; one that sends nothing for ``timeout`` seconds (:data:`SILENCE` at least), a
    stopped one included, is ended and fails its brief; either is replaced while briefs
    wait. :meth:`shutdown` ends every worker within seconds, stopped ones too.

    Parameters
    ----------
    size : int
        Workers, spawned at once (they import while the batch checks the data).
    runtime : str
        Folder of Jupyter's runtime files.
    timeout : int
        Seconds of silence after which a busy worker is hung (``--timeout``).
    """

    def __init__(self, size: int, runtime: str, timeout: int):
        import multiprocessing

        self._ctx = multiprocessing.get_context("spawn")
        self._args = (os.getpid(), runtime)
        self.size, self.silence = size, max(timeout, SILENCE)
        self._queue: collections.deque = collections.deque()
        self._workers: list[_Worker] = []
        self._wake_r, self._wake_w = self._ctx.Pipe(duplex=False)
        self._closing, self._staffed = False, False
        self._thread = threading.Thread(target=self._supervise, name="workers", daemon=True)
        self._thread.start()

    def submit(self, fn, *args) -> cf.Future:
        """Queue ``fn(*args)`` for the next idle worker; return its future."""
        future: cf.Future = cf.Future()
        self._queue.append((future, fn, args))
        self._wake()
        return future

    def limit(self, n: int) -> None:
        """Keep no more than ``n`` workers (one at least): idle ones beyond are ended."""
        self.size = max(1, min(self.size, n))
        self._wake()

    def shutdown(self) -> None:
        """End every worker (and so their kernels) and what is queued; wait for the thread."""
        self._closing = True
        self._wake()
        self._thread.join()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send_bytes(b"")

    def _supervise(self) -> None:
        # Workers are spawned from this thread with SIGINT and SIGTERM blocked, so they
        # start so (each sets its own handling); Linux's PDEATHSIG follows this thread,
        # which lives as long as they do.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            while not self._closing:
                self._staff()
                self._hand_out()
                self._watch()
        except BaseException as exc:  # noqa: BLE001 - no brief may wait for a dead thread
            self._fail_all(f"{type(exc).__name__}: the batch's worker pool failed ({exc})")
        finally:
            self._fail_all("the batch stopped")
            self._end(list(self._workers))

    def _staff(self) -> None:
        """Spawn workers up to ``size`` (at the start, or while briefs wait); end surplus."""
        idle = [w for w in self._workers if w.future is None]
        surplus = idle[: max(0, len(self._workers) - self.size)]
        if surplus:
            self._end(surplus)
        while len(self._workers) < self.size and (not self._staffed or self._queue):
            conn, child = self._ctx.Pipe()
            proc = self._ctx.Process(target=_worker_main, args=(child, *self._args))
            proc.start()
            child.close()
            self._workers.append(_Worker(proc, conn))
        self._staffed = True

    def _hand_out(self) -> None:
        for w in self._workers:
            while w.future is None and self._queue:
                future, fn, args = self._queue.popleft()
                if future.set_running_or_notify_cancel():
                    w.future, w.heard = future, time.monotonic()
                    with contextlib.suppress(OSError):  # a dead worker: _watch says why
                        w.conn.send((fn, args))

    def _watch(self) -> None:
        """Wait for messages or deaths (half a second at most), then act on them."""
        from multiprocessing.connection import wait

        waiting = [self._wake_r, *(w.conn for w in self._workers)]
        ready = wait(waiting + [w.proc.sentinel for w in self._workers], timeout=0.5)
        while self._wake_r.poll():
            self._wake_r.recv_bytes()
        for w in list(self._workers):
            if w.conn in ready:
                self._read(w)
            if w.proc.sentinel in ready or not w.proc.is_alive():
                self._read(w)  # what it sent before it died
                w.proc.join()
                self._lost(w, _death(w.proc.exitcode))
            elif w.future is not None and time.monotonic() - w.heard > self.silence:
                self._end([w])
                silent = f"sent nothing for {self.silence} s (--timeout); it was ended"
                self._lost(w, f"WorkerHung: the worker building it {silent}")

    def _read(self, w: _Worker) -> None:
        try:
            while w.conn.poll():
                kind, value = w.conn.recv()
                w.heard = time.monotonic()
                if kind != "alive" and w.future is not None:
                    if kind == "done":
                        w.future.set_result(value)
                    else:
                        w.future.set_exception(RuntimeError(value))
                    w.future = None
        except (EOFError, OSError):
            w.proc.join(timeout=2)  # the worker died: its sentinel tells how

    def _lost(self, w: _Worker, cause: str) -> None:
        """Forget a worker that died or was ended; its brief fails with ``cause``."""
        if w in self._workers:
            self._workers.remove(w)
        w.conn.close()
        if w.future is not None:
            w.future.set_result(Outcome(error=cause))
            w.future = None

    def _end(self, workers: list) -> None:
        """End workers: SIGTERM (they kill their kernels), SIGCONT (stopped ones), SIGKILL."""
        for w in workers:
            with contextlib.suppress(OSError):
                os.kill(w.proc.pid, signal.SIGTERM)
                os.kill(w.proc.pid, signal.SIGCONT)
        deadline = time.monotonic() + 2
        for w in workers:
            w.proc.join(timeout=max(0, deadline - time.monotonic()))
            if w.proc.exitcode is None:
                w.proc.kill()
                w.proc.join()
            if w in self._workers:
                self._workers.remove(w)
            w.conn.close()

    def _fail_all(self, cause: str) -> None:
        """Every brief running or waiting fails with ``cause`` (nothing waits for it)."""
        for w in self._workers:
            if w.future is not None:
                w.future.set_result(Outcome(error=cause))
                w.future = None
        while self._queue:
            future, _, _ = self._queue.popleft()
            if future.set_running_or_notify_cancel():
                future.set_result(Outcome(error=cause))


def _death(code: int | None) -> str:
    """Describe a worker's death from its exit code: ``killed by SIGKILL``."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        oom = " (as the out-of-memory killer does)" if -code == signal.SIGKILL else ""
        return f"WorkerDied: the worker building it was killed by {name}{oom}"
    return f"WorkerDied: the worker building it exited with code {code}"


class _Stop:
    """Signal handler of the batch: the first signal asks to stop, a second exits at once.

    A context manager: the previous handlers are put back on exit.
    """

    def __init__(self, cleanup):
        self.signum = 0
        self.cleanup = cleanup
        self._before = {}

    def __enter__(self) -> _Stop:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._before[sig] = signal.signal(sig, self)
        return self

    def __exit__(self, *exc) -> None:
        for sig, handler in self._before.items():
            signal.signal(sig, handler)

    def __call__(self, signum, frame) -> None:
        if self.signum:
            os.write(2, b"\nstopped at once (workers and kernels end with the batch)\n")
            self.cleanup()
            os._exit(128 + self.signum)
        self.signum = signum
        os.write(2, b"\nstopping: no brief starts, running ones end (again: stop at once)\n")


class Workspace:
    """The output folder, locked for this run, and the run's private temporary folder.

    ``<out>/.work`` must be a plain folder of the user's with mode 0700 (it is created
    so), and ``.work/lock`` a plain file of the user's; anything else is refused. An
    exclusive lock on ``.work/lock`` keeps a second batch off the folder; holding it, the
    run removes whatever earlier runs left in ``.work`` and makes ``.work/<pid>``, removed
    on exit. ``may_report`` says whether this run may write ``run.json``: the folder is
    writable and no other batch holds it.
    """

    def __init__(self, out: Path):
        self.out, self.work, self.run = Path(out), Path(out) / ".work", None
        self._lock = None
        self.may_report = False

    def __enter__(self) -> Workspace:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".probe-", dir=self.out)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise UsageError(
                f"--out: cannot write in {self.out} ({exc.strerror}); nothing was built and "
                "the briefs already there are untouched"
            ) from None
        self.may_report = True
        try:
            os.mkdir(self.work, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise _write_error(self.work, exc, "create") from None
        st = os.lstat(self.work)
        if os.path.islink(self.work) or not os.path.isdir(self.work):
            raise UsageError(f"unsafe temporary folder {self.work}: not a plain folder")
        if st.st_uid != os.geteuid() or st.st_mode & 0o077:
            raise UsageError(
                f"unsafe temporary folder {self.work} (owner {st.st_uid}, mode "
                f"{st.st_mode & 0o777:o}): it must be yours, mode 700; remove it"
            )
        self._lock = self._take_lock(self.work / "lock")
        try:
            for entry in os.scandir(self.work):  # what killed runs left
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                elif entry.name != "lock":
                    os.unlink(entry.path)
            self.run = self.work / str(os.getpid())
            os.mkdir(self.run, 0o700)
        except OSError as exc:
            os.close(self._lock)
            raise _write_error(exc.filename or self.work, exc, "prepare") from None
        return self

    def _take_lock(self, path: Path) -> int:
        """Open and lock ``path`` (never through a link, never a folder or a pipe)."""
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        unsafe = {errno.ELOOP: "a symbolic link", errno.EISDIR: "a folder"}
        try:
            fd = os.open(path, flags, 0o600)
        except OSError as exc:
            if exc.errno not in unsafe:
                raise _write_error(path, exc, "create") from None
            raise UsageError(f"unsafe lock file {path}: {unsafe[exc.errno]}; remove it") from None
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
            os.close(fd)
            raise UsageError(f"unsafe lock file {path}: not a plain file of yours; remove it")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            self.may_report = False  # the other batch's run.json
            raise UsageError(f"another batch is writing to {self.out}; wait for it") from None
        return fd

    def cleanup(self) -> None:
        """Remove the run's temporary folder."""
        if self.run:
            shutil.rmtree(self.run, ignore_errors=True)

    def __exit__(self, *exc) -> None:
        self.cleanup()
        os.close(self._lock)


def write(path: Path, data: bytes) -> None:
    """Write atomically (:func:`helpers.files.write_atomic`).

    Raises
    ------
    WriteError
        Any failure, naming ``path`` and the cause (read-only folder, a folder where the
        file goes...); :class:`DiskFull` for lack of space.
    """
    from .files import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise _write_error(path, exc) from None


# --------------------------------------------------------------------------- the run


@dataclass
class Run:
    """A checked run: arguments, inputs as read, and (once planned) the briefs."""

    args: argparse.Namespace
    ws: Workspace
    notebooks: dict  # kind -> text
    data: dict  # relative path -> bytes
    data_digest: str
    plan_key: str
    tasks: list = field(default_factory=list)
    latest: dict = field(default_factory=dict)  # (basis, code) -> latest year of a figure
    weight: dict = field(default_factory=dict)  # (basis, code) -> its figures: heavier first
    validated: str = ""  # the loader's fingerprint of the data it validated
    fault: WriteError | None = None  # the first output that could not be written: stop


@dataclass
class Record:
    """One brief in the summary and in run.json."""

    task: Task
    status: str  # fresh | built | failed | cancelled
    seconds: float = 0.0
    cell: int | None = None
    line: str = ""
    error: str = ""
    timings: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """Return the record as run.json lists it: the task's fields, then the outcome's."""
        d = asdict(self)
        return d.pop("task") | d


def _notebook(path: Path, option: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
        nb = json.loads(text)
        if not (isinstance(nb["cells"], list) and nb["metadata"]["kernelspec"]["name"]):
            raise ValueError
    except OSError as exc:
        raise UsageError(f"{option}: cannot read {path} ({exc.strerror})") from None
    except (ValueError, KeyError, TypeError):
        raise UsageError(f"{option}: {path} is not a notebook naming its kernel") from None
    return text


def prepare(args: argparse.Namespace, ws: Workspace) -> Run:
    """Check the arguments and read the inputs, before any worker or kernel starts.

    Parameters
    ----------
    args : argparse.Namespace
        The command line (:func:`parser`).
    ws : Workspace
        The locked output folder.

    Returns
    -------
    Run
        Notebooks and data as read, the data's fingerprint and the plan key (a hash of
        the inputs and the selection: the manifest remembers the briefs it gave).

    Raises
    ------
    UsageError
        For any bad argument or unreadable input.
    """
    if args.jobs < 1 or args.timeout < 1:
        raise UsageError("--jobs and --timeout: at least 1")
    if args.scheduler and not _has("distributed"):
        raise UsageError("--scheduler needs Dask: pip install 'vn-digital-economy-briefs[dask]'")
    if args.pdf and not (_has("playwright") and Path("/usr/bin/chromium").exists()):
        raise UsageError("--pdf needs Playwright and Debian's chromium: make browser")
    args.overview = args.overview if args.overview is not None else not args.province
    notebooks = {"province": _notebook(args.notebook, "--notebook")}
    if args.overview:
        notebooks["national"] = _notebook(args.overview_notebook, "--overview-notebook")
    from .datadir import read_folder  # the loader's one rule for the data folder
    from .errors import DataError

    try:
        data = read_folder(args.data_dir)
    except DataError as exc:
        lines = [f"\n  {args.data_dir / p.file}{str(p)[len(p.file) :]}" for p in exc.problems]
        raise UsageError("the data are not valid; nothing was built:" + "".join(lines)) from None
    if not data:
        raise UsageError(f"--data-dir: no CSV file in {args.data_dir}")
    data_digest = digest(data.items())
    selection = [args.province, args.basis, args.lang, args.as_of, args.overview]
    key = [("data", data_digest), ("environment", environment()["digest"])]
    key += [("selection", json.dumps(selection)), *notebooks.items()]
    return Run(args, ws, notebooks, data, data_digest, digest(key))


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def load_plan(run: Run) -> None:
    """Snapshot the data as read, validate the snapshot, and plan the briefs from it."""
    from . import data

    snapshot = run.ws.run / "data"
    try:
        for rel, content in run.data.items():
            (snapshot / rel).parent.mkdir(parents=True, exist_ok=True)
            (snapshot / rel).write_bytes(content)
    except OSError as exc:
        raise _write_error(snapshot, exc, "copy the data to") from None
    try:
        dataset = data.load(snapshot)
    except data.DataError as exc:
        where = run.args.data_dir
        lines = [f"  {where / p.file}{str(p)[len(p.file) :]}" for p in exc.problems]
        raise UsageError(
            "the data are not valid; nothing was built:\n" + "\n".join(lines)
        ) from None
    run.validated = dataset.fingerprint
    a = run.args
    langs, bases = tuple(a.lang or LANGS), tuple(a.basis or BASES)
    run.tasks = plan(
        dataset, selection=a.province, bases=bases, langs=langs, as_of=a.as_of, overview=a.overview
    )
    figures = dataset.figures
    by_area = figures.groupby([figures["basis"].astype(str), "province_code"])
    run.latest = {k: str(v) for k, v in by_area["year"].max().items()}
    run.weight = {k: int(v) for k, v in by_area.size().items()} | {("national", "VN"): len(figures)}


def fingerprint(run: Run, task: Task) -> str:
    """Fingerprint a brief: data, environment, notebook and task (not the snapshot path)."""
    return digest(
        [
            ("data", run.data_digest),
            ("environment", environment()["digest"]),
            ("notebook", run.notebooks[task.kind]),
            ("task", json.dumps(asdict(task), sort_keys=True)),
        ]
    )


def _fresh(entry: dict | None, path: Path, fp: str) -> bool:
    """Whether a brief's file is the one recorded for this fingerprint, untouched."""
    if not entry or entry["fingerprint"] != fp or entry["stale"]:
        return False
    sha, size, mtime = entry["file"]
    try:
        st = path.stat()
        same = (st.st_size, st.st_mtime_ns) == (size, mtime)
        return same or hashlib.sha256(path.read_bytes()).hexdigest() == sha
    except OSError:
        return False


def most_briefs(args: argparse.Namespace) -> int:
    """Count the most briefs a run can build, from its arguments (before the data are read).

    A selection of names gives at most one brief per name, basis and language, and the
    overview one per language; without one, every area can have figures: ``--jobs``.
    """
    if not args.province:
        return args.jobs
    langs, bases = len(args.lang or LANGS), len(args.basis or BASES)
    return len(args.province) * bases * langs + (langs if args.overview else 0)


def start_workers(run: Run) -> Pool:
    """Spawn the local workers and return their pool (:class:`Pool`).

    ``--jobs`` of them, but no more than the run can have briefs (:func:`most_briefs`;
    :func:`execute` ends those beyond the briefs to build). Called before the data are
    checked: the workers import and load templates meanwhile (:func:`_worker_start`); no
    kernel starts before a brief is handed out, and none is for a run that cannot build;
    :func:`stop_workers` ends them in every case.
    """
    size = min(run.args.jobs, most_briefs(run.args))
    return Pool(size, str(run.ws.run / "runtime"), run.args.timeout)


#: Seconds the batch waits for the Dask scheduler at ``--scheduler`` to answer.
CONNECT_TIMEOUT = 10


def connect(run: Run, stop: _Stop):
    """Return ``(executor, client)`` of the Dask cluster at ``--scheduler``.

    The client connects in a thread of its own while this one watches the clock and the
    signals: ``(None, None)`` as soon as a Ctrl-C or SIGTERM arrives (the attempt is left
    to end with the process), and :class:`UsageError` when the scheduler is refused,
    unreachable, or has not answered within :data:`CONNECT_TIMEOUT` seconds (Dask's own
    timeout does not cover a peer that accepts the connection and never answers).
    """
    from distributed import Client

    address, box = run.args.scheduler, {}

    def attempt():
        try:
            box["client"] = Client(address, timeout=CONNECT_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - reported below, whatever it is
            box["error"] = exc

    thread = threading.Thread(target=attempt, name="dask-connect", daemon=True)
    thread.start()
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while thread.is_alive() and not stop.signum and time.monotonic() < deadline:
        thread.join(0.05)
    if stop.signum:
        return None, None
    if "client" in box:
        return box["client"].get_executor(pure=False), box["client"]
    exc = box.get("error")
    cause = f"{type(exc).__name__}: {exc}" if exc else f"no answer in {CONNECT_TIMEOUT} s"
    raise UsageError(f"--scheduler: cannot reach {address} ({cause})")


def stop_workers(executor, client) -> None:
    """End the executor: local workers end their kernels and exit at once.

    On Dask, every worker the client reaches then removes the temporary folders of briefs
    whose process died (:func:`sweep_temp`): a worker killed mid-run leaves some.
    """
    if client:
        executor.shutdown(wait=False)
        with contextlib.suppress(Exception):  # best effort: a worker may be gone
            client.run(sweep_temp)
        client.close()
        return
    executor.shutdown()


def execute(run: Run, todo: list, manifest: dict, stop: _Stop, executor, remote: bool) -> dict:
    """Build ``todo`` [(task, fingerprint)]; write and record each brief as it finishes.

    The first output that cannot be written (:class:`WriteError`) becomes ``run.fault``:
    nothing more is handed out, and the brief it stopped at is recorded not built.
    """
    from tqdm import tqdm

    from .data import VALIDATED

    a = run.args
    notebooks = {"province": a.notebook, "national": a.overview_notebook}
    env = environment()["digest"]
    records, futures = {}, {}
    for t, fp in todo:  # local workers are all spawned already (start_workers)
        job = Job(
            t,
            run.notebooks[t.kind],
            str(Path(notebooks[t.kind]).resolve().parent),
            str(run.ws.run / "data"),
            run.data_digest,
            run.data if remote else None,
            env,
            a.timeout,
            None if remote else str(run.ws.run),
            keep_kernel=not remote,
            log=None if remote else str(run.ws.out / "kernels.log"),
            kernel_env={VALIDATED: run.validated},
        )
        futures[executor.submit(build, job)] = t, fp
    if not remote:
        executor.limit(len(todo))  # no more workers than briefs to build
    tty = sys.stderr.isatty() and not a.no_progress
    bar = tqdm(total=len(futures), unit="brief", file=sys.stderr, disable=not tty)
    pending = set(futures)
    try:
        while pending and not stop.signum and not run.fault:
            done, pending = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
            for fut in done:
                t, fp = futures[fut]
                try:
                    records[t.path] = _finish(fut, t, fp, run, manifest, stop)
                except WriteError as exc:  # the run stops; the brief is not recorded built
                    run.fault = run.fault or exc
                    records[t.path] = Record(t, "cancelled", error=str(exc))
                bar.update(1)
    finally:
        bar.close()
        for fut in pending:  # stopped: cancel what has not started (stop_workers ends the rest)
            fut.cancel()
    return records


def _finish(fut, task: Task, fp: str, run: Run, manifest: dict, stop: _Stop) -> Record:
    """Write a finished brief (or its failed notebook), update the manifest, record it."""
    out = run.ws.out
    try:
        o = fut.result()
    except Exception as exc:  # noqa: BLE001 - a worker that died (or was ended)
        status = "cancelled" if stop.signum else "failed"
        return Record(task, status, error=f"{type(exc).__name__}: the worker ended ({exc})")
    if o.disk_full:
        raise DiskFull(f"{task.label()}: {o.error}")
    rec = Record(task, o.status, o.seconds, o.cell, o.line, o.error, o.timings)
    failed = out / "failed" / Path(task.path).with_suffix(".ipynb")
    if o.status != "built":
        if o.notebook is not None:
            write(failed, o.notebook.encode("utf-8"))
        return rec
    t0 = time.perf_counter()
    write(out / task.path, o.html)
    st = (out / task.path).stat()
    entry = {"fingerprint": fp, "stale": False, "task": asdict(task), "values": o.values}
    entry |= {"latest": run.latest.get((task.basis, task.code), "")}
    entry["file"] = [hashlib.sha256(o.html).hexdigest(), st.st_size, st.st_mtime_ns]
    failed.unlink(missing_ok=True)
    manifest["briefs"][task.path] = entry
    write(out / "manifest.json", json.dumps(manifest, indent=1).encode())
    rec.timings["write"] = time.perf_counter() - t0
    return rec


def _index(out: Path, manifest: dict) -> None:
    """Write the index pages from the manifest: every brief recorded and on disk."""
    from .index import build_index

    for lang in LANGS:
        areas: dict = {}
        for path, entry in manifest["briefs"].items():
            t = entry["task"]
            if not (out / path).is_file():
                continue
            rec = areas.setdefault((t["basis"], t["code"]), {"paths": {}, "values": {}})
            rec |= {k: t[k] for k in ("basis", "code", "name", "unit_code")}
            rec["latest"] = entry["latest"]
            rec["paths"][t["lang"]] = path
            if t["lang"] == lang:  # column labels are in the page's language
                rec["values"] = entry["values"].get("values", {})
                rec["sort"] = entry["values"].get("sort", {})
        other = index_path("en" if lang == "vi" else "vi")
        html = build_index(list(areas.values()), lang, other_index=other)
        write(out / index_path(lang), html.encode("utf-8"))


def summary(records: list[Record], status: str, seconds: float) -> str:
    """Failures (area, basis, language, cell, source line, error), then the counts."""
    if not records:  # refused or stopped before the briefs were planned
        return f"no brief built in {seconds:.1f} s ({status})"
    lines = []
    for r in records:
        if r.status == "failed":
            where = f" at code cell {r.cell}" if r.cell else ""
            where += f" ({r.line})" if r.line else ""
            lines.append(f"FAILED {r.task.label()}{where}: {r.error}")
    n = {s: sum(r.status == s for r in records) for s in ("built", "fresh", "failed", "cancelled")}
    line = (
        f"{len(records)} brief{'s' * (len(records) != 1)}: {n['built']} built, {n['fresh']} fresh"
    )
    line += f", {n['failed']} failed"
    line += f", {n['cancelled']} not built (stopped)" if n["cancelled"] else ""
    return "\n".join([*lines, f"{line} in {seconds:.1f} s ({status})"])


def _manifest(out: Path) -> dict:
    """Return the output folder's manifest, or an empty one (none, unreadable, older)."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["version"] == MANIFEST_VERSION
    except (OSError, ValueError, KeyError, AssertionError):
        manifest = {"version": MANIFEST_VERSION, "briefs": {}, "plans": {}}
    return manifest


def _nothing_to_do(run: Run, manifest: dict) -> bool:
    """Whether the manifest's plan for these inputs is built, every file as recorded."""
    memo, out = manifest["plans"].get(run.plan_key), run.ws.out
    return bool(
        memo
        and not run.args.force
        and all((out / index_path(lang)).is_file() for lang in LANGS)
        and all(
            _fresh(manifest["briefs"].get(t["path"]), out / t["path"], fp)
            for t, fp in zip(memo["tasks"], memo["fingerprints"], strict=True)
        )
    )


def _build(run: Run, manifest: dict, stop: _Stop, records: dict) -> bool:
    """Plan, then build what is not fresh into ``records``; return whether the data changed.

    An output that cannot be written (the data's snapshot, ``kernels.log``, a brief, the
    manifest) becomes ``run.fault`` and stops the run; workers end in every case.
    """
    args, out = run.args, run.ws.out
    executor, client = None, None
    if not args.scheduler:  # spawned now: they import while the data are checked
        executor = start_workers(run)
    try:
        load_plan(run)
        tasks, todo = run.tasks, []
        fps = [fingerprint(run, t) for t in tasks]
        for t, fp in zip(tasks, fps, strict=True):
            if not args.force and _fresh(manifest["briefs"].get(t.path), out / t.path, fp):
                records[t.path] = Record(t, "fresh")
            else:
                todo.append((t, fp))
        manifest["plans"] = {
            run.plan_key: {"tasks": [asdict(t) for t in tasks], "fingerprints": fps}
        }
        if todo and not stop.signum:
            todo.sort(key=lambda x: -run.weight.get((x[0].basis, x[0].code), 0))  # big first
            if args.scheduler:
                executor, client = connect(run, stop)
            else:
                try:
                    (out / "kernels.log").write_bytes(b"")  # what this run's kernels print
                except OSError as exc:
                    raise _write_error(out / "kernels.log", exc) from None
            if executor is not None and not stop.signum:
                records |= execute(run, todo, manifest, stop, executor, bool(client))
    except WriteError as exc:
        run.fault = exc
    finally:
        if executor is not None:
            stop_workers(executor, client)
    from .datadir import read_folder
    from .errors import DataError

    try:
        changed = digest(read_folder(args.data_dir).items()) != run.data_digest
    except DataError:  # since read: a link out of the folder, an unreadable file
        changed = True
    for r in records.values():
        if changed and r.status == "built":  # from the data as they were: never fresh
            manifest["briefs"][r.task.path]["stale"] = True
    return changed


def _write_up(run: Run, manifest: dict, status: str) -> None:
    """Write the index pages (a complete run), the PDFs asked for and the manifest.

    The first output that cannot be written becomes ``run.fault``; after one, only the
    manifest is still tried (it is rewritten after every brief anyway).
    """
    out = run.ws.out
    try:
        if status == "complete":
            _index(out, manifest)
        if run.args.pdf and status in ("complete", "nothing to do"):
            from .pdf import pdf_outputs  # the briefs whose PDF is older than their HTML

            try:
                print(f"pdf: {len(pdf_outputs(out))} printed to {out / 'pdf'}")
            except OSError as exc:
                raise _write_error(exc.filename or out / "pdf", exc) from None
    except WriteError as exc:
        run.fault = run.fault or exc
    if status != "nothing to do":
        try:
            write(out / "manifest.json", json.dumps(manifest, indent=1).encode())
        except WriteError as exc:
            run.fault = run.fault or exc


def _report_of(began, status: str, code: int, error: str = "", run=None, recs=(), changed=False):
    """Return the content of ``run.json``: what the run did, and why it stopped if it did."""
    return {
        "started": began[1],
        "seconds": round(time.perf_counter() - began[0], 3),
        "status": status,
        "exit_code": code,
        "error": error,
        "data_fingerprint": run.data_digest if run else "",
        "data_changed_during_run": changed,
        "environment": environment(),
        "briefs": [r.as_json() for r in recs],
    }


def _report(ws: Workspace, report: dict) -> WriteError | None:
    """Write ``run.json``; return the error if it could not be written.

    On a full disk the run makes room first (its temporary folder, then the previous
    ``run.json``: no report is better than a stale one) and tries again, then without
    the list of briefs and the environment.
    """
    path = ws.out / "run.json"
    short = {k: v for k, v in report.items() if k not in ("environment", "briefs")}
    error = None
    for content in (report, report, short):
        try:
            write(path, json.dumps(content, indent=1, ensure_ascii=False).encode())
            return None
        except DiskFull as exc:
            error = error or exc
            ws.cleanup()
            with contextlib.suppress(OSError):
                path.unlink()
        except WriteError as exc:
            return error or exc
    return error


def _run(args: argparse.Namespace, ws: Workspace, stop: _Stop, began: tuple) -> int:
    run, out, records, changed = prepare(args, ws), ws.out, {}, False
    manifest = _manifest(out)
    if _nothing_to_do(run, manifest):
        tasks = [Task(**t) for t in manifest["plans"][run.plan_key]["tasks"]]
        records = {t.path: Record(t, "fresh") for t in tasks}
        status = "nothing to do"
    else:
        changed = _build(run, manifest, stop, records)
        tasks, status = run.tasks, "complete"
    recs = [records.get(t.path) or Record(t, "cancelled") for t in tasks]
    status = "interrupted" if stop.signum else "stopped" if run.fault else status
    _write_up(run, manifest, status)
    status = "stopped" if run.fault and not stop.signum else status
    code = 128 + stop.signum if stop.signum else 1 if run.fault else 0
    code = code or int(any(r.status == "failed" for r in recs))
    error = str(run.fault) if run.fault else ""
    failed = _report(ws, _report_of(began, status, code, error, run, recs, changed))
    run.fault, code = run.fault or failed, code or int(failed is not None)
    if run.fault:
        print(f"error: {run.fault}; stopped; the briefs already there are intact", file=sys.stderr)
    print(summary(recs, status, time.perf_counter() - began[0]))
    if changed:
        print(
            "warning: the data changed during the run: the briefs built are recorded as "
            "stale, and the next run builds them again",
            file=sys.stderr,
        )
    if stop.signum:
        print("interrupted: the briefs finished are recorded; run again to go on", file=sys.stderr)
    return code


def _absolute(text: str) -> Path:
    """Make a path argument absolute, against the folder the batch was started in.

    Kernels run in the notebook's folder and workers elsewhere: every path they get
    must not depend on the working folder (``--out outputs-rel`` builds as an absolute
    path does).
    """
    return Path(os.path.abspath(text))


def parser() -> argparse.ArgumentParser:
    """Return the command line parser of ``python -m helpers.batch``."""
    p = argparse.ArgumentParser(
        prog="python -m helpers.batch",
        description="Build the briefs of every area with figures, in Vietnamese and English.",
    )
    add = p.add_argument
    add(
        "--province",
        "-p",
        action="append",
        help="an area: any spelling, or its code; repeat "
        "for several (default: every area with figures, and the national overview)",
    )
    add("--basis", action="append", choices=BASES, help="34 units or 63 former (default: both)")
    add("--lang", "-l", action="append", choices=LANGS, help="language (default: both)")
    add("--as-of", type=int, help="year of the briefs (default: latest observed figure)")
    add("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="briefs built in parallel")
    add("--force", action="store_true", help="build briefs that are fresh too")
    add(
        "--notebook",
        type=_absolute,
        default=ROOT / "notebooks" / "province_brief.ipynb",
        help="the notebook run once per area and language (default: %(default)s)",
    )
    add(
        "--overview-notebook",
        type=_absolute,
        default=ROOT / "notebooks" / "national_overview.ipynb",
        help="the notebook of the national overview, run once per language (default: %(default)s)",
    )
    add(
        "--overview",
        action=argparse.BooleanOptionalAction,
        help="build the national overview (default: when no --province is given)",
    )
    add("--data-dir", type=_absolute, default=ROOT / "data", help="the data folder")
    add("--out", type=_absolute, default=ROOT / "outputs", help="the output folder")
    add("--timeout", type=int, default=300, help="seconds allowed per cell (default: 300)")
    add("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (tcp://host:8786)")
    add("--pdf", action="store_true", help="print the briefs to PDF too (outputs/pdf/)")
    add("--no-progress", action="store_true", help="no progress bar")
    return p


def _refused(ws: Workspace, exc: Exception, began: tuple) -> int:
    """End a run stopped before its briefs: one error line, ``run.json``, the summary.

    ``run.json`` says so (``refused``, exit 2: a bad argument, unusable folder or invalid
    data; ``stopped``, exit 1: an output that cannot be written) unless the output folder
    cannot be written or another batch holds it.
    """
    stopped = isinstance(exc, WriteError)
    status, code = ("stopped", 1) if stopped else ("refused", 2)
    tail = "; stopped; the briefs already there are intact" if stopped else ""
    print(f"error: {exc}{tail}", file=sys.stderr)
    if ws.may_report:
        _report(ws, _report_of(began, status, code, str(exc)))
    print(summary([], status, time.perf_counter() - began[0]))
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the batch from the command line; return the exit code (module docstring)."""
    args = parser().parse_args(argv)
    began = time.perf_counter(), time.strftime("%Y-%m-%dT%H:%M:%S%z")
    ws = Workspace(args.out)
    try:
        with ws, _Stop(ws.cleanup) as stop:
            try:
                return _run(args, ws, stop, began)
            except (UsageError, WriteError) as exc:  # reported while the folder is locked
                return _refused(ws, exc, began)
    except (UsageError, WriteError) as exc:  # the output folder itself
        return _refused(ws, exc, began)


if __name__ == "__main__":
    # Run the importable module's main, not this copy's: Dask then sends its functions
    # by reference, and the workers' kernels live in that module's state.
    from helpers.batch import main as _main

    sys.exit(_main())
