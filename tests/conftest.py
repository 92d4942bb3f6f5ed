import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Validated-data cache of the tests (inherited by the kernels they start), apart from the user's.
os.environ.setdefault("BRIEFS_CACHE_DIR", tempfile.mkdtemp(prefix="briefs-test-cache-"))
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only reference material beside the project (CI lays a copy there)."""
    if not (SHARED / "sources").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared/ not found at {SHARED}: CI must lay it beside the project")
        pytest.skip(f"shared/ not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def dataset():
    from helpers import data

    return data.load(DATA)


CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BUILT_PROVINCES = ["Thanh Hóa", "Hà Tĩnh", "Bắc Giang", "Lào Cai"]  # full, full, ranking, none


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Briefs of four provinces in both languages, built once by the batch."""
    from helpers import briefs

    out = tmp_path_factory.mktemp("outputs")
    tasks = briefs.plan(BUILT_PROVINCES, ["vi", "en"], 2024, DATA, overview=True)
    results = briefs.run(tasks, out, DATA, jobs=2, progress=False)
    return out, results


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
