"""The `transclean` command: a Unix filter, plus `lexicon validate|export` and `translit`.

Input is handled as bytes: each chunk of whole lines (about 1 MB) is decoded with
`surrogateescape`, so invalid UTF-8 and binary junk come back byte for byte while the rest
is cleaned. Each chunk is cleaned with the text around it as read-only context, so the
output is what cleaning the whole input as one text gives, whatever `-j` is: `-j N` only
changes which process cleans a chunk. This module is wiring: the batch path is in
`batch`, JSON Lines in `jsonl`, the variant export in `export`.
"""

from __future__ import annotations

import argparse
import gc
import glob
import io
import json
import os
import signal
import stat
import sys
import tempfile
import typing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from transclean import __version__
from transclean.batch import Packed, Workers, pack, unpack
from transclean.cleaner import Cleaner
from transclean.edits import Edit, Result
from transclean.errors import LexiconError, Problem, TranscleanError
from transclean.jsonl import BlockResult, JsonlSpec, blocks, clean_block, parse_field
from transclean.options import DEFAULT_MIN_SCORE
from transclean.passes import PASSES
from transclean.passes.rules import load_rules
from transclean.report import DiffWriter, LinePositions
from transclean.tomlfile import read_toml

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
CHUNK = 1 << 20
# A progress bar shows at once for inputs this large, otherwise once a run takes a second.
PROGRESS_AT_ONCE = 8 << 20
ENCODING, ERRORS = "utf-8", "surrogateescape"


class UsageError(Exception):
    """A mistake on the command line: one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2) rather than the whole usage."""

    def error(self, message: str) -> typing.NoReturn:
        raise UsageError(f"{self.prog}: {message} (see --help)")


