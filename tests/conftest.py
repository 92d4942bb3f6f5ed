import json
import os
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only reference material beside the project (CI lays a copy there)."""
    if not (SHARED / "sources").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared/ not found at {SHARED}: CI must lay it beside the project")
        pytest.skip(
            "the curators' reference texts are not part of a clone (they sit beside the "
            "project on the curators' machines and in CI): the checks against them are skipped"
        )
    return SHARED


@pytest.fixture(scope="session")
def dataset():
    from helpers import data

    return data.load(DATA)


def places():
    """The two maps of the project's data (``Dataset.places``), for tests that need no fixture."""
    from helpers import data

    return data.load(DATA).places


class Rows(HTMLParser):
    """An index page's rows by tbody group: (class, [cell texts], [hrefs], data-search).

    ``headers`` are the texts of the thead cells; ``links`` and ``scripts`` the attributes
    of every ``<a>`` and ``<script>``.
    """

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.groups, self.headers, self.links, self.scripts = [], [], [], []
        self._row = self._cell = None
        self._in_head = self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tbody":
            self.groups.append([])
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self._row = (a.get("class"), [], [], a.get("data-search"))
            self.groups[-1].append(self._row)
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self.links.append(a)
            if self._row:
                self._row[2].append(a["href"])
        elif tag == "script":
            self._in_script = True
            self.scripts.append(a)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.headers if self._in_head else self._row[1]).append(text)
            self._cell = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "tr":
            self._row = None
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# Unchanged territory (Thanh Hóa, Hà Tĩnh), and a merged province with both its former
# provinces (Bắc Ninh = Bắc Ninh + Bắc Giang): every link between these briefs resolves.
BUILT_PROVINCES = ["Thanh Hóa", "Hà Tĩnh", "Bắc Ninh", "Bắc Giang"]


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A fresh copy of data/ that a test may change."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Briefs of four provinces (both bases, both languages) and the overview, built once.

    Returns ``(out, briefs)``: the output folder and the ``briefs`` of its ``run.json``
    (dicts with ``path``, ``status``, ``basis``, ``lang``...).
    """
    from helpers import batch

    out = tmp_path_factory.mktemp("outputs")
    args = [a for name in BUILT_PROVINCES for a in ("--province", name)]
    code = batch.main([*args, "--overview", "--out", str(out), "--jobs", "2", "--no-progress"])
    briefs = json.loads((out / "run.json").read_text(encoding="utf-8"))["briefs"]
    assert code == 0, [(b["path"], b["error"]) for b in briefs if b["status"] != "built"]
    return out, briefs


def _require(path: Path, what: str):
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{what} missing at {path}: `make test` installs it (make browser)")
        pytest.skip(f"{what} missing at {path}; run `make browser`")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no Playwright browser download)."""
    _require(CHROMIUM, "Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source():
    _require(AXE, "axe-core")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _main_module_kept():
    """A test that starts IPython (its shell replaces ``sys.modules["__main__"]`` with its
    user namespace) leaves the next tests the interpreter's own ``__main__``."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
