"""Error types shared by the loader, the brief and the batch (no heavy imports)."""

from __future__ import annotations

import errno
from dataclasses import dataclass

__all__ = [
    "DISK_FULL",
    "DataError",
    "DiskFull",
    "Problem",
    "UsageError",
    "WriteError",
    "write_error",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file.

    Attributes
    ----------
    file : str
        Path relative to the data folder (``"tables/dti-63-2022.csv"``).
    line : int or None
        Line in the file (the header is line 1), None for the whole file.
    column : str or None
    message : str
        What is wrong, quoting the bad value.
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f" {self.column}:" if self.column else ""
        return f"{where}:{column} {self.message}"


class DataError(ValueError):
    """The data files failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n  ... and {more} more" if more > 0 else ""
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' * (n != 1)} in the data files:\n{shown}{tail}")


DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


class UsageError(Exception):
    """A bad argument, an unusable folder or invalid data: one message, exit code 2."""


class WriteError(Exception):
    """An output could not be written (path and cause): the run stops, old files stay, exit 1."""


class DiskFull(WriteError):
    """An output could not be written for lack of space."""


def write_error(path, exc: OSError, what: str = "write") -> WriteError:
    """Return the :class:`WriteError` of ``exc`` at ``path`` (:class:`DiskFull`: no space)."""
    kind = DiskFull if exc.errno in DISK_FULL else WriteError
    return kind(f"cannot {what} {path}: {exc.strerror or exc}")
