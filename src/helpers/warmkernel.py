"""Fresh kernels forked from a warm template, for the batch.

Starting an ipykernel and importing pandas, matplotlib and seaborn in it costs about two
seconds of CPU per brief, more than the brief's own work. The batch therefore starts one
*template* process that has imported those modules and nothing else: it has
run no notebook code and started no kernel and no thread. For every brief the template
forks a child, and the child becomes the kernel (``ipykernel`` on the connection file that
jupyter_client wrote). Every brief still runs in a process of its own that no other brief
has touched; a kernel that dies takes no other brief with it.

Papermill uses it through :class:`WarmKernelManager` (``kernel_manager_class``). When no
template is running, or the kernel asked for is not this Python's ipykernel, the kernel
is started the ordinary way.

The template is the parent of its kernels and reaps them itself (``SIGCHLD`` ignored), so
the worker sees a kernel as alive while the process exists and cannot learn its exit
status: a kernel that is gone reports 0.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from jupyter_client import AsyncKernelManager
from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner

__all__ = [
    "PRELOAD",
    "Template",
    "WarmKernelManager",
    "WarmProvisioner",
    "fork_kernel",
    "use_template",
]

#: Modules the template imports: what every brief and overview notebook imports.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "matplotlib_inline.backend_inline",
    "helpers.sections",
    "helpers.overview",
)

# ipykernel sets this when it starts; the template sets it before importing matplotlib so
# that the forked kernels see the same backend as a kernel started from scratch.
_MPLBACKEND = "module://matplotlib_inline.backend_inline"

_address: str | None = None  # the template this process forks kernels from


def _is_plain_ipykernel(cmd: list[str]) -> bool:
    """Whether ``cmd`` starts this Python's ipykernel on a connection file (and options)."""
    return (
        len(cmd) >= 5
        and cmd[1:4] == ["-m", "ipykernel_launcher", "-f"]
        and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
    )


def _become_kernel(request: dict) -> None:
    """Turn a freshly forked child into the kernel asked for; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel waits for its own children
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("MPLBACKEND", _MPLBACKEND)
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        if "numpy" in sys.modules:  # unlike ``random``, numpy does not reseed after a fork
            sys.modules["numpy"].random.seed()
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        # Read from the environment when ipykernel was imported (in the template): set
        # here. The parent to watch is the template, which ends with the batch.
        app.parent_handle = os.getppid()
        app.interrupt = int(os.environ.get("JPY_INTERRUPT_EVENT") or 0)
        app.initialize(request["argv"])
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported on stderr like any kernel crash
        import traceback

        traceback.print_exc()
    finally:
        for f in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                f.flush()
            except Exception:  # noqa: BLE001, S110 - a closed stream at exit
                pass
        os._exit(code)


def _fork_one(listener: socket.socket) -> None:
    """Answer one request on ``listener``: fork the kernel, reply with its pid."""
    conn, _ = listener.accept()
    with conn, conn.makefile("rwb") as stream:
        line = stream.readline()
        if not line:
            return
        request = json.loads(line)
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            listener.close()
            stream.close()
            conn.close()
            os.setsid()  # its own process group: signals for the kernel reach only it
            os.write(ready_w, b"1")
            os.close(ready_w)
            _become_kernel(request)
        os.close(ready_w)
        ok = os.read(ready_r, 1) == b"1"
        os.close(ready_r)
        reply = {"pid": pid} if ok else {"error": "the forked kernel did not start"}
        stream.write(json.dumps(reply).encode() + b"\n")
        stream.flush()


def serve(fd: int, preload: tuple[str, ...] = PRELOAD) -> None:
    """Run the template: import ``preload``, then fork one kernel per request.

    A request is one connection to the listening Unix socket ``fd`` carrying one JSON
    line ``{"argv", "cwd", "env"}``; the reply is ``{"pid"}`` or ``{"error"}``. Requests
    are answered one after the other (a fork takes milliseconds). The template exits when
    its standard input closes (the batch that started it has ended).

    Parameters
    ----------
    fd : int
        File descriptor of a listening Unix socket.
    preload : tuple of str
        Modules to import before serving.
    """
    import selectors

    if sys.path and sys.path[0] == "":  # as ipykernel_launcher does
        del sys.path[0]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the batch; EOF ends us
    os.environ.setdefault("MPLBACKEND", _MPLBACKEND)
    sys.modules.setdefault("rfc3987_syntax", None)  # see helpers.preload
    for name in preload:
        importlib.import_module(name)
    if threading.active_count() != 1:  # forking a process with threads can deadlock
        raise RuntimeError(f"threads started while importing {preload}: cannot fork kernels")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    listener = socket.socket(fileno=fd)
    with selectors.DefaultSelector() as sel:
        sel.register(listener, selectors.EVENT_READ)
        sel.register(sys.stdin, selectors.EVENT_READ)
        while True:
            for key, _ in sel.select():
                if key.fileobj is sys.stdin:
                    if not os.read(sys.stdin.fileno(), 1024):
                        return
                else:
                    _fork_one(listener)


class Template:
    """A running template process, listening on a Unix socket (started by the batch).

    Parameters
    ----------
    preload : tuple of str
        Modules the template imports before it forks kernels.
    stderr : int or file, optional
        Where the template and its kernels write their standard error.

    Attributes
    ----------
    address : str
        Path of the socket; give it to :func:`use_template` in the processes that start
        kernels.
    process : subprocess.Popen
        The template process.
    """

    def __init__(self, preload: tuple[str, ...] = PRELOAD, stderr: Any = None):
        import tempfile

        self._dir = tempfile.mkdtemp(prefix="warmkernel-")  # short path: socket names are
        self.address = os.path.join(self._dir, "template.sock")  # limited to ~100 bytes
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.address)
        listener.listen(64)
        code = f"from helpers.warmkernel import serve; serve({listener.fileno()}, {preload!r})"
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code],
                stdin=subprocess.PIPE,
                stderr=stderr,
                pass_fds=[listener.fileno()],
            )
        finally:
            listener.close()  # only the template holds it: when it dies, connecting fails

    def close(self) -> None:
        """Stop the template (kernels it forked are not touched) and remove its socket."""
        import shutil

        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self._dir, ignore_errors=True)


def fork_kernel(address: str, argv: list[str], cwd: str, env: dict[str, str]) -> int:
    """Ask the template at ``address`` for a kernel; return its pid.

    Waits while the template is still importing.

    Parameters
    ----------
    address : str
        The template's socket.
    argv : list of str
        ipykernel's arguments (``-f connection_file`` and options).
    cwd : str
        The kernel's working folder.
    env : dict
        The kernel's environment.

    Returns
    -------
    int
        Process id of the kernel (also its process group).

    Raises
    ------
    OSError
        The template is gone or refused.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(address)
        with sock.makefile("rwb") as stream:
            stream.write(json.dumps({"argv": argv, "cwd": cwd, "env": env}).encode() + b"\n")
            stream.flush()
            line = stream.readline()
    if not line:
        raise OSError(f"kernel template at {address} closed the connection")
    reply = json.loads(line)
    if "pid" not in reply:
        raise OSError(reply.get("error", "kernel template refused"))
    return int(reply["pid"])