def iter_line_chunks(stream: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    """Blocks of about `size` bytes that end at a line end (a long line is one block)."""
    pending = b""
    while True:
        block = stream.read(size)
        if not block:
            break
        pending += block
        cut = pending.rfind(b"\n")
        if cut >= 0:
            yield pending[: cut + 1]
            pending = pending[cut + 1 :]
    if pending:
        yield pending


# What a chunk's cleaning may read of the input either side of it without changing it:
# passes look ~400 characters away (the fuzzy pass's context, topic words) and up to two
# 700-character windows back (the pronouns pass's sentence before), so 8 kB (2,700
# characters even at 3 bytes each) either side make a chunk come out as it would if the
# whole input were one text. That is 16 kB more to clean per 1 MB chunk (1.6%); the CLI
# measured 2-4% more CPU in all, within the noise of the runs.
CONTEXT = 8 << 10

# (chunk, binary, the input's text right before it, the text right after it)
Chunk = tuple[bytes, bool, bytes, bytes]


def _chunks(stream: BinaryIO) -> Iterator[Chunk]:
    """Each chunk of whole lines, with CONTEXT bytes of the input either side (whole lines
    where the lines are short enough). A NUL byte means binary data, not text: from that
    chunk on everything passes through as is, and binary data is nobody's context. Chunks
    travel to the workers as bytes: each worker decodes and encodes its own (the parent
    only reads and writes)."""
    source = iter_line_chunks(stream)
    ahead: deque[bytes] = deque()  # chunks read and not yet handed out
    ahead_size = 0  # bytes in ahead[1:]: the context after ahead[0]
    ended = False
    before = b""
    binary = False
    while True:
        while not ended and (not ahead or ahead_size < CONTEXT):
            block = next(source, None)
            if block is None:
                ended = True
            else:
                if ahead:
                    ahead_size += len(block)
                ahead.append(block)
        if not ahead:
            return
        chunk = ahead.popleft()
        if ahead:
            ahead_size -= len(ahead[0])
        binary = binary or b"\x00" in chunk
        after = _head(ahead, CONTEXT)
        if binary:
            yield chunk, binary, b"", b""
        else:
            yield chunk, binary, before, (b"" if b"\x00" in after else after)
        before = _tail(before + chunk[-CONTEXT:], CONTEXT)


def _tail(data: bytes, size: int) -> bytes:
    """The last `size` bytes of `data`, from a line start if one is among them."""
    if len(data) <= size:
        return data
    cut = data.find(b"\n", len(data) - size, len(data) - 1)
    return data[cut + 1 :] if cut >= 0 else data[-size:]


def _head(chunks: Iterable[bytes], size: int) -> bytes:
    """The first `size` bytes of `chunks` joined, to a line end if one is among them."""
    parts: list[bytes] = []
    got = 0
    for chunk in chunks:
        if got >= size:
            break
        parts.append(chunk[: size - got])
        got += len(parts[-1])
    data = b"".join(parts)
    cut = data.rfind(b"\n")
    return data[: cut + 1] if cut >= 0 and len(data) == size else data


def _decode(chunk: bytes) -> str:
    return chunk.decode(ENCODING, ERRORS)


def _clean_in_context(cleaner: Cleaner, item: Chunk) -> Result:
    """One chunk cleaned as a part of the whole input: the cleaner sees the context either
    side, and only the edits inside the chunk are kept (in the chunk's coordinates)."""
    chunk, _, before, after = item
    text = _decode(chunk)
    if not before and not after:
        return cleaner.clean(text)
    head, tail = _decode(before), _decode(after)
    whole = cleaner.clean(head + text + tail)
    inside = _inside(whole.edits, len(head), len(text))
    unsure = _inside(whole.suggestions, len(head), len(text))
    if inside is None or unsure is None:
        return cleaner.clean(text)  # an edit across the chunk's edge: the chunk alone
    # The chunk's output is a slice of the whole output, past what the edits before it wrote.
    start = len(head) + sum(e.growth for e in whole.edits if e.end <= len(head))
    cleaned = whole.text[start : start + len(text) + sum(e.growth for e in inside)]
    return Result(text, cleaned, tuple(inside), tuple(unsure))


def _inside(edits: Sequence[Edit], start: int, size: int) -> list[Edit] | None:
    """The edits that start in [start, start + size), moved to start at 0; None if an edit
    crosses either edge (edits never span a line end, and chunks are whole lines)."""
    end = start + size
    kept = []
    for e in edits:
        if e.start < start < e.end or e.start < end < e.end:
            return None
        if start <= e.start < end:
            kept.append(e.moved(-start))
    return kept


def _clean_chunk(cleaner: Cleaner, item: Chunk) -> Packed:
    """One chunk's edits, for --check/--explain (runs in a worker with -j)."""
    return None if item[1] else pack(_clean_in_context(cleaner, item))


def _clean_chunk_text(cleaner: Cleaner, item: Chunk) -> tuple[str | None, int]:
    """One chunk's cleaned text (None: unchanged) and edit count, for --diff."""
    if item[1]:
        return None, 0
    result = _clean_in_context(cleaner, item)
    return (result.text if result.edits else None), len(result.edits)


def _clean_chunk_bytes(cleaner: Cleaner, item: Chunk) -> tuple[bytes | None, int]:
    """One chunk cleaned and encoded (None: unchanged, the chunk goes out as it came in)
    and its edit count: all the other modes need, and far less to send back from a
    worker than the edits. Decoding with surrogateescape and encoding back gives the very
    bytes read, so an unchanged chunk is written as read."""
    cleaned, edits = _clean_chunk_text(cleaner, item)
    return (None if cleaned is None else cleaned.encode(ENCODING, ERRORS)), edits


@dataclass
class FileOutcome:
    edits: int = 0


class Progress:
    """Bytes done, as a tqdm bar on stderr: only on a terminal, and only for a long run."""

    def __init__(self, total: int | None) -> None:
        from tqdm import tqdm

        self._bar = tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            delay=0 if total is not None and total >= PROGRESS_AT_ONCE else 1.0,
            leave=False,
            dynamic_ncols=True,
            file=sys.stderr,
        )

    @classmethod
    def start(cls, files: Sequence[str], quiet: bool) -> Progress | None:
        if quiet or not sys.stderr.isatty():
            return None
        return cls(_total_size(files))

    def update(self, size: int) -> None:
        self._bar.update(size)

    def close(self) -> None:
        self._bar.close()


def _total_size(files: Sequence[str]) -> int | None:
    """The bytes to read, when every input is a regular file (stdin may be one too)."""
    total = 0
    for name in files:
        try:
            info = os.fstat(sys.stdin.fileno()) if name == "-" else os.stat(name)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        total += info.st_size
    return total


