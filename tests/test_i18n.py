"""The gettext catalogue: complete, up to date with the sources, and used by translator()."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from helpers import i18n

from conftest import ROOT

VI_PO = i18n.LOCALE_DIR / "vi" / "LC_MESSAGES" / "briefs.po"


def _catalog(path):
    with open(path, "rb") as fh:
        return read_po(fh)


def test_every_message_has_a_vietnamese_translation():
    catalog = _catalog(VI_PO)
    assert len(catalog) > 20
    empty = [m.id for m in catalog if m.id and not all(m.string if m.pluralizable else [m.string])]
    assert empty == [], "translate these in src/helpers/locale/vi/LC_MESSAGES/briefs.po"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert fuzzy == [], "review these fuzzy translations (and remove the fuzzy flag)"


def test_placeholders_are_kept_in_translations():
    import string

    def fields(text):
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)

    catalog = _catalog(VI_PO)  # obsolete entries too: they come back with their translation
    wrong = [
        m.id
        for m in [*catalog, *catalog.obsolete.values()]
        if m.id and isinstance(m.id, str) and fields(m.id) != fields(m.string)
    ]
    assert wrong == []


def test_catalogue_is_up_to_date_with_the_sources(tmp_path):
    pot = tmp_path / "briefs.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    run = subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(pot), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(pot) if m.id}
    assert extracted, "extraction found no message"
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(VI_PO) if m.id}
    missing = sorted(extracted - known)
    assert missing == [], "run `make i18n` and translate the new messages"


def test_translator_gives_vietnamese():
    _ = i18n.translator("vi")
    assert _("{name}: digital economy brief").format(name="Thanh Hóa") == (
        "Thanh Hóa: bản tin kinh tế số"
    )
    assert _("Contents") == "Mục lục"
    assert i18n.translator("en")("Contents") == "Contents"


def test_sources_in_vietnamese():
    assert i18n.translator("vi")("Sources") == "Nguồn"


@pytest.mark.parametrize("lang", ["fr", "VI", "", "vi_VN"])
def test_unknown_language_refused(lang):
    with pytest.raises(ValueError, match="unknown language"):
        i18n.translator(lang)


def test_without_a_compiled_catalogue_the_po_is_read(tmp_path):
    """An environment set up without `make` (conda, a plain venv) has no .mo: the .po serves."""
    (tmp_path / "vi" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "vi" / "LC_MESSAGES" / "briefs.po").write_bytes(VI_PO.read_bytes())
    assert i18n.translations("vi", tmp_path).gettext("Sources") == "Nguồn"


def test_a_stale_compiled_catalogue_gives_way_to_the_po(tmp_path):
    import os

    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "briefs.mo").write_bytes(b"not a catalogue: never read, it is older than the .po")
    (folder / "briefs.po").write_bytes(VI_PO.read_bytes())
    os.utime(folder / "briefs.mo", (1_000_000_000, 1_000_000_000))
    assert i18n.translations("vi", tmp_path).gettext("Sources") == "Nguồn"


def test_a_language_without_any_catalogue_is_named(tmp_path):
    with pytest.raises(i18n.CatalogError, match="neither"):
        i18n.translations("vi", tmp_path)


def _notebook(*sources):
    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": []} for s in sources]
    cells.insert(1, {"cell_type": "markdown", "metadata": {}, "source": '_("not code")'})
    return io.BytesIO(json.dumps({"cells": cells, "metadata": {}}).encode("utf-8"))


def test_notebook_extractor_reads_code_cells_only():
    nb = _notebook(
        "%matplotlib inline\n_ = i18n.translator(lang)\nmd(_('Key findings'))",
        "# TRANSLATORS: a chart title\ntitle = _(\n    'Share of {name}'\n)",
        "!ls\nn = ngettext('{n} province', '{n} provinces', k)",
    )
    found = list(i18n.extract_ipynb(nb, {"_": None, "ngettext": (1, 2)}, ["TRANSLATORS:"], {}))
    assert [(line, msg, comments) for line, _, msg, comments in found] == [
        (3, "Key findings", []),
        (6, "Share of {name}", ["TRANSLATORS: a chart title"]),
        (9, ("{n} province", "{n} provinces", None), []),
    ]


def test_obsolete_translation_is_reused_when_a_message_returns(tmp_path):
    catalog = Catalog(locale="vi")
    catalog.add("Sources")  # came back in the sources, untranslated after `pybabel update`
    catalog.add("Year", "Năm")
    catalog.obsolete["Sources"] = catalog["Year"].clone()
    catalog.obsolete["Sources"].id, catalog.obsolete["Sources"].string = "Sources", "Nguồn"
    po = tmp_path / "briefs.po"
    buf = io.BytesIO()
    write_po(buf, catalog)
    po.write_bytes(buf.getvalue())
    assert i18n.reuse_obsolete(po) == ["Sources"]
    again = _catalog(po)
    assert again["Sources"].string == "Nguồn"
    assert "Sources" not in again.obsolete
    assert i18n.reuse_obsolete(po) == []
