"""Benchmark of the batch, on demand (`make bench`), never in `make test`.

In one run, on the same notebook and the same briefs (the selection's areas x vi, en),
in interleaved rounds (medians reported), it times:

  (a) the naive CLI loop: per brief, the `papermill` command, then
      `jupyter nbconvert --to html --no-input`, one after the other;
  (b) the process-pool peer (bench/peer.py): papermill.execute_notebook and nbconvert's
      HTMLExporter in a ProcessPoolExecutor, one worker per core;
  (c) the batch, full rebuild (`python -m helpers.batch --force`);
  (d) the floor: the same briefs' code cells executed in one warm process, without
      kernels or export (IPython's display prints to a discarded stdout: bench only);
  (e) the batch again with nothing changed (no-op).

Then the batch alone on 2, 34 and 63 former provinces (one language), a profile of two
briefs (kernel, cells, export, checks, writing; the slowest cells), and the lines of the
batch code before and after issue 15. Figures go to stdout and bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "province_brief.ipynb"
DATA = ROOT / "data"
SELECTION = ["Thanh Hóa", "Hà Tĩnh", "Bắc Ninh", "Lào Cai"]  # 4 units x 2 languages
BEFORE = "292212a"  # the last commit with briefs.py, warmkernel.py, preload.py, hashing.py
OLD_FILES = ["briefs.py", "warmkernel.py", "preload.py", "hashing.py"]


def _quiet(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def plan(selection, bases, langs, data_dir=DATA):
    from helpers import data, plan

    ds = data.load(data_dir)
    return plan.plan(ds, selection=selection, bases=bases, langs=langs, overview=False)


def naive(tasks, notebook, tmp: Path) -> None:
    for t in tasks:
        executed = tmp / "naive" / f"{t.basis}-{t.lang}-{t.code}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        params = t.parameters(str(DATA))
        args = [a for k, v in params.items() for a in ("-p" if k == "as_of" else "-r", k, str(v))]
        _quiet([BIN / "papermill", notebook, executed, *args, "--cwd", notebook.parent])
        _quiet([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed])


def peer(tasks, notebook, tmp: Path) -> None:
    jobs = [(str(notebook), t.parameters(str(DATA)), str(tmp / "peer" / t.path)) for t in tasks]
    (tmp / "peer.json").write_text(json.dumps(jobs), encoding="utf-8")
    _quiet([sys.executable, ROOT / "bench" / "peer.py", tmp / "peer.json"])


def batch(selection, notebook, out: Path, *extra) -> None:
    args = [a for name in selection for a in ("-p", name)]
    cmd = [sys.executable, "-m", "helpers.batch", *args, "--notebook", notebook, "--out", out]
    _quiet([*cmd, "--no-overview", "--no-progress", *extra])


def floor(tasks, notebook, tmp: Path) -> float:
    """Seconds for the briefs' cells in one warm process (measured in a fresh one)."""
    jobs = [t.parameters(str(DATA)) for t in tasks]
    (tmp / "floor.json").write_text(json.dumps(jobs), encoding="utf-8")
    cmd = [sys.executable, __file__, "--floor-of", tmp / "floor.json", "--notebook", notebook]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def _floor_process(jobs_file: Path, notebook: Path) -> None:
    """Run the notebook's code cells for each job in this process; print their seconds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    cells = [c for c in cells if not c.lstrip().startswith(("%", "!"))]
    code = [compile(c, f"cell-{i}", "exec") for i, c in enumerate(cells)]
    jobs = json.loads(jobs_file.read_text(encoding="utf-8"))
    os.chdir(notebook.parent)

    def one(params):
        namespace: dict = {}
        with contextlib.redirect_stdout(io.StringIO()):  # IPython's display prints here
            for i, cell in enumerate(code):
                exec(cell, namespace)
                if i == 0:  # the parameters cell, then Papermill's injected values
                    namespace.update(params)
        plt.close("all")

    one(jobs[0])  # warm: imports and caches, as a kernel-free process would have them
    start = time.perf_counter()
    for params in jobs:
        one(params)
    print(time.perf_counter() - start)


def profile(selection, notebook, tmp: Path) -> dict:
    """Two briefs through the batch (-j 1): where the time of each goes (the first in a
    new kernel, the second in the kept one); the slowest cells of the first."""
    import nbformat
    import papermill as pm

    out = tmp / "profile"
    start = time.perf_counter()
    batch(selection[:2], notebook, out, "--force", "-j", "1", "-l", "en", "--basis", "34")
    wall = time.perf_counter() - start
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    briefs = sorted(
        (b for b in run["briefs"] if b["status"] == "built"), key=lambda b: b["timings"]["kernel"]
    )[::-1]  # the first brief of a kernel waited for it to start
    task = plan(selection[:1], ("34",), ("en",))[0]
    nb = pm.execute_notebook(str(notebook), None, parameters=task.parameters(str(DATA)),
                             cwd=str(notebook.parent), progress_bar=False)  # fmt: skip
    cells = [c for c in nb.cells if c.cell_type == "code"]
    slow = sorted(cells, key=lambda c: -(c.metadata.papermill.get("duration") or 0))[:5]
    return {
        "batch_wall": wall,
        "briefs": [
            {"name": b["name"], "seconds": b["seconds"], "steps": b["timings"]} for b in briefs
        ],
        "slowest_cells": [
            (round(c.metadata.papermill.duration, 3), c.source.splitlines()[0][:60]) for c in slow
        ],
        "note": "kernel = the brief's execute_notebook minus its cells: for a worker's first "
        "brief, its kernel's start and warm-up; after that, the reset of the kept kernel",
        "cells_total": sum(c.metadata.papermill.get("duration") or 0 for c in cells),
        "nbformat": nbformat.__version__,
    }


def _sloc(text: str) -> int:
    """Lines holding code: no blank lines, comments or docstrings."""
    tree = ast.parse(text)
    doc = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                doc.update(range(body[0].lineno, body[0].end_lineno + 1))
    code = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type not in skip | {tokenize.ENDMARKER}:
            code.update(range(tok.start[0], tok.end[0] + 1))
    return len(code - doc)


def lines() -> dict:
    """Lines (all, code) of the batch before issue 15 and of its modules now."""

    def show(rev, name):
        return subprocess.run(["git", "show", f"{rev}:src/helpers/{name}"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout  # fmt: skip

    before = [show(BEFORE, n) for n in OLD_FILES]
    names = ["batch.py", "plan.py", "fingerprint.py", "worker.py", "pool.py", "kernelstate.py"]
    now = [(ROOT / "src" / "helpers" / n).read_text(encoding="utf-8") for n in names]
    return {
        "before": {
            "files": OLD_FILES,
            "lines": sum(len(t.splitlines()) for t in before),
            "code": sum(_sloc(t) for t in before),
        },  # fmt: skip
        "after": {
            "files": names,
            "lines": sum(len(t.splitlines()) for t in now),
            "code": sum(_sloc(t) for t in now),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--sizes", default="2,34,63", help="former provinces for scaling")
    parser.add_argument("--notebook", type=Path, default=NOTEBOOK)
    parser.add_argument("--province", "-p", action="append", help=f"default: {SELECTION}")
    parser.add_argument("--no-naive", action="store_true", help="skip (a), the slowest")
    parser.add_argument("--floor-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_of:
        _floor_process(args.floor_of, args.notebook.resolve())
        return 0
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):  # Python's default: cache bytecode
        sys.dont_write_bytecode = False
        print("note: PYTHONDONTWRITEBYTECODE unset for every variant (Python's default)")
    notebook, selection = args.notebook.resolve(), args.province or SELECTION
    tasks = plan(selection, ("34",), ("vi", "en"))
    n = len(tasks)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {n} briefs")
    result: dict = {"briefs": [t.path for t in tasks], "rounds": [], "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmpdir:
        tmp = Path(tmpdir)
        sel = [t.code for t in tasks[::2]]
        for r in range(args.rounds):  # interleaved: a slow spell hits every variant alike
            times = {}
            if not args.no_naive:
                times["a"] = _timed(naive, tasks, notebook, tmp)
            times["b"] = _timed(peer, tasks, notebook, tmp)
            times["c"] = _timed(batch, sel, notebook, tmp / "out", "--force", "--basis", "34")
            times["d"] = floor(tasks, notebook, tmp)
            times["e"] = _timed(batch, sel, notebook, tmp / "out", "--basis", "34")
            result["rounds"].append(times)
            print(f"round {r + 1}: " + "  ".join(f"{k} {v:6.2f} s" for k, v in times.items()))
        med = {k: statistics.median(t[k] for t in result["rounds"]) for k in result["rounds"][0]}
        result["median"] = med
        names = {"a": "naive CLI loop", "b": "process-pool peer", "c": "batch, full rebuild",
                 "d": "floor (one warm process)", "e": "batch, no-op"}  # fmt: skip
        print(f"\nmedians of {args.rounds} rounds, {n} briefs:")
        for k, v in med.items():
            print(f"  ({k}) {names[k]:<26} {v:7.2f} s  ({v / n:.2f} s/brief)")
        print(f"  b/c = {med['b'] / med['c']:.2f} (target >= 2)   c/d = {med['c'] / med['d']:.2f} "
              f"(target <= 2)   no-op {med['e']:.2f} s (target < 0.3)")  # fmt: skip
        print("\nscaling of (c), former provinces (basis 63), English:")
        from helpers import data

        former = data.load().places.former
        result["scaling"] = {}
        for size in [int(s) for s in args.sizes.split(",") if s]:
            codes = [a.code for a in former[:size]]
            out = tmp / f"scale-{size}"
            t = _timed(batch, codes, notebook, out, "--force", "--basis", "63", "-l", "en")
            result["scaling"][size] = t
            print(f"  {size:3d} briefs: {t:7.2f} s  ({t / size:.2f} s/brief)")
        result["profile"] = profile(selection, notebook, tmp)
        print("\nprofile of two briefs (-j 1):", json.dumps(result["profile"], indent=1))
    result["lines"] = lines()
    print("\nlines of the batch:", json.dumps(result["lines"]))
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    path = ROOT / "bench" / "results" / "latest.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