class Filter:
    """Runs the cleaner (through its workers) over one input in one output mode."""

    def __init__(
        self,
        workers: Workers,
        mode: str,
        out: BinaryIO,
        *,
        jsonl: JsonlSpec | None = None,
        progress: Progress | None = None,
        quiet: bool = False,
    ) -> None:
        self.workers = workers
        self.mode = mode
        self.out = out
        self.jsonl = jsonl
        self.progress = progress
        self.quiet = quiet

    def run(self, name: str, stream: BinaryIO, sink: BinaryIO | None = None) -> FileOutcome:
        if self.jsonl is not None:
            return self._run_jsonl(name, stream, sink, self.jsonl)
        outcome = FileOutcome()
        if self.mode in ("check", "explain") and sink is None:
            positions = LinePositions()
            with closing(self.workers.map(_clean_chunk, _chunks(stream), per_task=1)) as reported:
                for (chunk, *_), packed in reported:
                    text = _decode(chunk)
                    result = unpack(text, packed)
                    outcome.edits += len(result.edits)
                    self._report(name, positions, text, result)
                    positions.advance(text)
                    self._advance(len(chunk))
            return outcome
        if self.mode == "diff" and sink is None:
            diff = DiffWriter(name, self.out)
            with closing(self.workers.map(_clean_chunk_text, _chunks(stream), per_task=1)) as done:
                for (chunk, *_), (new, edits) in done:
                    outcome.edits += edits
                    old = _decode(chunk)
                    diff.feed(old, old if new is None else new)
                    self._advance(len(chunk))
            diff.close()
            return outcome
        # Cleaning: the parent only reads, hands out bytes and writes the bytes it gets back.
        out = sink or self.out
        with closing(self.workers.map(_clean_chunk_bytes, _chunks(stream), per_task=1)) as done:
            for (chunk, *_), (cleaned, edits) in done:
                outcome.edits += edits
                out.write(chunk if cleaned is None else cleaned)
                self._advance(len(chunk))
        return outcome

    def _run_jsonl(
        self, name: str, stream: BinaryIO, sink: BinaryIO | None, spec: JsonlSpec
    ) -> FileOutcome:
        outcome = FileOutcome()
        diff = DiffWriter(name, self.out) if self.mode == "diff" else None
        passed: list[int] = []  # lines that are not JSON, passed through (--keep-bad)
        items = blocks(iter_line_chunks(stream), spec)
        with closing(self.workers.map(clean_block, items, per_task=1)) as done:
            for (block, _, _), result in done:
                outcome.edits += result.edits
                new = block if result.out is None else result.out
                # A stopped block holds the lines before its bad line: written (to stdout;
                # an --in-place temporary file is then dropped) or reported, then the error.
                if sink is not None or self.mode == "clean":
                    (sink or self.out).write(new)
                elif diff is None:
                    self._report_jsonl(name, result)
                elif not result.stopped:
                    diff.feed(block.decode(ENCODING, ERRORS), new.decode(ENCODING, ERRORS))
                if result.stopped:
                    bad = result.bad[-1]
                    raise TranscleanError(
                        f"{name}:{bad.line}: {bad.message} (--keep-bad passes such lines through)"
                    )
                passed.extend(bad.line for bad in result.bad)
                self._advance(len(block))
        if diff is not None:
            diff.close()
        if passed and not self.quiet:
            lines = "1 line that is" if len(passed) == 1 else f"{len(passed)} lines that are"
            print(
                f"transclean: {name}: {lines} not valid JSON, passed through unchanged "
                f"(first: line {passed[0]})",
                file=sys.stderr,
            )
        return outcome

    def _advance(self, size: int) -> None:
        if self.progress is not None:
            self.progress.update(size)

    def _report(self, name: str, positions: LinePositions, text: str, result: Result) -> None:
        """Applied edits, and suggestions (found but below --min-score), in text order."""
        rows = [(e, True) for e in result.edits] + [(e, False) for e in result.suggestions]
        rows.sort(key=lambda row: (row[0].start, row[0].end))
        for edit, applied in rows:
            line, col = positions.locate(text, edit.start)
            self._row(name, line, col, None, edit, applied)

    def _report_jsonl(self, name: str, result: BlockResult) -> None:
        for row in result.rows:
            self._row(name, row.line, row.col, row.field, row.edit, row.applied)

    def _row(
        self, name: str, line: int, col: int, field: str | None, edit: Edit, applied: bool
    ) -> None:
        """One --check line (path:line:col: [field: ]rule: before -> after) or --explain
        object; in JSON Lines mode the column is in the raw line, start/end in the field."""
        if self.mode == "check":
            where = f"{name}:{line}:{col}: " + (f"{field}: " if field is not None else "")
            row = f"{where}{edit.rule}: {edit.before} -> {edit.after}"
            if not applied:
                row += f" (suggestion, score {edit.score})"
            row += "\n"
        else:
            fields: dict[str, object] = {"path": name, "line": line, "col": col}
            if field is not None:
                fields["field"] = field
            fields.update(edit.to_dict())
            row = json.dumps({**fields, "applied": applied}, ensure_ascii=False) + "\n"
        self.out.write(row.encode(ENCODING, ERRORS))


