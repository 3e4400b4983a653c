"""A disk cache of compiled Cleaners: a warm start unpickles the passes instead of rebuilding.

Two kinds of entry, each one file named by the hash of everything it was built from:

- ``cleaner-<key>.pickle``: the built passes (what `Cleaner.clean` runs), ~10 MB;
- ``lexicon-<key>.pickle``: the `Lexicon` and its `VariantIndex`, ~8 MB, written by the
  first program that reads `Cleaner.lexicon` / `Cleaner.index` from a cached Cleaner (the
  CLI never does), then read by the next ones, and by builds for another pass selection.

The key hashes the *content* of every file a build can read (the built-in lexicon folder,
the user's lexicon and rule files, the package's own source code), the paths as given and
resolved, the package version, the Python version and the options that shape the build.
Content rather than mtime: hashing all of it takes ~3 ms, and mtimes lie (``cp -p``, tar,
a checkout that restores a file; two edits within the clock's resolution).

A file is trusted only if it is ours (owner, not writable by others), starts with the
format marker and the expected key, and its payload matches the SHA-256 in its header;
anything else is a miss and gets rebuilt, never an error. Writes go to a temporary file
renamed into place, so a reader sees a whole old file or a whole new one. Old entries are
pruned to the most recently used few.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import pickle
import struct
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from transclean.options import Options
from transclean.resources import builtin_lexicon_dir

FORMAT = 1
_MAGIC = b"transclean-cache"  # 16 bytes: never unpickle a file that does not start so
# magic, format, key (sha256), payload length, payload sha256
_HEADER = struct.Struct("<16sI32sQ32s")
MAX_ENTRIES = 4  # of each kind
_STALE_TEMP = 3600.0  # seconds: a temporary file this old was left by a crashed writer
_SKIP_DIRS = frozenset({"__pycache__", ".git", ".hg", ".svn"})
# Options that only steer `clean` and do not change what is built.
_RUN_TIME_OPTIONS = frozenset({"min_score"})


def _debug(message: str, *args: object) -> None:
    """Why an entry was not used or written: a debug log record, never an error. (logging is
    imported only here: a warm start has nothing to say and skips its import.)"""
    import logging

    logging.getLogger(__name__).debug("transclean cache: " + message, *args)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector while a Cleaner's ~600k long-lived objects are made: it
    would walk them again and again for nothing. Unpickling takes a third less time, a build
    a sixth. (It stays off if the caller had switched it off.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def disabled_by_env() -> bool:
    """TRANSCLEAN_NO_CACHE set to anything but "" or "0" turns the cache off."""
    return os.environ.get("TRANSCLEAN_NO_CACHE", "") not in ("", "0")


def cache_dir() -> Path:
    """$TRANSCLEAN_CACHE_DIR, else $XDG_CACHE_HOME/transclean, else ~/.cache/transclean."""
    override = os.environ.get("TRANSCLEAN_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "transclean"


def active_dir(wanted: bool = True) -> Path | None:
    """The folder to use, or None when caching is off (`wanted` False, TRANSCLEAN_NO_CACHE)
    or there is nowhere to put it (no home folder)."""
    if not wanted or disabled_by_env():
        return None
    try:
        return cache_dir()
    except (RuntimeError, KeyError, OSError):  # Path.home() without HOME or a passwd entry
        return None


def _files(root: Path) -> list[Path]:
    """Every file under `root` (or `root` itself), in a stable order; symlinked folders are
    not followed, as `Path.rglob` does not follow them when the lexicon is loaded."""
    if not root.is_dir():
        return [root]
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        found.extend(Path(folder, name) for name in sorted(names))
    return found


def _feed_tree(digest: Any, label: str, root: Path) -> None:
    """Hash a file or folder: its path, then each file's relative path, size and bytes."""
    digest.update(f"\0{label}\0{root}\0{root.resolve()}\0".encode("utf-8", "surrogateescape"))
    for path in _files(root):
        data = path.read_bytes()
        rel = path.relative_to(root).as_posix() if path != root else path.name
        digest.update(f"{rel}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        digest.update(data)


@cache
def _code_digest() -> bytes:
    """The package's own source: pickles name its classes, so new code means a new key.
    Computed once per process, like the code it describes, which is imported once."""
    from transclean import __version__

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{__version__}\0{sys.implementation.cache_tag}\0".encode())
    digest.update(sys.version.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.digest()


@dataclass(frozen=True)
class Keys:
    """The two entry keys of one set of options (hex SHA-256)."""

    lexicon: str  # what the Lexicon and VariantIndex are built from
    cleaner: str  # that, plus what the passes are built from


def keys_for(options: Options) -> Keys | None:
    """Hash every input of a build with `options`; None when an input cannot be read (then
    the build itself reports the problem, and nothing is cached)."""
    try:
        base = hashlib.sha256(_code_digest())
        _feed_tree(base, "builtin", builtin_lexicon_dir())  # the passes read it in any case
        lexicon = base.copy()
        lexicon.update(f"\0builtin={options.builtin}\0".encode())
        for path in options.lexicons:
            _feed_tree(lexicon, "lexicon", Path(path))
        cleaner = lexicon.copy()
        for path in options.rules:
            _feed_tree(cleaner, "rules", Path(path))
        # The rest of the options, by name (paths and `builtin` are hashed above).
        shape = [
            (f.name, getattr(options, f.name))
            for f in dataclasses.fields(options)
            if f.name not in _RUN_TIME_OPTIONS and f.name not in ("lexicons", "rules", "builtin")
        ]
        cleaner.update(repr(shape).encode())
        return Keys(lexicon.hexdigest(), cleaner.hexdigest())
    except (OSError, ValueError, RuntimeError) as exc:  # unreadable, unencodable, a link loop
        _debug("cannot hash the inputs (%s): not cached", exc)
        return None


def _entry(directory: Path, kind: str, key: str) -> Path:
    return directory / f"{kind}-{key}.pickle"


def _trusted_owner(stat: os.stat_result) -> bool:
    """Ours and writable by nobody else: a file another user could have written is not read.
    (POSIX only: elsewhere the folder's access control is all there is.)"""
    if os.name != "posix":
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def load(directory: Path, kind: str, key: str) -> Any | None:
    """The object stored under `kind`/`key`, or None for a miss: absent, stale, foreign,
    truncated, corrupt or unreadable. Never raises."""
    path = _entry(directory, kind, key)
    try:
        with open(path, "rb") as stream:
            if not _trusted_owner(os.fstat(stream.fileno())):
                _debug("%s is not ours: ignored", path)
                return None
            blob = stream.read()
    except OSError:
        return None
    view = memoryview(blob)
    try:
        if len(view) < _HEADER.size:
            raise ValueError("shorter than its header")
        magic, fmt, stored_key, length, checksum = _HEADER.unpack_from(view)
        if magic != _MAGIC or fmt != FORMAT:
            raise ValueError("not a transclean cache file of this format")
        if stored_key != bytes.fromhex(key):
            raise ValueError("written for another key")
        payload = view[_HEADER.size :]
        if len(payload) != length:
            raise ValueError("truncated")
        if hashlib.sha256(payload).digest() != checksum:
            raise ValueError("checksum mismatch")
        with paused_gc():
            value = pickle.loads(payload)
    except Exception as exc:  # unpickling can raise anything; a bad entry is only a miss
        _debug("%s rejected (%s): rebuilding", path, exc)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruning keeps it
    return value


def store(directory: Path, kind: str, key: str, value: object) -> bool:
    """Write `value` atomically under `kind`/`key`, then prune; False if it could not be
    written (read-only or full disk, unpicklable value), which is never an error."""
    tmp: str | None = None
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        header = _HEADER.pack(
            _MAGIC, FORMAT, bytes.fromhex(key), len(payload), hashlib.sha256(payload).digest()
        )
        import tempfile

        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as stream:
            stream.write(header)
            stream.write(payload)
        # No fsync: a file cut short by a crash fails its checksum and is rebuilt.
        os.replace(tmp, _entry(directory, kind, key))
        tmp = None
    except Exception as exc:
        _debug("cannot write %s entry in %s (%s)", kind, directory, exc)
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    prune(directory, kind, keep=key)
    return True


def _by_age(paths: Iterable[Path]) -> list[tuple[float, Path]]:
    aged = []
    for path in paths:
        with contextlib.suppress(OSError):
            aged.append((path.stat().st_mtime, path))
    return sorted(aged, reverse=True)


def prune(directory: Path, kind: str, *, keep: str, limit: int = MAX_ENTRIES) -> None:
    """Keep the `limit` most recently used entries of `kind` (always `keep`); remove
    temporary files left by writers that died."""
    try:
        entries = _by_age(directory.glob(f"{kind}-*.pickle"))
        temps = _by_age(directory.glob(f".{kind}-*.tmp"))
    except OSError:
        return
    name = _entry(directory, kind, keep).name
    others = [path for _, path in entries if path.name != name]
    for path in others[max(limit - 1, 0) :]:
        with contextlib.suppress(OSError):
            path.unlink()
    now = time.time()
    for mtime, path in temps:
        if now - mtime > _STALE_TEMP:
            with contextlib.suppress(OSError):
                path.unlink()


def entries(directory: Path | None = None) -> Sequence[Path]:
    """The cache files in `directory` (default: `cache_dir()`), for tests and tools."""
    folder = directory if directory is not None else cache_dir()
    try:
        return sorted(folder.glob("*-*.pickle"))
    except OSError:
        return []
