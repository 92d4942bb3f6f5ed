"""Imports shared by the batch's worker processes, done once in the forkserver.

The batch passes this module to ``multiprocessing``'s ``set_forkserver_preload``: the
forkserver imports Papermill, nbconvert and the helpers a worker uses, once, and every
worker is forked with them already imported. ``rfc3987_syntax`` is left out: jsonschema
only uses it for the "iri" string formats, which notebook validation never checks, and
it costs about two seconds per process (it compiles a grammar when imported).
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)

import nbconvert  # noqa: E402, F401
import papermill  # noqa: E402, F401

from helpers import checks, export, text, warmkernel  # noqa: E402, F401
