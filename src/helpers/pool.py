"""The batch's local workers (:class:`Pool`): spawned processes, one pipe each.

One thread watches them; a worker that dies or sends nothing for ``--timeout`` seconds
fails only its brief and is replaced.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass, field

from .worker import SILENCE, Outcome, _worker_main


@dataclass(eq=False)
class _Worker:
    proc: object  # multiprocessing's Process
    conn: object  # the batch's end of its pipe
    future: cf.Future | None = None  # the brief it builds
    heard: float = field(default_factory=time.monotonic)


class Pool:
    """The local workers: spawned processes, a pipe each, watched by a thread of the batch.

    ``submit`` returns a :class:`concurrent.futures.Future`, as an executor's does. A
    worker builds one brief at a time and keeps its kernel between briefs. A worker that
    dies (SIGKILL, SIGTERM, the out-of-memory killer) fails only its brief, with the
    cause; one that sends nothing for ``timeout`` seconds (:data:`SILENCE` at least), a
    stopped one included, is ended and fails its brief; either is replaced while briefs
    wait. :meth:`shutdown` ends every worker within seconds, stopped ones too.

    Parameters
    ----------
    size : int
        Workers, spawned at once (they import while the batch checks the data).
    runtime : str
        Folder of Jupyter's runtime files.
    timeout : int
        Seconds of silence after which a busy worker is hung (``--timeout``).
    """

    def __init__(self, size: int, runtime: str, timeout: int):
        import multiprocessing

        self._ctx = multiprocessing.get_context("spawn")
        self._args = (os.getpid(), runtime)
        self.size, self.silence = size, max(timeout, SILENCE)
        self._queue: collections.deque = collections.deque()
        self._workers: list[_Worker] = []
        self._wake_r, self._wake_w = self._ctx.Pipe(duplex=False)
        self._closing, self._staffed = False, False
        self._failed: str | None = None  # why the supervising thread ended, once it has
        self._lock = threading.Lock()  # a brief is queued, or failed, never lost between
        self._thread = threading.Thread(target=self._supervise, name="workers", daemon=True)
        self._thread.start()

    def submit(self, fn, *args) -> cf.Future:
        """Queue ``fn(*args)`` for the next idle worker; return its future."""
        future: cf.Future = cf.Future()
        with self._lock:
            if self._failed is None:
                self._queue.append((future, fn, args))
        if self._failed is not None and not future.done():  # no thread to hand it out
            future.set_running_or_notify_cancel()
            future.set_result(Outcome(error=self._failed))
        self._wake()
        return future

    def limit(self, n: int) -> None:
        """Keep no more than ``n`` workers (one at least): idle ones beyond are ended."""
        self.size = max(1, min(self.size, n))
        self._wake()

    def shutdown(self) -> None:
        """End every worker (and so their kernels) and what is queued; wait for the thread."""
        self._closing = True
        self._wake()
        self._thread.join()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send_bytes(b"")

    def _supervise(self) -> None:
        # Workers are spawned from this thread with SIGINT and SIGTERM blocked, so they
        # start so (each sets its own handling); Linux's PDEATHSIG follows this thread,
        # which lives as long as they do.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            while not self._closing:
                self._staff()
                self._hand_out()
                self._watch()
        except BaseException as exc:  # noqa: BLE001 - no brief may wait for a dead thread
            with self._lock:
                self._failed = f"{type(exc).__name__}: the batch's worker pool failed ({exc})"
            self._fail_all(self._failed)
        finally:
            with self._lock:
                self._failed = self._failed or "the batch stopped"
            self._fail_all(self._failed)
            self._end(list(self._workers))

    def _staff(self) -> None:
        """Spawn workers up to ``size`` (at the start, or while briefs wait); end surplus."""
        idle = [w for w in self._workers if w.future is None]
        surplus = idle[: max(0, len(self._workers) - self.size)]
        if surplus:
            self._end(surplus)
        while len(self._workers) < self.size and (not self._staffed or self._queue):
            _interactive_main()
            conn, child = self._ctx.Pipe()
            proc = self._ctx.Process(target=_worker_main, args=(child, *self._args))
            proc.start()
            child.close()
            self._workers.append(_Worker(proc, conn))
        self._staffed = True

    def _hand_out(self) -> None:
        for w in self._workers:
            while w.future is None and self._queue:
                future, fn, args = self._queue.popleft()
                if future.set_running_or_notify_cancel():
                    w.future, w.heard = future, time.monotonic()
                    with contextlib.suppress(OSError):  # a dead worker: _watch says why
                        w.conn.send((fn, args))

    def _watch(self) -> None:
        """Wait for messages or deaths (half a second at most), then act on them."""
        from multiprocessing.connection import wait

        waiting = [self._wake_r, *(w.conn for w in self._workers)]
        ready = wait(waiting + [w.proc.sentinel for w in self._workers], timeout=0.5)
        while self._wake_r.poll():
            self._wake_r.recv_bytes()
        for w in list(self._workers):
            if w.conn in ready:
                self._read(w)
            if w.proc.sentinel in ready or not w.proc.is_alive():
                self._read(w)  # what it sent before it died
                w.proc.join()
                self._lost(w, _death(w.proc.exitcode))
            elif w.future is not None and time.monotonic() - w.heard > self.silence:
                self._end([w])
                silent = f"sent nothing for {self.silence} s (--timeout); it was ended"
                self._lost(w, f"WorkerHung: the worker building it {silent}")

    def _read(self, w: _Worker) -> None:
        try:
            while w.conn.poll():
                kind, value = w.conn.recv()
                w.heard = time.monotonic()
                if kind != "alive" and w.future is not None:
                    if kind == "done":
                        w.future.set_result(value)
                    else:
                        w.future.set_exception(RuntimeError(value))
                    w.future = None
        except (EOFError, OSError):
            w.proc.join(timeout=2)  # the worker died: its sentinel tells how

    def _lost(self, w: _Worker, cause: str) -> None:
        """Forget a worker that died or was ended; its brief fails with ``cause``."""
        if w in self._workers:
            self._workers.remove(w)
        w.conn.close()
        if w.future is not None:
            w.future.set_result(Outcome(error=cause))
            w.future = None

    def _end(self, workers: list) -> None:
        """End workers: SIGTERM (they kill their kernels), SIGCONT (stopped ones), SIGKILL."""
        for w in workers:
            with contextlib.suppress(OSError):
                os.kill(w.proc.pid, signal.SIGTERM)
                os.kill(w.proc.pid, signal.SIGCONT)
        deadline = time.monotonic() + 2
        for w in workers:
            w.proc.join(timeout=max(0, deadline - time.monotonic()))
            if w.proc.exitcode is None:
                w.proc.kill()
                w.proc.join()
            if w in self._workers:
                self._workers.remove(w)
            w.conn.close()

    def _fail_all(self, cause: str) -> None:
        """Every brief running or waiting fails with ``cause`` (nothing waits for it)."""
        for w in self._workers:
            if w.future is not None:
                w.future.set_result(Outcome(error=cause))
                w.future = None
        while self._queue:
            future, _, _ = self._queue.popleft()
            if future.set_running_or_notify_cancel():
                future.set_result(Outcome(error=cause))


def _interactive_main() -> None:
    """Let workers spawn from an IPython kernel or shell (the batch run from a notebook).

    IPython's ``__main__`` is the user's namespace module, which has no ``__spec__``; the
    interpreter's own interactive ``__main__`` has ``__spec__`` None, which tells
    ``multiprocessing``'s spawn start method that there is no main module to import in the
    child. Only a missing attribute is set, to that documented value.
    """
    import sys

    main = sys.modules.get("__main__")
    if main is not None and not hasattr(main, "__spec__"):
        main.__spec__ = None


def _death(code: int | None) -> str:
    """Describe a worker's death from its exit code: ``killed by SIGKILL``."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        oom = " (as the out-of-memory killer does)" if -code == signal.SIGKILL else ""
        return f"WorkerDied: the worker building it was killed by {name}{oom}"
    return f"WorkerDied: the worker building it exited with code {code}"
