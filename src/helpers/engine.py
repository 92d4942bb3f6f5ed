"""The Papermill engine of the briefs, registered through Papermill's entry point.

``pyproject.toml`` declares it in the ``papermill.engine`` group as ``briefs``, so
``papermill --engine briefs notebook.ipynb out.ipynb -p …`` runs a notebook as Papermill's
own nbclient engine does, with two differences:

- the kernel talks to it over local sockets (IPC), not TCP: no traffic on the network and
  no "Kernel is running over TCP without encryption" warning;
- the batch hands it a kernel it keeps between briefs (``km``, ``kc``: nbclient neither
  starts nor waits for one) and a list (``running``) that receives the notebook being run,
  so that a brief runs without an output file and a failed one is still there, with its
  outputs so far, to report and to keep.
"""

from __future__ import annotations

import functools

__all__ = ["NAME", "BriefEngine"]

#: The engine's name in Papermill's registry (``--engine briefs``).
NAME = "briefs"


class BriefEngine:
    """Papermill's nbclient engine over IPC, optionally in a kernel the caller keeps.

    Papermill loads its entry points while ``papermill.engines`` is being imported, so this
    class, the entry point, imports nothing of Papermill: it hands each call of Papermill's
    engine interface (``execute_notebook``, ``nb_kernel_name``, ``nb_language``) to a
    subclass of :class:`papermill.engines.Engine` built on first use. ``import
    helpers.engine`` therefore works before or after ``import papermill``.
    """

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        """Run ``nb`` (:meth:`papermill.engines.Engine.execute_notebook`)."""
        return _engine().execute_notebook(nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        """Return the kernel name Papermill runs ``nb`` on."""
        return _engine().nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        """Return the language of ``nb``."""
        return _engine().nb_language(nb, language)


@functools.cache
def _engine():
    """Build the engine on Papermill's public :class:`~papermill.engines.Engine`."""
    from papermill.engines import Engine

    class Briefs(Engine):
        """Papermill's nbclient engine over IPC, in a kernel the caller may keep."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            """Run the notebook of ``nb_man`` (Papermill's engine interface): :func:`run`."""
            return run(nb_man, kernel_name, **kwargs)

    return Briefs


def run(
    nb_man,
    kernel_name,
    *,
    km=None,
    kc=None,
    running=None,
    log_output=False,
    stdout_file=None,
    stderr_file=None,
    start_timeout=60,
    execution_timeout=None,
    **_,
):
    """Run the notebook of a Papermill execution manager with Papermill's nbclient client.

    Parameters
    ----------
    nb_man : papermill.engines.NotebookExecutionManager
    kernel_name : str
    km, kc : jupyter_client kernel manager and client, optional
        A started kernel and its connected client; nbclient neither starts nor ends them.
        Without them nbclient starts a kernel of its own, over IPC.
    running : list, optional
        Receives the notebook being run, before the first cell.
    log_output, stdout_file, stderr_file, start_timeout, execution_timeout
        As for Papermill's nbclient engine.

    Returns
    -------
    nbformat.NotebookNode
    """
    from papermill.clientwrap import PapermillNotebookClient
    from traitlets.config import Config

    if running is not None:
        running.append(nb_man.nb)
    options = {
        "kernel_name": kernel_name,
        "timeout": execution_timeout,
        "startup_timeout": start_timeout,
        "log_output": log_output,
        "stdout_file": stdout_file,
        "stderr_file": stderr_file,
    }
    if km is None:
        ipc = Config({"KernelManager": {"transport": "ipc"}})
        return PapermillNotebookClient(nb_man, config=ipc, **options).execute()
    client = PapermillNotebookClient(nb_man, km=km, **options)
    client.kc = kc  # nbclient's setup_kernel uses a client it is given
    return client.execute()
