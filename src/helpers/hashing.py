"""Fingerprints of files, with no heavy imports (the no-op batch run stays fast)."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

__all__ = ["DATA_FILES", "data_fingerprint", "git_commit", "cache_dir"]

#: The data files, in the order they are hashed.
DATA_FILES = ("sources.csv", "indicators.csv", "figures.csv", "targets.csv")


def data_fingerprint(data_dir: str | Path) -> str:
    """Hash the data files.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding the CSV files.

    Returns
    -------
    str
        Hex SHA-256 over the names and bytes of :data:`DATA_FILES` (a missing file
        counts as such).
    """
    digest = hashlib.sha256()
    for name in sorted(DATA_FILES):
        path = Path(data_dir) / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def git_commit() -> str:
    """Return the short commit of the project's checkout, or ``"no git"``.

    Returns
    -------
    str
        ``git rev-parse --short HEAD`` run beside this package.
    """
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).parent,
        )
        return out.stdout.strip() or "no git"
    except (OSError, subprocess.SubprocessError):
        return "no git"


def cache_dir() -> Path:
    """Return the folder of the project's caches (``$BRIEFS_CACHE_DIR`` if set).

    Returns
    -------
    Path
        ``~/.cache/vn-digital-economy`` by default; it may not exist yet.
    """
    return Path(os.environ.get("BRIEFS_CACHE_DIR") or Path.home() / ".cache" / "vn-digital-economy")
