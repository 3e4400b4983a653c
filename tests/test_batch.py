"""The batch path: input order, bounded read-ahead, workers equal to one by one, and a
worker that dies makes the run fail rather than hang."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType

import pytest

from transclean import Cleaner, Result, TranscleanError
from transclean.batch import TASK_ITEMS, TASKS_PER_WORKER, Workers, clean_many, resolve_workers
from transclean.passes import spellings
from transclean.passes.spellings import Near

DATA = Path(__file__).resolve().parent / "data"


def _texts() -> list[str]:
    """Real lines with every kind of edit: names, damaged names, artefacts, suggestions."""
    lines = (DATA / "seed_article.txt").read_text(encoding="utf-8").splitlines()
    for name in ("fuzzy_dev.tsv", "names_dev.tsv", "pronouns_dev.tsv", "repeats_dev.tsv"):
        rows = (DATA / name).read_text(encoding="utf-8").splitlines()
        lines.extend(row.split("\t")[0] for row in rows if row and not row.startswith("#"))
    return [line for line in lines if line.strip()]


TEXTS = _texts()


class Counting:
    """A generator that records how far ahead of the consumer it was pulled."""

    def __init__(self, texts: Iterator[str]) -> None:
        self.texts = texts
        self.pulled = 0

    def __iter__(self) -> Iterator[str]:
        for text in self.texts:
            self.pulled += 1
            yield text


def test_one_worker_is_one_by_one(cleaner: Cleaner) -> None:
    expected = [cleaner.clean(text) for text in TEXTS]
    assert list(clean_many(cleaner, TEXTS)) == expected
    assert list(cleaner.clean_many(iter(TEXTS))) == expected
    assert any(r.edits for r in expected) and any(not r.edits for r in expected)


def test_two_workers_equal_one_by_one_in_order(cleaner: Cleaner) -> None:
    texts = [f"{i}: {text}" for i, text in enumerate(TEXTS * 2)]
    expected = [cleaner.clean(text) for text in texts]
    got = list(clean_many(cleaner, (t for t in texts), workers=2))
    assert [r.input for r in got] == texts
    assert got == expected


def test_suggestions_travel_back_from_workers() -> None:
    strict = Cleaner(passes=["names", "fuzzy"], min_score=0.95)
    texts = ["In Ukraine, shelling hit Sudzhha overnight.", "Kiev", "nothing"] * 50
    got = list(clean_many(strict, texts, workers=2))
    assert got == [strict.clean(t) for t in texts]
    assert got[0].suggestions and not got[0].edits


def test_generator_is_pulled_lazily_one_worker(cleaner: Cleaner) -> None:
    source = Counting(itertools.cycle(["Kiev said", "Lvov"]))
    results = clean_many(cleaner, source)
    for consumed, result in enumerate(itertools.islice(results, 50), start=1):
        assert source.pulled == consumed
        assert result.text in ("Kyiv said", "Lviv")


def test_generator_read_ahead_is_bounded_with_workers(cleaner: Cleaner) -> None:
    # An endless input: the window of in-flight tasks, not the input, bounds the read-ahead.
    source = Counting(f"Kiev {i}" for i in itertools.count())
    bound = (TASKS_PER_WORKER * 2 + 1) * TASK_ITEMS
    results = clean_many(cleaner, source, workers=2)
    for consumed, result in enumerate(itertools.islice(results, 3000), start=1):
        assert result.input == f"Kiev {consumed - 1}"
        assert source.pulled - consumed <= bound
    results.close()  # stops the workers


def test_large_texts_make_small_tasks(cleaner: Cleaner) -> None:
    # Texts of 400 kB: a task holds three, so at most ~7 tasks x 3 texts are read ahead.
    big = "Kiev\n" + "\n" * 400_000
    source = Counting(big + str(i) for i in itertools.count())
    results = clean_many(cleaner, source, workers=2)
    for consumed, result in enumerate(itertools.islice(results, 30), start=1):
        assert result.text.startswith("Kyiv\n")
        assert source.pulled - consumed <= (TASKS_PER_WORKER * 2 + 1) * 3
    results.close()


def test_workers_zero_means_all_cores(cleaner: Cleaner) -> None:
    assert resolve_workers(0) == len(os.sched_getaffinity(0))
    assert resolve_workers(3) == 3
    with pytest.raises(TranscleanError):
        clean_many(cleaner, [], workers=-1)
    assert [r.text for r in clean_many(cleaner, ["Kiev"] * 5, workers=0)] == ["Kyiv"] * 5


def test_an_error_in_a_worker_reaches_the_caller(cleaner: Cleaner) -> None:
    with pytest.raises(TypeError):
        list(clean_many(cleaner, ["Kiev", 5, "Lvov"], workers=2))  # type: ignore[list-item]


class Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang("the run hung")


def test_a_killed_worker_fails_the_run_and_does_not_hang(cleaner: Cleaner) -> None:
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    try:
        before = set(multiprocessing.active_children())
        # Texts dense with edits: large results, so a worker is often killed mid-reply.
        texts = (f"Kiev {i} " + "Kharkov and Lvov. " * 200 for i in itertools.count())
        results = clean_many(cleaner, texts, workers=2)
        assert next(results).text.startswith("Kyiv 0 Kharkiv")
        victims = [p for p in multiprocessing.active_children() if p not in before]
        assert len(victims) == 2
        os.kill(victims[0].pid or 0, signal.SIGKILL)
        with pytest.raises(TranscleanError, match="worker process died"):
            for _ in results:
                pass
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_spawned_workers_rebuild_the_cleaner(tmp_path: Path) -> None:
    lexicon = tmp_path / "town.toml"
    lexicon.write_text(
        '[[entity]]\nid = "zz-town"\nkind = "place"\ncanonical = "Zedville"\n'
        'variants = ["Zeddville", "Zedvil"]\n',
        encoding="utf-8",
    )
    small = Cleaner([lexicon], builtin=False, passes=["names"])
    texts = ["in Zeddville", "Zedvil and Zedville", "none"] * 200
    with Workers(small, 2, start_method="spawn") as workers:
        got = list(workers.clean(texts))
    assert got == [small.clean(t) for t in texts]
    assert got[0].text == "in Zedville"
    # A worker that cannot build the cleaner says why, rather than just dying.
    lexicon.unlink()
    with Workers(small, 2, start_method="spawn") as workers, pytest.raises(Exception) as err:
        list(workers.clean(texts))
    assert "town.toml" in str(err.value), repr(err.value)


def test_workers_are_reused_for_many_inputs(cleaner: Cleaner) -> None:
    with Workers(cleaner, 2) as workers:
        first = list(workers.clean(["Kiev"] * 300))
        second = list(workers.clean(["Lvov"] * 300))
    assert {r.text for r in first} == {"Kyiv"} and {r.text for r in second} == {"Lviv"}


def test_a_cleaner_is_safe_to_share_between_threads(cleaner: Cleaner) -> None:
    # Every pass reads shared tables; the fuzzy and pronoun passes also fill memo caches.
    texts = [f"{text} {i % 7}" for i, text in enumerate(TEXTS)]
    expected = [cleaner.clean(text) for text in texts]
    for run in _cleaned_by_four_threads(cleaner, texts, [0, 101, 257, 409]):
        assert run == expected


def _cleaned_by_four_threads(
    cleaner: Cleaner, texts: list[str], offsets: list[int]
) -> list[list[Result]]:
    """`texts` cleaned by four threads at once, each starting at its offset (so each in a
    different order), each thread's results put back in the order of `texts`."""
    barrier = threading.Barrier(4)

    def work(offset: int) -> list[Result]:
        barrier.wait()
        out = [cleaner.clean(text) for text in texts[offset:] + texts[:offset]]
        return out[-offset:] + out[:-offset] if offset else out

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(work, offsets))


