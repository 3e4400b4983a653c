"""Cleaning many texts: in input order, with bounded memory, in one process or several.

The input is never read ahead further than a window of tasks (a few per worker, each a
batch of texts of about a megabyte), so a generator over a file of any size streams.

How workers get the cleaner, once each (measured on 2 busy cores with the default
lexicon): a forked worker inherits the parent's compiled cleaner copy-on-write and is
ready in ~0.02 s; a spawned or forkserver worker must rebuild it with
`Cleaner.from_options` (2-7 s each without the start-up cache). Pickling the compiled
cleaner is no shortcut (0.6 s to dump and 1.3 s to load: the automata are rebuilt on
load). So fork is used wherever the platform has it and this process runs a single
thread; forking a process with other threads can deadlock on a lock one of them held,
so then workers are spawned instead.

Why not `concurrent.futures.ProcessPoolExecutor`: its workers share one result pipe, and
a worker killed while writing a large result (a 1 MB chunk) leaves a half message there:
the pool's reader thread then waits for the rest forever, and so does the run (reproduced
with SIGKILL, Python 3.11). Here each worker has its own pipes, so a death is an
end-of-file on that worker's pipe or its exit sentinel: always seen, never a hang.

Who waits for whom: a worker is one thread (read a task, run it, write the result); the
parent writes each worker's tasks from a thread of its own and reads results in its main
thread, so it never sits blocked on a worker that is itself blocked writing a result.
(Before, each worker had a reader thread instead: every 64 kB piece of a task waited for
the GIL its cleaning thread held, with the parent blocked in the write meanwhile (0.6 s of
a 3 s run on 50 MB, up to 150 ms at a time while a worker built an automaton), and the
malloc arena of that thread kept growing when the pipes were widened (+50 MB per worker
over 1 GB).)
"""

from __future__ import annotations

import dataclasses
import os
import queue
import signal
import threading
import typing
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import suppress
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from transclean.edits import Edit, Result
from transclean.errors import LexiconError, TranscleanError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from transclean.cleaner import Cleaner
    from transclean.options import Options

T = TypeVar("T")
R = TypeVar("R")

TASK_CHARS = 1 << 20  # a task holds texts up to about this many characters...
TASK_ITEMS = 256  # ...or this many texts, whichever comes first
# Tasks read and not yet handed back to the caller, per worker: the read-ahead window.
TASKS_PER_WORKER = 3
# Tasks sent to one worker and not yet answered: one running and the next one queued, so a
# worker never waits for the parent between two tasks. A worker that answers gets another
# task at once, even while the caller still waits for an earlier task from the other
# worker (within the window): a slow task holds up the output, not the other workers.
QUEUED_PER_WORKER = 2
# Pipe capacity asked for (Linux; 64 kB by default, 1 MB the most an unprivileged process
# may ask for): a worker's next task (a ~1 MB chunk) is mostly there when it asks for it,
# and a worker can leave a result behind and go on while the parent is busy writing
# output (measured with a busy third process on 2 cores: ~3% faster than 64 kB pipes).
# Only the first WIDE_PIPES workers get them: a user's pipes share a budget
# (fs.pipe-user-pages-soft, 64 MB by default) and 8 workers take a quarter of it.
PIPE_BYTES = 1 << 20
WIDE_PIPES = 8

STOP_GRACE = 5.0  # seconds a worker gets to exit after being asked, before it is killed


def resolve_workers(workers: int) -> int:
    """`workers` as a process count: 0 means every core this process may use."""
    if workers < 0:
        raise TranscleanError(f"workers must be 0 (all cores) or more, not {workers}")
    if workers:
        return workers
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _default_start_method() -> str:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _worker_main(
    tasks: Connection, results: Connection, payload: Cleaner | Options, inherited: list[Connection]
) -> None:
    """A worker process: build or adopt the cleaner once, then run tasks until told to stop
    (None) or until the parent goes away (end of file on the task pipe)."""
    # Ctrl-C reaches the whole process group: the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for conn in inherited:  # the parent's ends, copied by fork: they would hide its death
        conn.close()
    from transclean.cleaner import Cleaner
    from transclean.options import Options

    try:
        cleaner = Cleaner.from_options(payload) if isinstance(payload, Options) else payload
    except BaseException as exc:
        _send(results, (-1, False, _portable(exc)))
        return
    # One thread: the next task is read when this one is answered. (The parent writes tasks
    # from a thread of its own, so it never waits for this process to read one.)
    while True:
        try:
            task: tuple[int, Callable[[Cleaner, Any], Any], list[Any]] | None = tasks.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        number, fn, items = task
        try:
            reply: tuple[int, bool, Any] = (number, True, [fn(cleaner, item) for item in items])
        except Exception as exc:
            reply = (number, False, _portable(exc))
        if not _send(results, reply):
            return


