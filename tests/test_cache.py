"""The start-up cache: a cached Cleaner is the Cleaner a fresh build gives, any change to an
input rebuilds it, and a bad, foreign or unwritable cache is never an error nor trusted."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import transclean
from transclean import Cleaner, Result, cache
from transclean.options import Options

DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed_article.txt"
DEV_SETS = (
    "names_dev.tsv",
    "fuzzy_dev.tsv",
    "pronouns_dev.tsv",
    "repeats_dev.tsv",
    "rules_dev.tsv",
    "script_dev.tsv",
)
CREDIT = "Kremlin Press Office/Anadolu through Getty Images"  # the rules pass: through -> via
LEXICON = """
[[entity]]
id = "test-place"
kind = "place"
canonical = "Testopil"
country = "UA"
uk = ["Тестопіль"]
variants = ["{variant}"]
"""


def _texts() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")]
    for name in DEV_SETS:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t")[0])
    return texts


def _same(a: Result, b: Result) -> bool:
    return (a.text, a.edits, a.suggestions) == (b.text, b.edits, b.suggestions)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test only."""
    where = tmp_path / "cache"
    monkeypatch.setenv("TRANSCLEAN_CACHE_DIR", str(where))
    monkeypatch.delenv("TRANSCLEAN_NO_CACHE", raising=False)
    return where


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder kept across the tests of this module, so that the lexicon entry is
    built once and the tests that damage a cleaner entry rebuild only the passes."""
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture
def in_shared(shared: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRANSCLEAN_CACHE_DIR", str(shared))
    monkeypatch.delenv("TRANSCLEAN_NO_CACHE", raising=False)
    return shared


def _entry(folder: Path, kind: str, options: Options) -> Path:
    keys = cache.keys_for(options)
    assert keys is not None
    return folder / f"{kind}-{keys.cleaner if kind == 'cleaner' else keys.lexicon}.pickle"


def _rules_cleaner() -> Options:
    """Make sure both entries of a rules-only Cleaner exist; its options."""
    Cleaner(passes=["rules"])  # the passes' entry
    warm = Cleaner(passes=["rules"])
    assert warm.index.targets  # the lexicon entry, written by the first reader
    return warm.options


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, building a lexicon or index fails the test: only the cache may serve."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("built although the cache should have served")

    monkeypatch.setattr("transclean.cleaner.load_lexicon", refuse)
    monkeypatch.setattr("transclean.cleaner.build_index", refuse)


# -- a hit is the same Cleaner -------------------------------------------------------------


def test_cache_hit_cleans_exactly_like_a_fresh_build(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = Cleaner(cache=False)
    assert not folder.exists()
    Cleaner()  # cold: builds and writes the passes' entry
    assert [p.name.split("-")[0] for p in cache.entries(folder)] == ["cleaner"]
    warm = Cleaner()
    assert warm.index.targets == fresh.index.targets  # built once, and written for next time
    assert [p.name.split("-")[0] for p in cache.entries(folder)] == ["cleaner", "lexicon"]
    _no_build(monkeypatch)
    warm = Cleaner()
    texts = _texts()
    assert len(texts) > 100
    for text in texts:
        assert _same(warm.clean(text), fresh.clean(text)), text
    # The lexicon and index come from their own entry, on first use.
    assert warm.index.targets == fresh.index.targets
    assert warm.index.protected == fresh.index.protected
    assert warm.lexicon.entities == fresh.lexicon.entities


def test_run_time_options_share_the_build(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Cleaner(passes=["rules"])
    _no_build(monkeypatch)
    strict = Cleaner(passes=["rules"], min_score=0.95)  # min_score only steers clean()
    assert strict.options.min_score == 0.95
    assert strict.clean(CREDIT).text.endswith("via Getty Images")


def test_keys_follow_what_shapes_the_build() -> None:
    base = Options(passes=("names", "rules"))
    key = cache.keys_for(base)
    assert key is not None
    assert cache.keys_for(Options(passes=("names", "rules"), min_score=0.5)) == key
    for other in (
        Options(passes=("names",)),
        Options(passes=("names", "rules"), typos=True),
        Options(passes=("names", "rules"), builtin=False),
    ):
        changed = cache.keys_for(other)
        assert changed is not None and changed.cleaner != key.cleaner, other


def test_a_new_package_version_is_a_new_key(monkeypatch: pytest.MonkeyPatch) -> None:
    options = Options(passes=("rules",))
    before = cache.keys_for(options)
    monkeypatch.setattr(transclean, "__version__", "999.0")
    cache._code_digest.cache_clear()
    try:
        after = cache.keys_for(options)
    finally:
        monkeypatch.undo()
        cache._code_digest.cache_clear()
    assert before is not None and after is not None
    assert after.lexicon != before.lexicon and after.cleaner != before.cleaner


# -- a changed input rebuilds --------------------------------------------------------------


def test_changed_lexicon_file_invalidates(folder: Path, tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text(LEXICON.format(variant="Zorbopol"), encoding="utf-8")
    first = Cleaner([user], passes=["names"])
    assert first.clean("Shelling near Zorbopol.").text == "Shelling near Testopil."
    # Same size, same mtime: only the content says the file changed.
    stat = user.stat()
    user.write_text(LEXICON.format(variant="Zarbopol"), encoding="utf-8")
    os.utime(user, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert user.stat().st_size == stat.st_size
    second = Cleaner([user], passes=["names"])
    assert second.clean("Shelling near Zarbopol.").text == "Shelling near Testopil."
    assert second.clean("Shelling near Zorbopol.").text == "Shelling near Zorbopol."
    assert second.index.targets.keys() != first.index.targets.keys()


def test_changed_rule_file_invalidates(folder: Path, tmp_path: Path) -> None:
    rules = tmp_path / "house.toml"
    rule = (
        '[[rule]]\nid = "house-{n}"\npattern = "{word}"\nreplacement = "X"\n'
        'reason = "test"\nexamples = [["{word} here", "X here"]]\n'
        'counterexamples = ["nothing"]\n'
    )
    rules.write_text(rule.format(n=1, word="Flumph"), encoding="utf-8")
    first = Cleaner(passes=["rules"], rules=[rules])
    assert first.clean("Flumph here").text == "X here"
    rules.write_text(rule.format(n=2, word="Glorbo"), encoding="utf-8")
    second = Cleaner(passes=["rules"], rules=[rules])
    assert second.clean("Glorbo here").text == "X here"
    assert second.clean("Flumph here").text == "Flumph here"


def test_missing_lexicon_is_an_error_not_a_cache_miss(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(transclean.LexiconError):
        Cleaner([tmp_path / "absent.toml"], passes=["names"])


# -- a bad cache is rebuilt, never trusted -------------------------------------------------


def _trap_payload(marker: Path) -> bytes:
    """A pickle that creates `marker` if anyone unpickles it."""

    class Trap:
        def __reduce__(self) -> tuple[object, ...]:
            return (Path.touch, (marker,))

    return pickle.dumps(Trap(), protocol=pickle.HIGHEST_PROTOCOL)


def _framed(key: str, payload: bytes, *, magic: bytes = b"transclean-cache", fmt: int = 0) -> bytes:
    header = cache._HEADER.pack(
        magic,
        fmt or cache.FORMAT,
        bytes.fromhex(key),
        len(payload),
        hashlib.sha256(payload).digest(),
    )
    return header + payload


DAMAGE: dict[str, Callable[[bytes, str, Path], bytes]] = {
    "empty": lambda blob, key, marker: b"",
    "truncated": lambda blob, key, marker: blob[: len(blob) // 2],
    "header only": lambda blob, key, marker: blob[: cache._HEADER.size],
    "garbage": lambda blob, key, marker: os.urandom(4096),
    "flipped byte": lambda blob, key, marker: (
        blob[: len(blob) // 2] + bytes([blob[len(blob) // 2] ^ 0x40]) + blob[len(blob) // 2 + 1 :]
    ),
    "foreign pickle, no header": lambda blob, key, marker: _trap_payload(marker),
    "foreign pickle, bad checksum": lambda blob, key, marker: (
        blob[: cache._HEADER.size] + _trap_payload(marker)
    ),
    "foreign pickle, other magic": lambda blob, key, marker: _framed(
        key, _trap_payload(marker), magic=b"somebody-else!!!"
    ),
    "foreign pickle, other format": lambda blob, key, marker: _framed(
        key, _trap_payload(marker), fmt=cache.FORMAT + 1
    ),
    "foreign pickle, other key": lambda blob, key, marker: _framed(
        hashlib.sha256(b"other").hexdigest(), _trap_payload(marker)
    ),
}


# Every kind of damage to the passes' entry; the main ones to the lexicon's (each of those
# rebuilds the lexicon, the slow part of a build).
CASES = [("cleaner", d) for d in sorted(DAMAGE)] + [
    ("lexicon", d) for d in ("truncated", "garbage", "foreign pickle, bad checksum")
]


@pytest.mark.parametrize(("kind", "damage"), CASES)
def test_damaged_entry_is_rebuilt_silently(
    in_shared: Path,
    tmp_path: Path,
    damage: str,
    kind: str,
    capfd: pytest.CaptureFixture[str],
) -> None:
    options = _rules_cleaner()
    entry = _entry(in_shared, kind, options)
    key = entry.stem.split("-", 1)[1]
    marker = tmp_path / "unpickled"
    entry.write_bytes(DAMAGE[damage](entry.read_bytes(), key, marker))
    rebuilt = Cleaner(passes=["rules"])
    assert rebuilt.clean(CREDIT).text.endswith("via Getty Images")
    assert rebuilt.index.targets  # the lexicon entry is read (or rebuilt) here
    assert not marker.exists(), "a file the cache did not write was unpickled"
    assert cache.load(in_shared, kind, key) is not None, "the entry was not rewritten"
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_entry_writable_by_others_is_not_trusted(in_shared: Path, tmp_path: Path) -> None:
    options = _rules_cleaner()
    entry = _entry(in_shared, "cleaner", options)
    key = entry.stem.split("-", 1)[1]
    marker = tmp_path / "unpickled"
    entry.write_bytes(_framed(key, _trap_payload(marker)))  # well formed, but not ours
    entry.chmod(0o666)
    assert cache.load(in_shared, "cleaner", key) is None
    assert Cleaner(passes=["rules"]).clean(CREDIT).text.endswith("via Getty Images")
    assert not marker.exists()
    assert entry.stat().st_mode & 0o077 == 0  # replaced by one of ours


def test_entry_of_other_passes_is_not_used(in_shared: Path) -> None:
    """A well-formed entry with the wrong content for the options (say, written by a buggy
    version under the same key) is a miss, not a Cleaner with the wrong passes."""
    options = _rules_cleaner()
    key = _entry(in_shared, "cleaner", options).stem.split("-", 1)[1]
    assert cache.store(in_shared, "cleaner", key, ("not", "passes"))
    cleaner = Cleaner(passes=["rules"])
    assert cleaner.passes == ("rules",)
    assert cleaner.clean(CREDIT).text.endswith("via Getty Images")


# -- no cache is never an error ------------------------------------------------------------


def test_unwritable_cache_dir_works_without_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TRANSCLEAN_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("TRANSCLEAN_NO_CACHE", raising=False)
    cleaner = Cleaner(passes=["rules"])
    assert cleaner.clean(CREDIT).text.endswith("via Getty Images")
    assert cleaner.index.targets
    assert blocker.read_text() == "not a folder"
    assert capfd.readouterr() == ("", "")


def test_failed_write_leaves_no_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(cache.os, "replace", refuse)
    assert not cache.store(folder, "cleaner", "ab" * 32, ("value",))
    assert list(folder.iterdir()) == []


def test_unpicklable_value_is_not_cached(folder: Path) -> None:
    assert not cache.store(folder, "cleaner", "ab" * 32, threading.Lock())
    assert cache.entries(folder) == []


@pytest.mark.parametrize("value", ["1", "yes"])
def test_no_cache_env(folder: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TRANSCLEAN_NO_CACHE", value)
    assert Cleaner(passes=["rules"]).clean(CREDIT).text.endswith("via Getty Images")
    assert not folder.exists()


def test_no_cache_env_zero_means_cache(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSCLEAN_NO_CACHE", "0")
    Cleaner(passes=["rules"])
    assert len(cache.entries(folder)) == 1


def test_cache_false_argument(folder: Path) -> None:
    assert Cleaner(passes=["rules"], cache=False).clean(CREDIT).text.endswith("via Getty Images")
    assert not folder.exists()


def test_cache_dir_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TRANSCLEAN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "transclean"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "transclean"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "transclean"
    monkeypatch.setenv("TRANSCLEAN_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


# -- several writers, old entries ----------------------------------------------------------


def test_concurrent_first_runs(folder: Path) -> None:
    """Three CLI processes start at once on an empty cache: all clean correctly, and what
    they leave is one whole entry, no temporary files."""
    env = {**os.environ, "TRANSCLEAN_CACHE_DIR": str(folder)}
    cmd = [sys.executable, "-m", "transclean"]
    procs = [
        subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(b"Officials in Kiev said.\n", timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    assert all(out == (b"Officials in Kyiv said.\n", b"") for out in outputs), outputs
    names = sorted(p.name for p in folder.iterdir())
    assert [n.split("-")[0] for n in names] == ["cleaner"], names
    for path in cache.entries(folder):
        kind, key = path.stem.split("-", 1)
        assert cache.load(folder, kind, key) is not None
    # And the next run is served by that entry (a rebuild would replace the file).
    entry = next(p for p in cache.entries(folder) if p.name.startswith("cleaner-"))
    inode = entry.stat().st_ino
    again = subprocess.run(cmd, input=b"Kiev\n", capture_output=True, env=env, timeout=300)
    assert again.stdout == b"Kyiv\n"
    assert entry.stat().st_ino == inode


def test_threads_share_one_lazy_lexicon(in_shared: Path) -> None:
    cleaner = Cleaner(passes=["rules"])
    cleaner = Cleaner(passes=["rules"])  # served by the cache: no lexicon loaded yet
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(cleaner.index)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4 and all(index is seen[0] for index in seen)


def test_old_entries_are_pruned(folder: Path) -> None:
    keys = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(cache.MAX_ENTRIES + 3)]
    for i, key in enumerate(keys):
        assert cache.store(folder, "cleaner", key, i)
        os.utime(folder / f"cleaner-{key}.pickle", (1000 + i, 1000 + i))  # in write order
    kept = {p.stem.split("-", 1)[1] for p in cache.entries(folder)}
    assert len(kept) == cache.MAX_ENTRIES
    assert kept == set(keys[-cache.MAX_ENTRIES :])


def test_stale_temporary_files_are_removed(folder: Path) -> None:
    folder.mkdir(parents=True)
    stale = folder / ".cleaner-crashed.tmp"
    fresh = folder / ".cleaner-writing.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (1000, 1000))
    assert cache.store(folder, "cleaner", "cd" * 32, "value")
    assert not stale.exists()
    assert fresh.exists()  # perhaps another process is writing it right now


def test_pickled_cleaner_round_trips(in_shared: Path) -> None:
    cleaner = Cleaner(passes=["names", "rules"])
    copy = pickle.loads(pickle.dumps(cleaner))
    text = "Kremlin Press Office/Anadolu through Getty Images, in Kiev"
    assert _same(copy.clean(text), cleaner.clean(text))
    assert copy.options == cleaner.options
    assert copy.index.targets == cleaner.index.targets
