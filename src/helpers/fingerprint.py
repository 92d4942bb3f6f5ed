"""What a brief depends on, as one hash: the data, the code that builds it, the versions.

Standard library only (the batch's no-op run and the loader import it without pandas):
:func:`digest` is the one hashing scheme (the loader's fingerprint of the data is
``digest`` over the contract's files, :func:`helpers.contract.read_files`);
:func:`brief_code` the package's files a brief is built with (not the runner's own,
:data:`RUNNER_ONLY`); :func:`environment` those and the versions that enter every brief's
fingerprint. A brief's fingerprint (``helpers.batch.fingerprint``) adds its notebook and
its task.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
from pathlib import Path

#: Packages whose versions enter every fingerprint, besides the project's requirements.
EXTRA_PACKAGES = ("numpy", "nbclient", "jupyter_client", "ipython", "traitlets")


def digest(items) -> str:
    """Hash named contents: the one fingerprint scheme (``helpers.data.fingerprint`` uses it).

    Parameters
    ----------
    items : iterable of (str, bytes or str)
        Names and contents, in any order (they are sorted by name).

    Returns
    -------
    str
        Hex SHA-256 over each name, NUL, length in decimal, NUL and content.

    Examples
    --------
    >>> digest([("b", b"2"), ("a", "1")]) == digest([("a", b"1"), ("b", "2")])
    True
    """
    h = hashlib.sha256()
    for name, data in sorted(items):
        data = data.encode() if isinstance(data, str) else data
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def read_tree(folder: Path, suffixes: tuple[str, ...]) -> dict[str, bytes]:
    """Read the files of a folder (recursively) whose names end with one of ``suffixes``.

    Parameters
    ----------
    folder : Path
        Folder to read; hidden entries and ``__pycache__`` are skipped.
    suffixes : tuple of str
        Endings to keep, such as ``(".csv",)``.

    Returns
    -------
    dict
        POSIX path relative to ``folder`` -> bytes.
    """
    files = {}
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder)
        hidden = any(p.startswith(".") or p == "__pycache__" for p in rel.parts)
        if not hidden and path.name.endswith(suffixes) and path.is_file():
            files[rel.as_posix()] = path.read_bytes()
    return files


#: Modules of the package that only the runner uses, in its own process: how briefs are
#: planned into processes, supervised, indexed and printed, never what a brief's page
#: holds (a test checks that no brief's process imports them). Editing them, or the
#: command line's help text, rebuilds nothing.
RUNNER_ONLY = ("batch.py", "pool.py", "index.py", "pdf.py", "curate.py")


def brief_code(package: Path | None = None) -> dict[str, bytes]:
    """Return the package's files a brief is built with: source, templates, catalogues.

    Parameters
    ----------
    package : Path, optional
        The package's folder (this one by default).

    Returns
    -------
    dict
        ``helpers/<path>`` to bytes, without :data:`RUNNER_ONLY`.
    """
    folder = Path(__file__).parent if package is None else Path(package)
    files = read_tree(folder, (".py", ".po", ".mo", ".j2", ".css", ".js"))
    return {f"helpers/{k}": v for k, v in files.items() if k not in RUNNER_ONLY}


_ENV: dict = {}


def environment() -> dict:
    """Describe the code that builds briefs (computed once per process).

    Returns
    -------
    dict
        ``versions`` (Python and every package the project requires, plus
        :data:`EXTRA_PACKAGES`) and ``digest`` (of those and of :func:`brief_code`).
    """
    if not _ENV:
        from importlib import metadata

        names = set(EXTRA_PACKAGES)
        with contextlib.suppress(metadata.PackageNotFoundError):
            for req in metadata.requires("vn-digital-economy-briefs") or []:
                if "extra ==" not in req:
                    names.add(re.split(r"[<>=!~ \[;]", req, maxsplit=1)[0])
        versions = {"python": sys.version.split()[0]}
        for name in sorted(names):
            try:
                versions[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                versions[name] = "missing"
        items = [*brief_code().items(), *((f"version/{k}", v) for k, v in versions.items())]
        _ENV.update(digest=digest(items), versions=versions)
    return _ENV
