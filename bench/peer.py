"""(b) The process-pool peer: the thirty lines a savvy user writes, kept as the yardstick.

Papermill executes each brief in a fresh kernel, nbconvert's HTMLExporter (no input)
exports it, one worker per core. No checks, no fingerprints, no signals, no index.
"""

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def one(notebook: str, params: dict, html_path: str) -> str:
    import papermill as pm
    from nbconvert import HTMLExporter

    nb = pm.execute_notebook(notebook, None, parameters=params, progress_bar=False,
                             cwd=str(Path(notebook).parent))  # fmt: skip
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nb)
    Path(html_path).parent.mkdir(parents=True, exist_ok=True)
    Path(html_path).write_text(body, encoding="utf-8")
    return html_path


def build(jobs: list[tuple[str, dict, str]]) -> list[str]:
    """Build ``jobs`` [(notebook, parameters, html path)] in one worker per core."""
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        return list(pool.map(one, *zip(*jobs, strict=True)))


if __name__ == "__main__":  # python bench/peer.py jobs.json
    import json

    build([tuple(j) for j in json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))])
