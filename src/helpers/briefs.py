"""Batch: build every province's brief, in parallel, incrementally, atomically.

``python -m helpers.briefs`` (``make briefs``) runs ``notebooks/province_brief.ipynb`` with
Papermill once per province and language, exports each to offline HTML in-process, and
writes ``outputs/briefs/<lang>/<slug>.html``, ``outputs/index.html``, ``outputs/run.json``
and the manifest of fingerprints ``outputs/manifest.json``.

A brief is skipped when its fingerprint (parameters, notebook, data files, helpers source,
versions of the core packages) matches the manifest and its file is untouched. A failed
brief keeps its previous HTML; the executed notebook of the failure goes to
``outputs/failed/``; the command exits non-zero with a summary.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import csv
import hashlib
import json
import multiprocessing
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from . import provinces
from .export import write_atomic
from .hashing import data_fingerprint, git_commit

__all__ = ["Task", "Result", "plan", "run", "main", "fingerprint_inputs"]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "province_brief.ipynb"
OVERVIEW_NOTEBOOK = ROOT / "notebooks" / "national_overview.ipynb"
CORE_PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "babel",
    "pandera",
    "vietnam-provinces",
    "vietnamadminunits",
)
MANIFEST_VERSION = 1
DEFAULT_AS_OF = 2024
LANGS = ("vi", "en")


@dataclass(frozen=True)
class Task:
    """One brief to build.

    Attributes
    ----------
    code, slug, name : str
        The province's code, file-name slug and canonical name.
    lang : str
        Language.
    as_of : int
        Year of the brief.
    kind : str
        ``"province"`` (a brief) or ``"overview"`` (the national overview).
    """

    code: str
    slug: str
    name: str
    lang: str
    as_of: int
    kind: str = "province"

    @property
    def key(self) -> str:
        """Path under the output folder: ``briefs/vi/thanh-hoa.html``, ``overview/vi.html``."""
        if self.kind == "overview":
            return f"overview/{self.lang}.html"
        return f"briefs/{self.lang}/{self.slug}.html"


@dataclass
class Result:
    """Outcome of one task."""

    key: str
    status: str  # built | skipped | failed
    seconds: float = 0.0
    fingerprint: str = ""
    sha256: str = ""
    error: str = ""
    cell: str = ""
    province: str = ""
    lang: str = ""
    params: dict = field(default_factory=dict)


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path: Path) -> str:
    return _sha256_bytes(path.read_bytes()) if path.exists() else ""


def fingerprint_inputs(data_dir: Path) -> str:
    """Hash everything all briefs depend on, apart from their notebook and parameters.

    Parameters
    ----------
    data_dir : Path
        The data folder.

    Returns
    -------
    str
        SHA-256 over the data files, the helpers' source files and templates, and the
        installed versions of the core packages.
    """
    digest = hashlib.sha256()
    digest.update(data_fingerprint(data_dir).encode())
    here = Path(__file__).parent
    for path in sorted(here.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(here)).encode())
            digest.update(path.read_bytes())
    for pkg in CORE_PACKAGES:
        try:
            digest.update(f"{pkg}=={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{pkg}==missing".encode())
    return digest.hexdigest()


def _task_fingerprint(inputs: str, task: Task, notebook: Path) -> str:
    params = json.dumps(asdict(task), sort_keys=True)
    return _sha256_bytes(f"{inputs}\n{params}\n{_sha256_file(notebook)}".encode())


def _figure_rows(data_dir: Path) -> list[dict]:
    """Rows of figures.csv as text, for planning only (the kernels validate the data)."""
    with open(data_dir / "figures.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def provinces_with_figures(rows: list[dict]) -> list[str]:
    """Codes of the provinces that have at least one figure.

    Parameters
    ----------
    rows : list of dict
        Rows of figures.csv (see :func:`_figure_rows`).

    Returns
    -------
    list of str
        Province codes in file order, without the country.
    """
    codes = [row.get("province_code", "") for row in rows]
    return list(dict.fromkeys(c for c in codes if c and c != "VN"))


def plan(
    selection: list[str] | None, langs, as_of: int, data_dir: Path, overview: bool | None = None
) -> list[Task]:
    """Turn the command line into tasks, checking every parameter before any kernel.

    Parameters
    ----------
    selection : list of str or None
        Province names (any spelling) or codes; None for every province with figures.
    langs : iterable of str
        Languages.
    as_of : int
        Year of the briefs.
    data_dir : Path
        The data folder.
    overview : bool, optional
        Add the national overview per language; by default only when no province is
        selected.

    Returns
    -------
    list of Task
        One per province and language, then the overviews.

    Raises
    ------
    ValueError
        For an unknown province or language (close matches suggested), or a year outside
        the years of the data, naming the option.
    """
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise ValueError(f"--lang: {', '.join(map(repr, bad))} not one of {', '.join(LANGS)}")
    rows = _figure_rows(data_dir)
    years = [int(p[-4:]) for p in (r.get("period", "") for r in rows) if p[-4:].isdigit()]
    if years and not min(years) <= as_of <= max(years):
        raise ValueError(
            f"--as-of: {as_of} is outside the years of the data ({min(years)}-{max(years)})"
        )
    if selection:
        provs = []
        for given in selection:
            try:
                provs.append(provinces.resolve(given))
            except provinces.UnknownProvinceError as exc:
                raise ValueError(f"--province: {exc}") from None
    else:
        provs = [provinces.resolve(c) for c in provinces_with_figures(rows)]
    provs = list({p.code: p for p in provs}.values())
    tasks = [Task(p.code, p.slug, p.name, lang, as_of) for p in provs for lang in langs]
    if overview if overview is not None else not selection:
        tasks += [Task("VN", "overview", "Việt Nam", lang, as_of, "overview") for lang in langs]
    return tasks


def _failed_cell(nb) -> str:
    """Name the cell that failed: its number among the code cells, and its first line."""
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    injected = [
        i for i, c in enumerate(code_cells) if "injected-parameters" in c.metadata.get("tags", [])
    ]
    failed = [
        i
        for i, c in enumerate(code_cells)
        if any(o.get("output_type") == "error" for o in c.get("outputs", []))
    ]
    # A dead kernel or a timeout leaves no error output: the last cell started is the one.
    started = [
        i for i, c in enumerate(code_cells) if c.metadata.get("papermill", {}).get("start_time")
    ]
    pick = failed[0] if failed else (started[-1] if started else None)
    if pick is None:
        return ""
    number = pick + 1 - sum(1 for j in injected if j < pick)  # as in the notebook on disk
    source = code_cells[pick].source.strip()
    first = source.splitlines()[0] if source else ""
    return f"code cell {number} ({first[:60]})"


def build_one(
    task: Task,
    notebook: str,
    data_dir: str,
    out_dir: str,
    timeout: int,
    fingerprint: str,
) -> Result:
    """Execute and export one brief (runs in a worker process).

    Parameters
    ----------
    task : Task
        What to build.
    notebook : str
        The brief notebook.
    data_dir : str
        Data folder (absolute).
    out_dir : str
        Output folder.
    timeout : int
        Seconds allowed per cell.
    fingerprint : str
        Recorded on success.

    Returns
    -------
    Result
        ``built`` with the HTML written, or ``failed`` with the cell and error; on failure
        the previous HTML is left as it was and the executed notebook is kept under
        ``failed/``.
    """
    import nbformat
    import papermill as pm

    from . import checks, warmkernel
    from .export import to_html
    from .text import t

    start = time.perf_counter()
    out = Path(out_dir)
    params = {"lang": task.lang, "data_dir": data_dir, "as_of": task.as_of}
    if task.kind == "province":
        params["province"] = task.code
        title = t("brief_title", task.lang, province=task.name)
        sections = checks.EXPECTED_SECTIONS
    else:
        title = t("ov_title", task.lang)
        sections = checks.OVERVIEW_SECTIONS
    result = Result(task.key, "failed", province=task.name, lang=task.lang, params=params)
    failed_nb = out / "failed" / task.lang / f"{task.slug}.ipynb"
    work = out / ".work"
    work.mkdir(parents=True, exist_ok=True)
    executed = work / f"{task.lang}-{task.slug}-{os.getpid()}.ipynb"
    try:
        nb = pm.execute_notebook(
            notebook,
            str(executed),
            parameters=params,
            kernel_name="python3",
            kernel_manager_class=warmkernel.WarmKernelManager,  # cold start if no template
            cwd=str(Path(notebook).parent),
            execution_timeout=timeout,
            progress_bar=False,
            log_output=False,
            report_mode=False,
        )
        html = to_html(nb, task.lang, title)
        problems = checks.check_brief(html, task.lang, sections)
        if problems:
            raise checks.BriefCheckError("; ".join(problems))
        write_atomic(out / task.key, html)
        failed_nb.unlink(missing_ok=True)
        result.status = "built"
        result.fingerprint = fingerprint
        result.sha256 = _sha256_bytes(html.encode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the batch
        result.error = f"{type(exc).__name__}: {_short(exc)}"
        if executed.exists():
            try:
                result.cell = _failed_cell(nbformat.read(executed, as_version=4))
            except Exception:  # noqa: BLE001
                result.cell = ""
            failed_nb.parent.mkdir(parents=True, exist_ok=True)
            os.replace(executed, failed_nb)
    finally:
        executed.unlink(missing_ok=True)
        result.seconds = time.perf_counter() - start
    return result


def _worker_init(log: str, template: str | None) -> None:
    """Prepare a worker: stderr to a log, kernels from the warm template if there is one.

    Its stderr (and so that of kernels started from scratch) goes to a log file instead of
    the terminal. Papermill and nbconvert are already imported (``helpers.preload``, in the
    forkserver).
    """
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    from .warmkernel import use_template

    use_template(template)


def _short(exc: Exception) -> str:
    text = str(exc).strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    # Papermill errors end with the exception line of the cell; keep that one.
    for ln in reversed(lines):
        if ":" in ln and not ln.startswith(" "):
            return ln.strip()[:300]
    return (lines[-1] if lines else repr(exc))[:300]


def _validate_if_changed(data_dir: Path, manifest: dict, inputs: str) -> None:
    """Validate the data (clear errors with file, line, column) unless a run already did.

    The planner reads ``figures.csv`` as plain text; it must only see data the loader has
    accepted. When the inputs (data files, helpers' source, package versions) are those a
    run validated and recorded in the manifest, nothing is loaded (the no-op path stays
    fast).
    """
    if manifest.get("validated_inputs") != inputs:
        from .data import load

        load(data_dir)  # raises DataError


def _check_writable(out_dir: Path) -> None:
    """Fail early, before any kernel, when the output folder cannot be written."""
    import tempfile

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=".probe-"):
            pass
    except OSError as exc:
        raise ValueError(
            f"output folder {str(out_dir)!r} is not writable ({exc.strerror}): nothing was "
            "built and the briefs already there are untouched"
        ) from None


def _save_manifest(path: Path, manifest: dict) -> None:
    write_atomic(path, json.dumps(manifest, indent=1, sort_keys=True))


def _load_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("version") == MANIFEST_VERSION:
            return manifest
    except (OSError, ValueError):
        pass
    return {"version": MANIFEST_VERSION, "briefs": {}}


def run(
    tasks: list[Task],
    out_dir: Path,
    data_dir: Path,
    notebook: Path = NOTEBOOK,
    jobs: int | None = None,
    force: bool = False,
    timeout: int = 300,
    progress: bool = True,
    warm: bool = True,
) -> list[Result]:
    """Build the tasks that are out of date, in parallel, and write index and records.

    Parameters
    ----------
    tasks : list of Task
        What to build (see :func:`plan`).
    out_dir : Path
        Output folder (``outputs``).
    data_dir : Path
        Data folder.
    notebook : Path
        The brief notebook.
    jobs : int, optional
        Parallel briefs; default the machine's cores.
    force : bool
        Rebuild even when up to date.
    timeout : int
        Seconds allowed per notebook cell.
    progress : bool
        Show a progress bar.
    warm : bool
        Fork each brief's fresh kernel from one warm template (the default, see
        :mod:`helpers.warmkernel`); ``False`` starts every kernel from scratch.

    Returns
    -------
    list of Result
        One per task, in task order.
    """
    out_dir, data_dir = Path(out_dir), Path(data_dir).resolve()
    notebooks = {"province": Path(notebook).resolve(), "overview": OVERVIEW_NOTEBOOK}
    _check_writable(out_dir)
    manifest_path = out_dir / "manifest.json"
    manifest = _load_manifest(manifest_path)
    inputs = fingerprint_inputs(data_dir)
    results: dict[str, Result] = {}
    todo: list[tuple[Task, str]] = []
    for task in tasks:
        fp = _task_fingerprint(inputs, task, notebooks[task.kind])
        entry = manifest["briefs"].get(task.key, {})
        up_to_date = (
            not force
            and entry.get("fingerprint") == fp
            and entry.get("sha256") == _sha256_file(out_dir / task.key)
        )
        if up_to_date:
            results[task.key] = Result(
                task.key, "skipped", 0.0, fp, entry["sha256"], province=task.name, lang=task.lang
            )
        else:
            todo.append((task, fp))
    if todo:
        os.environ.setdefault("BRIEF_GIT_COMMIT", git_commit())
        jobs = max(1, jobs or os.cpu_count() or 1)
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["helpers.preload"])
        log = out_dir / "kernels.log"  # what kernels print on stderr (the brief has the rest)
        bar = template = None
        try:
            if warm:  # it imports while the workers start; kernels are forked from it
                from .warmkernel import Template

                with open(log, "ab") as log_file:
                    template = Template(stderr=log_file)
            with cf.ProcessPoolExecutor(
                max_workers=min(jobs, len(todo)),
                mp_context=ctx,
                initializer=_worker_init,
                initargs=(str(log), template.address if template else None),
            ) as pool:
                # Workers start while the data are validated here (unless these very
                # inputs were validated by an earlier run); no kernel starts before.
                started = [pool.submit(os.getpid) for _ in range(min(jobs, len(todo)))]
                _validate_if_changed(data_dir, manifest, inputs)
                manifest["validated_inputs"] = inputs
                cf.wait(started)
                if progress:
                    from tqdm import tqdm

                    bar = tqdm(total=len(todo), desc="briefs", unit="brief", file=sys.stderr)
                futures = {
                    pool.submit(
                        build_one,
                        task,
                        str(notebooks[task.kind]),
                        str(data_dir),
                        str(out_dir),
                        timeout,
                        fp,
                    ): task
                    for task, fp in todo
                }
                for fut in cf.as_completed(futures):
                    task = futures[fut]
                    try:
                        res = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died
                        res = Result(
                            task.key,
                            "failed",
                            error=f"{type(exc).__name__}: {exc}",
                            province=task.name,
                            lang=task.lang,
                        )
                    results[task.key] = res
                    if res.status == "built":
                        manifest["briefs"][task.key] = {
                            "fingerprint": res.fingerprint,
                            "sha256": res.sha256,
                            "province": task.name,
                            "code": task.code,
                            "lang": task.lang,
                            "as_of": task.as_of,
                            "kind": task.kind,
                        }
                        _save_manifest(manifest_path, manifest)
                    if bar:
                        bar.update(1)
        finally:
            if bar:
                bar.close()
            if template:
                template.close()
    try:
        (out_dir / ".work").rmdir()
    except OSError:
        pass
    ordered = [results[t.key] for t in tasks]
    _write_records(out_dir, data_dir, manifest, ordered, inputs)
    return ordered


def _write_records(out_dir: Path, data_dir: Path, manifest: dict, results, inputs: str) -> None:
    """Write ``run.json`` and, when anything changed, ``index.html``."""
    record = {
        "inputs_fingerprint": inputs,
        "commit": os.environ.get("BRIEF_GIT_COMMIT") or git_commit(),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "briefs": [asdict(r) for r in results],
    }
    write_atomic(out_dir / "run.json", json.dumps(record, indent=1, ensure_ascii=False))
    index = out_dir / "index.html"
    index_fp = _sha256_bytes(
        (inputs + json.dumps(manifest["briefs"], sort_keys=True)).encode()
        + json.dumps([(r.key, r.status) for r in results if r.status == "failed"]).encode()
    )
    if manifest.get("index") == index_fp and manifest.get("index_sha256") == _sha256_file(index):
        return
    from .index import build_index

    html = build_index(manifest["briefs"], results, data_dir, out_dir)
    write_atomic(index, html)
    manifest["index"] = index_fp
    manifest["index_sha256"] = _sha256_bytes(html.encode("utf-8"))
    _save_manifest(out_dir / "manifest.json", manifest)


def summary(results: list[Result]) -> str:
    """Tabulate the briefs: status and time, failures with cell and error, totals.

    Parameters
    ----------
    results : list of Result
        From :func:`run`.

    Returns
    -------
    str
        Plain text for the terminal.
    """
    width = max([len(r.key) for r in results] + [5])
    lines = [f"{'brief':<{width}}  {'status':<7}  {'seconds':>7}"]
    for r in results:
        lines.append(f"{r.key:<{width}}  {r.status:<7}  {r.seconds:7.1f}")
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        where = f" at {r.cell}" if r.cell else ""
        lines.append(f"FAILED {r.province} [{r.lang}]{where}: {r.error}")
    counts = {s: sum(r.status == s for r in results) for s in ("built", "skipped", "failed")}
    total = sum(r.seconds for r in results)
    lines.append(
        f"{len(results)} briefs: {counts['built']} built, {counts['skipped']} skipped, "
        f"{counts['failed']} failed ({total:.1f} s of work)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (``sys.argv[1:]`` by default).

    Returns
    -------
    int
        0 when every brief is built or up to date, 1 when any failed, 2 for bad arguments
        or data.
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.briefs", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--province",
        "-p",
        action="append",
        help="province (any spelling or code); repeat for several; "
        "default: every province with figures",
    )
    parser.add_argument(
        "--lang",
        "-l",
        action="append",
        choices=LANGS,
        help="language; repeat for several; default: vi and en",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=os.cpu_count() or 1,
        help="briefs built in parallel (default: cores)",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    parser.add_argument(
        "--overview",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="build the national overview (default: when no --province is given)",
    )
    parser.add_argument(
        "--as-of", type=int, default=DEFAULT_AS_OF, help="year the briefs are as of"
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "outputs")
    parser.add_argument("--notebook", type=Path, default=NOTEBOOK)
    parser.add_argument(
        "--timeout", type=int, default=300, help="seconds allowed per notebook cell"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--cold-kernels",
        action="store_true",
        help="start every kernel from scratch instead of forking it from a warm template "
        "(slower; same briefs)",
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    from .errors import DataError, ParameterError

    start = time.perf_counter()
    try:
        _validate_if_changed(
            args.data_dir,
            _load_manifest(Path(args.out) / "manifest.json"),
            fingerprint_inputs(args.data_dir),
        )
        tasks = plan(
            args.province, args.lang or list(LANGS), args.as_of, args.data_dir, args.overview
        )
        if not tasks:
            print("no province has figures in the data: nothing to build")
            return 0
        results = run(
            tasks,
            args.out,
            args.data_dir,
            args.notebook,
            jobs=args.jobs,
            force=args.force,
            timeout=args.timeout,
            progress=not args.no_progress,
            warm=not args.cold_kernels,
        )
    except (ValueError, DataError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "interrupted: briefs already written are complete; run again to go on", file=sys.stderr
        )
        return 130
    print(summary(results))
    print(f"index: {Path(args.out) / 'index.html'}  ({time.perf_counter() - start:.2f} s)")
    return 1 if any(r.status == "failed" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
