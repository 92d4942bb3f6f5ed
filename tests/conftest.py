import os
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
        pytest.skip(f"shared/ not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def dataset():
    from helpers import data

    return data.load(DATA)
