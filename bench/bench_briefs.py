"""Benchmark of the batch, run on demand (`make bench`), never in `make test`.

In one run, on the same notebook and provinces, it times:
  (a) the naive loop: for each brief, the `papermill` command, then
      `jupyter nbconvert --to html --no-input`, one after the other;
  (b) the batch, full rebuild (`python -m helpers.briefs --force`);
  (b') the same with every kernel started from scratch (`--cold-kernels`), to show what
       the warm kernel template gives;
  (c) the batch again with nothing changed (no-op);
and prints the times and the ratios a/b, b'/b and c. Then it times (b) on synthetic provinces
(2, 34, 63), generated into a temporary directory and marked SYNTHETIC; nothing is written
to data/.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "province_brief.ipynb"
DATA = ROOT / "data"
PROVINCES = [("38", "thanh-hoa"), ("42", "ha-tinh")]
LANGS = ["vi", "en"]


def _run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def naive(tmp: Path) -> float:
    start = time.perf_counter()
    for code, slug in PROVINCES:
        for lang in LANGS:
            executed = tmp / f"{lang}-{slug}.ipynb"
            _run(
                [
                    BIN / "papermill",
                    NOTEBOOK,
                    executed,
                    "-p",
                    "province",
                    code,
                    "-p",
                    "lang",
                    lang,
                    "-p",
                    "data_dir",
                    str(DATA),
                    "--cwd",
                    str(NOTEBOOK.parent),
                ]
            )
            _run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed])
    return time.perf_counter() - start


def batch(
    out: Path, data: Path, provinces: list[str], langs: list[str], force: bool, *extra: str
) -> float:
    cmd = [
        sys.executable,
        "-m",
        "helpers.briefs",
        "--out",
        str(out),
        "--data-dir",
        str(data),
        "--no-progress",
    ]
    for p in provinces:
        cmd += ["-p", p]
    for lang in langs:
        cmd += ["-l", lang]
    if force:
        cmd.append("--force")
    cmd += extra
    start = time.perf_counter()
    _run(cmd)
    return time.perf_counter() - start


def synthetic_data(tmp: Path, n: int) -> tuple[Path, list[str]]:
    """Copy data/ and add one SYNTHETIC figure for each of n provinces (benchmark only)."""
    sys.path.insert(0, str(ROOT / "src"))
    from helpers.provinces import all_provinces

    data = tmp / f"data-synthetic-{n}"
    shutil.copytree(DATA, data)
    with open(data / "sources.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(
            [
                "synthetic-bench",
                "SYNTHETIC benchmark data: not real figures",
                "benchmark",
                "2026",
                "bench/bench_briefs.py",
                "",
                "en",
                "synthetic",
                "SYNTHETIC",
            ]
        )
    provs = [p for p in all_provinces()][:n]
    with open(data / "figures.csv", "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        for i, p in enumerate(provs):
            w.writerow(
                [
                    f"syn-{i:02d}",
                    p.code,
                    p.name,
                    p.name,
                    "digital_tech_enterprises",
                    "2024",
                    "estimate",
                    str(100 + i),
                    "count",
                    "=",
                    str(100 + i),
                    "en",
                    "",
                    "synthetic-bench",
                    "true",
                    "SYNTHETIC: benchmark only",
                ]
            )
    return data, [p.code for p in provs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2,34,63", help="synthetic province counts")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of (a), (b), (b'), (c)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        n = len(PROVINCES) * len(LANGS)
        codes = [c for c, _ in PROVINCES]
        runs = []
        for i in range(args.repeat):  # interleaved, so that a slow spell hits both alike
            ai = naive(tmp)
            bi = batch(tmp / "out", DATA, codes, LANGS, True)
            cold = batch(tmp / "out-cold", DATA, codes, LANGS, True, "--cold-kernels")
            ci = batch(tmp / "out", DATA, codes, LANGS, False)
            runs.append((ai, bi, ci, cold))
            print(
                f"round {i + 1}: a {ai:6.2f} s  b {bi:6.2f} s  b' {cold:6.2f} s  c {ci:5.2f} s"
                f"  a/b {ai / bi:.2f}"
            )
        a, b, c, cold = (statistics.median(r[k] for r in runs) for k in range(4))
        print(
            f"\n{n} briefs ({', '.join(s for _, s in PROVINCES)} x {', '.join(LANGS)}); "
            f"medians of {args.repeat} rounds"
        )
        print(f"(a) naive papermill + nbconvert loop : {a:7.2f} s  ({a / n:.2f} s/brief)")
        print(f"(b) batch, full rebuild             : {b:7.2f} s  ({b / n:.2f} s/brief)")
        print(f"(b') batch, cold kernels            : {cold:7.2f} s  ({cold / n:.2f} s/brief)")
        print(f"(c) batch, nothing changed (no-op)  : {c:7.2f} s")
        print(f"ratio a/b = {a / b:.2f}   (target >= 4); a/b' = {a / cold:.2f}")
        print(f"ratio b'/b = {cold / b:.2f}   (what forking kernels from a warm template gives)")
        print(f"no-op c  = {c:.2f} s  (target < 0.5 s)")
        print("\nscaling of (b) on SYNTHETIC provinces, language en:")
        base = None
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            data, provs = synthetic_data(tmp, size)
            t = batch(tmp / f"out-{size}", data, provs, ["en"], force=True)
            per = t / size
            base = base or per
            print(
                f"  {size:3d} provinces: {t:7.2f} s  {per:.2f} s/brief  "
                f"(per-brief time x{per / base:.2f} of the smallest run)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
