"""Translations of the briefs: gettext catalogues managed with Babel.

Reader-facing words are written in English inside ``_("…")`` (the msgids, used as such on
English pages) and translated in ``locale/vi/LC_MESSAGES/briefs.po``. ``make i18n`` extracts
them (``babel.cfg``; notebooks through :func:`extract_ipynb`) and merges them into the
``.po`` files for a translator to fill. The ``.mo`` (not in git) is a compiled copy that
``make setup`` writes; where it is missing or older than its ``.po`` (an environment set up
without ``make``), the ``.po`` is read through Babel and compiled in memory, so briefs
never need a compile step first.
In a cell or a helper: ``_ = i18n.translator(lang)``, then ``_("…").format(...)``.
"""

from __future__ import annotations

import functools
import gettext
import io
import json
import tokenize
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "CatalogError",
    "extract_ipynb",
    "message_pairs",
    "other_language",
    "reuse_obsolete",
    "translations",
    "translator",
]

#: Languages a brief can be written in; English is the language of the msgids.
LANGUAGES = ("vi", "en")
#: Folder of the catalogues: ``<lang>/LC_MESSAGES/briefs.po`` (and the compiled ``.mo``).
LOCALE_DIR = Path(__file__).parent / "locale"
#: The gettext domain (file name of the catalogues).
DOMAIN = "briefs"
_SOURCE_LANGUAGE = "en"


def other_language(lang: str) -> str:
    """Return the brief's other language, the one its language link leads to.

    Examples
    --------
    >>> other_language("vi")
    'en'
    """
    _check_language(lang)
    return next(x for x in LANGUAGES if x != lang)


class CatalogError(RuntimeError):
    """A language has no catalogue at all (neither ``.po`` nor ``.mo``)."""


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: briefs are written in {', '.join(LANGUAGES)}")


@functools.cache
def translations(lang: str, locale_dir: Path | None = None) -> gettext.NullTranslations:
    """Return the gettext translations of a language.

    Parameters
    ----------
    lang : {"vi", "en"}
    locale_dir : Path, optional
        Folder of the catalogues (default :data:`LOCALE_DIR`).

    Returns
    -------
    gettext.NullTranslations
        For ``"en"`` the msgids as written (unless an English catalogue exists); for ``"vi"``
        the compiled catalogue.

    Raises
    ------
    ValueError
        For a language the briefs are not written in.
    CatalogError
        When neither a ``.po`` nor a ``.mo`` exists for ``lang`` (the message names both).
    """
    _check_language(lang)
    folder = Path(locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if lang == _SOURCE_LANGUAGE and not po.exists():
        return gettext.NullTranslations()
    fresh = mo.exists() and (not po.exists() or po.stat().st_mtime <= mo.stat().st_mtime)
    if fresh:
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if not po.exists():
        raise CatalogError(f"no catalogue for {lang!r}: neither {po} nor {mo} exists")
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translator(lang: str) -> Callable[[str], str]:
    """Return the gettext function of a language (``_ = translator(lang)``).

    Parameters
    ----------
    lang : {"vi", "en"}

    Returns
    -------
    callable
        ``_(msgid) -> str``.

    Raises
    ------
    ValueError, CatalogError
        As :func:`translations`.
    """
    return translations(lang).gettext


@functools.cache
def message_pairs(lang: str = "vi") -> tuple[tuple[str, str], ...]:
    """Return the (English msgid, translation) pairs of a catalogue's ``.po`` file.

    Used by the checks that look for one language's words in the other's pages.

    Parameters
    ----------
    lang : str
        A translated language.

    Returns
    -------
    tuple of (str, str)
        Translated singular messages (a plural gives its singular); header, obsolete (not
        text of any page), untranslated and fuzzy entries left out.
    """
    from babel.messages.pofile import read_po

    _check_language(lang)
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    pairs = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        msgstr = message.string[0] if isinstance(message.string, tuple | list) else message.string
        if msgstr:
            pairs.append((msgid, msgstr))
    return tuple(pairs)


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)


def reuse_obsolete(po_path: str | Path, width: int = 100) -> list[str]:
    """Give back their translation to messages that were dropped once and came back.

    ``pybabel update`` keeps a dropped message as an obsolete entry (``#~``) but, unlike
    ``msgmerge``, does not reuse it: here an untranslated message whose msgid (and context) has
    an obsolete translation gets it back, and the obsolete copy is dropped.

    Parameters
    ----------
    po_path : str or Path
        A ``.po`` file, rewritten in place when something changed.
    width : int
        Line width of the rewritten file (as ``pybabel update -w``).

    Returns
    -------
    list of str
        The msgids given back their translation.
    """
    from babel.messages.pofile import read_po, write_po

    po_path = Path(po_path)
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    revived = []
    for message in catalog:
        if not message.id or any(_strings(message)):
            continue
        singular = message.id if isinstance(message.id, str) else message.id[0]
        key = singular if message.context is None else (singular, message.context)
        old = catalog.obsolete.get(key)
        if old is None or not all(_strings(old)) or old.fuzzy:
            continue
        message.string = old.string
        del catalog.obsolete[key]
        revived.append(singular)
    if revived:
        buf = io.BytesIO()
        write_po(buf, catalog, width=width)
        po_path.write_bytes(buf.getvalue())
    return revived


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m helpers.i18n reuse-obsolete PO...`` (used by ``make i18n``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.i18n")
    sub = parser.add_subparsers(dest="command", required=True)
    reuse = sub.add_parser("reuse-obsolete", help=reuse_obsolete.__doc__.splitlines()[0])
    reuse.add_argument("po", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for po in args.po:
        revived = reuse_obsolete(po)
        if revived:
            print(f"{po}: {len(revived)} translation(s) reused from obsolete entries")
    return 0


def extract_ipynb(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for Jupyter notebooks (registered as the extraction method ``ipynb``).

    Code cells go to Babel's ``extract_python`` with line numbers counted over the code cells
    laid end to end; IPython magics and shell lines (``%``, ``!``) are blanked first.

    Parameters
    ----------
    fileobj : file
        The notebook, opened in binary mode.
    keywords, comment_tags, options
        As for Babel's extractors.

    Yields
    ------
    tuple
        ``(lineno, funcname, message, comments)``.
    """
    from babel.messages.extract import extract_python

    nb = json.load(io.TextIOWrapper(fileobj, encoding="utf-8"))
    offset = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        lines = [
            "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
        ]
        code = "\n".join(lines) + "\n"
        try:
            found = list(
                extract_python(
                    io.BytesIO(code.encode("utf-8")),
                    keywords,
                    comment_tags,
                    {**options, "encoding": "utf-8"},
                )
            )
        except (SyntaxError, tokenize.TokenError) as exc:
            raise SyntaxError(f"code cell {cell.get('id', '?')} cannot be read: {exc}") from exc
        for lineno, funcname, message, comments in found:
            yield lineno + offset, funcname, message, comments
        offset += len(lines)


if __name__ == "__main__":
    raise SystemExit(main())
