"""Faults (issue 6): the CLI killed, interrupted, out of disk, or left by its reader.

Each test runs `python -m transclean` in a subprocess on a large file made from the prose
corpus with names to repair, and injects one fault:

- SIGKILL at random points of `--in-place`: the file holds the complete old or the complete
  new content, never a mix; a rerun finishes the job;
- a full disk (RLIMIT_FSIZE in the child, and a small tmpfs when this process may mount one):
  the original stays intact, no temporary file is left, and the error is one line;
- SIGINT: exit 130, one line, no traceback; with `--in-place` the original stays intact;
- a reader that goes away: exit 0, nothing on stderr;
- a worker killed under `-j 2`: the run fails loudly, it neither hangs nor drops lines quietly.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest

CMD = [sys.executable, "-m", "transclean"]
DATA = Path(__file__).resolve().parent / "data"
BIG = 20_000_000
REPAIR = b"Shelling in Kiev and Kharkov overnight, said Kirill Budanov.\r\n"
TIMEOUT = 120


def _make_big(path: Path, size: int) -> None:
    """Real prose with a line of names to repair every 20 lines (CRLF there, LF elsewhere)."""
    prose = b"".join(p.read_bytes() for p in sorted((DATA / "prose").glob("*.txt")))
    lines = prose.splitlines(keepends=True)
    out = bytearray()
    i = 0
    while len(out) < size:
        out += lines[i % len(lines)]
        if i % 20 == 0:
            out += REPAIR
        i += 1
    path.write_bytes(bytes(out))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 20 MB input and its cleaned version (made once, by an uninterrupted run)."""
    folder = tmp_path_factory.mktemp("faults")
    source = folder / "source.txt"
    _make_big(source, BIG)
    cleaned = folder / "cleaned.txt"
    out = subprocess.run([*CMD, str(source)], capture_output=True, timeout=TIMEOUT, check=True)
    cleaned.write_bytes(out.stdout)
    assert out.stdout != source.read_bytes()
    return source, cleaned


