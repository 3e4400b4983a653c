"""The filter's worker path: chunks travel as bytes (each worker decodes and encodes its
own), a worker that answers gets more work while an earlier task is still running, and
every mode gives with workers exactly what it gives in one process."""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import pytest

from transclean import Cleaner
from transclean.batch import PIPE_BYTES, QUEUED_PER_WORKER, TASKS_PER_WORKER, Workers
from transclean.cli import CHUNK, Filter, _clean_chunk_bytes

PROSE = Path(__file__).resolve().parent / "data" / "prose" / "fortunes_1.txt"
MODES = ("clean", "check", "diff", "explain")


def _awkward(size: int) -> bytes:
    """Prose with names to fix, CRLF and lone CR line ends, invalid UTF-8 (also inside a
    name), spanning several chunks, with no final newline."""
    lines = PROSE.read_bytes().splitlines(keepends=True)
    extras = [
        b"Shelling in Kiev overnight.\r\n",
        b"bad \xff\xfe bytes near Kharkov \xc3\x28 and caf\xc3\xa9 \xed\xa0\x80\n",
        b"a lone CR\rin Lvov\r",
        b"\xffKiev\xfe and Olexisiy candle said\n",
    ]
    out = bytearray()
    i = 0
    while len(out) < size:
        out += lines[i % len(lines)]
        if i % 5 == 0:
            out += extras[i % len(extras)]
        i += 1
    return bytes(out).rstrip(b"\n") + b" Odessa"


def _filter(cleaner: Cleaner, workers: int, mode: str, data: bytes) -> tuple[bytes, int]:
    out = io.BytesIO()
    with Workers(cleaner, workers) as pool:
        outcome = Filter(pool, mode, out).run("in.txt", io.BytesIO(data))
    return out.getvalue(), outcome.edits


def _by_hand(cleaner: Cleaner, data: bytes) -> bytes:
    """What cleaning gives, chunk by chunk, without the filter."""
    from transclean.cli import iter_line_chunks

    out = bytearray()
    for chunk in iter_line_chunks(io.BytesIO(data)):
        text = chunk.decode("utf-8", "surrogateescape")
        out += cleaner.clean(text).text.encode("utf-8", "surrogateescape")
    return bytes(out)


@pytest.fixture(scope="module")
def awkward() -> bytes:
    data = _awkward(int(2.5 * CHUNK))
    assert data.count(b"\n") > 1000
    return data


@pytest.mark.parametrize("mode", MODES)
def test_two_workers_give_one_process_output_in_every_mode(
    cleaner: Cleaner, awkward: bytes, mode: str
) -> None:
    one = _filter(cleaner, 1, mode, awkward)
    two = _filter(cleaner, 2, mode, awkward)
    assert two == one
    assert one[1] > 0 and one[0]
    if mode == "clean":
        assert one[0] == _by_hand(cleaner, awkward)
        assert b"\xff\xfe bytes near Kharkiv \xc3\x28 and caf\xc3\xa9 \xed\xa0\x80\n" in one[0]
        assert b"\xffKyiv\xfe" in one[0] and one[0].endswith(b" Odesa")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b"\r",
        b"Kiev",
        b"Kiev\r\nLvov\rKharkov",
        b"\xff" * 10,
        b"one huge line in Kiev " * (CHUNK // 20),  # over 1 MB, no line end
        b"text in Kiev\n" * 1000 + b"\x00binary from here on, Kiev\n" + b"Kiev\n" * 100_000,
    ],
    ids=["empty", "newline", "lone-cr", "no-newline", "mixed-ends", "invalid", "huge", "nul"],
)
def test_edge_inputs_are_the_same_with_workers(cleaner: Cleaner, data: bytes) -> None:
    for mode in ("clean",) if len(data) > CHUNK else ("clean", "check"):
        assert _filter(cleaner, 2, mode, data) == _filter(cleaner, 1, mode, data), mode


def test_unchanged_and_binary_chunks_come_back_as_none(cleaner: Cleaner) -> None:
    assert _clean_chunk_bytes(cleaner, (b"nothing to do \xff here\n", False, b"", b"")) == (
        None,
        0,
    )
    assert _clean_chunk_bytes(cleaner, (b"Kiev\x00", True, b"", b"")) == (None, 0)
    new, edits = _clean_chunk_bytes(cleaner, (b"\xfe Kiev \xff\r\n", False, b"", b""))
    assert (new, edits) == (b"\xfe Kyiv \xff\r\n", 1)


def _touch_or_wait(cleaner: Cleaner, item: tuple[str, int, int]) -> str:
    """Task 0 waits until `needed` other tasks are done; each other task leaves a marker."""
    folder, number, needed = item
    if number:
        Path(folder, str(number)).touch()
        return "done"
    deadline = time.monotonic() + 60  # only so that a failure does not hang the suite
    while len(os.listdir(folder)) < needed:
        if time.monotonic() > deadline:
            return "stalled"
        time.sleep(0.005)
    return "waited"


def test_a_slow_task_does_not_hold_up_the_other_worker(cleaner: Cleaner, tmp_path: Path) -> None:
    # While task 0 runs, the other worker gets every task the window allows, not only those
    # it was given at the start: the window holds TASKS_PER_WORKER * 2 tasks, of which the
    # slow worker holds QUEUED_PER_WORKER.
    needed = TASKS_PER_WORKER * 2 - QUEUED_PER_WORKER
    assert needed > QUEUED_PER_WORKER
    items = [(str(tmp_path), n, needed) for n in range(20)]
    with Workers(cleaner, 2) as pool:
        got = [result for _, result in pool.map(_touch_or_wait, items, per_task=1)]
    assert got == ["waited"] + ["done"] * 19


@pytest.mark.skipif(sys.platform != "linux", reason="pipe sizes are a Linux feature")
def test_worker_pipes_hold_a_whole_chunk(cleaner: Cleaner) -> None:
    import fcntl

    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    if limit < PIPE_BYTES:
        pytest.skip("this system allows smaller pipes")
    with Workers(cleaner, 2) as pool:
        for w in pool._procs:
            for conn in (w.tasks, w.results):
                assert fcntl.fcntl(conn.fileno(), fcntl.F_GETPIPE_SZ) >= PIPE_BYTES
        assert [r.text for r in pool.clean(["Kiev"] * 600)] == ["Kyiv"] * 600