def _buffered(stream: BinaryIO) -> BinaryIO:
    """A raw stdout (python -u, PYTHONUNBUFFERED=1) may write only part of what it is given
    (a pipe write interrupted by a signal); a buffered writer writes it all."""
    if isinstance(stream, io.RawIOBase):
        return typing.cast(BinaryIO, io.BufferedWriter(stream))
    return stream


_TMP_SUFFIX = ".transclean"


def _remove_orphans(path: Path) -> None:
    """Temporary siblings left by a run that was killed (SIGKILL, power loss) while it
    rewrote `path`: their names hold the writer's pid; those of dead processes go."""
    prefix = f".{path.name}."
    for tmp in path.parent.glob(f"{glob.escape(prefix)}*{_TMP_SUFFIX}"):
        pid = tmp.name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or not a pid we can judge: leave its file
    return True


def _rewrite_in_place(flt: Filter, path: Path) -> FileOutcome:
    """Clean a file into a temporary sibling, then rename over it: old or new, never half."""
    _remove_orphans(path)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=_TMP_SUFFIX, dir=path.parent
    )
    tmp = Path(tmp_name)
    try:
        with path.open("rb") as src, os.fdopen(fd, "wb") as dst:
            outcome = flt.run(str(path), src, sink=dst)
            dst.flush()
            os.fsync(dst.fileno())
        if outcome.edits:
            with suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            os.replace(tmp, path)
        else:
            tmp.unlink()
        return outcome
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="transclean",
        description="Repair English text damaged by machine translation. Reads FILEs (or stdin), "
        "writes the cleaned text to stdout. Subcommands: 'transclean lexicon validate PATH', "
        "'transclean lexicon export --format json|synonyms', "
        "'transclean translit TEXT --scheme NAME'.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' for stdin)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="list edits as path:line:col: rule: before -> after; exit 1 if any",
    )
    mode.add_argument(
        "--diff", action="store_true", help="print a unified diff instead of the text"
    )
    mode.add_argument("--explain", action="store_true", help="print the edits as JSON Lines")
    parser.add_argument(
        "-i",
        "--in-place",
        action="store_true",
        help="rewrite the files atomically (temp file + rename)",
    )
    parser.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="PATH",
        help="an extra lexicon file or folder (repeatable), added to the built-in one",
    )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="an extra artefact-rule file or folder (repeatable), validated like a lexicon",
    )
    parser.add_argument(
        "--no-builtin", action="store_true", help="do not load the built-in lexicon"
    )
    parser.add_argument(
        "--typos",
        action="store_true",
        help="also collapse doubled function words (the the, of of): off by default, since "
        "real prose has such slips that are not translation damage",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PASS[,PASS]",
        help=f"run only these passes (of: {', '.join(PASSES)})",
    )
    parser.add_argument(
        "--skip", action="append", default=[], metavar="PASS[,PASS]", help="do not run these passes"
    )
    parser.add_argument(
        "--min-score",
        type=float,
        default=DEFAULT_MIN_SCORE,
        metavar="X",
        help="apply fuzzy repairs scoring at least X (0-1); report the rest "
        f"as suggestions in --check/--explain (default {DEFAULT_MIN_SCORE})",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="clean in N worker processes (0: one per core); the output is the same",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="input is JSON Lines: clean only the --field strings, keep the rest of each line",
    )
    parser.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="PATH",
        help="with --jsonl: a field to clean (repeatable); dots for nested fields (meta.title); "
        "a list of strings has each string cleaned",
    )
    parser.add_argument(
        "--keep-bad",
        action="store_true",
        help="with --jsonl: pass lines that are not valid JSON through unchanged "
        "(default: stop with an error naming the line)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar and no notes on stderr (errors are still reported)",
    )
    parser.add_argument("--version", action="version", version=f"transclean {__version__}")
    return parser