def test_threads_share_the_lazily_built_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts long enough for the C loops, on a fresh cleaner whose fuzzy pass compares its
    new words in batches: the fuzzy memo and the transliteration tables (made on first use
    by a cleaner loaded from the cache) are made while four threads read them."""
    monkeypatch.setattr(spellings, "BATCH_SPELLINGS", 0)
    monkeypatch.setattr(spellings, "BATCH_PAIRS", 0)
    batched: list[int] = []
    batch = spellings.Spellings.batched

    def counted(self: spellings.Spellings, words: Sequence[tuple[str, int]]) -> list[Near]:
        batched.append(len(words))
        return batch(self, words)

    monkeypatch.setattr(spellings.Spellings, "batched", counted)
    cyrillic = ["Officials in Київ said on Monday.", "Shelling hit Харків and Одеса overnight."]
    long = ["\n".join(TEXTS[i : i + 80] + cyrillic) for i in range(0, 480, 40)]
    assert all(len(text) >= 4_000 for text in long)
    alone = Cleaner()
    expected = [alone.clean(text) for text in long]
    shared = Cleaner()  # loaded from the cache: its memos empty, its lazy tables not made
    for run in _cleaned_by_four_threads(shared, long, [0, 3, 5, 7]):
        assert run == expected
    assert batched, "the fuzzy pass compared no words in batches"
    assert all("Kharkiv and Odesa" in result.text for result in expected)
