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
2. **Data** are read once: the files of the contract (:func:`helpers.contract.read_files`)
   are hashed, the loader's one fingerprint of the data, and copied into a private
   snapshot (``outputs/.work/<pid>/data``, mode 0700), validated there by
   :func:`helpers.data.load`, and every kernel reads that snapshot (``data_dir``). A
   brief's fingerprint hashes that fingerprint, the notebook's bytes, its task (area,
   language, year, paths) and the code a brief is built with
   (:func:`helpers.fingerprint.environment`: not the runner's own modules). The manifest,
   written once at the end of a run, keeps each brief's fingerprint and task, and the
   paths the plan gave for its inputs. If the data folder changed during the run, the
   briefs built are recorded as stale.
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
import concurrent.futures as cf
import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import i18n
from .errors import DiskFull, UsageError, WriteError, write_error
from .fingerprint import digest, environment, read_tree
from .plan import BASES, LANGS, Task, index_path, plan
from .pool import Pool
from .worker import Job, Outcome, build, failing_cell, sweep_temp

__all__ = ["Task", "Job", "Outcome", "UsageError", "digest", "read_tree", "environment"]
__all__ += ["plan", "build", "failing_cell", "main"]

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_VERSION = 3


# --------------------------------------------------------------------------- fingerprints


# --------------------------------------------------------------------------- plan


# --------------------------------------------------------------------------- one brief


# --------------------------------------------------------------------------- processes


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
            raise write_error(self.work, exc, "create") from None
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
            raise write_error(exc.filename or self.work, exc, "prepare") from None
        return self

    def _take_lock(self, path: Path) -> int:
        """Open and lock ``path`` (never through a link, never a folder or a pipe)."""
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        unsafe = {errno.ELOOP: "a symbolic link", errno.EISDIR: "a folder"}
        try:
            fd = os.open(path, flags, 0o600)
        except OSError as exc:
            if exc.errno not in unsafe:
                raise write_error(path, exc, "create") from None
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
        raise write_error(path, exc) from None


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
    weight: dict = field(default_factory=dict)  # (basis, code) -> its figures: heavier first
    units: tuple = ()  # the 34 units of the data (the index lists them all)
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
    if min(args.jobs, args.timeout, args.connect_timeout) < 1:
        raise UsageError("--jobs, --timeout and --connect-timeout: at least 1")
    if args.scheduler and not _has("distributed"):
        raise UsageError("--scheduler needs Dask: pip install 'vn-digital-economy-briefs[dask]'")
    if args.pdf and not (_has("playwright") and Path("/usr/bin/chromium").exists()):
        raise UsageError("--pdf needs Playwright and Debian's chromium: make browser")
    args.overview = args.overview if args.overview is not None else not args.province
    notebooks = {"province": _notebook(args.notebook, "--notebook")}
    if args.overview:
        notebooks["national"] = _notebook(args.overview_notebook, "--overview-notebook")
    from .contract import read_files  # the loader's files, under its one rule for links
    from .errors import DataError

    try:
        data = read_files(args.data_dir)
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
        raise write_error(snapshot, exc, "copy the data to") from None
    try:
        dataset = data.load(snapshot)
    except data.DataError as exc:
        where = run.args.data_dir  # the data as given, not the snapshot they were read from
        lines = [
            f"  {where / p.file}{str(p)[len(p.file) :]}".replace(str(snapshot), str(where))
            for p in exc.problems
        ]
        raise UsageError(
            "the data are not valid; nothing was built:\n" + "\n".join(lines)
        ) from None
    if dataset.fingerprint != run.data_digest:  # one fingerprint: the loader's, of these bytes
        raise RuntimeError(f"the snapshot {snapshot} loaded other bytes than were read")
    run.units = dataset.places.units
    a = run.args
    langs, bases = tuple(a.lang or LANGS), tuple(a.basis or BASES)
    run.tasks = plan(
        dataset, selection=a.province, bases=bases, langs=langs, as_of=a.as_of, overview=a.overview
    )
    figures = dataset.figures
    by_area = figures.groupby([figures["basis"].astype(str), "province_code"])
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


#: Seconds the batch waits, by default, for the Dask scheduler at ``--scheduler`` to answer
#: (``--connect-timeout``).
CONNECT_TIMEOUT = 10


def connect(run: Run, stop: _Stop):
    """Return ``(executor, client)`` of the Dask cluster at ``--scheduler``.

    The client connects in a thread of its own while this one watches the clock and the
    signals: ``(None, None)`` as soon as a Ctrl-C or SIGTERM arrives (the attempt is left
    to end with the process), and :class:`UsageError` when the scheduler is refused,
    unreachable, or has not answered within ``--connect-timeout`` seconds (Dask's own
    timeout does not cover a peer that accepts the connection and never answers).
    """
    from distributed import Client

    address, seconds, box = run.args.scheduler, run.args.connect_timeout, {}

    def attempt():
        try:
            box["client"] = Client(address, timeout=seconds)
        except Exception as exc:  # noqa: BLE001 - reported below, whatever it is
            box["error"] = exc

    thread = threading.Thread(target=attempt, name="dask-connect", daemon=True)
    thread.start()
    deadline = time.monotonic() + seconds
    while thread.is_alive() and not stop.signum and time.monotonic() < deadline:
        thread.join(0.05)
    if stop.signum:
        return None, None
    if "client" in box:
        return box["client"].get_executor(pure=False), box["client"]
    exc = box.get("error")
    cause = f"{type(exc).__name__}: {exc}" if exc else f"no answer in {seconds} s"
    raise UsageError(f"--scheduler: cannot reach {address} ({cause})")


def stop_workers(executor, client) -> None:
    """End the executor: local workers end their kernels and exit at once.

    Then every worker the client reaches (on Dask), or this machine, removes the system's
    temporary folders of briefs whose process died (:func:`sweep_temp`): a worker killed
    mid-run leaves some.
    """
    if client:
        executor.shutdown(wait=False)
        with contextlib.suppress(Exception):  # best effort: a worker may be gone
            client.run(sweep_temp)
        client.close()
        return
    executor.shutdown()
    with contextlib.suppress(OSError):  # kernel folders of local workers that were killed
        sweep_temp()


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
            kernel_env={VALIDATED: run.data_digest},
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
    """Write a finished brief (or its failed notebook), enter it in the manifest, record it."""
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
    entry["file"] = [hashlib.sha256(o.html).hexdigest(), st.st_size, st.st_mtime_ns]
    failed.unlink(missing_ok=True)
    manifest["briefs"][task.path] = entry  # written once, at the end of the run (_write_up)
    rec.timings["write"] = time.perf_counter() - t0
    return rec


def _index(out: Path, manifest: dict, units) -> None:
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
            rec["latest"] = entry["values"].get("latest")  # the year the brief itself shows
            rec["paths"][t["lang"]] = path
            if t["lang"] == lang:  # column labels are in the page's language
                rec["values"] = entry["values"].get("values", {})
                rec["sort"] = entry["values"].get("sort", {})
        other = index_path(i18n.other_language(lang))
        html = build_index(list(areas.values()), lang, units=units, other_index=other)
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
        manifest = {"version": MANIFEST_VERSION, "plan": {}, "briefs": {}}
    return manifest


def _planned(run: Run, manifest: dict) -> list[Task] | None:
    """Return the briefs the last run planned, if it planned from these inputs (``plan.key``).

    The plan is a pure function of the data, the code, the notebooks and the selection:
    the manifest keeps the paths it gave under the hash of those (:func:`prepare`), and
    each brief's task beside its fingerprint; None when the inputs differ.
    """
    plan, briefs = manifest["plan"], manifest["briefs"]
    if plan.get("key") != run.plan_key or not all(p in briefs for p in plan["paths"]):
        return None
    return [Task(**briefs[p]["task"]) for p in plan["paths"]]


def _nothing_to_do(run: Run, manifest: dict, tasks: list[Task] | None) -> bool:
    """Whether the planned briefs and the index pages are all there, as recorded."""
    out = run.ws.out
    return bool(
        tasks is not None
        and not run.args.force
        and all((out / index_path(lang)).is_file() for lang in LANGS)
        and all(
            _fresh(manifest["briefs"][t.path], out / t.path, fingerprint(run, t)) for t in tasks
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
        manifest["plan"] = {"key": run.plan_key, "paths": [t.path for t in tasks]}
        if todo and not stop.signum:
            todo.sort(key=lambda x: -run.weight.get((x[0].basis, x[0].code), 0))  # big first
            if args.scheduler:
                executor, client = connect(run, stop)
            else:
                try:
                    (out / "kernels.log").write_bytes(b"")  # what this run's kernels print
                except OSError as exc:
                    raise write_error(out / "kernels.log", exc) from None
            if executor is not None and not stop.signum:
                records |= execute(run, todo, manifest, stop, executor, bool(client))
    except WriteError as exc:
        run.fault = exc
    finally:
        if executor is not None:
            stop_workers(executor, client)
    from .contract import read_files
    from .errors import DataError

    try:
        changed = digest(read_files(args.data_dir).items()) != run.data_digest
    except DataError:  # since read: a link out of the folder, an unreadable file
        changed = True
    for r in records.values():
        if changed and r.status == "built":  # from the data as they were: never fresh
            manifest["briefs"][r.task.path]["stale"] = True
    return changed


def _write_up(run: Run, manifest: dict, status: str) -> None:
    """Write the index pages (a complete run), the PDFs asked for and the manifest.

    The first output that cannot be written becomes ``run.fault``; after one, only the
    manifest is still tried: it is written once, here, atomically, for every run that
    built or tried (a run killed before leaves the last one: its briefs are built again).
    """
    out = run.ws.out
    try:
        if status == "complete":
            _index(out, manifest, run.units)
        if run.args.pdf and status in ("complete", "nothing to do"):
            from .pdf import pdf_outputs  # the briefs whose PDF is older than their HTML

            try:
                print(f"pdf: {len(pdf_outputs(out))} printed to {out / 'pdf'}")
            except OSError as exc:
                raise write_error(exc.filename or out / "pdf", exc) from None
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
    tasks = _planned(run, manifest)
    if _nothing_to_do(run, manifest, tasks):
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
    add(
        "--connect-timeout",
        type=int,
        default=CONNECT_TIMEOUT,
        metavar="SECONDS",
        help="seconds to wait for the scheduler to answer (default: %(default)s)",
    )
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


def cli() -> None:
    """Run the command (``python -m helpers.batch``, ``vn-briefs``): :func:`main`, then exit.

    Everything is written and closed when :func:`main` returns: the objects are left out
    of the garbage collector's last round at exit (``gc.freeze``), 0.2 s over pandas' and
    pandera's modules. Not in :func:`main`, which a process may call and go on.
    """
    import gc

    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    # Run the importable module's main, not this copy's: Dask then sends its functions
    # by reference, and the workers' kernels live in that module's state.
    from helpers.batch import cli as _cli

    _cli()