def _portable(exc: BaseException) -> object:
    """An exception as it can cross a pipe. A LexiconError does not survive pickling as it
    is (its problems come back as the message's letters), so it travels as its problems."""
    if isinstance(exc, LexiconError):
        return ("LexiconError", exc.problems)
    return exc


def _raise(value: object) -> typing.NoReturn:
    """Raise an error a worker sent (see `_portable`)."""
    if isinstance(value, tuple) and value[:1] == ("LexiconError",):
        raise LexiconError(value[1])
    if isinstance(value, BaseException):
        raise value
    raise TranscleanError(f"a worker failed: {value!r}")


def _send(conn: Connection, message: object) -> bool:
    """Send to the parent; False when it is gone. What does not pickle is sent as an error."""
    try:
        conn.send(message)
    except (BrokenPipeError, EOFError, OSError):
        return False
    except Exception as exc:  # an unpicklable result or exception
        number = message[0] if isinstance(message, tuple) else -1
        conn.send((number, False, TranscleanError(f"a worker's reply does not pickle: {exc!r}")))
    return True


def _weight(item: object) -> int:
    """Roughly how much work and memory an item is: its length, or its first part's."""
    if isinstance(item, tuple) and item:
        item = item[0]
    return len(item) if isinstance(item, str | bytes) else 1


# What a worker sends back for a Result: no copy of the input, nothing at all for an
# unchanged text, and edits as plain tuples with shared strings. Pickling Edit objects
# costs ~10x more (each carries its own copy of a long reason), which made the parent,
# unpickling every result, the bottleneck on text dense with edits.
_EDIT_FIELDS = tuple(f.name for f in dataclasses.fields(Edit))
Packed = tuple[str, tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]] | None


def pack(result: Result) -> Packed:
    """A Result, minus its input, in the cheapest form to pickle."""
    if not result.edits and not result.suggestions:
        return None
    shared: dict[str, str] = {}

    def rows(edits: tuple[Edit, ...]) -> tuple[tuple[Any, ...], ...]:
        return tuple(
            tuple(
                shared.setdefault(value, value) if isinstance(value, str) else value
                for value in (getattr(edit, name) for name in _EDIT_FIELDS)
            )
            for edit in edits
        )

    return result.text, rows(result.edits), rows(result.suggestions)


def unpack(text: str, packed: Packed) -> Result:
    """The Result that `pack` packed, given its input text."""
    if packed is None:
        return Result(text, text)
    out, edits, suggestions = packed
    return Result(
        text, out, tuple(Edit(*row) for row in edits), tuple(Edit(*row) for row in suggestions)
    )


def clean_packed(cleaner: Cleaner, text: str) -> Packed:
    return pack(cleaner.clean(text))


@dataclasses.dataclass
class _Worker:
    process: BaseProcess
    tasks: Connection  # the parent's end: tasks go out
    results: Connection  # the parent's end: results come back
    busy: int = 0  # tasks sent and not yet answered
    # Pickled tasks for the sender thread to write (None: the thread ends).
    outbox: queue.SimpleQueue[memoryview | None] = dataclasses.field(
        default_factory=queue.SimpleQueue
    )
    sender: threading.Thread | None = None


def _send_tasks(conn: Connection, outbox: queue.SimpleQueue[memoryview | None]) -> None:
    """The parent's thread that writes one worker's tasks: a task larger than the pipe
    takes as long to write as the worker takes to read it (after the task it is on), and
    meanwhile the parent must keep reading results, or a worker blocked writing a large
    result and the parent blocked writing it a task would wait for each other forever.
    The write holds no lock and needs no GIL while it waits."""
    while (message := outbox.get()) is not None:
        try:
            conn.send_bytes(message)
        except (OSError, ValueError):  # the worker is gone: its result pipe tells the parent
            return


