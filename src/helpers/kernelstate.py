"""What a kept kernel puts back between two briefs, and what it checks it cannot put back.

A local worker of the batch (:mod:`helpers.batch`) keeps its kernel from one brief to the
next. Before its first brief the kernel imports the helpers and records its state
(:func:`warm`); before each later brief :func:`restore` closes the figures, empties the
namespace (IPython's ``reset``), then:

- **checks** what it cannot put back, and raises :class:`StateChanged` naming it (the
  batch then builds the brief in a new kernel): a name of a helpers module, of a module
  the helpers import as a module, or of :data:`MODULES`, bound to another object or
  removed (a patched library function, a helper's constant changed); an attribute of a
  class such a module exposes, or of its base classes (``DataFrame.to_html`` replaced); the
  code or defaults of such a function; the items of a public dict, list or set of a
  helpers module; the printers of IPython's display formatters and its event callbacks;
  a thread left running;
- **puts back**: ``os.environ`` (and the time zone), ``sys.path``, the umask, the
  recursion limit, ``sys.stdout``/``stderr``/``stdin``/``displayhook``, the warnings
  filters and ``showwarning`` (``warnings.catch_warnings``), the locale, pandas'
  options, numpy's print options and floating-point error handling, the random
  generators of ``random`` and ``numpy.random`` (seeded anew, as in a new kernel),
  matplotlib's settings (the house style) and the working folder.

Not covered: a change inside an object (a cached table edited in place, an attribute of
an instance), modules other than those above, IPython's configuration (``%config``).
"""

from __future__ import annotations

import contextlib
import importlib
import locale
import os
import pkgutil
import random
import signal
import sys
import threading
import time
import types
import warnings

__all__ = ["MODULES", "StateChanged", "warm", "changed", "restore"]

#: Modules compared besides the helpers' own and those they import as modules.
MODULES = ("pandas", "numpy", "matplotlib", "matplotlib.pyplot", "seaborn", "IPython.display")
#: Modules never compared: their state changes as the kernel runs, or is put back.
NOT_COMPARED = frozenset({"sys", "warnings", "builtins", "__main__", "random"})
#: Threads of these modules' classes are the kernel's own (pyzmq starts one lazily).
KERNEL_THREADS = ("zmq.", "ipykernel.", "jupyter_client.", "IPython.")
_STREAMS = ("stdout", "stderr", "stdin", "displayhook")
_MISSING = object()
_BASE: dict = {}

#: The batch's own modules (the runner, its workers and pool; the engine imports
#: Papermill): a kernel has no use for them.
_NOT_IN_KERNELS = ("batch", "engine", "pool", "worker")


class StateChanged(RuntimeError):
    """A brief changed the kernel in a way :func:`restore` cannot put back."""


def warm(parent: int | None = None) -> None:
    """Import the helpers (but the batch and the engine), die with ``parent``, record the state.

    Parameters
    ----------
    parent : int, optional
        Process id of the kernel's parent (the worker). On Linux the kernel is killed
        when its parent dies (``PR_SET_PDEATHSIG``), a stopped kernel too.
    """
    if parent and sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)
    import helpers

    for m in pkgutil.iter_modules(helpers.__path__):  # the brief's modules, imported once
        if m.name not in _NOT_IN_KERNELS:
            importlib.import_module("helpers." + m.name)
    _BASE.clear()
    _BASE.update(objects=_objects(), items=_items(), settings=_settings())
    _BASE["warnings"] = _fence()
    _BASE["threads"] = set(threading.enumerate())


def _modules() -> list:
    helpers = [m for name, m in sys.modules.items() if name.startswith("helpers.")]
    found = {id(m): m for m in helpers}
    for m in helpers:
        found |= {id(v): v for v in vars(m).values() if isinstance(v, types.ModuleType)}
    found |= {id(sys.modules[n]): sys.modules[n] for n in MODULES if n in sys.modules}
    return [m for m in found.values() if m.__name__ not in NOT_COMPARED]


def _objects() -> list[tuple]:
    """(holder, name, object) of every name compared: modules', classes' and functions'."""
    found, classes = [], {}
    for module in _modules():
        own = module.__name__.startswith("helpers.")
        for name, value in list(vars(module).items()):
            if name.startswith("_") and not own:
                continue
            found.append((module, name, value))
            if isinstance(value, type):
                classes |= {id(c): c for c in value.__mro__ if c is not object}
            if isinstance(value, types.FunctionType):
                found += [(value, a, getattr(value, a, None)) for a in _FUNCTION]
    for cls in classes.values():
        found += [(cls, name, value) for name, value in list(vars(cls).items())]
    return found


_FUNCTION = ("__code__", "__defaults__", "__kwdefaults__")


