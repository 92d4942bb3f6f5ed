"""The dataset's contract, read from ``data/datapackage.json`` (a Frictionless Data Package).

One place says what the data folder holds: each file's columns in order, their types,
allowed values, keys and foreign keys, sources and licences. Other tools read it
(``frictionless validate data/datapackage.json``); this project derives from it the files
and columns the loader reads (:func:`columns`), the allowed values it checks
(:func:`enums`) and, through :func:`read_files`, the bytes it hashes, the batch's one
fingerprint of the data. ``tests/test_datapackage.py`` checks ``data/README.md``'s column
tables against it.

Standard library only: the batch reads the contract on every run, also when it has
nothing to do.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .datadir import read_folder
from .files import DATA

__all__ = ["PACKAGE", "columns", "enums", "read_files"]

#: The contract: the project's Data Package, the same for every data folder it loads.
PACKAGE = DATA / "datapackage.json"


@cache
def _package() -> dict:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


def columns() -> dict[str, list[str]]:
    """Return each file's columns, in order, as the package's resources declare them.

    Returns
    -------
    dict of str to list of str
        ``"<resource>.csv"`` to its field names; the figures' resource also covers every
        ``tables/*.csv`` (same columns).

    Examples
    --------
    >>> columns()["regions.csv"][:2]
    ['region_id', 'name_vi']
    """
    return {
        f"{r['name']}.csv": [f["name"] for f in r["schema"]["fields"]]
        for r in _package()["resources"]
    }


def enums() -> dict[tuple[str, str], tuple[str, ...]]:
    """Return the allowed values of every field that has them (``constraints.enum``).

    Returns
    -------
    dict
        ``("figures.csv", "kind")`` to ``("actual", "preliminary", ...)``, in the
        package's order.

    Examples
    --------
    >>> enums()["figures.csv", "basis"]
    ('63', '34', 'national')
    """
    return {
        (f"{r['name']}.csv", f["name"]): tuple(f["constraints"]["enum"])
        for r in _package()["resources"]
        for f in r["schema"]["fields"]
        if "enum" in f.get("constraints", {})
    }


def read_files(data_dir: str | Path) -> dict[str, bytes]:
    """Read the files of the contract from a data folder (through :func:`read_folder`).

    Parameters
    ----------
    data_dir : str or Path
        The data folder.

    Returns
    -------
    dict of str to bytes
        File name relative to ``data_dir`` (``"figures.csv"``, ``"tables/x.csv"``) to its
        bytes, in a fixed order: the files of :func:`columns` that exist, then
        ``tables/*.csv`` sorted by name. Other files of the folder are not read: nothing
        depends on them.

    Raises
    ------
    helpers.errors.DataError
        When :func:`read_folder` refuses an entry of the folder.
    """
    every = read_folder(data_dir)
    files = {name: every[name] for name in columns() if name in every}
    files |= {n: b for n, b in every.items() if n.startswith("tables/") and n.count("/") == 1}
    return files
