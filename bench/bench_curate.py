"""Benchmark of the curation assistant (issue 26), on demand, never in `make test`.

    .venv/bin/python bench/bench_curate.py [ARTICLE ...] [--runs 50] [--province NAME]

Per article, with the data loaded once beforehand (as the review notebook does), it
times ``--runs`` times each: reading the file (decoding; an HTML page's text), finding
its figures (``curate.extract``), and the whole step of the notebook (read, extract and
the candidates table, ``curate.candidates``); min and median. Then a few runs of the
command line (``python -m helpers.curate``), whose time is mostly the start of Python,
pandas and the data's checks. Without ARTICLE it times a SYNTHETIC article made here
(made-up sentences, the reference articles' size).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = (  # made-up figures, written as provincial reports write them
    "Năm 2023, tỷ trọng kinh tế số trong GRDP của tỉnh ước đạt 8,5%, tăng 1,2% so với năm "
    "2022; toàn tỉnh có khoảng 1.250 doanh nghiệp công nghệ số và hơn 1,2 triệu tài khoản "
    "thanh toán không dùng tiền mặt. Theo Quyết định 411/QĐ-TTg, tỉnh phấn đấu đến năm 2025 "
    "có ít nhất 100 doanh nghiệp số. Chỉ số DTI xếp thứ 15/63, tăng 22 bậc. Dự kiến doanh "
    "thu thương mại điện tử đạt 3,5 nghìn tỷ đồng (ngày 20/5/2025; điện thoại 0237.3852.456).\n"
)


def _times(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _ms(times: list[float]) -> str:
    return f"min {min(times) * 1e3:7.2f} ms  median {statistics.median(times) * 1e3:7.2f} ms"


def _article(path: Path, dataset, vocab, area, args) -> None:
    """Time one article: read, extract, the notebook's whole step, the command line."""
    from helpers import curate

    text = curate.read_article(path).text
    found, skipped = curate.extract(text, vocab)
    size = path.stat().st_size / 1024
    print(f"\n{path.name}: {size:.1f} KB, {len(curate.sentences(text))} sentences, "
          f"{len(found)} candidates, {len(skipped)} numbers not figures")  # fmt: skip
    print(f"  read        {_ms(_times(partial(curate.read_article, path), args.runs))}")
    print(f"  extract     {_ms(_times(partial(curate.extract, text, vocab), args.runs))}")

    def step():
        curate.candidates(curate.read_article(path), dataset, area, "bench")

    print(f"  whole step  {_ms(_times(step, args.runs))}")
    cli = [sys.executable, "-m", "helpers.curate", str(path), "--province", args.province,
           "--basis", args.basis]  # fmt: skip
    run = partial(subprocess.run, cli, check=True, capture_output=True)
    print(f"  command     {_ms(_times(run, args.cli_runs))} ({args.cli_runs} runs)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/bench_curate.py", description=__doc__.split("\n")[0])
    p.add_argument("articles", nargs="*", type=Path, help="articles (default: a synthetic one)")
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--cli-runs", type=int, default=3)
    p.add_argument("--province", default="Thanh Hóa")
    p.add_argument("--basis", default="63")
    args = p.parse_args(argv)
    from helpers import curate, data

    with tempfile.TemporaryDirectory() as tmp:
        articles = args.articles
        if not articles:
            articles = [Path(tmp) / "synthetic.txt"]
            articles[0].write_text(SYNTHETIC * 6, encoding="utf-8")
        start = time.perf_counter()
        dataset = data.load()
        vocab = curate.vocabulary(dataset.indicators)
        print(f"data.load + vocabulary: {(time.perf_counter() - start) * 1e3:.0f} ms (once)")
        area = dataset.places.resolve(args.province, basis=args.basis)
        print(f"{args.runs} runs per article; Python {sys.version.split()[0]}")
        for path in articles:
            _article(path, dataset, vocab, area, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