def _split_list(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _jsonl_spec(args: argparse.Namespace, mode: str) -> JsonlSpec | None:
    if not args.jsonl:
        if args.field or args.keep_bad:
            raise UsageError("--field and --keep-bad need --jsonl")
        return None
    if not args.field:
        raise UsageError("--jsonl needs at least one --field (e.g. --field text)")
    fields = tuple(dict.fromkeys(parse_field(f) for f in args.field))
    return JsonlSpec(fields, keep_bad=args.keep_bad, report=mode in ("check", "explain"))


def _filter_main(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    mode = (
        "check" if args.check else "diff" if args.diff else "explain" if args.explain else "clean"
    )
    files: list[str] = args.files or ["-"]
    if args.in_place and (mode in ("check", "diff") or "-" in files):
        raise UsageError(
            "--in-place needs FILE arguments and cannot be combined with --check/--diff"
        )
    if args.jobs < 0:
        raise UsageError(f"-j/--jobs must be 0 (one per core) or more, not {args.jobs}")
    spec = _jsonl_spec(args, mode)
    only = _split_list(args.only)
    # The cleaner lives as long as the process: the collector need not walk its ~600k
    # objects even once (the first collection after they are made took ~50 ms), nor again
    # at exit (~70 ms), nor touch their pages in forked workers. So it stays off while they
    # are made, and they are frozen before it is back on.
    gc.disable()
    try:
        cleaner = Cleaner(
            args.lexicon,
            builtin=not args.no_builtin,
            passes=only or None,
            skip=_split_list(args.skip),
            min_score=args.min_score,
            rules=args.rules,
            typos=args.typos,
        )
        gc.freeze()
    finally:
        gc.enable()
    out = _buffered(sys.stdout.buffer)
    # Workers start (fork) before the progress bar's monitor thread exists.
    with Workers(cleaner, args.jobs) as workers:
        progress = Progress.start(files, args.quiet)
        try:
            flt = Filter(workers, mode, out, jsonl=spec, progress=progress, quiet=args.quiet)
            return _run_files(flt, files, mode, args.in_place)
        finally:
            if progress is not None:
                progress.close()


def _run_files(flt: Filter, files: Sequence[str], mode: str, in_place: bool) -> int:
    status = EXIT_OK
    total = 0
    for name in files:
        try:
            if name == "-":
                total += flt.run("<stdin>", sys.stdin.buffer).edits
            elif in_place:
                path = Path(name)
                if not path.is_file():
                    raise FileNotFoundError(f"{name}: not a regular file")
                total += _rewrite_in_place(flt, path).edits
            else:
                with open(name, "rb") as stream:
                    total += flt.run(name, stream).edits
        except (FileNotFoundError, IsADirectoryError, PermissionError, NotADirectoryError) as exc:
            msg = exc.args[0] if len(exc.args) == 1 else f"{name}: {exc.strerror}"
            print(f"transclean: error: {msg}", file=sys.stderr)
            status = EXIT_USAGE
        flt.out.flush()
    if status == EXIT_OK and mode == "check" and total:
        status = EXIT_CHANGES
    return status


def _is_rule_file(path: Path) -> bool:
    """An artefact-rule file ([[rule]] tables) rather than a lexicon file."""
    data = read_toml(path, [])
    return data is not None and isinstance(data.get("rule"), list)


def _pass_data_problems(paths: Sequence[Path]) -> list[Problem]:
    """Problems in the data folders of the pronouns, repeats and script passes, and in the
    case-ending rules."""
    from transclean.lexicon.declension import load_declensions
    from transclean.passes.pronouns import load_pronoun_data
    from transclean.passes.repeats import load_repeats
    from transclean.passes.script import load_script_data

    loaders: dict[str, Callable[[Path], object]] = {
        "pronouns": load_pronoun_data,
        "repeats": lambda folder: load_repeats(sorted(folder.glob("*.toml"))),
        "script": load_script_data,
        "declension": load_declensions,
    }
    problems: list[Problem] = []
    for path in paths:
        for name, load in loaders.items():
            if path.is_dir() and (path / name).is_dir():
                try:
                    load(path / name)
                except LexiconError as exc:
                    problems.extend(exc.problems)
    return problems


def _validate_main(argv: Sequence[str]) -> int:
    from transclean.lexicon.validate import validate_paths

    parser = _Parser(
        prog="transclean lexicon validate", description="Check lexicon files; report every problem."
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not list warnings")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.paths]
    rule_files = [p for p in paths if p.is_file() and _is_rule_file(p)]
    rule_dirs = [d for p in paths if p.is_dir() for d in sorted(p.rglob("rules")) if d.is_dir()]
    problems = validate_paths([p for p in paths if p not in rule_files])
    if rule_files or rule_dirs:
        try:
            load_rules([*rule_files, *rule_dirs])
        except LexiconError as exc:
            problems.extend(exc.problems)
    problems.extend(_pass_data_problems(paths))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in errors + ([] if args.quiet else warnings):
        print(problem)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return EXIT_USAGE if errors else EXIT_OK


def _translit_main(argv: Sequence[str]) -> int:
    from transclean.lexicon import read_lexicon

    parser = _Parser(
        prog="transclean translit", description="Transliterate Cyrillic text with a scheme."
    )
    parser.add_argument("text", nargs="*", help="text to transliterate (default: stdin)")
    parser.add_argument("--scheme", default="kmu2010")
    parser.add_argument("--all", action="store_true", help="every spelling the scheme allows")
    parser.add_argument("--list", action="store_true", help="list the schemes")
    args = parser.parse_args(argv)
    schemes = read_lexicon(builtin=True)[0].schemes
    if args.list:
        for name, scheme in sorted(schemes.items()):
            print(f"{name}\t{scheme.language}\t{scheme.title}")
        return EXIT_OK
    if args.scheme not in schemes:
        raise UsageError(f"unknown scheme {args.scheme!r} (known: {', '.join(sorted(schemes))})")
    scheme = schemes[args.scheme]
    lines = [" ".join(args.text)] if args.text else sys.stdin.read().splitlines()
    for line in lines:
        if args.all:
            print("\n".join(sorted(scheme.transliterate_all(line))))
        else:
            print(scheme.transliterate(line))
    return EXIT_OK


def _export_main(argv: Sequence[str]) -> int:
    from transclean.export import FORMATS, export

    parser = _Parser(
        prog="transclean lexicon export",
        description="Print the exact-variant table: as JSON {variant: canonical}, or as a "
        "Solr/Elasticsearch/OpenSearch synonyms file (Kiev, Kiew => Kyiv).",
    )
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument(
        "--lexicon", action="append", default=[], metavar="PATH", help="an extra lexicon"
    )
    parser.add_argument(
        "--no-builtin", action="store_true", help="do not load the built-in lexicon"
    )
    args = parser.parse_args(argv)
    cleaner = Cleaner(args.lexicon, builtin=not args.no_builtin, passes=["names"])
    sys.stdout.buffer.write(export(cleaner, args.format).encode(ENCODING))
    sys.stdout.buffer.flush()
    return EXIT_OK


def _dispatch(argv: Sequence[str]) -> int:
    if argv[:1] == ["translit"]:
        return _translit_main(argv[1:])
    if argv[:1] == ["lexicon"]:
        if argv[1:2] == ["validate"]:
            return _validate_main(argv[2:])
        if argv[1:2] == ["export"]:
            return _export_main(argv[2:])
        raise UsageError(
            "usage: transclean lexicon validate PATH [PATH...] | "
            "transclean lexicon export [--format json|synonyms]"
        )
    return _filter_main(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # numpy (imported when the fuzzy pass compares many words at once) starts a pool of
    # OpenBLAS threads that spins for ~0.1 s of CPU on this machine; transclean never calls
    # BLAS, and this process and its workers are the command's own.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        return _dispatch(args)
    except LexiconError as exc:
        for problem in exc.problems:
            print(f"transclean: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except (UsageError, TranscleanError) as exc:
        print(f"transclean: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`| head`): not an error. Point stdout at devnull so the
        # interpreter's own flush at exit does not complain.
        with suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        # A full disk, a file-size limit, a vanished file: one line, never a traceback.
        # (--in-place has already removed its temporary file; the original is intact.)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"transclean: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        with suppress(OSError, ValueError):
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        print("transclean: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
