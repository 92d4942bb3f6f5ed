"""Briefs printed to A4 PDF by Debian's headless Chromium, network blocked.

``python -m helpers.pdf [OUTPUTS] [--force]`` (``make pdf``) prints every HTML brief and
the overview already built; a PDF newer than its HTML is skipped.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from .files import write_atomic

__all__ = ["CHROMIUM", "pdf_all", "pdf_outputs", "to_pdf"]

#: Headless browser for PDFs (Debian's chromium, not Playwright's download).
CHROMIUM = Path("/usr/bin/chromium")


@contextlib.contextmanager
def _chromium(browser=None):
    """Yield ``browser``, or Debian's chromium started for the block and closed after."""
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        if not CHROMIUM.exists():
            raise FileNotFoundError(f"{CHROMIUM} missing: run `make browser` (Debian's chromium)")
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


def _print(browser, html_path: Path, pdf_path: Path) -> None:
    page = browser.new_page()
    try:
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.close()
    write_atomic(pdf_path, pdf)


def to_pdf(html_path: str | Path, pdf_path: str | Path, *, browser=None) -> None:
    """Print an HTML brief to an A4 PDF (written atomically) with Chromium, network blocked.

    Parameters
    ----------
    html_path, pdf_path : str or Path
    browser : playwright.sync_api.Browser, optional
        A browser to reuse; by default :data:`CHROMIUM` is started and closed.
    """
    with _chromium(browser) as b:
        _print(b, Path(html_path), Path(pdf_path))


def pdf_all(
    briefs_dir: str | Path, pdf_dir: str | Path, *, force: bool = False, browser=None
) -> list[Path]:
    """Print the HTML briefs of a folder to PDF, mirroring its layout (:func:`to_pdf`).

    Parameters
    ----------
    briefs_dir, pdf_dir : str or Path
        ``outputs/briefs`` (``<lang>/<slug>.html``…) and ``outputs/pdf``.
    force : bool
        Print again PDFs newer than their HTML (skipped by default).
    browser : playwright.sync_api.Browser, optional
        By default :data:`CHROMIUM` is started once for all.

    Returns
    -------
    list of Path
        PDFs written.
    """
    import playwright.sync_api  # noqa: F401 - required even with nothing to print

    briefs_dir, pdf_dir = Path(briefs_dir), Path(pdf_dir)
    todo = []
    for html_path in sorted(briefs_dir.rglob("*.html")):
        pdf_path = pdf_dir / html_path.relative_to(briefs_dir).with_suffix(".pdf")
        if force or not pdf_path.exists() or pdf_path.stat().st_mtime < html_path.stat().st_mtime:
            todo.append((html_path, pdf_path))
    if not todo:
        return []
    with _chromium(browser) as b:
        for html_path, pdf_path in todo:
            _print(b, html_path, pdf_path)
    return [pdf for _, pdf in todo]


def pdf_outputs(outputs: str | Path, *, force: bool = False, browser=None) -> list[Path]:
    """Print the briefs and the overview of an output folder to PDF (:func:`pdf_all`).

    ``outputs/briefs/<lang>/…`` goes to ``outputs/pdf/<lang>/…``, the overview
    ``outputs/overview/<lang>.html`` to ``outputs/pdf/overview/<lang>.pdf``.

    Parameters
    ----------
    outputs : str or Path
        The batch's output folder.
    force : bool
        Print again PDFs newer than their HTML.
    browser : playwright.sync_api.Browser, optional

    Returns
    -------
    list of Path
        PDFs written.
    """
    outputs = Path(outputs)
    pairs = [(outputs / "briefs", outputs / "pdf")]
    pairs.append((outputs / "overview", outputs / "pdf" / "overview"))
    written: list[Path] = []
    for src, dst in pairs:  # Chromium starts only where there is something to print
        if src.is_dir():
            written += pdf_all(src, dst, force=force, browser=browser)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line ``python -m helpers.pdf [OUTPUTS] [--force]`` (``make pdf``)."""
    import argparse

    import playwright.sync_api  # noqa: F401 - required before the arguments are read

    parser = argparse.ArgumentParser(
        prog="python -m helpers.pdf", description="Print every HTML brief to PDF (A4), offline."
    )
    parser.add_argument(
        "outputs", type=Path, nargs="?", default=Path("outputs"), help="the batch's output folder"
    )
    parser.add_argument("--force", action="store_true", help="print PDFs that are up to date too")
    args = parser.parse_args(argv)
    if not (args.outputs / "briefs").is_dir() and not (args.outputs / "overview").is_dir():
        parser.error(f"no briefs in {args.outputs}/briefs: build them first (make briefs)")
    written = pdf_outputs(args.outputs, force=args.force)
    print(f"pdf: {len(written)} PDF(s) written under {args.outputs / 'pdf'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