def _items() -> list[tuple]:
    """(label, container, its items) of the helpers' public containers and IPython's hooks."""
    found = []
    for name, module in list(sys.modules.items()):
        if name.startswith("helpers."):
            for attr, value in vars(module).items():
                if not attr.startswith("_") and isinstance(value, dict | list | set):
                    found.append((f"{name}.{attr}", value, _copy(value)))
    shell = _shell()
    if shell is not None:
        for mime, formatter in shell.display_formatter.formatters.items():
            for kind in ("type_printers", "deferred_printers"):
                table = getattr(formatter, kind)
                found.append((f"IPython's {mime} {kind}", table, _copy(table)))
        for event, callbacks in shell.events.callbacks.items():
            found.append((f"IPython's {event} callbacks", callbacks, _copy(callbacks)))
    return found


def _copy(container) -> tuple:
    if isinstance(container, dict):
        return tuple(x for item in container.items() for x in item)
    return tuple(container) if isinstance(container, list) else (frozenset(container),)


def _same(a: tuple, b: tuple) -> bool:
    """Tell whether two copies hold the same objects in order (a set's: equal items)."""
    if len(a) != len(b):
        return False
    return all(x is y or (type(x) is frozenset and x == y) for x, y in zip(a, b, strict=True))


def changed() -> list[str]:
    """List what differs from the state :func:`warm` recorded and cannot be put back.

    Returns
    -------
    list of str
        Dotted names (``pandas.DataFrame.to_html``) and descriptions, empty if nothing.
    """
    found = []
    for holder, name, value in _BASE.get("objects", ()):
        now = getattr(holder, name, None) if name in _FUNCTION else vars(holder).get(name, _MISSING)
        if now is not value:
            where = getattr(holder, "__qualname__", None) or holder.__name__
            module = getattr(holder, "__module__", None)
            found.append(f"{module}.{where}.{name}" if module else f"{where}.{name}")
    for label, container, items in _BASE.get("items", ()):
        if not _same(_copy(container), items):
            found.append(f"the items of {label}")
    threads = [t.name for t in _new_threads()]
    if threads:
        found.append("threads left running (" + ", ".join(threads) + ")")
    return found


def _new_threads() -> list:
    """Threads started since :func:`warm`, but the kernel's own (its messaging's)."""
    base = _BASE.get("threads", ())
    found = [t for t in threading.enumerate() if t not in base]
    return [t for t in found if not type(t).__module__.startswith(KERNEL_THREADS)]


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _pandas() -> dict:
    import pandas as pd

    def keys(options, prefix=""):
        for name in dir(options):
            value = getattr(options, name)
            if type(value) is type(pd.options):
                yield from keys(value, f"{prefix}{name}.")
            else:
                yield prefix + name

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated options warn when read
        return {key: pd.get_option(key) for key in keys(pd.options)}


def _settings() -> dict:
    import numpy as np

    return {
        "environ": dict(os.environ),
        "path": list(sys.path),
        "umask": _umask(),
        "recursion": sys.getrecursionlimit(),
        "streams": {name: getattr(sys, name) for name in _STREAMS},
        "locale": locale.setlocale(locale.LC_ALL),
        "pandas": _pandas(),
        "numpy": (np.get_printoptions(), np.geterr()),
    }


def _fence() -> contextlib.ExitStack:
    """Enter ``warnings.catch_warnings``: closing the stack puts the filters back."""
    stack = contextlib.ExitStack()
    stack.enter_context(warnings.catch_warnings())
    return stack


def _put_back(saved: dict) -> None:
    import numpy as np
    import pandas as pd

    if dict(os.environ) != saved["environ"]:
        os.environ.clear()
        os.environ.update(saved["environ"])
        time.tzset()
    sys.path[:] = saved["path"]
    os.umask(saved["umask"])
    sys.setrecursionlimit(saved["recursion"])
    for name, stream in saved["streams"].items():
        setattr(sys, name, stream)
    if locale.setlocale(locale.LC_ALL) != saved["locale"]:
        locale.setlocale(locale.LC_ALL, saved["locale"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in _pandas().items():
            if value != saved["pandas"][key]:
                pd.set_option(key, saved["pandas"][key])
    np.set_printoptions(**saved["numpy"][0])
    np.seterr(**saved["numpy"][1])
    random.seed()
    np.random.seed()


def restore(cwd: str) -> None:
    """Make the kernel as a new one would be for the next brief, or say why it cannot.

    Parameters
    ----------
    cwd : str
        The next brief's working folder.

    Raises
    ------
    StateChanged
        Something the previous brief changed cannot be put back (module docstring).
    """
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=True)
    found = changed()
    if found:
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise StateChanged("the previous brief changed " + ", ".join(found[:5]) + more)
    _put_back(_BASE["settings"])
    _BASE["warnings"].close()  # the filters (and showwarning) as they were
    _BASE["warnings"] = _fence()
    os.chdir(cwd)
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rc_file_defaults()
    if "helpers.charts" in sys.modules:  # the house style, as importing it in a new kernel sets it
        sys.modules["helpers.charts"].apply_style()