def use_template(address: str | None) -> None:
    """Fork this process's kernels from the template at ``address`` (None: cold starts).

    Parameters
    ----------
    address : str or None
        A :attr:`Template.address`.
    """
    global _address
    _address = address


class _ForkedKernel:
    """What jupyter_client needs of a ``Popen`` for a kernel the template forked.

    The kernel is held by a pidfd where Linux has them, so that a signal can never reach
    another process that later gets the same pid.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self._pidfd: int | None = None
        try:
            self._pidfd = os.pidfd_open(pid)
        except ProcessLookupError:
            self._gone()
        except (AttributeError, OSError):  # no pidfd here: plain pids
            pass

    def _gone(self) -> None:
        self.returncode = 0  # its exit status went to the template
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None

    def poll(self) -> int | None:
        if self.returncode is None:
            if self._pidfd is not None:
                import select

                if select.select([self._pidfd], [], [], 0)[0]:  # readable once it exited
                    self._gone()
            else:
                try:
                    os.kill(self.pid, 0)
                except ProcessLookupError:
                    self._gone()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, signum)
            else:
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class WarmProvisioner(LocalProvisioner):
    """LocalProvisioner that forks the kernel from this process's template, if one runs."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Fork the kernel for ``cmd`` from the template, or launch it the usual way."""
        address = _address
        if address is None or not _is_plain_ipykernel(cmd):
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(Path(kwargs.get("cwd") or os.getcwd()).resolve())
        try:
            pid = fork_kernel(address, cmd[3:], cwd, env)
        except OSError as exc:  # the template failed (its traceback is on stderr)
            print(f"warm kernel unavailable ({exc}): starting one from scratch", file=sys.stderr)
            use_template(None)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _ForkedKernel(pid)
        self.pid = self.pgid = pid  # the child called setsid() before the reply
        self.cwd = cwd
        return self.connection_info


class WarmKernelManager(AsyncKernelManager):
    """AsyncKernelManager whose kernels come from the template when one runs.

    Give it to Papermill as ``kernel_manager_class``.
    """

    async def _async_pre_start_kernel(self, **kw: Any):
        if self.provisioner is None:  # jupyter_client would pick one from the kernel spec
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = WarmProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)
