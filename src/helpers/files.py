"""Files written so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["DATA", "PROJECT", "write_atomic"]

#: The project's root folder (the clone), and its curated data.
PROJECT = Path(__file__).resolve().parents[2]
DATA = PROJECT / "data"


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write a file so that readers see the old file or the new one, never a part.

    Parameters
    ----------
    path : str or Path
        Destination; its folder is created if needed.
    data : str or bytes
        Content (text as UTF-8).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
