"""Read a data folder under one rule: the loader's reading and the batch's snapshot alike.

:func:`read_folder` is the one reading of a data folder: :func:`helpers.data.read_files`
(the loader) and :mod:`helpers.batch` (the snapshot of the data it hashes and gives its
kernels) both go through it, so that the files hashed are the files loaded, and no file
is read through a link that leaves the folder. Standard library only: the batch reads the
folder on every run, also when it has nothing to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError, Problem

__all__ = ["read_folder"]


def read_folder(data_dir: str | Path, suffixes: tuple[str, ...] = (".csv",)) -> dict[str, bytes]:
    """Read the files of a data folder whose names end with ``suffixes``, under one rule.

    The one reading of a data folder: the loader (:func:`helpers.data.read_files`) and the
    batch's snapshot of the data (:mod:`helpers.batch`) both go through it, so that the
    files hashed are the files loaded. Folders are read recursively; hidden entries and
    ``__pycache__`` are skipped. A symbolic link, to a file or to a folder, is followed
    only when its target is inside the data folder: one that leaves it is refused before
    anything is read through it, and so are a link back to a folder that contains it and
    an entry that is not a regular file (a pipe, a device, a broken link).

    Parameters
    ----------
    data_dir : str or Path
        The data folder (itself possibly reached through a link).
    suffixes : tuple of str
        Endings of the files to read.

    Returns
    -------
    dict of str to bytes
        POSIX path relative to ``data_dir`` (``"tables/dti-63-2022.csv"``) to its bytes,
        sorted by path.

    Raises
    ------
    DataError
        Naming every entry refused or unreadable (and nothing of its content), or the
        folder itself when it is not a folder.
    """
    root = Path(data_dir)
    if not root.is_dir():
        raise DataError([Problem(str(root.absolute()), None, None, "data folder not found")])
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    _walk(root, "", (root.resolve(),), suffixes, (files, problems))
    if problems:
        raise DataError(problems)
    return dict(sorted(files.items()))


def _walk(folder: Path, rel: str, ancestors: tuple[Path, ...], suffixes, found) -> None:
    """Read ``folder`` (``rel`` from the root) for :func:`read_folder`.

    ``ancestors`` are the resolved folders walked into, the data folder first; ``found``
    is (files, problems), filled in place.
    """
    files, problems = found
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(rel or str(folder), None, None, f"cannot read: {exc.strerror}"))
        return
    for entry in entries:
        is_dir = entry.is_dir()  # through a link: where it leads is checked below
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if not (is_dir or entry.name.endswith(suffixes)):
            continue
        name, path = f"{rel}{entry.name}", Path(entry.path)
        if not name.isprintable():
            problems.append(Problem(ascii(name), None, None, "a control character in the name"))
            continue
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
            problems.append(Problem(name, None, None, "a link that leads nowhere (a loop)"))
            continue
        if not real.is_relative_to(ancestors[0]):
            message = f"a link to {real}, outside the data folder: refused, nothing read through it"
            problems.append(Problem(name, None, None, message))
        elif is_dir and real in ancestors:
            problems.append(Problem(name, None, None, "a link to a folder that contains it"))
        elif is_dir:
            _walk(path, f"{name}/", (*ancestors, real), suffixes, found)
        elif not entry.is_file():
            message = "not a regular file (a pipe, a device or a broken link): refused, not read"
            problems.append(Problem(name, None, None, message))
        else:
            try:
                files[name] = path.read_bytes()
            except OSError as exc:
                problems.append(Problem(name, None, None, f"cannot read: {exc.strerror}"))
