"""The `transclean` command: a Unix filter, plus `lexicon validate` and `translit`.

Input is handled as bytes: each chunk of whole lines is decoded with `surrogateescape`,
so invalid UTF-8 and binary junk come back byte for byte while the rest is cleaned.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from transclean import __version__
from transclean.cleaner import Cleaner
from transclean.edits import Result
from transclean.errors import LexiconError, Problem, TranscleanError
from transclean.options import DEFAULT_MIN_SCORE
from transclean.passes import PASSES
from transclean.passes.rules import load_rules
from transclean.report import DiffWriter, LinePositions

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
CHUNK = 1 << 20
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


@dataclass
class FileOutcome:
    edits: int = 0


class Filter:
    """Runs the cleaner over one input in one output mode."""

    def __init__(self, cleaner: Cleaner, mode: str, out: BinaryIO) -> None:
        self.cleaner = cleaner
        self.mode = mode
        self.out = out

    def run(self, name: str, stream: BinaryIO, sink: BinaryIO | None = None) -> FileOutcome:
        outcome = FileOutcome()
        positions = LinePositions()
        diff = DiffWriter(name, self.out) if self.mode == "diff" else None
        binary = False
        for chunk in iter_line_chunks(stream):
            # A NUL byte means binary data, not text: from there on it passes through as is.
            binary = binary or b"\x00" in chunk
            text = chunk.decode(ENCODING, ERRORS)
            result = Result(text, text) if binary else self.cleaner.clean(text)
            outcome.edits += len(result.edits)
            cleaned = result.text.encode(ENCODING, ERRORS)
            if sink is not None:
                sink.write(cleaned)
            elif self.mode == "clean":
                self.out.write(cleaned)
            elif diff is not None:
                diff.feed(text, result.text)
            else:
                self._report(name, positions, text, result)
            positions.advance(text)
        if diff is not None:
            diff.close()
        return outcome

    def _report(self, name: str, positions: LinePositions, text: str, result: Result) -> None:
        """Applied edits, and suggestions (found but below --min-score), in text order."""
        rows = [(e, True) for e in result.edits] + [(e, False) for e in result.suggestions]
        rows.sort(key=lambda row: (row[0].start, row[0].end))
        for edit, applied in rows:
            line, col = positions.locate(text, edit.start)
            if self.mode == "check":
                row = f"{name}:{line}:{col}: {edit.rule}: {edit.before} -> {edit.after}"
                if not applied:
                    row += f" (suggestion, score {edit.score})"
                row += "\n"
            else:
                fields = {"path": name, "line": line, "col": col, **edit.to_dict()}
                row = json.dumps({**fields, "applied": applied}, ensure_ascii=False) + "\n"
            self.out.write(row.encode(ENCODING, ERRORS))


def _rewrite_in_place(flt: Filter, path: Path) -> FileOutcome:
    """Clean a file into a temporary sibling, then rename over it: old or new, never half."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".transclean", dir=path.parent)
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
    parser.add_argument("--version", action="version", version=f"transclean {__version__}")
    return parser


def _split_list(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


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
    only = _split_list(args.only)
    cleaner = Cleaner(
        args.lexicon,
        builtin=not args.no_builtin,
        passes=only or None,
        skip=_split_list(args.skip),
        min_score=args.min_score,
        rules=args.rules,
        typos=args.typos,
    )
    out = sys.stdout.buffer
    flt = Filter(cleaner, mode, out)
    status = EXIT_OK
    total = 0
    for name in files:
        try:
            if name == "-":
                total += flt.run("<stdin>", sys.stdin.buffer).edits
            elif args.in_place:
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
        out.flush()
    if status == EXIT_OK and mode == "check" and total:
        status = EXIT_CHANGES
    return status


def _is_rule_file(path: Path) -> bool:
    """An artefact-rule file ([[rule]] tables) rather than a lexicon file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "[[rule]]" in text


def _pass_data_problems(paths: Sequence[Path]) -> list[Problem]:
    """Problems in the data folders of the pronouns, repeats and script passes."""
    from transclean.passes.pronouns import load_pronoun_data
    from transclean.passes.repeats import load_repeats
    from transclean.passes.script import load_script_data

    loaders: dict[str, Callable[[Path], object]] = {
        "pronouns": load_pronoun_data,
        "repeats": lambda folder: load_repeats(sorted(folder.glob("*.toml"))),
        "script": load_script_data,
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


def _dispatch(argv: Sequence[str]) -> int:
    if argv[:1] == ["translit"]:
        return _translit_main(argv[1:])
    if argv[:1] == ["lexicon"]:
        if argv[1:2] != ["validate"]:
            raise UsageError("usage: transclean lexicon validate PATH [PATH...]")
        return _validate_main(argv[2:])
    return _filter_main(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
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
    except KeyboardInterrupt:
        with suppress(OSError, ValueError):
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        print("transclean: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