@pytest.fixture(scope="module")
def medium(big: tuple[Path, Path]) -> Path:
    """The first 4 MB of it (whole lines): enough to fill any pipe or small disk."""
    data = big[0].read_bytes()[:4_000_000]
    path = big[0].with_name("medium.txt")
    path.write_bytes(data[: data.rfind(b"\n") + 1])
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _strays(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def _no_traceback(err: bytes) -> None:
    text = err.decode(errors="replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text


def _help() -> str:
    return subprocess.run([*CMD, "--help"], capture_output=True, timeout=TIMEOUT).stdout.decode()


def _jobs_supported() -> bool:
    return "--jobs" in _help() or "-j " in _help()


# ---------------------------------------------------------------------------------------
# SIGKILL during --in-place


def _kill_after(args: list[str], delay: float, until: Callable[[], bool] | None = None) -> None:
    proc = subprocess.Popen([*CMD, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    if until is not None:  # wait for a moment of interest, then the delay
        while not until() and proc.poll() is None and time.monotonic() - start < TIMEOUT:
            time.sleep(0.005)
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=TIMEOUT)


def test_in_place_killed_at_random_points_leaves_old_or_new(
    big: tuple[Path, Path], tmp_path: Path
) -> None:
    source, cleaned = big
    old, new = _digest(source), _digest(cleaned)
    target = tmp_path / "news.txt"
    rng = random.Random(os.environ.get("TRANSCLEAN_FAULT_SEED", "6"))
    seen = set()
    # Kills spread over start-up and the rewrite, and some timed from the moment the
    # temporary file appears (so that several land while it is being written or renamed).
    plans: list[tuple[float, bool]] = [(rng.uniform(0.0, 2.5), False) for _ in range(2)]
    plans += [(rng.uniform(0.0, 1.5), True), (0.0, True)]
    for delay, from_temp in plans:
        target.write_bytes(source.read_bytes())
        target.chmod(0o640)

        def temp_exists() -> bool:
            return bool(_strays(tmp_path, target.name))

        _kill_after(["--in-place", str(target)], delay, temp_exists if from_temp else None)
        state = _digest(target)
        assert state in (old, new), f"torn file after a kill {delay:.2f}s in"
        seen.add("old" if state == old else "new")
        assert target.stat().st_mode & 0o777 == 0o640
        for name in _strays(tmp_path, target.name):
            (tmp_path / name).unlink()  # this test is about the file itself; see the next
    # A rerun finishes the job.
    done = subprocess.run([*CMD, "--in-place", str(target)], capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert _digest(target) == new
    assert "old" in seen


def test_rerun_after_a_kill_leaves_no_stray_temp_files(
    big: tuple[Path, Path], tmp_path: Path
) -> None:
    source, cleaned = big
    target = tmp_path / "news.txt"
    target.write_bytes(source.read_bytes())
    _kill_after(["--in-place", str(target)], 0.2, lambda: bool(_strays(tmp_path, target.name)))
    assert _digest(target) == _digest(source)  # killed while the temporary was written
    done = subprocess.run([*CMD, "--in-place", str(target)], capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0 and _digest(target) == _digest(cleaned)
    assert _strays(tmp_path, target.name) == []


# ---------------------------------------------------------------------------------------
# A full disk


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _check_disk_full_error(done: subprocess.CompletedProcess[bytes]) -> None:
    err = done.stderr.decode(errors="replace")
    _no_traceback(done.stderr)
    assert done.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("transclean: "), err


@pytest.mark.parametrize("mode", ["in-place", "stdout"])
def test_file_size_limit_is_one_clear_error(medium: Path, tmp_path: Path, mode: str) -> None:
    target = tmp_path / "news.txt"
    target.write_bytes(medium.read_bytes())
    before = _digest(target)
    if mode == "in-place":
        args = [*CMD, "--in-place", str(target)]
        done = subprocess.run(
            args, capture_output=True, timeout=TIMEOUT, preexec_fn=_limit_file_size(1_000_000)
        )
    else:
        out = tmp_path / "out.txt"
        with out.open("wb") as sink:
            done = subprocess.run(
                [*CMD, str(target)],
                stdout=sink,
                stderr=subprocess.PIPE,
                timeout=TIMEOUT,
                preexec_fn=_limit_file_size(1_000_000),
            )
    assert _digest(target) == before
    assert _strays(tmp_path, target.name) == []
    _check_disk_full_error(done)


def test_file_size_limit_keeps_the_original(medium: Path, tmp_path: Path) -> None:
    # What already holds, whatever the message: the original intact, no temporary left.
    target = tmp_path / "news.txt"
    target.write_bytes(medium.read_bytes())
    before = _digest(target)
    done = subprocess.run(
        [*CMD, "--in-place", str(target)],
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_file_size(1_000_000),
    )
    assert done.returncode != 0
    assert _digest(target) == before
    assert _strays(tmp_path, target.name) == []


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, when this process may mount one (root in a container usually may)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        timeout=30,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def test_full_tmpfs_keeps_the_original(medium: Path, small_tmpfs: Path) -> None:
    target = small_tmpfs / "news.txt"
    target.write_bytes(medium.read_bytes()[:1_500_000])  # the rewrite cannot fit beside it
    before = _digest(target)
    done = subprocess.run([*CMD, "--in-place", str(target)], capture_output=True, timeout=TIMEOUT)
    assert done.returncode != 0
    assert _digest(target) == before
    assert _strays(small_tmpfs, target.name) == []
    _check_disk_full_error(done)


# ---------------------------------------------------------------------------------------
# SIGINT


def _interrupt_when_output_starts(args: list[str], extra_delay: float = 0.0) -> tuple[int, bytes]:
    proc = subprocess.Popen([*CMD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.read(1)  # the run has started: the cleaner is built
    assert first
    time.sleep(extra_delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=TIMEOUT)
    return proc.returncode, err


@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_sigint_during_a_large_run_exits_130(big: tuple[Path, Path], delay: float) -> None:
    source, _ = big
    code, err = _interrupt_when_output_starts([str(source)], delay)
    _no_traceback(err)
    assert code == 130, err
    assert err == b"transclean: interrupted\n"


def test_sigint_during_in_place_keeps_the_original(big: tuple[Path, Path], tmp_path: Path) -> None:
    source, _ = big
    target = tmp_path / "news.txt"
    target.write_bytes(source.read_bytes())
    proc = subprocess.Popen(
        [*CMD, "--in-place", str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    start = time.monotonic()
    while not _strays(tmp_path, target.name) and time.monotonic() - start < TIMEOUT:
        time.sleep(0.005)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=TIMEOUT)
    if proc.returncode == 0:  # the run finished before the signal: the new content
        return
    assert proc.returncode == 130, err
    _no_traceback(err)
    assert _digest(target) == _digest(source)
    assert _strays(tmp_path, target.name) == []


def test_sigint_during_start_up_exits_130(tmp_path: Path) -> None:
    # A sitecustomize in the child holds the import of transclean.cli for a moment and says
    # so: the interrupt then lands while the CLI's modules load, before main() runs.
    hook = tmp_path / "hook"
    hook.mkdir()
    mark = tmp_path / "importing"
    (hook / "sitecustomize.py").write_text(
        "import importlib.abc, os, sys, time\n"
        "class _Hold(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'transclean.cli':\n"
        "            open(os.environ['TRANSCLEAN_TEST_MARK'], 'w').close()\n"
        "            time.sleep(5)\n"
        "        return None\n"
        "sys.meta_path.insert(0, _Hold())\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]),
        "TRANSCLEAN_TEST_MARK": str(mark),
    }
    source = tmp_path / "in.txt"
    source.write_bytes(REPAIR * 1000)
    proc = subprocess.Popen(
        [*CMD, str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    start = time.monotonic()
    while not mark.exists() and proc.poll() is None and time.monotonic() - start < TIMEOUT:
        time.sleep(0.005)
    assert mark.exists(), "the import hook did not run"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=TIMEOUT)
    _no_traceback(err)
    assert proc.returncode == 130


# ---------------------------------------------------------------------------------------
# A reader that goes away


@pytest.mark.parametrize(
    ("mode", "read"),
    [([], 0), ([], 4096), (["--explain"], 0), (["--check"], 100), (["--diff"], 0)],
)
def test_closed_pipe_exits_0_quietly(medium: Path, mode: list[str], read: int) -> None:
    proc = subprocess.Popen(
        [*CMD, *mode, str(medium)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
    )
    assert proc.stdout is not None and proc.stderr is not None
    if read:
        proc.stdout.read(read)
    proc.stdout.close()  # the reader goes away (`| head -c N`)
    err = proc.stderr.read()
    code = proc.wait(timeout=TIMEOUT)
    assert (code, err) == (0, b"")


# ---------------------------------------------------------------------------------------
# Stopped and continued (Ctrl-Z, fg; a container paused)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_stop_and_continue_loses_no_output(big: tuple[Path, Path]) -> None:
    source, cleaned = big
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*CMD, str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0, env=env
    )
    assert proc.stdout is not None
    first = proc.stdout.read(1)
    start = time.monotonic()  # wait until it is blocked writing to the full pipe
    while "pipe_write" not in _state(proc.pid)[1] and time.monotonic() - start < TIMEOUT:
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGSTOP)
    time.sleep(0.1)
    os.kill(proc.pid, signal.SIGCONT)
    rest, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err
    out = first + rest
    assert len(out) == len(cleaned.read_bytes())
    assert out == cleaned.read_bytes()


# ---------------------------------------------------------------------------------------
# A worker killed under -j 2


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        with suppress(OSError):  # the thread may be gone
            kids += [int(x) for x in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
    return kids


def _state(pid: int) -> tuple[str, str]:
    """(scheduler state, kernel wait channel) of a process: ("R", "0") while it computes,
    ("S", "pipe_write") while it is blocked writing to a full pipe."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        wchan = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return "?", "?"
    return stat.rsplit(")", 1)[1].split()[0], wchan


def _kill_a_worker(
    proc: subprocess.Popen[bytes], wait_for_output: bool, mid_send: bool = False
) -> bytes:
    """SIGKILL one worker process; the output read before (its first byte, if asked).

    By default the first worker that is running (computing) is killed. With `mid_send`, the
    parent is stopped (SIGSTOP) so that nothing reads the workers' results, and a worker
    blocked writing its result to the full pipe is killed there, half sent; the parent then
    resumes. (Stopping the parent while it writes to stdout is a fault of its own: see
    test_stop_and_continue_loses_no_output.)"""
    first = b""
    if wait_for_output:
        assert proc.stdout is not None
        first = proc.stdout.read(1)
        assert first
    start = time.monotonic()
    while time.monotonic() - start < TIMEOUT:
        if proc.poll() is not None:
            pytest.fail("the run ended before a worker could be killed")
        if mid_send:
            os.kill(proc.pid, signal.SIGSTOP)
        try:
            deadline = time.monotonic() + (2.0 if mid_send else 0.0)
            while True:
                for kid in _children(proc.pid):
                    state, wchan = _state(kid)
                    if (mid_send and state == "S" and "pipe_write" in wchan) or (
                        not mid_send and state == "R"
                    ):
                        os.kill(kid, signal.SIGKILL)
                        return first
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.002)
        finally:
            if mid_send:
                os.kill(proc.pid, signal.SIGCONT)
        time.sleep(0.01)
    pytest.fail("no worker in the wanted state")


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_killed_worker_fails_loudly(big: tuple[Path, Path]) -> None:
    if not _jobs_supported():
        pytest.skip("the CLI has no -j yet")
    source, cleaned = big
    proc = subprocess.Popen(
        [*CMD, "-j", "2", str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
    )
    first = _kill_a_worker(proc, wait_for_output=True)
    rest, err = proc.communicate(timeout=TIMEOUT)  # a hang fails here
    _no_traceback(err)
    out, expected = first + rest, cleaned.read_bytes()
    if proc.returncode == 0:  # only if the work was already done: then all of it
        assert out == expected
        return
    assert proc.returncode == 2, err
    assert err.count(b"\n") == 1 and b"worker" in err
    # What was written before the failure is a correct prefix: no line lost or changed.
    assert expected.startswith(out)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_worker_killed_while_sending_its_result_fails_loudly(big: tuple[Path, Path]) -> None:
    # A result message left half written in a shared result pipe made concurrent.futures'
    # ProcessPoolExecutor (the first -j implementation) wait for the rest for ever.
    if not _jobs_supported():
        pytest.skip("the CLI has no -j yet")
    source, _ = big
    proc = subprocess.Popen(
        [*CMD, "-j", "2", str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        while not _children(proc.pid) and proc.poll() is None:
            time.sleep(0.01)
        time.sleep(0.3)  # the workers are busy
        _kill_a_worker(proc, wait_for_output=False, mid_send=True)
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the run hangs after a worker died while sending its result")
    finally:
        if proc.poll() is None:
            for pid in [proc.pid, *_children(proc.pid)]:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            proc.communicate()
    _no_traceback(err)
    assert proc.returncode == 2 and b"worker" in err


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_killed_worker_during_in_place_keeps_the_original(
    big: tuple[Path, Path], tmp_path: Path
) -> None:
    if not _jobs_supported():
        pytest.skip("the CLI has no -j yet")
    source, _ = big
    target = tmp_path / "news.txt"
    target.write_bytes(source.read_bytes())
    proc = subprocess.Popen(
        [*CMD, "-j", "2", "--in-place", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _kill_a_worker(proc, wait_for_output=False)
    _, err = proc.communicate(timeout=TIMEOUT)
    _no_traceback(err)
    if proc.returncode == 0:
        return  # the worker was killed after the last chunk: the new content is complete
    assert proc.returncode == 2, err
    assert _digest(target) == _digest(source)
    assert _strays(tmp_path, target.name) == []