class WorkerDied(TranscleanError):
    """A worker process ended without being asked to (killed, out of memory)."""


class Workers:
    """A cleaner with its worker processes, reusable for many inputs (the CLI's files).

    With one worker everything runs in this process, one item at a time. Not for use by
    several threads at once (a Cleaner is; give each thread its own Workers).
    """

    def __init__(self, cleaner: Cleaner, workers: int = 1, *, start_method: str | None = None):
        self.cleaner = cleaner
        self.workers = resolve_workers(workers)
        # multiprocessing is imported only when there are workers to start (~15 ms of
        # imports that `echo Kiev | transclean` and -j 1 never need).
        self.start_method = start_method
        self._procs: list[_Worker] = []
        self._next = 0  # the number of the next task
        self._answers: dict[int, list[Any]] = {}
        if self.workers > 1:
            try:
                self._start()
            except BaseException:
                self.close(abort=True)
                raise

    def _start(self) -> None:
        """Start every worker now: forked before the caller starts threads of its own
        (a progress bar's monitor thread)."""
        import multiprocessing

        if self.start_method is None:
            self.start_method = _default_start_method()
        context = multiprocessing.get_context(self.start_method)
        fork = self.start_method == "fork"
        payload: Cleaner | Options = self.cleaner if fork else self.cleaner.options
        for _ in range(self.workers):
            task_out, task_in = context.Pipe(duplex=False)  # (reader, writer)
            result_out, result_in = context.Pipe(duplex=False)
            if len(self._procs) < WIDE_PIPES:
                _widen(task_in)
                _widen(result_in)
            inherited = [task_in, result_out] + [
                conn for w in self._procs for conn in (w.tasks, w.results)
            ]
            process: BaseProcess = context.Process(  # type: ignore[attr-defined]
                target=_worker_main,
                args=(task_out, result_in, payload, inherited if fork else []),
                daemon=True,
                name="transclean-worker",
            )
            process.start()
            task_out.close()  # only the worker keeps its ends: its death is an end of file
            result_in.close()
            self._procs.append(_Worker(process, task_in, result_out))
        # Threads only now: every worker is forked from this process with one thread.
        for w in self._procs:
            w.sender = threading.Thread(
                target=_send_tasks, args=(w.tasks, w.outbox), daemon=True, name="transclean-send"
            )
            w.sender.start()

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Leaving on an error, Ctrl-C, a closed pipe or a caller that stopped reading:
        # the work in flight is not wanted, so do not wait for it.
        self.close(abort=kind is not None)

    def close(self, *, abort: bool = False) -> None:
        """Stop the workers: asked to finish (running tasks end first), or with `abort`
        killed at once (up to a few megabytes of work nobody will read)."""
        procs, self._procs = self._procs, []
        for w in procs:
            if abort:
                with suppress(OSError, ValueError):
                    w.process.terminate()
            else:  # after the tasks already queued
                w.outbox.put(_pickled(None))
            w.outbox.put(None)
        for w in procs:
            w.process.join(STOP_GRACE)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            if w.sender is not None:  # a write to a worker that is gone fails at once
                w.sender.join()
            w.tasks.close()
            w.results.close()
        self._answers.clear()

    def map(
        self, fn: Callable[[Cleaner, T], R], items: Iterable[T], *, per_task: int = TASK_ITEMS
    ) -> Generator[tuple[T, R], None, None]:
        """(item, fn(cleaner, item)) in input order. `fn` must be a module-level function
        (workers receive it by name); items and results must pickle. A task holds up to
        `per_task` items, fewer if they add up to TASK_CHARS."""
        if not self._procs:
            if self.workers > 1:
                raise TranscleanError("the workers were stopped")
            for item in items:
                yield item, fn(self.cleaner, item)
            return
        yield from self._parallel(fn, iter(items), max(1, per_task))

    def clean(self, texts: Iterable[str]) -> Generator[Result, None, None]:
        """Results in input order, as `Cleaner.clean` gives them one by one."""
        if self.workers == 1:
            for text in texts:
                yield self.cleaner.clean(text)
            return
        for text, packed in self.map(clean_packed, texts):
            yield unpack(text, packed)

    def _parallel(
        self, fn: Callable[[Cleaner, T], R], items: Iterator[T], per_task: int
    ) -> Generator[tuple[T, R], None, None]:
        pending: deque[tuple[int, list[T]]] = deque()  # sent, in input order
        window = TASKS_PER_WORKER * self.workers
        more = True  # the input may hold more items
        done = 0

        def submit() -> bool:
            """Send the next task to the least busy worker, if one has room and the window
            too; False when nothing was sent."""
            nonlocal more
            worker = min(self._procs, key=lambda w: w.busy)
            if not more or len(pending) >= window or worker.busy >= QUEUED_PER_WORKER:
                return False
            batch: list[T] = []
            size = 0
            for item in items:
                batch.append(item)
                size += _weight(item)
                if size >= TASK_CHARS or len(batch) >= per_task:
                    break
            if not batch:
                more = False
                return False
            number, self._next = self._next, self._next + 1
            # Pickled here (an item that does not pickle is an error here), written by the
            # worker's sender thread. A worker that is gone is seen on its result pipe, with
            # the error it sent first if it sent one (a cleaner it could not build).
            worker.outbox.put(_pickled((number, fn, batch)))
            worker.busy += 1
            pending.append((number, batch))
            return True

        try:
            while True:
                while submit():  # keep every worker busy, within the window
                    pass
                if not pending:
                    return
                number, batch = pending[0]
                if number not in self._answers:
                    self._receive(done)
                    continue
                pending.popleft()
                results: list[R] = self._answers.pop(number)
                while submit():  # the window moved: fill it while the caller works on these
                    pass
                for pair in zip(batch, results, strict=True):
                    yield pair
                    done += 1
        except BaseException:
            # Answers to tasks of this run may still come: this pool is finished.
            self.close(abort=True)
            raise

    def _receive(self, done: int) -> None:
        """Wait for answers (any worker, any order); a worker that died is an error."""
        from multiprocessing.connection import wait

        by_conn = {w.results: w for w in self._procs}
        by_sentinel = {w.process.sentinel: w for w in self._procs}
        ready = wait([*by_conn, *by_sentinel])
        for conn in ready:
            if conn in by_conn:
                answering = by_conn[conn]
                try:
                    number, ok, value = answering.results.recv()
                except (EOFError, OSError) as exc:
                    raise _died(done) from exc
                if not ok:
                    _raise(value)
                answering.busy -= 1
                self._answers[number] = value
        for sentinel in ready:
            worker = by_sentinel.get(sentinel) if isinstance(sentinel, int) else None
            if worker is not None and not worker.results.poll():
                raise _died(done)  # exited, and nothing left to read from it


