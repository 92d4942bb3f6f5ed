"""The one way briefs go out: an executed notebook to an offline HTML file, atomically."""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nbformat takes seconds to import: only where a notebook is exported
    import nbformat

__all__ = ["TEMPLATES", "to_html", "write_atomic"]

#: Folder of the nbconvert template ``brief`` (offline, no input, no prompts, no stderr).
TEMPLATES = Path(__file__).parent / "templates"


def to_html(nb: nbformat.NotebookNode, lang: str, title: str) -> str:
    """Export an executed brief notebook to self-contained HTML.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (it is not modified).
    lang : str
        Value of ``<html lang>``.
    title : str
        Text of ``<title>`` (escaped by the template).

    Returns
    -------
    str
        The HTML document: no code cells, no prompts, no stderr, no cells tagged
        ``remove``, no external script or stylesheet; images are data URLs.
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = copy.deepcopy(nb)
    nb.metadata["brief"] = {"lang": lang, "title": title}
    nb.metadata.pop("widgets", None)
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove", "parameters", "injected-parameters"}
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.exclude_markdown = True
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.template_name = "brief"
    body, _ = HTMLExporter(config=config).from_notebook_node(nb)
    return body


def write_atomic(path: str | Path, text: str) -> None:
    """Write a text file so that readers see the old file or the new one, never a part.

    Parameters
    ----------
    path : str or Path
        Destination; its folder is created if needed.
    text : str
        Content, written as UTF-8.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