def _pickled(message: object) -> memoryview:
    """A message as the worker's `Connection.recv` reads it."""
    from multiprocessing.reduction import ForkingPickler

    return ForkingPickler.dumps(message)


def _widen(conn: Connection) -> None:
    """Ask for a pipe of PIPE_BYTES (Linux only; elsewhere, or if refused, it stays as is)."""
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setpipe is not None:
        with suppress(OSError):
            fcntl.fcntl(conn.fileno(), setpipe, PIPE_BYTES)


def _died(done: int) -> WorkerDied:
    return WorkerDied(
        "a worker process died (killed by a signal, or out of memory?): the run is stopped; "
        f"{done} texts were cleaned before it"
    )


def clean_many(cleaner: Cleaner, texts: Iterable[str], *, workers: int = 1) -> Iterator[Result]:
    """Results in input order, with bounded memory; `workers` > 1 spreads the texts over
    processes (0: every core). The output is what cleaning one by one gives."""
    n = resolve_workers(workers)  # fail at the call, not at the first next()
    return _clean_many(cleaner, texts, n)


def _clean_many(cleaner: Cleaner, texts: Iterable[str], workers: int) -> Iterator[Result]:
    with Workers(cleaner, workers) as pool:
        yield from pool.clean(texts)


__all__ = ["WorkerDied", "Workers", "clean_many", "resolve_workers"]
